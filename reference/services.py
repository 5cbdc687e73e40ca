"""Writes to the reference data from the site's pages: VAT rates and the production calendar.

Administrators and billing specialists keep them (see ``reference.roles``). Each write
validates the row (``full_clean``: the model's ``clean()`` and its unique fields), saves it
with the actor on its history row and writes the audit event in the same transaction —
the same events as the Django admin writes (``vatrate.created``, ``calendarday.changed``…).
The Django admin stays the place for the other rules of law.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.validation import field_changes, validated

from .models import CalendarDay, CalendarYear, VatRate

VAT_EDITABLE = ("valid_from", "rate_percent", "norm")
YEAR_EDITABLE = ("year", "source", "confirmed", "note")
DAY_EDITABLE = ("calendar_year", "date", "kind", "note")

VAT_SAME_START = "С {day:%d.%m.%Y} уже действует ставка {rate} %: измените ее, а не добавляйте вторую"
YEAR_EXISTS = "{year} год уже есть в календаре"
DAY_EXISTS = "{day:%d.%m.%Y} уже есть в календаре ({kind})"


def _values(row, names) -> dict:
    return {name: getattr(row, f"{name}_id" if name == "calendar_year" else name) for name in names}


def _update(model, pk: int, fields: dict, *, editable: tuple[str, ...], actor, action: str, check=None,
            refuse=None):
    """A correction: the row locked, ``fields`` set, ``check``ed and saved with the changed
    fields (before → after) in the audit event. ``refuse(row, fields)`` may refuse first."""
    _known(fields, editable)
    row = model.objects.select_for_update().get(pk=pk)
    if refuse is not None:
        refuse(row, fields)
    before = _values(row, editable)
    for name, value in fields.items():
        setattr(row, name, value)
    if check is not None:
        check(row)
    _save(row, actor=actor, action=action, data={"fields": field_changes(before, _values(row, editable))})
    return row


def _save(row, *, actor, action: str, data: dict) -> None:
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
        raise ApplicationError(VAT_SAME_START.format(day=clash.valid_from, rate=clash.rate_percent), code="duplicate", field="valid_from")


@transaction.atomic
def vat_rate_create(*, valid_from: date, rate_percent: Decimal, norm: str, actor) -> VatRate:
    """A VAT rate in force from ``valid_from`` until the next rate's start."""
    row = VatRate(valid_from=valid_from, rate_percent=rate_percent, norm=norm)
    _vat_check(row)
    _save(row, actor=actor, action="vatrate.created", data=_values(row, VAT_EDITABLE))
    return row


@transaction.atomic
def vat_rate_update(*, vat_rate: VatRate, actor, **fields) -> VatRate:
    """Correct a VAT rate. Charges already billed keep the rate they were priced at."""
    return _update(VatRate, vat_rate.pk, fields, editable=VAT_EDITABLE, actor=actor, action="vatrate.changed",
                   check=_vat_check)


@transaction.atomic
def calendar_year_create(*, year: int, source: str, actor, confirmed: bool = True, note: str = "") -> CalendarYear:
    """A year of the production calendar (its days are added one by one)."""
    if CalendarYear.objects.filter(year=year).exists():
        raise ApplicationError(YEAR_EXISTS.format(year=year), code="duplicate", field="year")
    row = CalendarYear(year=year, source=source, confirmed=confirmed, note=note)
    _save(row, actor=actor, action="calendaryear.created", data=_values(row, YEAR_EDITABLE))
    return row


@transaction.atomic
def calendar_year_update(*, calendar_year: CalendarYear, actor, **fields) -> CalendarYear:
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
def calendar_day_create(*, calendar_year: CalendarYear, date: date, kind: str, actor, note: str = "") -> CalendarDay:
    """A holiday, a moved day off or a working weekend of a covered year."""
    row = CalendarDay(calendar_year=calendar_year, date=date, kind=kind, note=note)
    _day_check(row)
    _save(row, actor=actor, action="calendarday.created", data=_values(row, DAY_EDITABLE))
    return row


@transaction.atomic
def calendar_day_update(*, calendar_day: CalendarDay, actor, **fields) -> CalendarDay:
    return _update(CalendarDay, calendar_day.pk, fields, editable=DAY_EDITABLE, actor=actor,
                   action="calendarday.changed", check=_day_check)


def _known(fields: dict, editable: tuple[str, ...]) -> None:
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
