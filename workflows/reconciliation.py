"""Reconciliations with a consumer (docs/reconciliation.md).

Readings: a technician chooses a consumer and a range of closed billing months → «Акт
сверки показаний приборов учета» is issued in the background → registered as sent → the
consumer returns it signed (end) or with its own figures → a technician's task resolves the
differences → the act is reissued (replacing the previous one) → sent again.

Settlements: a billing specialist chooses a contract and a range of dates → «Акт сверки
взаимных расчетов» is issued from the settlements ledger → sent → returned signed (who
signed and on what authority) → an act signed by an authorised person acknowledges the
debts (ГК РФ ст. 203): the case files receive the acknowledgement with the day of signing →
end; or returned with the consumer's figures → a billing specialist's task resolves them →
reissued → sent again.
"""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow, lock

from casefiles.services import reconciliation_acknowledge
from reconciliation.services import readings_act_issue, settlements_act_issue

from .dashboard import dashboard_flow
from .models import ReadingsReconciliationProcess, SettlementsReconciliationProcess
from .queued import QueuedHandle
from .reconciliation_steps import (
    ReadingsReturnView,
    ReadingsStartView,
    ResolveView,
    SendView,
    SettlementsReturnView,
    SettlementsStartView,
)
from .taking import TakeView

READINGS = "reconciliation.conduct_readings_reconciliation"
SETTLEMENTS = "reconciliation.conduct_settlements_reconciliation"


@dashboard_flow("reconciliation_flows")
class ReadingsReconciliationFlow(flow.Flow):
    """Сверка показаний приборов учета

    Акт сверки показаний за месяцы закрытых расчетных периодов, отправка абоненту, возврат
    подписанным или с данными абонента; разногласия разрешает техник, акт переоформляется.
    """

    process_class = ReadingsReconciliationProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = (
        flow.Start(ReadingsStartView.as_view())
        .Annotation(title="Начать сверку показаний")
        .Permission(READINGS)
        .Next(this.issue)
    )

    issue = QueuedHandle(this.issue_act).Annotation(title="Выпустить акт сверки показаний").Next(this.send)

    send = (
        TakeView(SendView.as_view())
        .Annotation(title="Отметить отправку акта", summary_template="Отправка: {{ process.artifact }}")
        .Permission(READINGS)
        .Assign(this.starter)
        .Next(this.returned)
    )

    returned = (
        TakeView(ReadingsReturnView.as_view())
        .Annotation(title="Отметить возврат акта", summary_template="Возврат: {{ process.artifact }}")
        .Permission(READINGS)
        .Assign(this.starter)
        .Next(this.is_disputed)
    )

    is_disputed = (
        flow.If(lambda activation: activation.process.disputed)
        .Annotation(title="Есть разногласия?")
        .Then(this.settle)
        .Else(this.signed)
    )

    settle = (
        TakeView(ResolveView.as_view())
        .Annotation(title="Разрешить разногласия по показаниям", summary_template="Разногласия: {{ process.artifact }}")
        .Permission(READINGS)
        .Next(this.issue)
    )

    signed = flow.End().Annotation(title="Акт подписан")

    def starter(self, activation):
        return activation.process.act.created_by

    def issue_act(self, activation):
        act = activation.process.act
        readings_act_issue(act=act, actor=act.created_by, process=activation.process, task=activation.task)


@dashboard_flow("reconciliation_flows")
class SettlementsReconciliationFlow(flow.Flow):
    """Сверка взаимных расчетов

    Акт сверки по договору из учета расчетов, отправка абоненту, возврат подписанным (признание
    долга, ГК РФ ст. 203) или с данными абонента; разногласия разрешает расчетчик, акт переоформляется.
    """

    process_class = SettlementsReconciliationProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = (
        flow.Start(SettlementsStartView.as_view())
        .Annotation(title="Начать сверку расчетов")
        .Permission(SETTLEMENTS)
        .Next(this.issue)
    )

    issue = QueuedHandle(this.issue_act).Annotation(title="Выпустить акт сверки расчетов").Next(this.send)

    send = (
        TakeView(SendView.as_view())
        .Annotation(title="Отметить отправку акта", summary_template="Отправка: {{ process.artifact }}")
        .Permission(SETTLEMENTS)
        .Assign(this.starter)
        .Next(this.returned)
    )

    returned = (
        TakeView(SettlementsReturnView.as_view())
        .Annotation(title="Отметить возврат акта", summary_template="Возврат: {{ process.artifact }}")
        .Permission(SETTLEMENTS)
        .Assign(this.starter)
        .Next(this.is_disputed)
    )

    is_disputed = (
        flow.If(lambda activation: activation.process.disputed)
        .Annotation(title="Есть разногласия?")
        .Then(this.settle)
        .Else(this.acknowledge)
    )

    settle = (
        TakeView(ResolveView.as_view())
        .Annotation(title="Разрешить разногласия по расчетам", summary_template="Разногласия: {{ process.artifact }}")
        .Permission(SETTLEMENTS)
        .Next(this.issue)
    )

    acknowledge = (
        flow.Function(this.record_acknowledgement).Annotation(title="Признание долга для дел").Next(this.signed)
    )

    signed = flow.End().Annotation(title="Акт подписан")

    def starter(self, activation):
        return activation.process.act.created_by

    def issue_act(self, activation):
        act = activation.process.act
        settlements_act_issue(act=act, actor=act.created_by, process=activation.process, task=activation.task)

    def record_acknowledgement(self, activation):
        act = activation.process.act
        reconciliation_acknowledge(act=act, actor=act.created_by)
