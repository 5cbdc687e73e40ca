"""«Перерасчеты» through HTTP: a billing specialist recomputes a closed month of a contract
and cancels a queued recalculation; a technician may do neither."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import BILLING, TECHNICIAN
from billing.models import ChargeLine, Recalculation
from billing.services.periods import period_close
from billing.services.recalculations import recalculation_queue
from core import formatting

from .conftest import winter
from .factories import (
    BillingPeriodFactory,
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_december(town, make_contract, period_dec, run_period, billing_user):
    """December billed by calculation (the reading was late) and closed; January open; the
    December reading has arrived since."""
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    contract, obj = make_contract(heating="0.2")
    unit = MeteringUnitFactory(heated_object=obj, purpose="heating")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    run_period(period_dec)
    period_close(period=period_dec, actor=billing_user)
    january = BillingPeriodFactory(month=date(2026, 1, 1))
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q=Decimal("50.000"), m1=Decimal("900"), m2=Decimal("899"))
    return contract, january


def test_a_billing_specialist_recomputes_a_closed_month_and_sees_the_recalculation(
    client, billing_user, late_december, period_dec
):
    contract, january = late_december
    calculated = ChargeLine.objects.get(invoice__period=period_dec)
    client.force_login(billing_user)
    # the closed period's page offers the action
    page = client.get(reverse("billing:period", args=[period_dec.pk])).content.decode()
    assert reverse("billing:recalculations:recompute") + f"?period={period_dec.pk}" in page
    # an empty form names what is missing and queues nothing
    response = client.post(reverse("billing:recalculations:recompute"), {"period": period_dec.pk})
    assert response.status_code == 200 and "Обязательное поле" in response.content.decode()
    # when the specialist recomputes December with a reason
    form = {"contract": contract.number, "period": period_dec.pk, "reason": "Поступили показания за 12.2025"}
    response = client.post(reverse("billing:recalculations:recompute"), form)
    assert response.status_code == 302 and response.url == reverse("billing:recalculations:list")
    # then the difference waits for January, naming the calculated line, and the list shows it
    queued = Recalculation.objects.get()
    assert (queued.period, queued.corrected_line, queued.source, queued.created_by) == (
        january, calculated, "billing", billing_user
    )
    assert queued.amount == Decimal("125000.00") - calculated.amount
    page = client.get(response.url).content.decode()
    assert contract.number in page and "Поступили показания за 12.2025" in page
    assert queued.reason in client.get(reverse("billing:period", args=[january.pk])).content.decode()
    # and recomputing again with the same inputs queues nothing more
    response = client.post(reverse("billing:recalculations:recompute"), form, follow=True)
    assert "перерасчет не нужен" in response.content.decode()
    assert Recalculation.objects.count() == 1


def test_the_recompute_form_shows_the_services_refusal_on_its_field(
    client, billing_user, late_december, make_contract, period_dec
):
    draft, _ = make_contract(status="draft")
    client.force_login(billing_user)
    url = reverse("billing:recalculations:recompute")
    response = client.post(url, {"contract": "нет такого", "period": period_dec.pk, "reason": "x"})
    assert response.status_code == 200 and "Договор № нет такого не найден" in response.content.decode()
    response = client.post(url, {"contract": draft.number, "period": period_dec.pk, "reason": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["contract"]  # not_billed, shown on the contract
    assert not Recalculation.objects.exists()


def test_only_closed_periods_are_offered_for_recomputation(client, billing_user, late_december, period_dec):
    client.force_login(billing_user)
    form = client.get(reverse("billing:recalculations:recompute")).context["form"]
    assert list(form.fields["period"].queryset) == [period_dec]


def test_a_billing_specialist_cancels_a_queued_recalculation(client, billing_user, late_december, period_dec):
    contract, january = late_december
    recalculation = recalculation_queue(
        contract=contract, corrected_period=period_dec, resource="heat_energy", component="energy",
        amount=Decimal("-1500.00"), source="quality", reason="Снижение платы: перерыв 40 ч", actor=billing_user,
    )
    client.force_login(billing_user)
    url = reverse("billing:recalculations:cancel", args=[recalculation.pk])
    assert url in client.get(reverse("billing:recalculations:detail", args=[recalculation.pk])).content.decode()
    assert url in client.get(reverse("billing:period", args=[january.pk])).content.decode()
    # without the confirmation nothing is cancelled
    assert client.post(url).status_code == 200
    recalculation.refresh_from_db()
    assert recalculation.cancelled_at is None
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    recalculation.refresh_from_db()
    assert recalculation.cancelled_at is not None
    # the page offers it no more, and a second cancellation is refused on the form
    assert url not in client.get(reverse("billing:recalculations:detail", args=[recalculation.pk])).content.decode()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()  # already_cancelled


def test_a_technician_can_neither_recompute_nor_cancel(client, make_user, late_december, period_dec, billing_user):
    contract, _ = late_december
    recalculation = recalculation_queue(
        contract=contract, corrected_period=period_dec, resource="heat_energy", component="energy",
        amount=Decimal("-1.00"), source="quality", reason="x", actor=billing_user,
    )
    client.force_login(make_user(TECHNICIAN))
    form = {"contract": contract.number, "period": period_dec.pk, "reason": "x"}
    assert client.post(reverse("billing:recalculations:recompute"), form).status_code == 403
    assert client.post(reverse("billing:recalculations:cancel", args=[recalculation.pk]), {"confirm": "on"}).status_code == 403
    assert Recalculation.objects.get().cancelled_at is None


def test_the_recalculation_card_and_its_cancel_page_write_numbers_dates_and_people_in_russian(
    client, make_user, late_december, period_dec
):
    contract, _ = late_december
    corrected = ChargeLine.objects.get(invoice__period=period_dec)
    author = make_user(BILLING, last_name="Смирнова", first_name="Ольга")
    recalculation = recalculation_queue(
        contract=contract, corrected_period=period_dec, resource="heat_energy", component="energy",
        corrected_line=corrected, amount=Decimal("-43530.54"), source="quality", reason="Снижение платы",
        actor=author,
    )
    client.force_login(author)
    page = client.get(reverse("billing:recalculations:detail", args=[recalculation.pk])).content.decode()
    assert "-43\xa0530,54" in page and "43530" not in page
    assert f"{formatting.gcal(corrected.quantity)} Гкал × {formatting.amount(corrected.rate)}" in page
    assert f"{timezone.localtime(recalculation.created_at):%d.%m.%Y %H:%M}" in page  # not «8 декабря 2026 г.»
    assert "Смирнова Ольга" in page and f">{author.username}<" not in page
    page = client.get(reverse("billing:recalculations:cancel", args=[recalculation.pk])).content.decode()
    assert "сумма без НДС -43\xa0530,54\xa0₽" in page
