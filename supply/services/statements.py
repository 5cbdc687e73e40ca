"""«Ведомость перерасчета» of a consumer over its recalculation lines of one
act or period — any source (interruptions, quality)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from viewflow.workflow.models import Process, Task

from core.types import Actor
from documents.models import ArchivedDocument
from documents.services import issue_document
from subscribers.models import Consumer

from ..documents import recalculation_statement_context


def recalculation_statement_issue(*, consumer: Consumer, recalculations: Iterable, basis: str, subject: models.Model,
                                  actor: Actor, process: Process | None = None,
                                  task: Task | None = None) -> ArchivedDocument:
    context = recalculation_statement_context(consumer=consumer, recalculations=recalculations, basis=basis,
                                              actor=actor)
    return issue_document(template="supply.recalculation_statement", context=context, subject=subject, actor=actor,
                          process=process, task=task)
