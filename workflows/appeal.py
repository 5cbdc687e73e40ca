"""An appeal of a consumer or another applicant, from its registration to the answer sent
(docs/reception.md; ПП РФ № 354 п. 31 «к»; docs/reception.md).

Registered on the reception page (a visit, a letter, an e-mail, ГИС ЖКХ, a call or a dispatch
note: the applicant, the category, the questions one by one; the term by the applicant and the
production calendar: ``reception.selectors.appeal_due``) → a manager assigns a specialist → the
specialist answers every question point by point beside the consumer's card, or starts an
action (an inspection, a recalculation, a reading check, a reconciliation) whose result the
answer cites → a manager signs: «Ответ на обращение» is issued (or returns it with a comment:
back to the answer) → the specialist records the way it was sent and the proof of delivery →
closed. The term running out before the answer is signed escalates the appeal to the manager
(a timer on each step before the signature, fired by ``workflows.tasks.fire_due_timers``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import generic
from viewflow import this
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow import flow, lock

from core.days import day_after
from core.errors import ApplicationError
from core.forms import apply_errors
from inspections.models import FieldInspection
from inspections.services.inspections import inspection_report
from reception.forms import RegisterForm
from reception.models import Appeal, AppealAction
from reception.services import appeal_action_start, appeal_close, appeal_escalate, appeal_register

from .appeal_steps import AnswerView, AssignView, SendView, SignView
from .dashboard import dashboard_flow
from .models import AppealProcess
from .taking import TakeView

ASSIGN = "reception.assign_appeal"
ANSWER = "reception.answer_appeal"
SIGN = "reception.sign_appeal"
ESCALATION = "Срок ответа истек: обращение передано руководителю"


@dashboard_flow("reception")
class AppealFlow(flow.Flow):
    """Обращения потребителей

    Регистрация обращения со сроком ответа, назначение исполнителя, ответ на каждый вопрос у
    карточки абонента, подпись руководителя и выпуск ответа, отправка с подтверждением
    вручения; просроченное обращение передается руководителю.
    """

    process_class = AppealProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = flow.StartHandle(this.start_appeal).Annotation(title="Обращение зарегистрировано").Next(this.assign)

    assign = (
        TakeView(AssignView.as_view())
        .Annotation(title="Назначить исполнителя", summary_template="Исполнитель: {{ process.artifact }}")
        .Permission(ASSIGN)
        .OnTimeout(this.term_over, this.escalate, interrupting=False, title="Срок ответа истек")
        .Next(this.answer)
    )

    answer = (
        TakeView(AnswerView.as_view())
        .Annotation(title="Подготовить ответ на обращение", summary_template="Ответ: {{ process.artifact }}")
        .Permission(ANSWER)
        .Assign(this.executor)
        .OnTimeout(this.term_over, this.escalate, interrupting=False, title="Срок ответа истек")
        .Next(this.sign)
    )

    sign = (
        TakeView(SignView.as_view())
        .Annotation(title="Подписать ответ на обращение", summary_template="Подписать ответ: {{ process.artifact }}")
        .Permission(SIGN)
        .OnTimeout(this.term_over, this.escalate, interrupting=False, title="Срок ответа истек")
        .Next(this.is_signed)
    )

    is_signed = (
        flow.If(lambda activation: activation.process.answer_signed)
        .Annotation(title="Ответ подписан?")
        .Then(this.send)
        .Else(this.answer)
    )

    send = (
        TakeView(SendView.as_view())
        .Annotation(title="Отметить отправку ответа", summary_template="Отправка ответа: {{ process.artifact }}")
        .Permission(ANSWER)
        .Assign(this.executor)
        .Next(this.close)
    )

    close = flow.Function(this.close_appeal).Annotation(title="Закрыть обращение").Next(this.closed)

    closed = flow.End().Annotation(title="Ответ направлен, обращение закрыто")

    escalate = flow.Function(this.escalate_appeal).Annotation(title="Передать руководителю").Next(this.escalated)

    escalated = flow.End().Annotation(title=ESCALATION)

    def start_appeal(self, activation, appeal: Appeal):
        activation.process.artifact = appeal
        return activation.process

    def executor(self, activation):
        """The specialist the manager chose answers and sends."""
        return activation.process.appeal.executor

    def term_over(self, activation):
        """The start of the day after the last day of the answer."""
        due = activation.process.appeal.due_on
        return day_after(due)

    def escalate_appeal(self, activation):
        appeal_escalate(appeal=activation.process.appeal)

    def close_appeal(self, activation):
        appeal = activation.process.appeal
        appeal_close(appeal=appeal, actor=appeal.executor)


def start_appeal(*, actor, **data) -> AppealProcess:
    """Register the appeal (the service) and start its process, all or nothing."""
    with transaction.atomic():
        appeal = appeal_register(actor=actor, **data)
        return AppealFlow.start.run(appeal=appeal)


def appeal_action_open(*, appeal: Appeal, kind: str, description: str, actor, reference: str = "") -> AppealAction:
    """An action started from the appeal: an inspection is reported to the technicians (the
    inspections' queue, the applicant as the reporter); other actions name what was started."""
    with transaction.atomic():
        if kind == AppealAction.Kind.INSPECTION:
            consumer = appeal.consumer
            address = appeal.applicant_address or (consumer.postal_address or consumer.legal_address if consumer else "")
            inspection = inspection_report(source=FieldInspection.Source.DISPATCHER,
                                           note=f"Обращение № {appeal.number}: {description}", actor=actor,
                                           address=address, reporter=appeal.applicant_name)
            reference = f"Обследование № {inspection.pk}"
        return appeal_action_start(appeal=appeal, kind=kind, description=description, reference=reference,
                                   actor=actor)


# ---------------------------------------------------------------- the registration page


class RegisterView(generic.FormView):
    """Whoever receives an appeal registers it: the process starts, the manager assigns it."""

    form_class = RegisterForm
    template_name = "reception/form_page.html"
    permission = "reception.register_appeal"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"received_at": timezone.localtime().replace(second=0, microsecond=0)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title="Регистрация обращения", submit_label="Зарегистрировать",
                                        intro="Срок ответа считается по виду заявителя и производственному календарю.",
                                        **kwargs)

    def form_valid(self, form):
        try:
            process = start_appeal(actor=self.request.user, **form.service_data())
        except ApplicationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        appeal = process.appeal
        messages.success(self.request, f"Зарегистрировано: {appeal}, срок ответа {appeal.due_on:%d.%m.%Y}")
        return redirect("reception:journal:index")


class RegisterViewset(AppMenuMixin, Viewset):
    app_name = "register"
    title = "Регистрация обращения"
    icon = "post_add"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(RegisterView.permission)

    @property
    def index_path(self):
        return path("", RegisterView.as_view(), name="index")
