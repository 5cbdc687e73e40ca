"""The reconciliations' demo (docs/reconciliation.md): the quarter's statements over the closed
billing months the demo has (at most three, the last run of consecutive closed months — an
open month is refused, so none is used), each through its flow as the pages would drive it.

Settlements («Акт сверки взаимных расчетов»): the first contracts with charges in those months —
the first signed by the consumer's director (the debts acknowledged for the case files), the
second with the consumer's figures (the billing specialist's task to resolve them), the others
sent and waiting for their return. Readings («Акт сверки показаний приборов учета»): the first
consumer with readings in those months, returned with its own figures (the technician's task).
A second run starts nothing."""

from __future__ import annotations

import calendar
from decimal import Decimal
from types import SimpleNamespace

from accounts.roles import BILLING, TECHNICIAN
from billing.models import BillingPeriod
from metering.models import Reading
from reconciliation.services import (
    act_send,
    readings_act_return,
    readings_reconciliation_create,
    settlements_act_return,
    settlements_reconciliation_create,
)
from subscribers.models import Consumer, Contract

from .models import SettlementsReconciliationProcess
from .queued import run_queued
from .reconciliation import ReadingsReconciliationFlow, SettlementsReconciliationFlow

SETTLEMENTS = 4  # contracts reconciled
MONTHS = 3  # a quarter at most


def closed_months() -> list:
    """The last run of consecutive closed billing months, at most a quarter."""
    months = list(BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED).order_by("month")
                  .values_list("month", flat=True))
    run: list = []
    for month in months:
        if run and (month.year * 12 + month.month) - (run[-1].year * 12 + run[-1].month) != 1:
            run = []
        run.append(month)
    return run[-MONTHS:]


def _open(process, node):
    return process.task_set.exclude(status__in=["DONE", "CANCELED"]).get(flow_task=node)


def _start(flow_class, user, create):
    node = flow_class.start
    activation = node.activation_class.create(node, None, None)
    activation.start(SimpleNamespace(user=user))
    activation.process.artifact = create()
    activation.execute()
    process = activation.process
    run_queued(_open(process, flow_class.issue))  # the act, as the Celery task issues it
    return process


def _step(process, node, user, action) -> None:
    """Start the (assigned) task, run the node's one service, execute — as the step's page would."""
    task = _open(process, node)
    with task.activation() as activation:
        if task.owner_id is None:
            activation.assign(user)
    with task.activation() as activation:
        activation.start(SimpleNamespace(user=user))
        action(activation.process.act)
        activation.execute()


def reconciliation_processes(ctx, user) -> None:
    Settlements, Readings = SettlementsReconciliationFlow, ReadingsReconciliationFlow
    if SettlementsReconciliationProcess.objects.filter(flow_class=Settlements).exists():
        return
    billing, technician = user(BILLING), user(TECHNICIAN)
    months = closed_months()
    if not months or billing is None or technician is None:
        ctx.notes.append("Сверки: нет закрытых расчетных периодов или пользователей — не запущены")
        return
    date_from = months[0]
    date_to = months[-1].replace(day=calendar.monthrange(months[-1].year, months[-1].month)[1])
    today = ctx.today
    contracts = list(Contract.objects.filter(status=Contract.Status.ACTIVE, debts__period__in=months)
                     .select_related("consumer").distinct().order_by("number")[:SETTLEMENTS])
    for n, contract in enumerate(contracts):
        process = _start(Settlements, billing, lambda c=contract: settlements_reconciliation_create(
            contract=c, date_from=date_from, date_to=date_to, actor=billing))
        _step(process, Settlements.send, billing, lambda act: act_send(act=act, sent_on=today, note="Почта России",
                                                                       actor=billing))
        if n == 0:
            _step(process, Settlements.returned, billing, lambda act: settlements_act_return(
                act=act, returned_on=today, signed=True, signer_name="Орлов Андрей Викторович",
                signer_position="Директор", authority_basis="charter", actor=billing))
        elif n == 1:
            _step(process, Settlements.returned, billing, lambda act: settlements_act_return(
                act=act, returned_on=today, signed=False,
                note="Не учтен платеж по платежному поручению № 318 на 4 800,00 руб.", actor=billing))
    consumer_id = (Reading.objects.filter(period__in=months).order_by("unit__heated_object__consumer__code")
                   .values_list("unit__heated_object__consumer", flat=True).first())
    readings = None
    if consumer_id is not None:
        consumer = Consumer.objects.get(pk=consumer_id)
        readings = _start(Readings, technician, lambda: readings_reconciliation_create(
            consumer=consumer, date_from=date_from, date_to=months[-1], actor=technician))
        _step(readings, Readings.send, technician, lambda act: act_send(act=act, sent_on=today, note="нарочно",
                                                                        actor=technician))
        _step(readings, Readings.returned, technician, lambda act: readings_act_return(
            act=act, returned_on=today, signed=False, consumer_gcal=Decimal("1.000"),
            note="Абонент не согласен с показаниями на конец периода", actor=technician))
    ctx.notes.append(f"Сверки за {date_from:%m.%Y}–{date_to:%m.%Y}: расчетов — {len(contracts)} (одна с разногласиями), "
                     f"показаний — {1 if readings else 0} (с разногласиями, задача технику)")
