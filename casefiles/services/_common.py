"""What the case files' services share: the permissions they check, the case row locked for
the write, the refusals of a closed case and of a date still to come."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from core.errors import ApplicationError

from ..models import Case

VIEW = "casefiles.view_case"
OPEN = "casefiles.add_case"
CONDUCT = "casefiles.change_case"
CLOSE = "casefiles.close_case"
ATTACH = "casefiles.add_casedocument"
UPLOAD_FOLDER = "casefiles"
ZERO = Decimal("0.00")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("consumer", "court").get(pk=case.pk)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ApplicationError(f"Дело № {case.pk} закрыто {case.closed_on:%d.%m.%Y}: изменения не вносятся",
                               code="already_closed", field="case")


def _no_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(f"{what}: дата {day:%d.%m.%Y} еще не наступила", code="future_date", field=field)
