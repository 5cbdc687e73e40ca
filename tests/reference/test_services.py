"""The refusals of the reference services carry their codes (docs/input-limits.md,
"Ошибки и их коды"): the pages show the message on the field, API clients and tests match
the code."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.roles import BILLING
from core.errors import ApplicationError
from reference import services
from reference.models import VatRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(make_user):
    return make_user(BILLING)


def test_a_second_vat_rate_from_the_same_day_is_a_duplicate(actor):
    day = VatRate.objects.order_by("valid_from").first().valid_from
    with pytest.raises(ApplicationError) as exc:
        services.vat_rate_create(valid_from=day, rate_percent=Decimal("21"), norm="ошибка", actor=actor)
    assert (exc.value.code, exc.value.field) == ("duplicate", "valid_from")


def test_a_calendar_year_is_added_once_and_keeps_its_number(actor):
    year = services.calendar_year_create(year=2030, source="постановление", actor=actor)
    with pytest.raises(ApplicationError) as again:
        services.calendar_year_create(year=2030, source="постановление", actor=actor)
    with pytest.raises(ApplicationError) as renumbered:
        services.calendar_year_update(calendar_year=year, year=2031, actor=actor)
    assert (again.value.code, again.value.field) == ("duplicate", "year")
    assert (renumbered.value.code, renumbered.value.field) == ("immutable_field", "year")


def test_a_special_day_is_recorded_once(actor):
    year = services.calendar_year_create(year=2030, source="постановление", actor=actor)
    services.calendar_day_create(calendar_year=year, date=date(2030, 1, 1), kind="holiday", actor=actor)
    with pytest.raises(ApplicationError) as exc:
        services.calendar_day_create(calendar_year=year, date=date(2030, 1, 1), kind="holiday", actor=actor)
    assert (exc.value.code, exc.value.field) == ("duplicate", "date")
