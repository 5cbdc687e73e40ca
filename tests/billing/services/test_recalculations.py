"""Recalculations: queued by other modules for the current period, naming what they correct."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from billing.models import ChargeLine, Invoice, Method, Recalculation
from billing.services.periods import period_close
from billing.services.recalculations import (
    recalculation_cancel,
    recalculation_queue,
    recalculation_recompute,
)
from core.errors import ApplicationError

from ..conftest import january_2026, winter
from ..factories import (
    BillingPeriodFactory,
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_december(town, make_contract, period_dec, run_period, billing_user):
    """December 2025 billed (VAT 20 %) and closed; January 2026 open."""
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    contract, obj = make_contract(heating="0.2")
    run_period(period_dec)
    period_close(period=period_dec, actor=billing_user)
    return contract, obj


def test_a_queued_correction_becomes_a_recalculation_line_at_the_corrected_periods_vat(
    closed_december, period_dec, run_period, billing_user
):
    # given a quality reduction of December's heating, queued in January
    contract, obj = closed_december
    january = BillingPeriodFactory(month=date(2026, 1, 1))
    corrected = ChargeLine.objects.get(invoice__period=period_dec)
    recalculation = recalculation_queue(
        contract=contract, corrected_period=period_dec, corrected_line=corrected, heated_object=obj,
        resource="heat_energy", component="energy", amount=Decimal("-1500.00"), source="quality",
        reason="Снижение платы за отопление: перерыв 40 ч (ПП РФ № 354, прил. 1, п. 14)", actor=billing_user,
    )
    assert recalculation.period == january
    assert AuditEvent.objects.filter(action="billing.recalculation.queued", target_id=str(recalculation.pk)).exists()
    # when January is billed
    run_period(january)
    # then the invoice carries the charge at 22 % and the recalculation at December's 20 %
    invoice = Invoice.objects.get(period=january, contract=contract)
    charge, correction = invoice.lines.order_by("position")
    assert (charge.kind, charge.vat_rate) == (ChargeLine.Kind.CHARGE, Decimal("22"))
    assert (correction.kind, correction.method) == (ChargeLine.Kind.RECALCULATION, Method.ADJUSTMENT)
    assert (correction.amount, correction.vat_rate, correction.vat_amount, correction.amount_with_vat) == (
        Decimal("-1500.00"), Decimal("20"), Decimal("-300.00"), Decimal("-1800.00")
    )
    assert (correction.date_from, correction.date_to) == (date(2025, 12, 1), date(2025, 12, 31))
    assert correction.recalculation == recalculation
    assert correction.basis["corrects"] == {"period": "12.2025", "line": corrected.pk}
    assert "ПП РФ № 354" in correction.basis["reason"]
    assert invoice.amount_with_vat == charge.amount_with_vat + correction.amount_with_vat
    # and the closed December is untouched
    corrected.refresh_from_db()
    assert corrected.recalculation_id is None


def test_a_cancelled_recalculation_drops_out_at_the_next_run(closed_december, period_dec, run_period, billing_user):
    contract, _ = closed_december
    january = BillingPeriodFactory(month=date(2026, 1, 1))
    recalculation = recalculation_queue(
        contract=contract, corrected_period=period_dec, resource="heat_energy", component="energy",
        amount=Decimal("100.00"), source="billing", reason="ошибка", actor=billing_user,
    )
    run_period(january)
    assert ChargeLine.objects.filter(recalculation=recalculation).exists()
    recalculation_cancel(recalculation=recalculation, actor=billing_user)
    run_period(january)
    assert not ChargeLine.objects.filter(recalculation=recalculation).exists()


def test_a_recalculation_of_a_closed_period_cannot_be_cancelled(closed_december, period_dec, run_period, billing_user):
    contract, _ = closed_december
    january = BillingPeriodFactory(month=date(2026, 1, 1))
    recalculation = recalculation_queue(
        contract=contract, corrected_period=period_dec, resource="heat_energy", component="energy",
        amount=Decimal("100.00"), source="billing", reason="ошибка", actor=billing_user,
    )
    run_period(january)
    period_close(period=january, actor=billing_user)
    with pytest.raises(ApplicationError) as exc:
        recalculation_cancel(recalculation=Recalculation.objects.get(pk=recalculation.pk), actor=billing_user)
    assert (exc.value.code, exc.value.field) == ("period_closed", "recalculation")


def test_naming_an_open_periods_line_is_refused(town, make_contract, period_jan, run_period, billing_user):
    town.temperatures(january_2026())
    contract, _ = make_contract()
    run_period(period_jan)
    line = ChargeLine.objects.get(invoice__contract=contract)
    with pytest.raises(ApplicationError) as exc:
        recalculation_queue(
            contract=contract, corrected_period=period_jan, corrected_line=line, resource="heat_energy",
            component="energy", amount=Decimal("-1.00"), source="quality", reason="x", actor=billing_user,
        )
    assert (exc.value.code, exc.value.field) == ("invalid_value", "corrected_line")


def test_a_late_reading_for_a_closed_period_is_recalculated_in_the_current_one(
    town, make_contract, period_dec, run_period, billing_user
):
    # given December billed by calculation because the unit's reading was late
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    contract, obj = make_contract(heating="0.2")
    unit = MeteringUnitFactory(heated_object=obj, purpose="heating")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    run_period(period_dec)
    calculated = ChargeLine.objects.get(invoice__period=period_dec)
    assert calculated.method == Method.CALCULATION and calculated.basis["reason"] == "no_reading"
    period_close(period=period_dec, actor=billing_user)
    january = BillingPeriodFactory(month=date(2026, 1, 1))
    # when the December reading arrives and December is recomputed
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q=Decimal("50.000"), m1=Decimal("900"), m2=Decimal("899"))
    [queued] = recalculation_recompute(
        contract=contract, period=period_dec, actor=billing_user, reason="Поступили показания за 12.2025"
    )
    # then the difference is queued against the calculated line, and billed in January
    assert queued.corrected_line == calculated
    assert queued.quantity == Decimal("50.000") - calculated.quantity
    assert queued.amount == Decimal("125000.00") - calculated.amount
    run_period(january)
    line = ChargeLine.objects.get(recalculation=queued)
    assert (line.invoice.period, line.vat_rate) == (january, Decimal("20"))
    assert ChargeLine.objects.get(pk=calculated.pk).amount == calculated.amount


def test_recomputing_an_unchanged_closed_period_queues_nothing(closed_december, period_dec, billing_user):
    contract, _ = closed_december
    assert recalculation_recompute(contract=contract, period=period_dec, actor=billing_user, reason="проверка") == []
