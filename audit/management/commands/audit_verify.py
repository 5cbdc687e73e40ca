from django.core.management.base import BaseCommand, CommandError

from audit.verification import verify_chain


class Command(BaseCommand):
    help = "Проверить цепочку хешей журнала аудита и сообщить о первом разрыве"

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(report.message(), returncode=2)
        self.stdout.write(self.style.SUCCESS(report.message()))
