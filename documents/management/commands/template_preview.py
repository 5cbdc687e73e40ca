from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from documents import rendering
from documents.registry import get_spec, manifest
from documents.services import sample_context


class Command(BaseCommand):
    help = (
        "Заполнить шаблон из репозитория (файл из манифеста) примером данных из манифеста и "
        "сохранить DOCX — чтобы посмотреть его, например, в LibreOffice"
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="коды шаблонов (по умолчанию — все)")
        parser.add_argument("-o", "--out", default="var/preview", help="папка для DOCX")

    def handle(self, *args, codes, out, **options):
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        for code in codes or sorted(manifest()):
            try:
                spec = get_spec(code)
                docx = rendering.render(spec.file.read_bytes(), sample_context(spec), label=f"«{code}»")
            except ApplicationError as exc:
                raise CommandError(str(exc)) from exc
            path = out_dir / f"{code}.docx"
            path.write_bytes(docx)
            self.stdout.write(str(path))
