"""Writes to the reference data from the site's pages: VAT rates and the production calendar.

Administrators and billing specialists keep them (see ``reference.roles``). Each write
validates the row (``validated``: the model's ``clean()`` and its unique fields), saves it
with the actor on its history row and writes the audit event in the same transaction —
the same events as the Django admin writes (``vatrate.created``, ``calendarday.changed``…).
A correction goes through ``core.updates.model_update`` (docs/audit.md, "One update path").
The Django admin stays the place for the other rules of law.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.types import Actor
from core.updates import check_fields, model_update
from core.validation import validated

from .models import CalendarDay, CalendarYear, VatRate

VAT_EDITABLE = ("valid_from", "rate_percent", "norm")
YEAR_EDITABLE = ("year", "source", "confirmed", "note")
DAY_EDITABLE = ("calendar_year", "date", "kind", "note")
Row = TypeVar("Row", VatRate, CalendarYear, CalendarDay)

VAT_SAME_START = "С {day:%d.%m.%Y} уже действует ставка {rate} %: измените ее, а не добавляйте вторую"
YEAR_EXISTS = "{year} год уже есть в календаре"
DAY_EXISTS = "{day:%d.%m.%Y} уже есть в календаре ({kind})"


def _values(row: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, f"{name}_id" if name == "calendar_year" else name) for name in names}


def _update(model: type[Row], pk: int, fields: dict[str, Any], *, editable: tuple[str, ...], actor: Actor, action: str,
            check: Callable[[Row], None] | None = None, refuse: Callable[[Row, dict[str, Any]], None] | None = None) -> Row:
    """A correction through ``core.updates.model_update``: the row locked, ``refuse(row,
    fields)`` may refuse first, ``check(row)`` once the values are set; the event holds what
    changed (none when nothing did)."""
    check_fields(model, fields, editable)
    row = model.objects.select_for_update().get(pk=pk)
    if refuse is not None:
        refuse(row, fields)
    changes = model_update(row, fields, actor=actor, fields=editable, check=check)
    if changes:
        record_event(action=action, actor=actor, target=row, data=changes)
    return row


def _save(row: models.Model, *, actor: Actor, action: str, data: dict[str, Any]) -> None:
    validated(row)
    with history_actor(actor):
        row.save()
    record_event(action=action, actor=actor, target=row, data={"object": str(row), **data})


def _vat_check(row: VatRate) -> None:
    """Rates follow one another by their start dates: a second rate from the same day would
    make the rate of that period ambiguous."""
    if row.valid_from is None:
        return
    clash = VatRate.objects.exclude(pk=row.pk).filter(valid_from=row.valid_from).first()
    if clash is not None:
        raise ApplicationError(
            VAT_SAME_START.format(day=clash.valid_from, rate=clash.rate_percent), code="duplicate", field="valid_from"
        )


@transaction.atomic
def vat_rate_create(*, valid_from: date, rate_percent: Decimal, norm: str, actor: Actor) -> VatRate:
    """A VAT rate in force from ``valid_from`` until the next rate's start."""
    row = VatRate(valid_from=valid_from, rate_percent=rate_percent, norm=norm)
    _vat_check(row)
    _save(row, actor=actor, action="vatrate.created", data=_values(row, VAT_EDITABLE))
    return row


@transaction.atomic
def vat_rate_update(*, vat_rate: VatRate, actor: Actor, **fields: Any) -> VatRate:
    """Correct a VAT rate. Charges already billed keep the rate they were priced at."""
    return _update(VatRate, vat_rate.pk, fields, editable=VAT_EDITABLE, actor=actor, action="vatrate.changed",
                   check=_vat_check)


@transaction.atomic
def calendar_year_create(*, year: int, source: str, actor: Actor, confirmed: bool = True, note: str = "") -> CalendarYear:
    """A year of the production calendar (its days are added one by one)."""
    if CalendarYear.objects.filter(year=year).exists():
        raise ApplicationError(YEAR_EXISTS.format(year=year), code="duplicate", field="year")
    row = CalendarYear(year=year, source=source, confirmed=confirmed, note=note)
    _save(row, actor=actor, action="calendaryear.created", data=_values(row, YEAR_EDITABLE))
    return row


@transaction.atomic
def calendar_year_update(*, calendar_year: CalendarYear, actor: Actor, **fields: Any) -> CalendarYear:
    """Correct a year's decree, note or confirmation; the year itself does not change (its
    days belong to it)."""
    return _update(CalendarYear, calendar_year.pk, fields, editable=YEAR_EDITABLE, actor=actor,
                   action="calendaryear.changed", refuse=_year_kept)


def _year_kept(row: CalendarYear, fields: dict) -> None:
    if "year" in fields and fields["year"] != row.year:
        raise ApplicationError("Год календаря не меняется: добавьте новый год", code="immutable_field", field="year")


def _day_check(row: CalendarDay) -> None:
    if row.date is None:
        return
    clash = CalendarDay.objects.exclude(pk=row.pk).filter(date=row.date).first()
    if clash is not None:
        raise ApplicationError(DAY_EXISTS.format(day=clash.date, kind=clash.get_kind_display()), code="duplicate", field="date")


@transaction.atomic
def calendar_day_create(*, calendar_year: CalendarYear, date: date, kind: str, actor: Actor, note: str = "") -> CalendarDay:
    """A holiday, a moved day off or a working weekend of a covered year."""
    row = CalendarDay(calendar_year=calendar_year, date=date, kind=kind, note=note)
    _day_check(row)
    _save(row, actor=actor, action="calendarday.created", data=_values(row, DAY_EDITABLE))
    return row


@transaction.atomic
def calendar_day_update(*, calendar_day: CalendarDay, actor: Actor, **fields: Any) -> CalendarDay:
    return _update(CalendarDay, calendar_day.pk, fields, editable=DAY_EDITABLE, actor=actor,
                   action="calendarday.changed", check=_day_check)
