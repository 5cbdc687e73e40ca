"""Billing periods: opened for a month, previewed by runs, then closed for good."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.types import Actor
from core.validation import validated

from ..models import BillingPeriod, BillingRun, Invoice, Recalculation, month_end, month_start
from ..models.choices import ONE_DAY

RUN_REQUIRED = "Сначала выполните расчет периода: закрывается только рассчитанный период"
RUN_ACTIVE = "Идет расчет периода — дождитесь его окончания"
PROBLEMS_PENDING = (
    "По {count} договорам расчет не выполнен из-за ошибок исходных данных. Исправьте данные и "
    "повторите расчет или подтвердите закрытие без них — они будут начислены перерасчетом позже"
)


@transaction.atomic
def period_open(*, month: date, actor: Actor) -> BillingPeriod:
    """Open the billing period of ``month`` (any day of it); an existing period is returned."""
    first = month_start(month)
    period = BillingPeriod.objects.filter(month=first).first()
    if period is not None:
        return period
    period = BillingPeriod(month=first)
    validated(period)
    period.save()
    record_event(action="billing.period.opened", actor=actor, target=period, data={"month": first})
    return period


@transaction.atomic
def period_close(*, period: BillingPeriod, actor: Actor, accept_problems: bool = False) -> BillingPeriod:
    """Close a previewed period: its invoices and lines are frozen from now on (the model
    layer and database triggers refuse any edit). Recalculations queued for it whose
    contract stayed unbilled move on to the next period. The next month is opened."""
    period = BillingPeriod.objects.select_for_update().get(pk=period.pk)
    period.ensure_open()
    if period.runs.filter(status__in=(BillingRun.Status.QUEUED, BillingRun.Status.RUNNING)).exists():
        raise ApplicationError(RUN_ACTIVE, code="run_active", field="period")
    last_run = period.runs.order_by("-created_at", "-id").first()
    if last_run is None or last_run.status != BillingRun.Status.DONE:
        raise ApplicationError(RUN_REQUIRED, code="run_required", field="period")
    unbilled = last_run.contracts_with_problems
    if unbilled and not accept_problems:
        raise ApplicationError(PROBLEMS_PENDING.format(count=unbilled), code="problems_pending", field="accept_problems")
    billed_contracts = Invoice.objects.filter(period=period).values("contract_id")
    released = Recalculation.objects.filter(period=period).exclude(contract_id__in=billed_contracts)
    released_ids = list(released.values_list("id", flat=True))
    released.update(period=None)
    period.status = BillingPeriod.Status.CLOSED
    period.closed_at = timezone.now()
    period.closed_by = actor
    validated(period)
    period.save()
    record_event(
        action="billing.period.closed", actor=actor, target=period,
        data={
            "run": last_run.pk,
            "invoices": Invoice.objects.filter(period=period).count(),
            "amount_with_vat": last_run.amount_with_vat,
            "contracts_unbilled": unbilled,
            "recalculations_moved": released_ids,
        },
    )
    period_open(month=month_end(period.month) + ONE_DAY, actor=actor)
    return period
