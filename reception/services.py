"""Every write of the reception (docs/reception.md): an appeal registered with its questions
and term, given to an executor, answered point by point (with the actions the answer cites),
signed by a manager — «Ответ на обращение» issued — sent with the proof of delivery, closed;
an overdue one escalated; any letter of the department issued. Each one transaction with its
audit event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone
from viewflow.workflow.models import Process, Task

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import allowed, require
from core.types import Actor
from core.validation import validated
from documents.documents import letter_context, organization_signer
from documents.models import ArchivedDocument
from documents.numbering import next_registration_number
from documents.services import issue_document
from subscribers.models import Consumer, Contract
from subscribers.selectors import our_organization

from .documents import appeal_answer_context
from .models import Appeal, AppealAction, AppealQuestion, Booking
from .selectors import appeal_due, reception_hours

NUMBER_PREFIX = "ОБР"
ANSWER_TEMPLATE = "reception.appeal_answer"
MAX_QUESTIONS = 30


def _state(appeal: Appeal, *allowed: str, field: str = "appeal") -> Appeal:
    """The appeal read afresh under a row lock, refused unless it is in one of ``allowed``."""
    fresh = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if fresh.status not in allowed:
        raise ApplicationError(f"{fresh}: состояние «{fresh.get_status_display()}» не позволяет этот шаг",
                               code="state_conflict", field=field)
    return fresh


def appeal_register(*, received_at: datetime, channel: str, applicant_kind: str, applicant_name: str,
                    category: str, summary: str, questions: Sequence[str], actor: Actor,
                    applicant_address: str = "", applicant_phone: str = "", applicant_email: str = "",
                    consumer: Consumer | None = None, contract: Contract | None = None,
                    incoming_number: str = "", incoming_date: date | None = None) -> Appeal:
    """Register an appeal: its number (ОБР-…), the questions one by one, the term of the answer
    by the applicant and the production calendar."""
    require(actor, "reception.register_appeal")
    texts = [text.strip() for text in questions if text and text.strip()]
    if not texts:
        raise ApplicationError("Укажите хотя бы один вопрос заявителя", code="required", field="questions")
    if len(texts) > MAX_QUESTIONS:
        raise ApplicationError(f"Вопросов не больше {MAX_QUESTIONS}", code="too_many", field="questions")
    if received_at > timezone.now():
        raise ApplicationError("Время поступления не может быть в будущем", code="in_future", field="received_at")
    if contract is not None and consumer is not None and contract.consumer_id != consumer.pk:
        raise ApplicationError("Договор относится к другому абоненту", code="foreign_object", field="contract")
    if contract is not None and consumer is None:
        consumer = contract.consumer
    if incoming_date is not None and incoming_date > timezone.localdate(received_at):
        raise ApplicationError("Дата письма заявителя позже даты поступления", code="invalid", field="incoming_date")
    received = timezone.localdate(received_at)
    with transaction.atomic():
        due = appeal_due(applicant=applicant_kind, received=received) if applicant_kind else None
        appeal = validated(Appeal(
            number="-", received_at=received_at, channel=channel, applicant_kind=applicant_kind,
            applicant_name=applicant_name.strip(), applicant_address=applicant_address.strip(),
            applicant_phone=applicant_phone.strip(), applicant_email=applicant_email.strip(), consumer=consumer,
            contract=contract, incoming_number=incoming_number.strip(), incoming_date=incoming_date,
            category=category, summary=summary.strip(), due_on=due.date if due else received,
            due_norm=due.norm if due else "", registered_by=actor,
        ), validate_unique=False)
        appeal.number = str(next_registration_number(prefix=NUMBER_PREFIX, year=received.year))
        appeal.save()
        AppealQuestion.objects.bulk_create(
            AppealQuestion(appeal=appeal, position=i, text=text) for i, text in enumerate(texts, start=1))
        record_event(action="appeal.registered", actor=actor, target=appeal, data={
            "number": appeal.number, "channel": channel, "category": category, "questions": len(texts),
            "due_on": appeal.due_on.isoformat()})
    return appeal


def appeal_assign(*, appeal: Appeal, executor: Actor, actor: Actor) -> Appeal:
    """A manager gives the appeal to a specialist who may answer it."""
    require(actor, "reception.assign_appeal")
    if executor is None or not allowed(executor, "reception.answer_appeal"):
        raise ApplicationError("Исполнитель должен быть сотрудником, который готовит ответы на обращения",
                               code="invalid", field="executor")
    with transaction.atomic():
        appeal = _state(appeal, Appeal.Status.REGISTERED, Appeal.Status.ASSIGNED)
        appeal.executor, appeal.assigned_at, appeal.status = executor, timezone.now(), Appeal.Status.ASSIGNED
        appeal.save(update_fields=["executor", "assigned_at", "status"])
        record_event(action="appeal.assigned", actor=actor, target=appeal, data={"executor": executor.pk})
    return appeal


def appeal_action_start(*, appeal: Appeal, kind: str, description: str, actor: Actor,
                        reference: str = "") -> AppealAction:
    """Record an action started from the appeal (the started process or document in ``reference``)."""
    require(actor, "reception.answer_appeal")
    if not description.strip():
        raise ApplicationError("Опишите, что поручено", code="required", field="description")
    with transaction.atomic():
        appeal = _state(appeal, Appeal.Status.ASSIGNED)
        action = validated(AppealAction(appeal=appeal, kind=kind, description=description.strip(),
                                        reference=reference.strip(), started_by=actor))
        action.save()
        record_event(action="appeal.action_started", actor=actor, target=appeal,
                     data={"kind": kind, "reference": action.reference})
    return action


def appeal_answer(*, appeal: Appeal, answers: dict[int, str], result: str, result_text: str, actor: Actor,
                  action_results: dict[int, str] | None = None) -> Appeal:
    """The executor's answer: every question answered (refused naming the first unanswered), the
    results of the actions taken, the result of the appeal."""
    require(actor, "reception.answer_appeal")
    if result not in Appeal.Result.values:
        raise ApplicationError("Укажите результат рассмотрения", code="required", field="result")
    with transaction.atomic():
        appeal = _state(appeal, Appeal.Status.ASSIGNED)
        if actor is None or appeal.executor_id != actor.pk:
            raise ApplicationError("Ответ готовит исполнитель обращения", code="permission_denied", field="executor")
        questions = list(appeal.questions.order_by("position"))
        for question in questions:
            text = (answers.get(question.position) or "").strip()
            if not text:
                raise ApplicationError(f"Ответьте на вопрос № {question.position}: «{question.text[:80]}»",
                                       code="unanswered", field=f"answer_{question.position}")
            question.answer = text
        AppealQuestion.objects.bulk_update(questions, ["answer"])
        for action in appeal.actions.all():
            text = (action_results or {}).get(action.pk, "").strip()
            if not text:
                raise ApplicationError(f"Укажите результат действия «{action}»: ответ на него ссылается",
                                       code="required", field=f"action_{action.pk}")
            action.result = text
            action.save(update_fields=["result"])
        appeal.result, appeal.result_text = result, result_text.strip()
        appeal.answered_at, appeal.status, appeal.return_comment = timezone.now(), Appeal.Status.ANSWERED, ""
        appeal.save(update_fields=["result", "result_text", "answered_at", "status", "return_comment"])
        record_event(action="appeal.answered", actor=actor, target=appeal, data={"result": result})
    return appeal


def appeal_sign(*, appeal: Appeal, approve: bool, comment: str, actor: Actor, process: Process | None = None,
                task: Task | None = None) -> Appeal:
    """A manager signs the answer — «Ответ на обращение» is issued into the archive — or returns
    it to the executor with a comment."""
    require(actor, "reception.sign_appeal")
    with transaction.atomic():
        appeal = _state(appeal, Appeal.Status.ANSWERED)
        if not approve:
            if not comment.strip():
                raise ApplicationError("Укажите, что исправить в ответе", code="required", field="comment")
            appeal.status, appeal.return_comment = Appeal.Status.ASSIGNED, comment.strip()
            appeal.save(update_fields=["status", "return_comment"])
            record_event(action="appeal.answer_returned", actor=actor, target=appeal, data={"comment": comment.strip()})
            return appeal
        organization = our_organization(required=True)
        context = appeal_answer_context(appeal=appeal, organization=organization,
                                        signer=organization_signer(organization), executor=appeal.executor)
        document = issue_document(template=ANSWER_TEMPLATE, context=context, subject=appeal, actor=actor,
                                  process=process, task=task)
        appeal.answer, appeal.answer_date = document, timezone.localdate(document.issued_at)
        appeal.signed_by, appeal.status = actor, Appeal.Status.SIGNED
        appeal.save(update_fields=["answer", "answer_date", "signed_by", "status"])
        record_event(action="appeal.answer_signed", actor=actor, target=appeal, data={"document": document.pk})
    return appeal


def appeal_sent_record(*, appeal: Appeal, way: str, sent_on: date, proof: str, actor: Actor) -> Appeal:
    """The answer sent: the way, the date and the proof of delivery (tracking number, receipt, the
    applicant's signature on the copy, the e-mail's delivery report)."""
    require(actor, "reception.answer_appeal")
    if way not in Appeal.Way.values:
        raise ApplicationError("Укажите способ отправки", code="required", field="way")
    if not proof.strip():
        raise ApplicationError("Укажите подтверждение отправки или вручения", code="required", field="proof")
    with transaction.atomic():
        appeal = _state(appeal, Appeal.Status.SIGNED)
        if appeal.answer_date is not None and sent_on < appeal.answer_date:
            raise ApplicationError("Дата отправки раньше даты ответа", code="invalid", field="sent_on")
        if sent_on > timezone.localdate():
            raise ApplicationError("Дата отправки не может быть в будущем", code="in_future", field="sent_on")
        appeal.sent_way, appeal.sent_on, appeal.delivery_proof = way, sent_on, proof.strip()
        appeal.status = Appeal.Status.SENT
        appeal.save(update_fields=["sent_way", "sent_on", "delivery_proof", "status"])
        record_event(action="appeal.answer_sent", actor=actor, target=appeal,
                     data={"way": way, "sent_on": sent_on.isoformat(), "proof": appeal.delivery_proof})
    return appeal


def appeal_close(*, appeal: Appeal, actor: Actor) -> Appeal:
    with transaction.atomic():
        appeal = _state(appeal, Appeal.Status.SENT)
        appeal.status, appeal.closed_at = Appeal.Status.CLOSED, timezone.now()
        appeal.save(update_fields=["status", "closed_at"])
        record_event(action="appeal.closed", actor=actor, target=appeal)
    return appeal


def appeal_escalate(*, appeal: Appeal) -> Appeal:
    """The term is over without an answer: the appeal is passed to the manager (the system's act)."""
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.answer_date is None and appeal.escalated_at is None:
            appeal.escalated_at = timezone.now()
            appeal.save(update_fields=["escalated_at"])
            record_event(action="appeal.escalated", actor=None, target=appeal,
                         data={"due_on": appeal.due_on.isoformat(), "executor": appeal.executor_id})
    return appeal


def letter_issue(*, consumer: Consumer, heading: str, paragraphs: Sequence[str], actor: Actor,
                 salutation: str = "", in_reply_to: tuple[str, date] | None = None) -> ArchivedDocument:
    """Any letter of the department to a consumer («Исходящее письмо», ``common.letter``)."""
    require(actor, "reception.issue_letter")
    if not heading.strip():
        raise ApplicationError("Укажите, о чем письмо", code="required", field="heading")
    texts = [p.strip() for p in paragraphs if p.strip()]
    if not texts:
        raise ApplicationError("Напишите текст письма", code="required", field="paragraphs")
    organization = our_organization(required=True)
    context = letter_context(organization=organization, consumer=consumer, heading=heading.strip(), paragraphs=texts,
                             signer=organization_signer(organization), executor=actor, salutation=salutation.strip(),
                             in_reply_to=in_reply_to)
    return issue_document(template="common.letter", context=context, subject=consumer, actor=actor)


# --- reception hours: a visitor booked into a slot ---------------------------------------------

BOOK = "reception.register_appeal"  # anyone of the department who registers appeals books a visit


def booking_create(*, specialist: Actor, on: date, at: time, visitor_name: str, actor: Actor,
                   visitor_phone: str = "", consumer: Consumer | None = None,
                   appeal: Appeal | None = None) -> Booking:
    """Book a visitor into the slot of ``specialist`` starting ``at`` on ``on``: refused for a day
    gone by (``on``), a slot already passed today or outside the specialist's hours or taken
    (``at``), a visitor without a name (``visitor_name``)."""
    require(actor, BOOK)
    assert actor is not None  # require() refuses the system here
    if specialist is None:
        raise ApplicationError("Выберите специалиста", code="required", field="specialist")
    if not visitor_name.strip():
        raise ApplicationError("Укажите ФИО посетителя", code="required", field="visitor_name")
    now = timezone.localtime()
    if on < now.date():
        raise ApplicationError(f"Дата приема {on:%d.%m.%Y} уже прошла", code="in_past", field="on")
    if on == now.date() and at <= now.time():
        raise ApplicationError(f"Время приема {at:%H:%M} сегодня уже прошло", code="in_past", field="at")
    hours = next((h for h in reception_hours(specialist=specialist, weekday=on.weekday()) if at in h.slots()), None)
    if hours is None:
        raise ApplicationError(f"{at:%H:%M} {on:%d.%m.%Y} — вне часов приема специалиста", code="outside_hours",
                               field="at")
    if appeal is not None and consumer is None:
        consumer = appeal.consumer
    starts_at = timezone.make_aware(datetime.combine(on, at))
    taken = ApplicationError(f"Время {at:%H:%M} {on:%d.%m.%Y} у специалиста уже занято", code="taken", field="at")
    try:
        with transaction.atomic():
            if Booking.objects.select_for_update().filter(specialist=specialist, starts_at=starts_at).exists():
                raise taken
            booking = Booking.objects.create(hours=hours, specialist=specialist, starts_at=starts_at,
                                             visitor_name=visitor_name.strip(), visitor_phone=visitor_phone.strip(),
                                             consumer=consumer, appeal=appeal, booked_by=actor)
            record_event(action="reception.booked", actor=actor, target=booking,
                         data={"specialist": specialist.pk, "starts_at": starts_at.isoformat()})
    except IntegrityError:  # the same slot booked at the same moment from another page
        raise taken from None
    return booking
