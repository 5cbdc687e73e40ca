import json
import signal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.pdf import state
from documents.pdf.client import pool_running
from documents.pdf.supervisor import PoolError, Supervisor


class Command(BaseCommand):
    help = (
        "Пул LibreOffice (unoserver) для преобразования DOCX → PDF. Работает на переднем плане, "
        "останавливается по SIGTERM/SIGINT; все процессы машины пользуются им через PDF_POOL_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=settings.PDF_POOL_SIZE,
                            help="число обработчиков (0 — по числу процессоров)")
        parser.add_argument("--max-conversions", type=int, default=settings.PDF_POOL_MAX_CONVERSIONS,
                            help="перезапуск обработчика после стольких преобразований (0 — никогда)")
        parser.add_argument("--dir", type=Path, default=Path(settings.PDF_POOL_DIR),
                            help="каталог состояния и блокировок пула")
        parser.add_argument("--status", action="store_true",
                            help="показать состояние работающего пула и выйти")

    def handle(self, *args, **options):
        directory = options["dir"].resolve()
        if options["status"]:
            return self._status(directory)
        supervisor = Supervisor(
            directory=directory,
            size=options["size"],
            max_conversions=options["max_conversions"],
            soffice=settings.PDF_SOFFICE,
            unoserver_python=settings.UNOSERVER_PYTHON,
        )
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, lambda *_: supervisor.stop())
        try:
            supervisor.run(on_ready=lambda: self.stdout.write(self.style.SUCCESS(
                f"Пул PDF готов: обработчиков — {supervisor.size}, каталог {directory}"
            )))
        except PoolError as exc:
            raise CommandError(str(exc)) from None

    def _status(self, directory: Path) -> None:
        if not pool_running(directory):
            raise CommandError(f"Пул PDF не запущен в {directory}.")
        pool = state.read_json(directory / state.POOL_FILE)
        workers = [state.read_json(state.worker_file(directory, i)) for i in range(pool["size"])]
        self.stdout.write(json.dumps({**pool, "workers": workers}, ensure_ascii=False, indent=1))
