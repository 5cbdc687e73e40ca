"""Fixtures of the settlements tests: our organisation, the real sample statement and
the register rows its payers stand for."""

from __future__ import annotations

from pathlib import Path

import pytest

from subscribers.models import Consumer

from .factories import ConsumerFactory, ContractFactory, OrganizationFactory

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture
def sample_statement() -> bytes:
    """A 1C bank statement, byte for byte (windows-1251, CRLF)."""
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
def terms_reference(db):
    """Payment-term reference data as seeded (§2): production calendar, citizens' and УК due days."""
    from settlements.terms import load_terms_reference

    return load_terms_reference()


@pytest.fixture
def penalty_rules(db):
    """The penalty rules (docs/law.md) as seeded into the reference data by its migrations."""
    from reference.selectors import penalty_rules

    return penalty_rules()


@pytest.fixture
def reference_data(transactional_db):
    """The seeded reference data in a transactional test (``tests/conftest.py`` puts it back
    after another test's flush)."""
