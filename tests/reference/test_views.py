"""VAT rates and the production calendar through their pages in «Расчеты»: billing
specialists keep them, technicians are refused, a clash is refused on its field, and a
record's page shows who changed it."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import BILLING, LEGAL, TECHNICIAN
from audit.models import AuditEvent
from reference.models import CalendarDay, CalendarYear, VatRate

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing_user(make_user):
    return make_user(BILLING, first_name="Ольга", last_name="Расчетова")


def test_a_billing_specialist_adds_and_corrects_a_vat_rate(client, billing_user):
    client.force_login(billing_user)
    # given the seeded rates are listed
    assert "22" in client.get(reverse("billing:vat_rates:index")).content.decode()
    # when she adds a rate from 2030
    response = client.post(reverse("billing:vat_rates:add"),
                           {"valid_from": "2030-01-01", "rate_percent": "25", "norm": "НК РФ ст. 164 (проект)"})
    # then it is saved, with her on its history and in the audit trail
    rate = VatRate.objects.get(valid_from=date(2030, 1, 1))
    assert response.status_code == 302 and response.url == reverse("billing:vat_rates:detail", args=[rate.pk])
    assert rate.history.get().history_user == billing_user
    assert AuditEvent.objects.get(action="vatrate.created").actor == billing_user
    # when she corrects it
    response = client.post(reverse("billing:vat_rates:change", args=[rate.pk]),
                           {"valid_from": "2030-01-01", "rate_percent": "24", "norm": "НК РФ ст. 164"})
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.rate_percent == Decimal("24")
    # then the record's page shows who changed what
    page = client.get(reverse("billing:vat_rates:detail", args=[rate.pk])).content.decode()
    history = page[page.index("История изменений"):]
    assert "Расчетова Ольга" in history and "<b>ставка, %</b>: 25 → 24" in history


def test_a_second_vat_rate_from_the_same_day_is_refused_on_the_date(client, billing_user):
    client.force_login(billing_user)
    before = VatRate.objects.count()
    response = client.post(reverse("billing:vat_rates:add"),
                           {"valid_from": "2026-01-01", "rate_percent": "21", "norm": "ошибка"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["valid_from"]  # duplicate, shown on the date
    assert VatRate.objects.count() == before


def test_moving_a_vat_rate_onto_another_rates_start_is_refused(client, billing_user):
    client.force_login(billing_user)
    rate = VatRate.objects.get(valid_from=date(2026, 1, 1))
    other = VatRate.objects.exclude(pk=rate.pk).order_by("-valid_from").first()
    response = client.post(reverse("billing:vat_rates:change", args=[rate.pk]),
                           {"valid_from": other.valid_from.isoformat(), "rate_percent": "22", "norm": rate.norm})
    assert response.status_code == 200 and "valid_from" in response.context["form"].errors
    rate.refresh_from_db()
    assert rate.valid_from == date(2026, 1, 1)


def test_a_billing_specialist_adds_a_year_and_its_days(client, billing_user):
    client.force_login(billing_user)
    # when she adds 2030
    response = client.post(reverse("billing:calendar:add"),
                           {"year": "2030", "source": "ПП РФ (проект)", "confirmed": ""})
    year = CalendarYear.objects.get(year=2030)
    assert response.status_code == 302 and year.confirmed is False
    # the year's page offers to add a day, pre-filled with the year
    page = client.get(reverse("billing:calendar:detail", args=[year.pk])).content.decode()
    assert "Особых дней нет" in page and f"?year={year.pk}" in page
    form = client.get(reverse("billing:calendar_days:add") + f"?year={year.pk}").context["form"]
    assert form.initial["calendar_year"] == year.pk
    # she adds 1 January (Tuesday) as a holiday and a Saturday as a working day
    day_url = reverse("billing:calendar_days:add")
    response = client.post(day_url, {"calendar_year": year.pk, "date": "2030-01-01", "kind": "holiday", "note": ""})
    assert response.status_code == 302 and response.url.startswith(reverse("billing:calendar:detail", args=[year.pk]))
    client.post(day_url, {"calendar_year": year.pk, "date": "2030-01-05", "kind": "working", "note": "перенос"})
    assert list(year.days.values_list("date", "kind")) == [
        (date(2030, 1, 1), "holiday"), (date(2030, 1, 5), "working"),
    ]
    # and corrects the second one's note
    day = year.days.get(date=date(2030, 1, 5))
    response = client.post(reverse("billing:calendar_days:change", args=[day.pk]),
                           {"calendar_year": year.pk, "date": "2030-01-05", "kind": "working", "note": "перенос с 02.05"})
    assert response.status_code == 302
    page = client.get(reverse("billing:calendar:detail", args=[year.pk])).content.decode()
    assert "01.01.2030" in page and "суббота" in page and "рабочий день (перенос с выходного)" in page
    day_page = client.get(reverse("billing:calendar_days:detail", args=[day.pk])).content.decode()
    assert "Расчетова Ольга" in day_page and "перенос с 02.05" in day_page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2031-01-01", "kind": "holiday"}, "date", "Дата не относится к 2030 году"),
        ({"date": "2030-01-05", "kind": "holiday"}, "kind", "Суббота и воскресенье и так выходные"),
        ({"date": "2030-01-01", "kind": "holiday"}, "date", "01.01.2030 уже есть в календаре"),
    ],
)
def test_a_bad_day_is_refused_on_its_field(client, billing_user, data, field, message):
    year = CalendarYear.objects.create(year=2030, source="ПП РФ")
    CalendarDay.objects.create(calendar_year=year, date=date(2030, 1, 1), kind="holiday")
    client.force_login(billing_user)
    response = client.post(reverse("billing:calendar_days:add"), {"calendar_year": year.pk, "note": "", **data})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert year.days.count() == 1


def test_the_year_of_a_calendar_does_not_change(client, billing_user):
    year = CalendarYear.objects.order_by("year").first()
    client.force_login(billing_user)
    response = client.post(reverse("billing:calendar:change", args=[year.pk]),
                           {"year": "2099", "source": "новое основание", "confirmed": "on"})
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.year != 2099 and year.source == "новое основание"


def test_a_lawyer_views_but_does_not_edit(client, make_user):
    client.force_login(make_user(LEGAL))
    rate = VatRate.objects.first()
    assert client.get(reverse("billing:vat_rates:detail", args=[rate.pk])).status_code == 200
    assert client.get(reverse("billing:vat_rates:add")).status_code == 403
    assert client.post(reverse("billing:vat_rates:change", args=[rate.pk]), {}).status_code == 403


def test_a_technician_is_refused(client, make_user):
    client.force_login(make_user(TECHNICIAN))
    rate, year, day = VatRate.objects.first(), CalendarYear.objects.first(), CalendarDay.objects.first()
    for url in (reverse("billing:vat_rates:add"), reverse("billing:vat_rates:change", args=[rate.pk]),
                reverse("billing:calendar:add"), reverse("billing:calendar:change", args=[year.pk]),
                reverse("billing:calendar_days:add"), reverse("billing:calendar_days:change", args=[day.pk])):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert VatRate.objects.count() == 2
