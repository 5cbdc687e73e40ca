from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from documents.backup.services import make_backup


class Command(BaseCommand):
    help = (
        "Снять резервную копию: база данных, файлы архива и загруженные файлы, на которые она "
        "ссылается, и manifest.json с SHA-256 каждого файла — в КАТАЛОГ/<время UTC>/"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="каталог резервных копий")
        parser.add_argument("--database", default="default", help="псевдоним базы данных")

    def handle(self, *args, **options):
        try:
            result = make_backup(directory=Path(options["directory"]), using=options["database"])
        except ApplicationError as exc:
            raise CommandError(str(exc)) from None
        counts = result.counts
        self.stdout.write(
            f"Резервная копия: {result.path}\n"
            f"  документов {counts['documents']}, PDF {counts['pdf_renditions']}, "
            f"версий шаблонов {counts['template_versions']}, событий аудита {counts['audit_events']}\n"
            f"  вершина цепочки аудита №{result.audit_head.get('sequence')} {result.audit_head.get('hash')}\n"
            f"  файлов {result.files}; SHA-256 manifest.json: {result.manifest_sha256}"
        )
        if result.problems:
            raise CommandError(
                "Копия записана, но в архиве найдены проблемы (запустите archive_verify):\n"
                + "\n".join(f"  {p}" for p in result.problems),
                returncode=2,
            )
        self.stdout.write(self.style.SUCCESS("Резервная копия записана"))
