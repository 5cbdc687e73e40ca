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

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor

from .models import CalendarDay, CalendarYear, VatRate

VAT_EDITABLE = ("valid_from", "rate_percent", "norm")
YEAR_EDITABLE = ("year", "source", "confirmed", "note")
DAY_EDITABLE = ("calendar_year", "date", "kind", "note")

VAT_SAME_START = "С {day:%d.%m.%Y} уже действует ставка {rate} %: измените ее, а не добавляйте вторую"
YEAR_EXISTS = "{year} год уже есть в календаре"
DAY_EXISTS = "{day:%d.%m.%Y} уже есть в календаре ({kind})"


def _values(row, names) -> dict:
    return {name: getattr(row, f"{name}_id" if name == "calendar_year" else name) for name in names}


def _changes(before: dict, after: dict) -> dict:
    return {name: {"было": before[name], "стало": after[name]} for name in before if before[name] != after[name]}


def _validated(row) -> None:
    """``full_clean()``; the first failing field becomes an ApplicationError naming it."""
    try:
        row.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        if field == NON_FIELD_ERRORS:
            raise ApplicationError("; ".join(messages)) from exc
        label = str(row._meta.get_field(field).verbose_name).capitalize()
        raise ApplicationError(f"{label}: {'; '.join(messages)}", field=field) from exc


def _save(row, *, actor, action: str, data: dict) -> None:
    _validated(row)
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
        raise ApplicationError(VAT_SAME_START.format(day=clash.valid_from, rate=clash.rate_percent), field="valid_from")


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
    _known(fields, VAT_EDITABLE)
    row = VatRate.objects.select_for_update().get(pk=vat_rate.pk)
    before = _values(row, VAT_EDITABLE)
    for name, value in fields.items():
        setattr(row, name, value)
    _vat_check(row)
    _save(row, actor=actor, action="vatrate.changed", data={"fields": _changes(before, _values(row, VAT_EDITABLE))})
    return row


@transaction.atomic
def calendar_year_create(*, year: int, source: str, actor, confirmed: bool = True, note: str = "") -> CalendarYear:
    """A year of the production calendar (its days are added one by one)."""
    if CalendarYear.objects.filter(year=year).exists():
        raise ApplicationError(YEAR_EXISTS.format(year=year), field="year")
    row = CalendarYear(year=year, source=source, confirmed=confirmed, note=note)
    _save(row, actor=actor, action="calendaryear.created", data=_values(row, YEAR_EDITABLE))
    return row


@transaction.atomic
def calendar_year_update(*, calendar_year: CalendarYear, actor, **fields) -> CalendarYear:
    """Correct a year's decree, note or confirmation; the year itself does not change (its
    days belong to it)."""
    _known(fields, YEAR_EDITABLE)
    row = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    if "year" in fields and fields["year"] != row.year:
        raise ApplicationError("Год календаря не меняется: добавьте новый год", field="year")
    before = _values(row, YEAR_EDITABLE)
    for name, value in fields.items():
        setattr(row, name, value)
    _save(row, actor=actor, action="calendaryear.changed",
          data={"fields": _changes(before, _values(row, YEAR_EDITABLE))})
    return row


def _day_check(row: CalendarDay) -> None:
    if row.date is None:
        return
    clash = CalendarDay.objects.exclude(pk=row.pk).filter(date=row.date).first()
    if clash is not None:
        raise ApplicationError(DAY_EXISTS.format(day=clash.date, kind=clash.get_kind_display()), field="date")


@transaction.atomic
def calendar_day_create(*, calendar_year: CalendarYear, date: date, kind: str, actor, note: str = "") -> CalendarDay:
    """A holiday, a moved day off or a working weekend of a covered year."""
    row = CalendarDay(calendar_year=calendar_year, date=date, kind=kind, note=note)
    _day_check(row)
    _save(row, actor=actor, action="calendarday.created", data=_values(row, DAY_EDITABLE))
    return row


@transaction.atomic
def calendar_day_update(*, calendar_day: CalendarDay, actor, **fields) -> CalendarDay:
    _known(fields, DAY_EDITABLE)
    row = CalendarDay.objects.select_for_update().get(pk=calendar_day.pk)
    before = _values(row, DAY_EDITABLE)
    for name, value in fields.items():
        setattr(row, name, value)
    _day_check(row)
    _save(row, actor=actor, action="calendarday.changed", data={"fields": _changes(before, _values(row, DAY_EDITABLE))})
    return row


def _known(fields: dict, editable: tuple[str, ...]) -> None:
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
