"""``manage.py import_temperatures FILE [--station CODE_OR_NAME] [--user USERNAME]``.

Daily mean outdoor temperatures from a CSV or XLSX file (columns «Дата», «Температура, °C»,
optional «Станция»), all or nothing. ``--station`` is the station of the rows that do not
name one. Exit code 0 with the counts on stdout; 1 with every problem on stderr (nothing
written). Without ``--user`` no permission is checked (whoever runs the command is trusted);
with it, that user needs add and change permissions on outdoor temperatures.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.commands import acting_user, input_file
from core.errors import ApplicationError
from core.imports import ImportRefused
from metering.imports.temperatures import temperatures_import
from metering.models import WeatherStation


class Command(BaseCommand):
    help = "Загрузить среднесуточные температуры наружного воздуха из файла CSV или XLSX (все или ничего)"

    def add_arguments(self, parser):
        parser.add_argument("file", help="путь к файлу CSV или XLSX")
        parser.add_argument("--station", help="индекс или наименование станции для строк без столбца «Станция»")
        parser.add_argument("--user", help="пользователь, от имени которого вносятся температуры")

    def handle(self, *args, file: str, station: str | None = None, user: str | None = None, **options):
        found = None
        if station:
            stations = list(WeatherStation.objects.all())
            wanted = station.strip().casefold()
            found = next((s for s in stations if wanted in (s.code.casefold(), s.name.casefold())), None)
            if found is None:
                names = ", ".join(str(s) for s in stations) or "нет ни одной"
                raise CommandError(f"Станция «{station}» не найдена; станции: {names}")
        actor = acting_user(user)
        try:
            with input_file(file) as (data, filename):
                result = temperatures_import(data=data, filename=filename, station=found, actor=actor)
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(exc.message) from None
        except ApplicationError as exc:  # a refusal, e.g. the --user lacks the right (core.permissions)
            raise CommandError(exc.message) from None
        self.stdout.write(result.summary())
        for day in result.changed:
            self.stdout.write(f"строка {day.row}, {day.station}, {day.day:%d.%m.%Y}: было {day.old}, стало {day.new}")
