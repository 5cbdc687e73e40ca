"""The context builder of «Ответ на обращение» (``reception.appeal_answer``, docs/reception.md):
«На № … от …», the answer to each question, the actions taken, the result, where to appeal."""

from __future__ import annotations

from django.utils import timezone

from core.errors import ApplicationError
from documents import formatting
from documents.documents import consumer_addressee, executor_block, organization_requisites, signer_block
from subscribers.models import Organization, Signatory

from .models import Appeal, Applicant

APPEAL_RIGHTS = {
    Applicant.RESIDENT: (
        "Если Вы не согласны с ответом, Вы вправе обжаловать его в государственную жилищную инспекцию "
        "субъекта Российской Федерации, в органы прокуратуры или в суд."
    ),
    Applicant.OTHER: (
        "Если Вы не согласны с ответом, Вы вправе обратиться в органы прокуратуры или в суд "
        "(для организаций и индивидуальных предпринимателей — в арбитражный суд)."
    ),
}


def addressee(appeal: Appeal) -> list[str]:
    """The consumer's addressee lines when the appeal is linked to one, else the applicant as registered."""
    if appeal.consumer_id:
        return consumer_addressee(appeal.consumer)
    return [line for line in (appeal.applicant_name, appeal.applicant_address) if line]


def salutation(appeal: Appeal) -> str:
    """«Уважаемый Иван Иванович!» to a citizen consumer with a first name and patronymic, else none."""
    consumer = appeal.consumer
    if consumer is None or consumer.kind != consumer.Kind.CITIZEN or not (consumer.first_name and consumer.middle_name):
        return ""
    word = "Уважаемая" if consumer.middle_name.endswith("на") else "Уважаемый"
    return f"{word} {consumer.first_name} {consumer.middle_name}!"


def appeal_answer_context(*, appeal: Appeal, organization: Organization, signer: Signatory, executor) -> dict:
    """``reception.appeal_answer``: the answer to every question of ``appeal`` (refused when one
    is unanswered), the actions it cites, the result and where to appeal; ``executor`` is the
    specialist who prepared it."""
    questions = list(appeal.questions.order_by("position"))
    blank = [q.position for q in questions if not q.answer.strip()]
    if not questions or blank:
        raise ApplicationError(f"Нет ответа на вопрос № {', '.join(map(str, blank)) or '—'}: ответьте на каждый вопрос",
                               code="unanswered", field="answers")
    number, day = (appeal.incoming_number, appeal.incoming_date) if appeal.incoming_number and appeal.incoming_date \
        else (appeal.number, appeal.received_on)
    received = timezone.localtime(appeal.received_at)
    return {
        "organization": organization_requisites(organization),
        "addressee": addressee(appeal),
        "in_reply_to": {"number": number, "date": formatting.date_short(day)},
        "heading": f"О рассмотрении обращения № {appeal.number}",
        "salutation": salutation(appeal),
        "intro": (f"Ваше обращение, поступившее {formatting.date_short(received.date())} "
                  f"({appeal.get_channel_display().lower()}), рассмотрено. По поставленным вопросам сообщаем следующее."),
        "answers": [{"number": q.position, "question": q.text, "answer": q.answer} for q in questions],
        "actions": [f"{a.get_kind_display()}: {a.description}" + (f" — {a.result}" if a.result else "")
                    for a in appeal.actions.order_by("started_at", "pk")],
        "result": " ".join(filter(None, [f"{formatting.lower_words(appeal.get_result_display())}.", appeal.result_text])),
        "appeal_rights": APPEAL_RIGHTS[Applicant(appeal.applicant_kind)],
        "signer": signer_block(signer),
        "executor": executor_block(executor, phone=organization.phone),
    }
