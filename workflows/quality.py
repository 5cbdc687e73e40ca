"""A breach of the quality of supply, from the complaint to the recalculation (ПП РФ № 354,
прил. 1; docs/supply.md «Качество теплоснабжения»).

A technician or a manager registers the complaint (a consumer's call, a dispatcher's note, a
temperature below the source's schedule) with its number and time in the dispatch service →
a technician measures on site with a verified thermometer (an expired one is refused): the
points and their values, the outdoor temperature, T1/T2 and pressures at the inlet, the time
of restoration → «Акт о нарушении качества» is issued in the background → a manager approves
it (or returns it: back to the measurement) → the recalculation is queued for the next billing
run (residential: ПП 354; non-residential: hours × load out of a calculated volume), once.
"""

from __future__ import annotations

from viewflow import this
from viewflow.workflow import flow, lock

from supply.services.quality import quality_act_issue, quality_recalculate

from .dashboard import dashboard_flow
from .models import QualityProcess
from .quality_steps import ApprovalView, MeasurementView, StartView
from .queued import QueuedHandle
from .taking import TakeView

REGISTER = "supply.add_qualitycase"
MEASURE = "supply.measure_quality"
APPROVE = "supply.approve_quality_act"


@dashboard_flow("quality_flows")
class QualityFlow(flow.Flow):
    """Нарушение качества теплоснабжения

    Обращение потребителя, замер на месте поверенным термометром, акт о нарушении качества,
    утверждение руководителем и перерасчет платы в ближайшем расчете.
    """

    process_class = QualityProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.case }}"

    start = (
        flow.Start(StartView.as_view())
        .Annotation(title="Зарегистрировать нарушение качества")
        .Permission(REGISTER)
        .Next(this.measure)
    )

    measure = (
        TakeView(MeasurementView.as_view())
        .Annotation(title="Провести замер", summary_template="Замер: {{ process.case }}")
        .Permission(MEASURE)
        .Assign(this.measurer)
        .Next(this.issue_act)
    )

    issue_act = QueuedHandle(this.issue_quality_act).Annotation(title="Выпустить акт").Next(this.approve)

    approve = (
        TakeView(ApprovalView.as_view())
        .Annotation(title="Утвердить акт", summary_template="Утвердить акт: {{ process.case }}")
        .Permission(APPROVE)
        .Next(this.is_approved)
    )

    is_approved = (
        flow.If(lambda activation: activation.process.act_approved)
        .Annotation(title="Акт утвержден?")
        .Then(this.recalculate)
        .Else(this.measure)
    )

    recalculate = flow.Function(this.queue_recalculation).Annotation(title="Поставить перерасчет").Next(this.end)

    end = flow.End().Annotation(title="Перерасчет поставлен")

    def measurer(self, activation):
        """A returned act goes back to the technician who measured; a new case waits in the queue."""
        return activation.process.case.measured_by

    def issue_quality_act(self, activation):
        case = activation.process.case
        quality_act_issue(case=case, actor=case.measured_by, process=activation.process, task=activation.task)

    def queue_recalculation(self, activation):
        case = activation.process.case
        quality_recalculate(case=case, actor=case.decided_by)
