"""Review of flagged readings: a technician accepts a reading for billing or rejects it.

Opened by ``open_reading_review`` (the ``reading_flagged`` hook of metering) for every
reading that failed a validation rule; the reading is the process artifact.
"""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from viewflow import this
from viewflow.workflow import flow, lock

from metering.models import Reading, ReadingStatus
from metering.services.readings import reading_review
from metering.validation.rules import RULE_TITLES

from .dashboard import dashboard_flow
from .models import ReadingReviewProcess
from .taking import TakeView
from .task_views import ServiceTaskView, process_url


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Решение",
        choices=[("accept", "Принять к расчету"), ("reject", "Отклонить")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="Заключение техника", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReviewReadingView(ServiceTaskView):
    """The technician sees the reading, the rules it tripped and their numbers, and decides."""

    form_class = ReviewForm
    template_name = "workflows/reading_review/review.html"

    def get_context_data(self, **kwargs):
        reading = self.request.activation.process.artifact
        flags = [(RULE_TITLES.get(flag.rule, flag.rule), flag) for flag in reading.flags.all()]
        return super().get_context_data(reading=reading, flags=flags, **kwargs)

    def perform(self, form):
        reading_review(
            reading=self.request.activation.process.artifact,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
            actor=self.request.user,
        )

    def done(self):
        activation = self.request.activation
        reading = activation.process.artifact
        reading.refresh_from_db()
        return f"Показания {reading} проверены: {reading.get_status_display().lower()}", process_url(activation), \
            "Карточка процесса"


@dashboard_flow("metering_flows")
class ReadingReviewFlow(flow.Flow):
    """Проверка показаний

    Показания, не прошедшие автоматическую проверку, проверяет техник: принимает их к
    расчету или отклоняет с заключением.
    """

    process_class = ReadingReviewProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "Показания {{ process.artifact }}"

    start = flow.StartHandle(this.start_review).Annotation(title="Показания отмечены проверкой").Next(this.review)

    review = (
        TakeView(ReviewReadingView.as_view())
        .Annotation(title="Проверить показания", summary_template="Проверить показания {{ process.artifact }}")
        .Permission("metering.review_reading")
        .Next(this.end)
    )

    end = flow.End().Annotation(title="Проверка показаний завершена")

    def start_review(self, activation, reading: Reading):
        activation.process.artifact = reading
        return activation.process


def open_reading_review(reading_id: int) -> ReadingReviewProcess | None:
    """Open the review of a flagged reading, once: None when the reading is not flagged
    (any more) or its review is already open."""
    with transaction.atomic():
        reading = Reading.objects.select_for_update().filter(pk=reading_id, status=ReadingStatus.FLAGGED).first()
        if reading is None or review_process_of(reading) is not None:
            return None
        return ReadingReviewFlow.start.run(reading=reading)


def review_process_of(reading: Reading) -> ReadingReviewProcess | None:
    return ReadingReviewProcess.objects.filter(
        flow_class=ReadingReviewFlow,
        artifact_content_type=ContentType.objects.get_for_model(Reading),
        artifact_object_id=reading.pk,
    ).first()
