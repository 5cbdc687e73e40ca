"""«Ведомость перерасчета» of a consumer over its recalculation lines of one
act or period — any source (interruptions, quality)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from documents.services import issue_document

from ..documents import recalculation_statement_context


def recalculation_statement_issue(*, consumer, recalculations: Iterable, basis: str, subject: models.Model, actor,
                                  process=None, task=None):
    context = recalculation_statement_context(consumer=consumer, recalculations=recalculations, basis=basis,
                                              actor=actor)
    return issue_document(template="supply.recalculation_statement", context=context, subject=subject, actor=actor,
                          process=process, task=task)
