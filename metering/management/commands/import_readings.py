"""``manage.py import_readings FILE --source NAME [--user USERNAME]``.

The file is read by the source's saved column mapping. Exit code 0 with the counts on
stdout; 1 with every problem on stderr (nothing written). Without ``--user`` the batch is
the system account's and no permission is checked (whoever runs the command is trusted);
with it, that user needs ``metering.import_readings`` and is recorded as who entered them.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.commands import acting_user, input_file
from core.errors import ApplicationError
from metering.imports.problems import ImportRefused
from metering.imports.readings import readings_import
from metering.models import ReadingImportSource


class Command(BaseCommand):
    help = "Загрузить показания из файла системы сбора данных по сопоставлению столбцов источника (все или ничего)"

    def add_arguments(self, parser):
        parser.add_argument("file", help="путь к файлу CSV или XLSX")
        parser.add_argument("--source", required=True, help="наименование источника (системы сбора данных)")
        parser.add_argument("--user", help="пользователь, от имени которого вносятся показания")

    def handle(self, *args, file: str, source: str, user: str | None = None, **options):
        sources = list(ReadingImportSource.objects.all())
        found = next((s for s in sources if s.name.casefold() == source.strip().casefold()), None)
        if found is None:
            names = ", ".join(s.name for s in sources) or "нет ни одного"
            raise CommandError(f"Источник «{source}» не найден; источники: {names}")
        actor = acting_user(user)
        try:
            with input_file(file) as (data, filename):
                result = readings_import(source=found, data=data, filename=filename, actor=actor)
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(exc.message) from None
        except ApplicationError as exc:  # a refusal, e.g. the --user lacks the right (core.permissions)
            raise CommandError(exc.message) from None
        self.stdout.write(result.summary())
        for row in result.flagged:
            self.stdout.write(f"строка {row.row}, узел {row.unit} за {row.period}: {'; '.join(row.flags)}")
