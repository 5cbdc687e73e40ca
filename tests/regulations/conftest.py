"""Rules of docs/law.md built in code, so the pure functions are tested without a database."""

from datetime import date
from decimal import Decimal as D

import pytest

from regulations.penalties import (
    CATEGORIES,
    KeyRate,
    Moratorium,
    PenaltyRules,
    RateCap,
    Tier,
    TierScheme,
)
from regulations.production_calendar import ProductionCalendar

KEY_RATES = [
    ("2022-02-14", "9.5"), ("2022-02-28", "20"), ("2022-04-11", "17"), ("2022-05-04", "14"),
    ("2022-05-27", "11"), ("2022-06-14", "9.5"), ("2022-07-25", "8"), ("2022-09-19", "7.5"),
    ("2023-07-24", "8.5"), ("2023-08-15", "12"), ("2023-09-18", "13"), ("2023-10-30", "15"),
    ("2023-12-18", "16"), ("2024-07-29", "18"), ("2024-09-16", "19"), ("2024-10-28", "21"),
    ("2025-06-09", "20"), ("2025-07-28", "18"), ("2025-09-15", "17"), ("2025-10-27", "16.5"),
    ("2025-12-22", "16"), ("2026-02-16", "15.5"),
]
ALL = frozenset(CATEGORIES)


def law_doc_rules() -> PenaltyRules:
    return PenaltyRules(
        key_rates=tuple(KeyRate(date.fromisoformat(d), D(r)) for d, r in KEY_RATES),
        rate_caps=(
            RateCap(date(2022, 2, 28), date(2022, 7, 31), "fixed", D("9.5"), ALL, "ПП № 474"),
            RateCap(date(2022, 8, 1), date(2024, 12, 31), "min", D("9.5"), ALL, "ПП № 474 (ред. № 1681)"),
            RateCap(date(2025, 1, 1), date(2026, 12, 31), "min", D("9.5"), ALL, "ПП № 329"),
        ),
        tier_schemes=(
            TierScheme("other", date(2016, 1, 1), None, (Tier(1, 130),), "190-ФЗ ст. 15 ч. 9.1"),
            TierScheme("hoa", date(2016, 1, 1), None, (Tier(1, None), Tier(31, 300), Tier(91, 130)),
                       "190-ФЗ ст. 15 ч. 9.2"),
            # as the table of docs/law.md lists it: days 1–30 and 31–60 both 1/300
            TierScheme("managing_org", date(2016, 1, 1), None,
                       (Tier(1, 300), Tier(31, 300), Tier(61, 170), Tier(91, 130)), "190-ФЗ ст. 15 ч. 9.3"),
            TierScheme("citizen", date(2016, 1, 1), None, (Tier(1, None), Tier(31, 300), Tier(91, 130)),
                       "ЖК РФ ст. 155 ч. 14"),
            TierScheme("budget_44fz", date(2014, 1, 1), None, (Tier(1, 300),), "44-ФЗ ст. 34 ч. 5"),
        ),
        moratoria=(
            Moratorium(date(2022, 4, 1), date(2022, 10, 1), ALL, "ПП № 497", debts_arisen_before=date(2022, 4, 1)),
            Moratorium(date(2020, 4, 6), date(2020, 12, 31), frozenset({"citizen", "hoa", "managing_org"}),
                       "ПП № 424", kind="suspension"),
        ),
    )


@pytest.fixture
def rules() -> PenaltyRules:
    return law_doc_rules()


@pytest.fixture
def calendar_2026() -> ProductionCalendar:
    """2026 per ПП РФ от 24.09.2025 № 1466: weekday days off only (no working Saturdays)."""
    days_off = [
        "2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08", "2026-01-09",
        "2026-02-23", "2026-03-09", "2026-05-01", "2026-05-11", "2026-06-12", "2026-11-04", "2026-12-31",
    ]
    return ProductionCalendar(days_off=frozenset(date.fromisoformat(d) for d in days_off), years=frozenset({2026}))
