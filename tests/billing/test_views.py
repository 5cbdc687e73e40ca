"""The «Расчеты» pages through HTTP: open, run, watch progress and problems, close; tariffs."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import LEGAL, TECHNICIAN
from billing.models import BillingPeriod, BillingRun, Invoice, Tariff

from .conftest import january_2026

pytestmark = pytest.mark.django_db


def test_a_billing_specialist_opens_runs_watches_and_closes_a_period(
    client, billing_user, town, make_contract, eager_celery, django_capture_on_commit_callbacks
):
    # given one good contract and one without loads
    town.temperatures(january_2026())
    good, _ = make_contract()
    bad, _ = make_contract(loads=False)
    client.force_login(billing_user)
    # when the specialist opens January
    response = client.post(reverse("billing:period_open"), {"month": "2026-01-20"})
    period = BillingPeriod.objects.get(month=date(2026, 1, 1))
    assert response.status_code == 302 and response.url == reverse("billing:period", args=[period.pk])
    # and starts the run (an empty POST is not enough)
    assert client.post(reverse("billing:period_run", args=[period.pk])).status_code == 200
    assert not BillingRun.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("billing:period_run", args=[period.pk]), {"confirm": "on"})
    run = BillingRun.objects.get()
    assert response.url == reverse("billing:run", args=[run.pk])
    # then the run page shows the progress, the totals and the unbilled contract with what is missing
    page = client.get(response.url).content.decode()
    assert "Выполнено частей: 1 из 1 (100 %)" in page
    assert bad.number in page and "нет договорных тепловых нагрузок" in page
    assert "http-equiv=\"refresh\"" not in page
    assert Invoice.objects.filter(contract=good).exists()
    # closing needs the confirmation of the unbilled contract
    response = client.post(reverse("billing:period_close", args=[period.pk]), {"confirm": "on"})
    assert response.status_code == 200 and "подтвердите закрытие" in response.content.decode()
    response = client.post(reverse("billing:period_close", args=[period.pk]), {"confirm": "on", "accept_problems": "on"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_closed
    assert "Закрыт" in client.get(reverse("billing:index")).content.decode()


def test_an_active_run_page_refreshes_itself(client, billing_user, period_jan):
    run = BillingRun.objects.create(period=period_jan, status=BillingRun.Status.RUNNING, chunks_total=4, chunks_done=1)
    client.force_login(billing_user)
    page = client.get(reverse("billing:run", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "1 из 4 (25 %)" in page


def test_a_preview_page_says_what_is_an_estimate_and_that_readings_bill_as_they_are(client, billing_user, period_jan):
    estimate = (
        "Энск, АМСГ (99999): 20.01–31.01.2026 — климатическая норма месяца -10,0 °C (оценка)\n"
        "узлы учета без показаний за 01.2026 (показания месяца снимаются по его окончании): "
        "объем по договорной нагрузке (оценка до показаний)"
    )
    run = BillingRun.objects.create(period=period_jan, status=BillingRun.Status.DONE, estimate=estimate)
    client.force_login(billing_user)
    page = client.get(reverse("billing:run", args=[run.pk])).content.decode()
    assert "Предварительный расчет — оценка: месяц еще не закончился" in page
    assert "климатическая норма месяца -10,0 °C (оценка)<br>узлы учета без показаний за 01.2026" in page
    assert "Объекты с показаниями узлов учета за месяц начислены по показаниям" in page
    period_page = client.get(reverse("billing:period", args=[period_jan.pk])).content.decode()
    assert "оценка (месяц не закончился)" in period_page


def test_a_final_run_page_says_no_estimate(client, billing_user, period_jan):
    run = BillingRun.objects.create(period=period_jan, status=BillingRun.Status.DONE)
    client.force_login(billing_user)
    assert "оценка" not in client.get(reverse("billing:run", args=[run.pk])).content.decode()


@pytest.mark.parametrize("role", [LEGAL])
def test_a_lawyer_sees_periods_but_cannot_run_or_close(client, make_user, period_jan, role):
    client.force_login(make_user(role))
    page = client.get(reverse("billing:period", args=[period_jan.pk]))
    assert page.status_code == 200 and "Запустить расчет" not in page.content.decode()
    assert client.post(reverse("billing:period_run", args=[period_jan.pk]), {"confirm": "on"}).status_code == 403
    assert client.post(reverse("billing:period_close", args=[period_jan.pk]), {"confirm": "on"}).status_code == 403


def test_a_technician_has_no_billing_pages(client, make_user, period_jan):
    client.force_login(make_user(TECHNICIAN))
    assert client.get(reverse("billing:index")).status_code == 403
    assert client.get(reverse("billing:period", args=[period_jan.pk])).status_code == 403


def test_a_tariff_is_created_through_its_page_and_a_bad_one_is_refused_on_the_field(client, billing_user, group):
    client.force_login(billing_user)
    url = reverse("billing:tariffs:add")
    data = {
        "tariff_group": group.pk, "resource": "heat_carrier", "structure": "one_part", "valid_from": "2026-01-01",
        "water_rate": "55.10", "regulator": "РЭК", "decision_number": "7", "decision_date": "2025-12-01",
    }
    refused = client.post(url, {**data, "valid_from": "2026-01-15"})
    assert refused.status_code == 200 and "с первого числа месяца" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    tariff = Tariff.objects.get(resource="heat_carrier")
    assert tariff.history.get().history_user == billing_user


def test_a_finished_run_is_a_preview_only_while_its_period_is_open(client, billing_user, period_jan):
    run = BillingRun.objects.create(period=period_jan, status=BillingRun.Status.DONE, chunks_total=1, chunks_done=1)
    client.force_login(billing_user)
    assert f"№ {run.pk} — Выполнен (предварительный)" in client.get(reverse("billing:index")).content.decode()
    BillingPeriod.objects.filter(pk=period_jan.pk).update(status=BillingPeriod.Status.CLOSED)
    for url in (reverse("billing:index"), reverse("billing:period", args=[period_jan.pk]),
                reverse("billing:run", args=[run.pk])):
        page = client.get(url).content.decode()
        assert "Выполнен (период закрыт)" in page and "предварительный" not in page, url
