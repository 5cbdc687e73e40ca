"""Reads of the reception: the term in force, the journal's rows and filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.days import day_after, day_start
from core.errors import ApplicationError
from core.types import Actor
from reference.selectors import production_calendar
from regulations.appeals import AnswerDue, AnswerTerm, answer_due_on

from .models import Appeal, AppealTerm, Booking, ReceptionHours


def appeal_term(*, applicant: str, on: date) -> AnswerTerm:
    """The term of the answer for ``applicant`` in force on ``on`` (reference data)."""
    row = (AppealTerm.objects.filter(applicant=applicant, valid_from__lte=on)
           .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from").first())
    if row is None:
        raise ApplicationError(f"Нет срока ответа на обращение на {on:%d.%m.%Y} для этого заявителя: "
                               "заполните справочник «Сроки ответа на обращения»", code="term_missing",
                               field="applicant_kind")
    return AnswerTerm(days=row.days, working_days=row.working_days, norm=row.norm)


def appeal_due(*, applicant: str, received: date) -> AnswerDue:
    """The last day of the answer to an appeal received on ``received``, by the production calendar."""
    return answer_due_on(received, appeal_term(applicant=applicant, on=received), production_calendar())


def appeal_list() -> QuerySet[Appeal]:
    return Appeal.objects.select_related("consumer", "contract", "executor", "answer")


def appeals_open() -> QuerySet[Appeal]:
    return appeal_list().exclude(status=Appeal.Status.CLOSED)


def appeals_overdue(*, today: date) -> QuerySet[Appeal]:
    """Appeals without an answer past their term (the journal's «просрочено»: open ones)."""
    return appeal_list().filter(answer_date__isnull=True, due_on__lt=today)


def appeals_due(*, today: date, until: date) -> QuerySet[Appeal]:
    """Unanswered appeals due from ``today`` to ``until``."""
    return appeal_list().filter(answer_date__isnull=True, due_on__gte=today, due_on__lte=until)


def reception_hours(*, specialist: Actor = None, weekday: int | None = None) -> QuerySet[ReceptionHours]:
    """The reception hours in force, of one specialist and one weekday when given."""
    qs = ReceptionHours.objects.filter(active=True).select_related("specialist")
    if specialist is not None:
        qs = qs.filter(specialist=specialist)
    if weekday is not None:
        qs = qs.filter(weekday=weekday)
    return qs


@dataclass(frozen=True)
class Slot:
    starts: time
    booking: Booking | None

    @property
    def free(self) -> bool:
        return self.booking is None


@dataclass(frozen=True)
class DaySchedule:
    hours: ReceptionHours
    slots: list[Slot]


def day_schedule(*, on: date, specialist: Actor = None) -> list[DaySchedule]:
    """Every specialist's hours on ``on`` (one specialist's when given), slot by slot with the
    booking that takes it."""
    hours = list(reception_hours(specialist=specialist, weekday=on.weekday()).order_by("starts", "pk"))
    bookings = {(b.specialist_id, timezone.localtime(b.starts_at).time()): b
                for b in Booking.objects.filter(starts_at__gte=day_start(on), starts_at__lt=day_after(on),
                                                specialist_id__in=[h.specialist_id for h in hours])}
    return [DaySchedule(h, [Slot(t, bookings.get((h.specialist_id, t))) for t in h.slots()]) for h in hours]
