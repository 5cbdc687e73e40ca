from django.core.management.base import BaseCommand, CommandError

from documents.verification import verify_archive


class Command(BaseCommand):
    help = "Пересчитать SHA-256 всех файлов архива и сверить записи архива с журналом аудита"

    def add_arguments(self, parser):
        parser.add_argument("--no-orphans", action="store_true", help="не искать файлы без записи")

    def handle(self, *args, **options):
        report = verify_archive(orphans=not options["no_orphans"])
        if not report.ok:
            raise CommandError(report.message(), returncode=2)
        self.stdout.write(self.style.SUCCESS(report.message()))
