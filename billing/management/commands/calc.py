"""``python manage.py calc KIND --input FILE`` — JSON in, JSON out (``-`` reads stdin).

Exit 0 with the result on stdout; bad input (also JSON over 1 MB, nested too deep, not
UTF-8, or a value out of the bounds of ``core.bounds``) → exit 2 with ``{"error": ..., "code": ..., "field": ...}``
on stdout. Each run with a result is audited (``calc.run``, no actor: the system). Kinds: penalty,
heating-volume, hot-water-volume, contractless, quality-recalc, state-duty (see
``billing.calc.service``).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from billing.calc.parsing import load_json
from billing.calc.service import KINDS, calculation_run
from core import bounds
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
            self.stdout.write(json.dumps({"error": exc.message, "code": exc.code, "field": exc.field}, ensure_ascii=False))
            sys.exit(2)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    @staticmethod
    def _read(source: str) -> str | bytes:
        """At most one byte over the limit of ``core.bounds.load_json``, which refuses it."""
        limit = bounds.MAX_JSON_BYTES + 1
        if source == "-":
            stream = getattr(sys.stdin, "buffer", sys.stdin)
            return stream.read(limit)
        try:
            with Path(source).open("rb") as file:
                return file.read(limit)
        except OSError as exc:
            raise ApplicationError(
                f"input: не удалось прочитать файл {source}: {exc}", code="file_unreadable", field="input"
            ) from exc
