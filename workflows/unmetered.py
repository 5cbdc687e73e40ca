"""Contract-less and unmetered consumption found at a field inspection, from the act to the
money (docs/inspections.md, «Процесс»; 190-ФЗ ст. 22 ч. 8–10; ПП РФ № 1034).

Started from an inspection on a route or reported (anyone who may report one) → the
technician of the inspection fills the act on the phone page (``inspections.act_page``) →
the act is issued in the background («Акт о выявлении бездоговорного потребления» or «Акт о
нарушении учета») → a lawyer accepts it or returns it with comments (back to the act page) →
a billing specialist confirms the calculation's inputs from the act (the period from the
previous inspection or a stated start, the act's loads, the tariff group) and «Расчет объема
и стоимости» is issued → a manager approves it (or returns it: back to the calculation) →
«Требование об оплате» is issued with the invoice and registered as sent → the timer waits out
the demand's term (fired by ``workflows.tasks.fire_due_timers``) → paid by the settlements
ledger (payments of the person since the demand: ``inspections.selectors.demand_paid``): end
«Оплачено» → unpaid: for an unauthorised connection or a large damage
(``regulations.police``) a lawyer issues «Заявление в полицию» (a police case of the case
files); end «Передано юристам».
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from viewflow import this
from viewflow.workflow import flow, lock

from core.days import day_after
from inspections.services.acts import act_issue
from inspections.services.charges import police_statement_due_for

from .dashboard import dashboard_flow
from .models import UnmeteredProcess
from .queued import QueuedHandle
from .taking import TakeView
from .unmetered_police import PoliceView
from .unmetered_steps import (
    ActView,
    CalculationApprovalView,
    CalculationView,
    DemandView,
    ReviewView,
    StartView,
)

REPORT = "inspections.add_fieldinspection"
FILL = "inspections.fill_act"
REVIEW = "inspections.review_act"
CALCULATE = "inspections.issue_calculation"
APPROVE = "inspections.approve_calculation"
DEMAND = "inspections.issue_payment_demand"
POLICE = "casefiles.add_case"
PAID, TO_LAWYERS = "Оплачено", "Передано юристам"


@dashboard_flow("unmetered_flows")
class UnmeteredFlow(flow.Flow):
    """Бездоговорное и безучетное потребление

    Акт обследования на телефоне техника, проверка юристом, расчет объема и стоимости с
    утверждением руководителем, требование об оплате, ожидание срока оплаты; при неоплате —
    передача юристам и заявление в полицию.
    """

    process_class = UnmeteredProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = (
        flow.Start(StartView.as_view())
        .Annotation(title="Начать процесс по обследованию")
        .Permission(REPORT)
        .Next(this.fill_act)
    )

    fill_act = (
        TakeView(ActView.as_view())
        .Annotation(title="Составить акт", summary_template="Акт: {{ process.artifact }}")
        .Permission(FILL)
        .Assign(this.inspection_technician)
        .Next(this.issue_act)
    )

    issue_act = QueuedHandle(this.issue_violation_act).Annotation(title="Выпустить акт").Next(this.review)

    review = (
        TakeView(ReviewView.as_view())
        .Annotation(title="Проверить акт", summary_template="Проверка акта: {{ process.artifact }}")
        .Permission(REVIEW)
        .Next(this.is_returned)
    )

    is_returned = (
        flow.If(lambda activation: activation.process.act_returned)
        .Annotation(title="Акт возвращен на исправление?")
        .Then(this.fill_act)
        .Else(this.calculate)
    )

    calculate = (
        TakeView(CalculationView.as_view())
        .Annotation(title="Выпустить расчет объема и стоимости", summary_template="Расчет: {{ process.artifact }}")
        .Permission(CALCULATE)
        .Next(this.approve)
    )

    approve = (
        TakeView(CalculationApprovalView.as_view())
        .Annotation(title="Утвердить расчет", summary_template="Утвердить расчет: {{ process.artifact }}")
        .Permission(APPROVE)
        .Next(this.is_approved)
    )

    is_approved = (
        flow.If(lambda activation: activation.process.calculation_approved)
        .Annotation(title="Расчет утвержден?")
        .Then(this.demand)
        .Else(this.calculate)
    )

    demand = (
        TakeView(DemandView.as_view())
        .Annotation(title="Выпустить и отправить требование об оплате", summary_template="Требование: {{ process.artifact }}")
        .Permission(DEMAND)
        .Next(this.payment_term)
    )

    payment_term = flow.Timer(this.payment_term_over).Annotation(title="Срок оплаты требования").Next(this.is_paid)

    is_paid = (
        flow.If(lambda activation: activation.process.demand_paid)
        .Annotation(title="Требование оплачено?")
        .Then(this.paid)
        .Else(this.needs_police)
    )

    paid = flow.End().Annotation(title=PAID)

    needs_police = (
        flow.If(this.police_statement_due)
        .Annotation(title="Самовольное подключение или крупный ущерб?")
        .Then(this.police)
        .Else(this.to_lawyers)
    )

    police = (
        TakeView(PoliceView.as_view())
        .Annotation(title="Выпустить заявление в полицию", summary_template="Заявление в полицию: {{ process.artifact }}")
        .Permission(POLICE)
        .Next(this.to_lawyers)
    )

    to_lawyers = flow.End().Annotation(title=TO_LAWYERS)

    def inspection_technician(self, activation):
        """The inspection's technician fills the act; a reported one without a technician waits in the queue."""
        return activation.process.inspection.technician

    def issue_violation_act(self, activation):
        act = activation.process.act
        act_issue(act=act, actor=act.filled_by)

    def payment_term_over(self, activation):
        """The start of the day after the demand's last day of payment."""
        due = date.fromisoformat(activation.process.data["demand"]["due"])
        return day_after(due)

    def police_statement_due(self, activation):
        process = activation.process
        return police_statement_due_for(act=process.act, damage=Decimal(process.data["demand"]["amount"]))
