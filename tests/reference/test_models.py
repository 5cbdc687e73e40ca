from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from reference import models

pytestmark = pytest.mark.django_db


def test_a_second_open_tier_scheme_for_a_category_overlaps():
    # given the seeded `other` scheme from 01.01.2016, still in force
    scheme = models.PenaltyTierScheme(category="other", valid_from=date(2027, 1, 1), norm="новая редакция")
    # then another open scheme is refused until the old one is closed
    with pytest.raises(ValidationError) as exc:
        scheme.full_clean()
    assert "пересекается" in exc.value.message_dict["valid_from"][0]
    models.PenaltyTierScheme.objects.filter(category="other").update(valid_to=date(2026, 12, 31))
    scheme.full_clean()


def test_rate_caps_may_not_overlap_for_a_common_category():
    cap = models.RateCap(valid_from=date(2026, 6, 1), valid_to=date(2027, 6, 30), kind="min",
                         rate_percent=D("9.5"), categories="citizen", norm="x")
    with pytest.raises(ValidationError) as exc:
        cap.full_clean()
    assert "citizen" in exc.value.message_dict["valid_from"][0]
    cap.valid_from = date(2027, 1, 1)
    cap.full_clean()


def test_unknown_categories_are_refused():
    cap = models.RateCap(valid_from=date(2030, 1, 1), kind="min", rate_percent=D("9.5"), categories="citizen,aliens",
                         norm="x")
    with pytest.raises(ValidationError) as exc:
        cap.full_clean()
    assert "aliens" in exc.value.message_dict["categories"][0]


def test_a_moratorium_needs_an_end_and_ordered_dates():
    moratorium = models.PenaltyMoratorium(valid_from=date(2030, 1, 1), kind="moratorium", categories="other", norm="x")
    with pytest.raises(ValidationError) as exc:
        moratorium.full_clean()
    assert "valid_to" in exc.value.message_dict
    moratorium.valid_to = date(2029, 1, 1)
    with pytest.raises(ValidationError, match="раньше даты начала"):
        moratorium.full_clean()


def test_duty_scales_of_one_court_and_procedure_may_not_overlap():
    scale = models.StateDutyScale(court="general", procedure="claim", valid_from=date(2026, 1, 1), norm="x")
    with pytest.raises(ValidationError, match="пересекается"):
        scale.full_clean()


def test_a_court_order_scale_needs_its_share_of_the_claim_duty():
    scale = models.StateDutyScale(court="general", procedure="court_order", valid_from=date(2020, 1, 1),
                                  valid_to=date(2020, 12, 31), norm="x")
    with pytest.raises(ValidationError) as exc:
        scale.full_clean()
    assert "percent_of_claim_duty" in exc.value.message_dict


@pytest.mark.parametrize(
    ("day", "kind", "field"),
    [
        (date(2026, 3, 14), "day_off", "kind"),  # a Saturday is no moved day off
        (date(2026, 3, 16), "working", "kind"),  # a Monday is no working weekend day
        (date(2027, 3, 16), "day_off", "date"),  # not in the year
    ],
)
def test_calendar_days_are_checked(day, kind, field):
    year = models.CalendarYear.objects.get(year=2026)
    with pytest.raises(ValidationError) as exc:
        models.CalendarDay(calendar_year=year, date=day, kind=kind).full_clean()
    assert field in exc.value.message_dict


def test_every_change_is_kept_in_history():
    rate = models.KeyRate.objects.get(effective_from=date(2026, 2, 16))
    rate.rate_percent = D("15.25")
    rate.save()
    assert [h.rate_percent for h in rate.history.order_by("history_date")][-1] == D("15.25")
    assert rate.history.count() == 1  # the seed migration writes no history; the edit does


def test_rates_read_as_people_write_them():
    assert str(models.VatRate(valid_from=date(2026, 1, 1), rate_percent=D("22.000"))) == "22\xa0% с 01.01.2026"
    assert str(models.KeyRate(effective_from=date(2026, 2, 16), rate_percent=D("15.50"))) == "15,5\xa0% с 16.02.2026"
    threshold = models.PoliceDamageThreshold(valid_from=date(2026, 1, 1), amount=D("250000.00"))
    assert str(threshold) == "свыше 250\xa0000,00\xa0₽ с 01.01.2026"
