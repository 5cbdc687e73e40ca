"""The notice of a planned interruption: one letter («Исходящее письмо») per affected consumer
listing the consumer's objects, the planned window and the cause."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from viewflow.workflow.models import Process, Task

from core.types import Actor
from documents import formatting
from documents.documents import letter_context, organization_signer
from documents.services import issue_document
from subscribers.selectors import our_organization

from ..models import AffectedObject, Interruption


def _when(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return f"{formatting.date_short(local.date())} {formatting.time_hm(local)}"


def notice_issue(*, interruption: Interruption, rows: list[AffectedObject], actor: Actor, process: Process | None = None,
                 task: Task | None = None) -> dict:
    """Consumer id → the notice issued to that consumer."""
    organization = our_organization(required=True)
    signer = organization_signer(organization)
    by_consumer: dict[int, list[AffectedObject]] = {}
    for row in rows:
        by_consumer.setdefault(row.heated_object.consumer_id, []).append(row)
    issued = {}
    for consumer_id, own in by_consumer.items():
        consumer = own[0].heated_object.consumer
        objects = "; ".join(f"{row.heated_object.name}, {row.heated_object.address}" for row in own)
        paragraphs = [
            f"Уведомляем о плановом прекращении подачи тепловой энергии "
            f"({interruption.get_service_display().lower()}) с {_when(interruption.planned_from)} "
            f"до {_when(interruption.planned_to)} в связи с проведением работ: {interruption.cause}.",
            f"Перерыв затронет объекты: {objects}.",
            "Просим обеспечить доступ к тепловым вводам и принять меры к сохранности внутренних систем "
            "теплопотребления на время перерыва.",
        ]
        context = letter_context(
            organization=organization, consumer=consumer,
            heading="О плановом прекращении подачи тепловой энергии", paragraphs=paragraphs,
            signer=signer, executor=actor,
        )
        issued[consumer_id] = issue_document(template="common.letter", context=context, subject=interruption,
                                             actor=actor, process=process, task=task)
    return issued
