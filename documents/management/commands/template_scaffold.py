from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from documents import rendering, storage
from documents.registry import CODE_RE, manifest


class Command(BaseCommand):
    help = (
        "Начать новый шаблон: DOCX с полями и реквизитами по ГОСТ Р 7.0.97-2016, который дальше "
        "правят в Word. Пишет только новый файл (существующий не перезаписывает) и печатает "
        "запись для манифеста (docs/documents.md)"
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="код шаблона «область.имя», например metering.seal_act")
        parser.add_argument("out", help="путь нового файла, например doc_templates/metering/seal_act.docx")
        parser.add_argument("--title", default="НАЗВАНИЕ ДОКУМЕНТА", help="заголовок документа")
        parser.add_argument("--kind", choices=["letter", "act"], default="letter",
                            help="letter — письмо с бланком и адресатом; act — акт")
        parser.add_argument("--landscape", action="store_true", help="альбомная страница")

    def handle(self, *args, code, out, title, kind, landscape, **options):
        from doc_templates.build.scaffold import scaffold

        if not CODE_RE.match(code):
            raise CommandError(f"Код «{code}»: нужен вид «область.имя» латиницей в нижнем регистре")
        if code in manifest():
            raise CommandError(f"Шаблон {code} уже есть в манифесте: его меняют в Word (docs/documents.md)")
        path = Path(out)
        if path.suffix != ".docx":
            raise CommandError("Файл шаблона — .docx")
        try:
            content = scaffold(path, title=title, kind=kind, landscape=landscape)
        except FileExistsError:
            raise CommandError(f"{path} уже существует — новый шаблон пишется только в новый файл") from None
        try:
            variables = sorted(rendering.template_variables(content, label=code) - {"document"})
        except ApplicationError as exc:  # the scaffold's own tags always parse; kept for a clear message
            raise CommandError(str(exc)) from exc
        digest = storage.sha256(content)
        self.stdout.write(f"{path}\n")
        self.stdout.write(
            "Запись для манифеста (допишите number_prefix, builder и sample; после правки в Word — "
            "новый sha256 в обеих строках, пока версия 1 не закоммичена):\n\n"
            "[[template]]\n"
            f'code = "{code}"\n'
            f'title = "{title}"\n'
            f'file = "{path.name}"\n'
            "version = 1\n"
            f'sha256 = "{digest}"\n'
            f'history = [{{ version = 1, sha256 = "{digest}" }}]\n'
            'number_prefix = ""\n'
            f"variables = {variables!r}\n".replace("'", '"')
        )
