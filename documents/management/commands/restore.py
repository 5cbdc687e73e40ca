from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from documents.backup.services import restore_backup


class Command(BaseCommand):
    help = (
        "Восстановить резервную копию из КАТАЛОГА (с manifest.json) в пустую базу данных и пустой "
        "архив: сначала проверяются все SHA-256, после загрузки — цепочка аудита и архив"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="каталог одной резервной копии (где лежит manifest.json)")
        parser.add_argument(
            "--replace", action="store_true",
            help="заменить непустую базу данных и файлы архива с теми же именами целиком",
        )
        parser.add_argument("--database", default="default", help="псевдоним базы данных")

    def handle(self, *args, **options):
        try:
            report = restore_backup(
                directory=Path(options["directory"]), replace=options["replace"], using=options["database"]
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Файлов записано в хранилища: {report.files_written}, уже были на месте: {report.files_present}"
        )
        self.stdout.write(report.chain.message())
        self.stdout.write(report.archive.message())
        for line in report.mismatches:
            self.stdout.write(f"Не совпадает с manifest.json — {line}")
        if not report.ok:
            raise CommandError("Восстановление завершено с ошибками проверки (см. выше)", returncode=2)
        self.stdout.write(f"Восстановление записано в журнал аудита: событие № {report.event_sequence}")
        self.stdout.write(self.style.SUCCESS("База данных и архив восстановлены и проверены"))
