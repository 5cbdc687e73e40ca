"""An interruption of heat supply, from its registration to the recalculation (docs/supply.md;
ПП РФ № 354, прил. 1; ГК РФ ст. 542, 546, 547).

Registered by a technician on the dispatcher's duty (or a manager): planned — announced in
advance, a notice to each affected consumer issued and registered as sent no later than the
legal lead time (``supply.InterruptionNoticeTerm``), then the stop recorded in the dispatch
log — or emergency, registered with the dispatcher's call and the stop → localisation →
restoration (each a dispatch-log entry; the act takes its times from them) → the act's facts
(fault side by the balance boundary, owner, outdoor temperature, readings) → «Акт о времени
прекращения подачи тепловой энергии и времени локализации неисправности» issued in the
background → signatures and refusals → a manager approves (or returns: back to the act) →
a fault on the consumer's side: end without recalculation; otherwise the recalculations are
queued for the next billing run and each consumer's «Ведомость перерасчета» is issued.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from viewflow import this
from viewflow.workflow import flow, lock

from supply.services.interruptions import interruption_act_issue
from supply.services.recalculations import interruption_recalculate

from .dashboard import dashboard_flow
from .interruption_steps import (
    ActView,
    ApproveView,
    LocaliseView,
    NoticeView,
    RegisterView,
    RestoreView,
    SignView,
    StopView,
)
from .models import InterruptionProcess
from .queued import QueuedHandle
from .taking import TakeView

REGISTER = "supply.register_interruption"
ISSUE = "supply.issue_interruption_act"
APPROVE = "supply.approve_interruption_act"
RECALCULATED, CONSUMER_SIDE = "Перерасчет поставлен", "Неисправность на стороне потребителя: без перерасчета"


@dashboard_flow("supply_flows")
class InterruptionFlow(flow.Flow):
    """Перерыв теплоснабжения

    Плановый (с уведомлением потребителей) или аварийный перерыв: журнал диспетчера, акт о
    времени прекращения подачи и локализации неисправности, подписи, утверждение
    руководителем, перерасчет и ведомость перерасчета.
    """

    process_class = InterruptionProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = (
        flow.Start(RegisterView.as_view())
        .Annotation(title="Зарегистрировать перерыв теплоснабжения")
        .Permission(REGISTER)
        .Next(this.is_planned)
    )

    is_planned = (
        flow.If(lambda activation: activation.process.is_planned)
        .Annotation(title="Плановый перерыв?")
        .Then(this.notify)
        .Else(this.localise)
    )

    notify = (
        TakeView(NoticeView.as_view())
        .Annotation(title="Уведомить потребителей", summary_template="Уведомления: {{ process.artifact }}")
        .Permission(REGISTER)
        .Next(this.stop)
    )

    stop = (
        TakeView(StopView.as_view())
        .Annotation(title="Записать прекращение подачи", summary_template="Прекращение: {{ process.artifact }}")
        .Permission(REGISTER)
        .Next(this.restore)
    )

    localise = (
        TakeView(LocaliseView.as_view())
        .Annotation(title="Записать локализацию неисправности", summary_template="Локализация: {{ process.artifact }}")
        .Permission(REGISTER)
        .Next(this.restore)
    )

    restore = (
        TakeView(RestoreView.as_view())
        .Annotation(title="Записать восстановление подачи", summary_template="Восстановление: {{ process.artifact }}")
        .Permission(REGISTER)
        .Next(this.fill_act)
    )

    fill_act = (
        TakeView(ActView.as_view())
        .Annotation(title="Составить акт", summary_template="Акт: {{ process.artifact }}")
        .Permission(ISSUE)
        .Next(this.issue_act)
    )

    issue_act = QueuedHandle(this.issue_interruption_act).Annotation(title="Выпустить акт").Next(this.sign)

    sign = (
        TakeView(SignView.as_view())
        .Annotation(title="Записать подписи и отказы", summary_template="Подписи: {{ process.artifact }}")
        .Permission(ISSUE)
        .Next(this.approve)
    )

    approve = (
        TakeView(ApproveView.as_view())
        .Annotation(title="Утвердить акт", summary_template="Утвердить акт: {{ process.artifact }}")
        .Permission(APPROVE)
        .Next(this.is_returned)
    )

    is_returned = (
        flow.If(lambda activation: activation.process.act_returned)
        .Annotation(title="Акт возвращен на исправление?")
        .Then(this.fill_act)
        .Else(this.is_consumer_side)
    )

    is_consumer_side = (
        flow.If(lambda activation: activation.process.on_consumer_side)
        .Annotation(title="Неисправность на стороне потребителя?")
        .Then(this.consumer_side)
        .Else(this.recalculate)
    )

    recalculate = (
        QueuedHandle(this.queue_recalculations).Annotation(title="Поставить перерасчет").Next(this.recalculated)
    )

    recalculated = flow.End().Annotation(title=RECALCULATED)

    consumer_side = flow.End().Annotation(title=CONSUMER_SIDE)

    def issue_interruption_act(self, activation):
        process = activation.process
        actor = get_user_model().objects.get(pk=process.data["act_by"])
        interruption_act_issue(interruption=process.interruption, actor=actor, process=process, task=activation.task)

    def queue_recalculations(self, activation):
        interruption = activation.process.interruption
        interruption_recalculate(interruption=interruption, actor=interruption.approved_by,
                                 process=activation.process, task=activation.task)
