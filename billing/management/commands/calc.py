"""``python manage.py calc KIND --input FILE`` — JSON in, JSON out (``-`` reads stdin).

Exit 0 with the result on stdout; bad input → exit 2 with ``{"error": ..., "field": ...}``
on stdout. Each run with a result is audited (``calc.run``, no actor: the system). Kinds: penalty, heating-volume, hot-water-volume, contractless,
quality-recalc, state-duty (see ``billing.calc.service``).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from billing.calc.parsing import load_json
from billing.calc.service import KINDS, calculation_run
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Правовой расчет: " + ", ".join(KINDS) + ". JSON на входе (--input ФАЙЛ или - для stdin), JSON на выходе"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="вид расчета: " + ", ".join(KINDS))
        parser.add_argument("--input", default="-", help="файл JSON; «-» — стандартный ввод")

    def handle(self, *args, kind: str, input: str, **options):
        try:
            text = self._read(input)
            result = calculation_run(kind=kind, payload=load_json(text), source="command")
        except ApplicationError as exc:
            self.stdout.write(json.dumps({"error": exc.message, "field": exc.field}, ensure_ascii=False))
            sys.exit(2)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    @staticmethod
    def _read(source: str) -> str:
        if source == "-":
            return sys.stdin.read()
        try:
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ApplicationError(f"input: не удалось прочитать файл {source}: {exc}", field="input") from exc
