"""``manage.py template_check [CODE ...]``: what the reader of each template will see
(``documents.template_checks``; docs/templates-guide.md). Exit code 1 when any template
has a finding."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from documents.registry import get_spec, manifest
from documents.template_checks import check_spec


class Command(BaseCommand):
    help = (
        "Проверить шаблоны (по умолчанию — все из манифестов): пример заполняет каждое поле, нет «None» "
        "и остатков тегов, A4 и поля по ГОСТ, шрифты есть для PDF, PDF получается"
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", metavar="CODE", help="коды шаблонов (по умолчанию — все)")
        parser.add_argument("--no-pdf", action="store_true", help="не конвертировать в PDF (быстрее)")

    def handle(self, *args, codes, no_pdf, **options):
        try:
            specs = [get_spec(code) for code in codes] if codes else [manifest()[c] for c in sorted(manifest())]
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        failed = 0
        for spec in specs:
            result = check_spec(spec, convert=not no_pdf)
            if result.ok:
                pages = f", страниц: {result.page_count}" if result.page_count else ""
                self.stdout.write(f"{spec.code}: замечаний нет{pages}")
                continue
            failed += 1
            for finding in result.findings:
                self.stdout.write(f"{spec.code}: {finding.line()} [{finding.code}]")
        if failed:
            raise CommandError(f"Шаблонов с замечаниями: {failed} из {len(specs)}", returncode=1)
