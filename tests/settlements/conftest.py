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


KEY_RATES = [
    ("2022-02-14", "9.5"), ("2022-02-28", "20"), ("2022-04-11", "17"), ("2022-05-04", "14"), ("2022-05-27", "11"),
    ("2022-06-14", "9.5"), ("2022-07-25", "8"), ("2022-09-19", "7.5"), ("2023-07-24", "8.5"), ("2023-08-15", "12"),
    ("2023-09-18", "13"), ("2023-10-30", "15"), ("2023-12-18", "16"), ("2024-07-29", "18"), ("2024-09-16", "19"),
    ("2024-10-28", "21"), ("2025-06-09", "20"), ("2025-07-28", "18"), ("2025-09-15", "17"), ("2025-10-27", "16.5"),
    ("2025-12-22", "16"), ("2026-02-16", "15.5"),
]


@pytest.fixture
def penalty_rules():
    """regulations.md §1 as ``PenaltyRules`` (the reference app seeds the same by migration)."""
    from decimal import Decimal

    from regulations.penalties import KeyRate, Moratorium, PenaltyRules, RateCap, Tier, TierScheme

    everyone = frozenset(Consumer.PenaltyCategory.values)
    residential = frozenset({"citizen", "hoa", "managing_org"})
    tiers = {
        "other": ((1, 130),),
        "hoa": ((1, None), (31, 300), (91, 130)),
        "managing_org": ((1, 300), (61, 170), (91, 130)),
        "citizen": ((1, None), (31, 300), (91, 130)),
        "budget_44fz": ((1, 300),),
    }
    return PenaltyRules(
        key_rates=tuple(KeyRate(date.fromisoformat(d), Decimal(r)) for d, r in KEY_RATES),
        rate_caps=(
            RateCap(date(2022, 2, 28), date(2022, 7, 31), "fixed", Decimal("9.5"), everyone, "ПП РФ № 474"),
            RateCap(date(2022, 8, 1), date(2026, 12, 31), "min", Decimal("9.5"), everyone,
                    "ПП РФ № 474 (ред. ПП № 1681, № 329)"),
        ),
        tier_schemes=tuple(
            TierScheme(category, date(2016, 1, 1), None, tuple(Tier(f, d) for f, d in scheme), f"норма {category}")
            for category, scheme in tiers.items()
        ),
        moratoria=(
            Moratorium(date(2022, 4, 1), date(2022, 10, 1), everyone, "ПП РФ № 497", date(2022, 4, 1)),
            Moratorium(date(2020, 4, 6), date(2021, 1, 1), residential, "ПП РФ № 424", None, "suspension"),
        ),
    )
