import logging
from contextlib import contextmanager
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.demo import DemoContext, seed_all


class Command(BaseCommand):
    help = "Заполнить базу детерминированными демонстрационными данными (небольшой город)"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="только если в базе нет пользователей")
        parser.add_argument("--seed", type=int, default=DemoContext.seed)
        parser.add_argument("--no-pdf-pool", action="store_true",
                            help="не запускать пул LibreOffice на время заполнения (PDF — холодным soffice)")
        parser.add_argument("--today", type=date.fromisoformat, default=None, metavar="ГГГГ-ММ-ДД",
                            help="день, на который заполняется демо (по умолчанию — сегодня)")

    def handle(self, *args, **options):
        if options["if_empty"] and get_user_model().objects.exists():
            self.stdout.write("База уже заполнена — демо-данные не загружаются.")
            return
        if get_user_model().objects.exists():
            # the demo is one small city seeded once: a second pass would duplicate its documents
            raise CommandError(
                "База уже заполнена: демо-данные загружаются только в пустую базу. "
                "Чтобы заполнить заново, начните с пустой базы (встроенный режим: удалите каталог var/ — база и архив "
                "документов) и выполните make seed."
            )
        ctx = DemoContext(seed=options["seed"], pdf_pool=not options["no_pdf_pool"])
        if options["today"] is not None:
            ctx.today = options["today"]
        self.stdout.write(f"Демо-данные на {ctx.today:%d.%m.%Y}")
        with quiet_task_log():
            ctx = seed_all(ctx, log=self.stdout.write)
        for note in ctx.notes:
            self.stdout.write(note)
        if ctx.logins:
            self.stdout.write(self.style.SUCCESS("Демо-пользователи (роль — логин / пароль):"))
            for role, username, password in ctx.logins:
                self.stdout.write(f"  {role:<14} {username} / {password}")


@contextmanager
def quiet_task_log():
    """Without a broker the seed's tasks run in-process, and Celery logs each one at INFO
    («Task … succeeded»): a thousand lines that hide the summary. Failures still show."""
    trace = logging.getLogger("celery.app.trace")
    level = trace.level
    trace.setLevel(logging.WARNING)
    try:
        yield
    finally:
        trace.setLevel(level)
