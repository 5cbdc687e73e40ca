"""``manage.py template_preview CODE [--version N] [--out DIR] [--dpi N]``: the template filled
with the manifest's sample, as DOCX, PDF and one PNG picture per page (docs/templates-guide.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from documents import rendering, services
from documents.models import TemplateVersion
from documents.pdf.pages import DEFAULT_DPI, pdf_pages_png
from documents.registry import get_spec, manifest


class Command(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is ours (the template's version), not Django's
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)
    help = (
        "Заполнить шаблон примером данных из манифеста и сохранить DOCX, PDF и страницы PNG. "
        "Без --version — файл из репозитория; с --version N — версия N из базы (загруженная)"
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", metavar="CODE", help="коды шаблонов (по умолчанию — все)")
        parser.add_argument("--version", type=int, help="номер версии шаблона из базы")
        parser.add_argument("-o", "--out", default="var/preview", help="папка для файлов (var/preview)")
        parser.add_argument("--dpi", type=int, default=DEFAULT_DPI, help=f"разрешение страниц PNG (по умолчанию {DEFAULT_DPI})")

    def handle(self, *args, codes, version, out, dpi, **options):
        if not 20 <= dpi <= 600:
            raise CommandError("--dpi: от 20 до 600")
        if version is not None and len(codes) != 1:
            raise CommandError("--version задается для одного шаблона")
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        for code in codes or sorted(manifest()):
            try:
                spec = get_spec(code)
                if version is None:
                    docx = rendering.render(spec.file.read_bytes(), services.sample_context(spec), label=f"«{code}»")
                else:
                    docx = services.render_preview(code=code, version=version)
                pdf = services.convert_preview(docx)
                pages = pdf_pages_png(pdf, dpi=dpi)
            except ApplicationError as exc:
                raise CommandError(str(exc)) from exc
            except TemplateVersion.DoesNotExist as exc:
                raise CommandError(f"У шаблона «{code}» нет версии {version}") from exc
            stem = f"{code}-v{version}" if version is not None else code
            (out_dir / f"{stem}.docx").write_bytes(docx)
            (out_dir / f"{stem}.pdf").write_bytes(pdf)
            for number, picture in enumerate(pages.pages, start=1):
                path = out_dir / f"{stem}-{number}.png"
                path.write_bytes(picture)
                self.stdout.write(str(path))
            if pages.page_count > len(pages.pages):
                self.stdout.write(f"{code}: страниц {pages.page_count}, нарисованы первые {len(pages.pages)}")
