"""The preparation of a heat-supply contract, or of a supplementary agreement to an active one
(docs/contracts.md; ГК РФ ст. 445, 539–548; ПП РФ № 808, раздел III).

A billing specialist registers the consumer's application with its document checklist → all
documents there: to the technician; missing: «Исходящее письмо» asking for them with a term →
the timer waits the term out (fired by the beat task ``workflows.tasks.fire_due_timers``) →
the documents that came are marked → still missing: the overdue term goes to the manager
(request again, or refuse: end «Отказ») → a technician prepares the technical part (loads
per object and use, the monthly contract volumes by ``billing.forecast``, points of supply,
boundaries, metering units, the signers of both parties) → a lawyer accepts the draft or
returns it with comments (back to the technician) → a manager approves it or returns it →
the package is issued in the background («Договор теплоснабжения» with its five annexes, or
«Дополнительное соглашение») → registered as sent → the consumer's answer: signed (the
register gets the contract, or the agreement's changes, and a version: end «Договор
подписан»), a «протокол разногласий» recorded point by point (a lawyer answers with
«протокол согласования разногласий», sent again: the loop), or refused (end «Отказ»). The
consumer's term to answer running out (``CONTRACT_RESPONSE_DAYS`` from sending) escalates the
application to the manager: a non-interrupting timer on the answer's step, fired by the beat
task, records the escalation (the answer's step stays open).
Each human step has its due date (``ContractProcess.task_due_date``): overdue steps show on
the managers' workload page.
"""

from __future__ import annotations

from datetime import timedelta

from viewflow import this
from viewflow.workflow import flow, lock

from contracts.models import ContractApplication
from contracts.services import package_issue, response_overdue_escalate
from core.days import day_after

from .contract_steps import (
    AnswerView,
    ApproveView,
    DraftView,
    OverdueView,
    ReceiveView,
    RegisterView,
    RequestView,
    ResponseView,
    ReviewView,
    SendView,
)
from .dashboard import dashboard_flow
from .models import CONTRACT_RESPONSE_DAYS, ContractProcess
from .queued import QueuedHandle
from .taking import TakeView

REGISTER = "contracts.register_application"
PREPARE = "contracts.prepare_draft"
REVIEW = "contracts.review_draft"
APPROVE = "contracts.approve_contract"
SIGNED, REFUSED = "Договор подписан", "Отказ"
ESCALATION = "Ответ абонента просрочен, передано руководителю"
S = ContractApplication.Status


def _status(*statuses):
    return lambda activation: activation.process.status_is(*statuses)


@dashboard_flow("contract_flows")
class ContractFlow(flow.Flow):
    """Заключение договора теплоснабжения

    Заявка с перечнем документов, запрос недостающих с ожиданием срока, техническая часть
    с договорными объемами, проверка юристом, утверждение руководителем, выпуск договора с
    приложениями (или дополнительного соглашения), отправка, подписание или протокол
    разногласий и ответ на него.
    """

    process_class = ContractProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = (
        flow.Start(RegisterView.as_view())
        .Annotation(title="Зарегистрировать заявку на договор")
        .Permission(REGISTER)
        .Next(this.has_documents)
    )

    has_documents = (
        flow.If(lambda activation: activation.process.documents_complete)
        .Annotation(title="Все документы представлены?")
        .Then(this.draft)
        .Else(this.request)
    )

    request = (
        TakeView(RequestView.as_view())
        .Annotation(title="Запросить недостающие документы", summary_template="Запрос документов: {{ process.artifact }}")
        .Permission(REGISTER)
        .Next(this.documents_term)
    )

    documents_term = flow.Timer(this.documents_due).Annotation(title="Срок представления документов").Next(this.receive)

    receive = (
        TakeView(ReceiveView.as_view())
        .Annotation(title="Отметить полученные документы", summary_template="Документы: {{ process.artifact }}")
        .Permission(REGISTER)
        .Next(this.received_all)
    )

    received_all = (
        flow.If(lambda activation: activation.process.documents_complete)
        .Annotation(title="Документы получены?")
        .Then(this.draft)
        .Else(this.overdue)
    )

    overdue = (
        TakeView(OverdueView.as_view())
        .Annotation(title="Срок истек: решить по заявке", summary_template="Срок истек: {{ process.artifact }}")
        .Permission(APPROVE)
        .Next(this.is_extended)
    )

    is_extended = (
        flow.If(_status(S.REGISTERED))
        .Annotation(title="Запросить повторно?")
        .Then(this.request)
        .Else(this.refused)
    )

    draft = (
        TakeView(DraftView.as_view())
        .Annotation(title="Подготовить техническую часть договора", summary_template="Проект: {{ process.artifact }}")
        .Permission(PREPARE)
        .Next(this.review)
    )

    review = (
        TakeView(ReviewView.as_view())
        .Annotation(title="Проверить проект договора", summary_template="Проверка проекта: {{ process.artifact }}")
        .Permission(REVIEW)
        .Next(this.is_accepted)
    )

    is_accepted = (
        flow.If(_status(S.APPROVAL))
        .Annotation(title="Проект принят юристом?")
        .Then(this.approve)
        .Else(this.draft)
    )

    approve = (
        TakeView(ApproveView.as_view())
        .Annotation(title="Утвердить договор", summary_template="Утвердить договор: {{ process.artifact }}")
        .Permission(APPROVE)
        .Next(this.is_approved)
    )

    is_approved = (
        flow.If(_status(S.ISSUED))
        .Annotation(title="Договор утвержден?")
        .Then(this.issue)
        .Else(this.draft)
    )

    issue = QueuedHandle(this.issue_package).Annotation(title="Выпустить договор с приложениями").Next(this.send)

    send = (
        TakeView(SendView.as_view())
        .Annotation(title="Отметить отправку абоненту", summary_template="Отправка: {{ process.artifact }}")
        .Permission(REGISTER)
        .Next(this.response)
    )

    response = (
        TakeView(ResponseView.as_view())
        .Annotation(title="Внести ответ абонента", summary_template="Ответ абонента: {{ process.artifact }}")
        .Permission(REGISTER)
        .OnTimeout(this.response_term, this.escalate, interrupting=False, title="Срок ответа абонента истек")
        .Next(this.outcome)
    )

    outcome = (
        flow.Switch()
        .Annotation(title="Что ответил абонент?")
        .Case(this.signed, _status(S.SIGNED))
        .Case(this.answer, _status(S.DISAGREEMENT))
        .Default(this.refused)
    )

    answer = (
        TakeView(AnswerView.as_view())
        .Annotation(title="Ответить на протокол разногласий", summary_template="Разногласия: {{ process.artifact }}")
        .Permission(REVIEW)
        .Next(this.send)
    )

    escalate = flow.Function(this.escalate_response).Annotation(title="Передать руководителю").Next(this.escalated)

    escalated = flow.End().Annotation(title=ESCALATION)

    signed = flow.End().Annotation(title=SIGNED)

    refused = flow.End().Annotation(title=REFUSED)

    def documents_due(self, activation):
        """The start of the day after the request's term."""
        due = activation.process.application.documents_due
        return day_after(due)

    def response_term(self, activation):
        """The start of the day after the consumer's term to answer (``CONTRACT_RESPONSE_DAYS`` from sending)."""
        due = activation.process.application.sent_on + timedelta(days=CONTRACT_RESPONSE_DAYS)
        return day_after(due)

    def escalate_response(self, activation):
        response_overdue_escalate(application=activation.process.application)

    def issue_package(self, activation):
        application = activation.process.application
        package_issue(application=application, actor=application.registered_by)
