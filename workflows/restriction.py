"""A restriction of supply to a debtor, from the warning to the lifting (ПП РФ № 808, п. 92–93;
docs/supply.md «Ограничение подачи за долги»).

A billing specialist (or a manager) chooses the contract and its object: the overdue debt must
exceed the rule's periods of payment, or the warning is refused naming the contract → the
written warning is issued and registered as sent on its day → the timer waits out the rule's
lead time (the warning's day + ``reference.SupplyRestrictionRule.notice_days``; fired by the beat
task ``workflows.tasks.fire_due_timers``) → if the overdue debt no longer exceeds the ground (paid
down meanwhile), the warning is withdrawn and the process ends «Предупреждение отозвано» → else
the restriction is recorded (date and time, how, who; not before the lead time is over, and only
while the ground holds on its day) and «Акт о введении ограничения» issued — or, the debt paid
after the lead time, the specialist withdraws the warning at that step and the process ends
«Предупреждение отозвано» → after the
payment or an agreement on repayment the lifting is recorded (its basis) and «Акт о снятии
ограничения» issued → end. Each step is one service of ``supply.services.restrictions``.
"""

from __future__ import annotations

from django.utils import timezone
from viewflow import this
from viewflow.workflow import flow, lock

from core.days import day_start
from supply.services.restrictions import restriction_withdraw

from .dashboard import dashboard_flow
from .models import RestrictionProcess
from .restriction_steps import ImposeView, LiftView, WarnView
from .taking import TakeView

RESTRICT = "supply.restrict_supply"
LIFTED = "Ограничение снято"
WITHDRAWN = "Предупреждение отозвано: долг погашен"
PAID_DOWN = "просроченная задолженность погашена до истечения срока предупреждения"


@dashboard_flow("supply_flows")
class RestrictionFlow(flow.Flow):
    """Ограничение подачи за долги

    Предупреждение должнику с установленным сроком, ожидание срока, акт о введении ограничения,
    акт о снятии ограничения после оплаты или соглашения о погашении.
    """

    process_class = RestrictionProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = (
        flow.Start(WarnView.as_view())
        .Annotation(title="Предупредить должника об ограничении")
        .Permission(RESTRICT)
        .Next(this.lead_time)
    )

    lead_time = flow.Timer(this.lead_time_over).Annotation(title="Срок предупреждения").Next(this.still_owed)

    still_owed = (
        flow.If(lambda activation: activation.process.grounds_hold)
        .Annotation(title="Основание сохраняется?")
        .Then(this.impose)
        .Else(this.withdraw)
    )

    withdraw = flow.Function(this.withdraw_warning).Annotation(title="Отозвать предупреждение").Next(this.withdrawn)

    withdrawn = flow.End().Annotation(title=WITHDRAWN)

    impose = (
        TakeView(ImposeView.as_view())
        .Annotation(title="Ввести ограничение", summary_template="Ввести ограничение: {{ process.artifact }}")
        .Permission(RESTRICT)
        .Next(this.restricted)
    )

    restricted = (
        flow.If(lambda activation: activation.process.restricted)
        .Annotation(title="Ограничение введено?")
        .Then(this.lift)
        .Else(this.withdrawn)
    )

    lift = (
        TakeView(LiftView.as_view())
        .Annotation(title="Снять ограничение", summary_template="Снять ограничение: {{ process.artifact }}")
        .Permission(RESTRICT)
        .Next(this.lifted)
    )

    lifted = flow.End().Annotation(title=LIFTED)

    def withdraw_warning(self, activation):
        """The debt was paid down during the lead time: the warning is withdrawn in the name of
        whoever issued it."""
        restriction = activation.process.restriction
        restriction_withdraw(restriction=restriction, withdrawn_on=timezone.localdate(), basis=PAID_DOWN,
                             actor=restriction.created_by)

    def lead_time_over(self, activation):
        """The start of the earliest day of the restriction the warning allows (Moscow time)."""
        day = activation.process.restriction.earliest_on
        return day_start(day)
