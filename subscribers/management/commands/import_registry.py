"""``manage.py import_registry FILE [--kind consumers|objects|loads|contracts]``.

Exit code 0 with the counts on stdout; 1 with every problem on stderr (nothing written).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.commands import input_file
from subscribers.imports.layout import SHEETS
from subscribers.imports.problems import ImportRefused
from subscribers.imports.registry import registry_import


class Command(BaseCommand):
    help = "Загрузить абонентов, объекты, нагрузки и договоры из XLSX или CSV (все или ничего)"

    def add_arguments(self, parser):
        parser.add_argument("file", help="путь к файлу XLSX или CSV")
        parser.add_argument("--kind", choices=[s.kind for s in SHEETS], help="что в CSV-файле, если не по заголовкам")

    def handle(self, *args, file: str, kind: str | None = None, **options):
        try:
            with input_file(file) as (data, filename):
                result = registry_import(data=data, filename=filename, kind=kind)
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(exc.message) from None
        self.stdout.write(result.summary())
