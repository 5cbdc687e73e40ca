"""Preview, then close: a closed period is never edited — by the model layer or by SQL."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from billing.models import (
    BillingPeriod,
    BillingRun,
    ChargeLine,
    Invoice,
    PeriodClosedError,
    Recalculation,
)
from billing.services.periods import period_close, period_open
from billing.services.recalculations import recalculation_queue
from billing.services.runs import billing_run_start
from core.errors import ApplicationError

from ..conftest import january_2026

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_january(town, make_contract, period_jan, run_period, billing_user):
    town.temperatures(january_2026())
    contract, obj = make_contract(heating="0.5")
    run_period(period_jan)
    period_close(period=period_jan, actor=billing_user)
    period_jan.refresh_from_db()
    return period_jan, contract, obj


def test_closing_freezes_the_period_and_opens_the_next(closed_january, billing_user):
    period, _, _ = closed_january
    assert period.status == BillingPeriod.Status.CLOSED
    assert (period.closed_by, period.closed_at is not None) == (billing_user, True)
    assert BillingPeriod.objects.get(month=date(2026, 2, 1)).status == BillingPeriod.Status.OPEN
    assert AuditEvent.objects.filter(action="billing.period.closed", target_id=str(period.pk)).exists()


def test_the_model_layer_refuses_every_edit_of_a_closed_period(closed_january):
    period, contract, _ = closed_january
    invoice = Invoice.objects.get(contract=contract, period=period)
    line = invoice.lines.get()
    # then each write names the period and the way out (a recalculation)
    with pytest.raises(PeriodClosedError, match="01.2026 закрыт") as exc:
        line.amount = Decimal("1.00")
        line.save()
    assert exc.value.code == "period_closed"
    with pytest.raises(PeriodClosedError):
        line.delete()
    with pytest.raises(PeriodClosedError):
        invoice.save()
    with pytest.raises(PeriodClosedError):
        invoice.delete()
    with pytest.raises(PeriodClosedError):
        ChargeLine.objects.filter(pk=line.pk).update(amount=0)
    with pytest.raises(PeriodClosedError):
        Invoice.objects.filter(pk=invoice.pk).delete()
    with pytest.raises(PeriodClosedError):
        period.status = BillingPeriod.Status.OPEN
        period.save()
    with pytest.raises(PeriodClosedError):
        BillingPeriod.objects.get(pk=period.pk).delete()
    line.refresh_from_db()
    assert line.amount == Decimal("601346.20")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE billing_chargeline SET amount = 0",
        "DELETE FROM billing_chargeline",
        "UPDATE billing_invoice SET amount_with_vat = 0",
        "DELETE FROM billing_invoice",
        "UPDATE billing_billingperiod SET status = 'open' WHERE status = 'closed'",
        "DELETE FROM billing_billingperiod WHERE status = 'closed'",
    ],
)
def test_the_database_refuses_raw_sql_against_a_closed_period(closed_january, statement):
    # (deleting an invoice with lines is refused on two counts; either may speak first)
    with pytest.raises(DatabaseError, match="closed|referenced"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert ChargeLine.objects.filter(amount=Decimal("601346.20")).exists()


def test_the_database_refuses_a_line_inserted_into_a_closed_period(closed_january):
    period, contract, obj = closed_january
    invoice_id = Invoice.objects.get(contract=contract, period=period).pk
    with pytest.raises(DatabaseError, match="closed"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO billing_chargeline (invoice_id, position, kind, resource, component, method, date_from, "
            "date_to, quantity, amount, vat_rate, vat_amount, amount_with_vat, basis) VALUES "
            "(%s, 9, 'charge', 'heat_energy', 'energy', 'meter', '2026-01-01', '2026-01-31', 1, 1, 22, 0.22, 1.22, '{}')",
            [invoice_id],
        )


def test_the_database_refuses_a_line_of_a_missing_invoice(db):
    with pytest.raises(DatabaseError, match="missing invoice"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO billing_chargeline (invoice_id, position, kind, resource, component, method, date_from, "
            "date_to, quantity, amount, vat_rate, vat_amount, amount_with_vat, basis) VALUES "
            "(987654, 1, 'charge', 'heat_energy', 'energy', 'meter', '2026-01-01', '2026-01-31', 1, 1, 22, 0.22, 1.22, '{}')"
        )


def test_a_closed_period_cannot_be_billed_again(closed_january, billing_user):
    period, _, _ = closed_january
    with pytest.raises(PeriodClosedError):
        billing_run_start(period=period, actor=billing_user)


def test_a_period_closes_only_after_a_finished_run(period_jan, billing_user):
    with pytest.raises(ApplicationError) as not_run:
        period_close(period=period_jan, actor=billing_user)
    BillingRun.objects.create(period=period_jan, status=BillingRun.Status.RUNNING)
    with pytest.raises(ApplicationError) as running:
        period_close(period=period_jan, actor=billing_user)
    assert (not_run.value.code, not_run.value.field) == ("run_required", "period")
    assert (running.value.code, running.value.field) == ("run_active", "period")


def test_closing_with_unbilled_contracts_needs_confirmation_and_moves_their_recalculations_on(
    town, make_contract, period_jan, run_period, billing_user
):
    # given a recalculation queued for a contract that the January run leaves unbilled
    december = BillingPeriod.objects.create(month=date(2025, 12, 1), status=BillingPeriod.Status.CLOSED)
    town.temperatures(january_2026())
    bad, _ = make_contract(loads=False)
    waiting = recalculation_queue(
        contract=bad, corrected_period=december, resource="heat_energy", component="energy",
        amount=Decimal("-100.00"), reason="корректировка", source="billing", actor=billing_user,
    )
    assert waiting.period == period_jan  # the earliest open period
    run = run_period(period_jan)
    assert run.contracts_with_problems == 1
    # when closing January: refused without confirmation, then confirmed
    with pytest.raises(ApplicationError) as refused:
        period_close(period=period_jan, actor=billing_user)
    assert (refused.value.code, refused.value.field) == ("problems_pending", "accept_problems")
    period_close(period=period_jan, actor=billing_user, accept_problems=True)
    # then the unbilled contract's recalculation waits for the next period
    waiting.refresh_from_db()
    assert waiting.period is None


def test_period_open_is_idempotent(db, billing_user):
    first = period_open(month=date(2026, 3, 15), actor=billing_user)
    assert first.month == date(2026, 3, 1)
    assert period_open(month=date(2026, 3, 1), actor=billing_user) == first
    assert Recalculation.objects.count() == 0


@pytest.fixture
def open_january(town, make_contract, period_jan, run_period):
    town.temperatures(january_2026())
    contract, obj = make_contract(heating="0.5")
    run_period(period_jan)
    return Invoice.objects.get(contract=contract, period=period_jan)


LINE_INSERT = (
    "INSERT INTO billing_chargeline (invoice_id, position, kind, resource, component, method, date_from, "
    "date_to, quantity, amount, vat_rate, vat_amount, amount_with_vat, recalculation_id, basis) VALUES "
    "(%s, 9, 'charge', 'heat_energy', 'energy', 'meter', '2026-01-01', '2026-01-31', 1, 1, 22, 0.22, 1.22, %s, '{}')"
)


def test_the_database_refuses_a_line_of_a_missing_recalculation(open_january):
    with pytest.raises(DatabaseError, match="missing invoice or recalculation"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(LINE_INSERT, [open_january.pk, 987654])


def test_the_database_refuses_deleting_an_invoice_that_has_lines(open_january):
    with pytest.raises(DatabaseError, match="referenced"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_invoice WHERE id = %s", [open_january.pk])
    assert Invoice.objects.filter(pk=open_january.pk).exists()


def test_the_guards_let_an_open_period_change(open_january):
    # the guards look each referenced invoice up by index (migration billing 0010): an open
    # period's lines are inserted, updated and deleted, then its invoice
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LINE_INSERT, [open_january.pk, None])
        cursor.execute("UPDATE billing_chargeline SET amount = amount WHERE invoice_id = %s", [open_january.pk])
        cursor.execute("DELETE FROM billing_chargeline WHERE invoice_id = %s", [open_january.pk])
        cursor.execute("DELETE FROM billing_invoice WHERE id = %s", [open_january.pk])
    assert not Invoice.objects.filter(pk=open_january.pk).exists()
