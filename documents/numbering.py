"""Registration numbers: ``{prefix}-{year}/{number:06d}``, e.g. ``АВ-2026/000123``.

Per prefix and calendar year, gap-free and unique: the counter row is locked
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers) until the issuing
transaction ends, so a number is used exactly once and a rolled-back issue returns it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .models import RegistrationCounter


@dataclass(frozen=True)
class RegistrationNumber:
    prefix: str
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}/{self.seq:06d}"


def next_registration_number(*, prefix: str, year: int) -> RegistrationNumber:
    """Take the next number; must run inside the transaction that stores the document."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A registration number is taken inside the issuing transaction")
    counter = _locked_counter(prefix, year)
    counter.last_number += 1
    RegistrationCounter.objects.filter(pk=counter.pk).update(last_number=counter.last_number)
    return RegistrationNumber(prefix, year, counter.last_number)


def _locked_counter(prefix: str, year: int) -> RegistrationCounter:
    counter = RegistrationCounter.objects.select_for_update().filter(prefix=prefix, year=year).first()
    if counter is not None:
        return counter
    try:  # the first number of the year: two racing creators, one wins
        with transaction.atomic():
            RegistrationCounter.objects.create(prefix=prefix, year=year)
    except IntegrityError:
        pass
    return RegistrationCounter.objects.select_for_update().get(prefix=prefix, year=year)
