"""Fixtures of the settlements tests: our organisation, the real sample statement and
the register rows its payers stand for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from subscribers.models import Consumer

from .factories import ConsumerFactory, ContractFactory, OrganizationFactory

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample_statement() -> bytes:
    """/work/shared/samples/bank_statement_1c.txt, byte for byte (windows-1251, CRLF)."""
    return (SAMPLES / "bank_statement_1c.txt").read_bytes()


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def sample_payers(organization):
    """The four payers of the sample statement with the contracts their purposes name."""
    teplovik = ContractFactory(
        number="1024-Т", consumer=ConsumerFactory(inn="7712345671", kpp="771201001", name='ООО "Тепловик-Сервис"')
    )
    lesnaya = ContractFactory(
        number="2045-Т",
        consumer=ConsumerFactory(
            inn="5033112238", kpp="503301001", name='ТСЖ "Лесная 12"', penalty_category=Consumer.PenaltyCategory.HOA
        ),
    )
    stroy = ContractFactory(
        number="1500-Т", consumer=ConsumerFactory(inn="7724555666", kpp="772401001", name='АО "Стройкомплект"')
    )
    smirnova = ContractFactory(
        number="3001-Т",
        consumer=ConsumerFactory(
            inn="500100732964", kpp="", kind=Consumer.Kind.ENTREPRENEUR, name="ИП Смирнова Анна Петровна"
        ),
    )
    return {"teplovik": teplovik, "lesnaya": lesnaya, "stroy": stroy, "smirnova": smirnova}


@pytest.fixture
def terms_reference():
    """Payment-term reference data as the reference app seeds it (§2): ТК ст. 112 calendar,
    citizens by the 10th (by the 15th from 01.03.2026), УК by the 15th."""
    from regulations.payment_terms import DueDayRule
    from regulations.production_calendar import ProductionCalendar
    from settlements.terms import TermsReference

    return TermsReference(
        calendar=ProductionCalendar(),
        due_day_rules=(
            DueDayRule("citizen", date(2005, 3, 1), 10, "ЖК РФ ст. 155 ч. 1"),
            DueDayRule("citizen", date(2026, 3, 1), 15, "ЖК РФ ст. 155 ч. 1 (ред. с 01.03.2026)"),
            DueDayRule("managing_org", date(2012, 5, 1), 15, "ПП РФ № 124"),
        ),
    )
