"""The invariants the database holds for case files even behind the services."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from casefiles.models import Case, CaseDebt, CaseDocument

from .factories import CaseFactory, CourtFactory


def test_a_debt_is_in_one_open_case_at_most(debts):
    first, second = CaseFactory(consumer=debts[0].consumer), CaseFactory(consumer=debts[0].consumer)
    CaseDebt.objects.create(case=first, debt=debts[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDebt.objects.create(case=second, debt=debts[0])
    # once released (closed), another case may take it
    CaseDebt.objects.filter(case=first).update(active=False)
    CaseDebt.objects.create(case=second, debt=debts[0])


def test_a_case_document_is_archived_or_uploaded_never_both_nor_neither(debts):
    case = CaseFactory(consumer=debts[0].consumer)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDocument.objects.create(case=case, kind="other", title="Пусто")


def test_a_closed_case_has_its_date(debts):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(consumer=debts[0].consumer, stage=Case.Stage.CLOSED)


def test_a_courts_bank_details_are_checked(db):
    from django.core.exceptions import ValidationError

    court = CourtFactory.build(duty_bik="12345", duty_inn="77")
    with pytest.raises(ValidationError) as exc:
        court.full_clean()
    assert {"duty_bik", "duty_inn"} <= set(exc.value.message_dict)
