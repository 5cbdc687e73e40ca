from datetime import date

import pytest

from settlements.purpose import normalize_number, parse_purpose

PAID = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("text", "contract", "periods", "is_penalty"),
    [
        # the four purposes of the issue and of the sample statement
        ("Договор теплоснабжения № 1024-Т от 01.01.2025, оплата за октябрь 2026 г. по счету № 5531 от "
         "31.10.2026, в т.ч. НДС 22 % 22000-00", "1024-Т", [date(2026, 10, 1)], False),
        ("Оплата по дог. 2045-Т за тепловую энергию за сентябрь 2026, НДС 22 % 9917-40", "2045-Т",
         [date(2026, 9, 1)], False),
        ("Оплата пени по претензии № П-2026/000041 от 14.09.2026, без НДС", "", [], True),
        ("дог. 3001-Т, август 2026", "3001-Т", [date(2026, 8, 1)], False),
        ("Оплата за тепловую энергию, дог. 3001-Т, август 2026, НДС не облагается", "3001-Т",
         [date(2026, 8, 1)], False),
        # other ways payers write
        ("Оплата по договору №1024-T за август и сентябрь 2026г.", "1024-Т",
         [date(2026, 8, 1), date(2026, 9, 1)], False),
        ("Оплата за 10.2026 по д-ру 55/Т", "55/Т", [date(2026, 10, 1)], False),
        ("оплата за тепло за период с 01.09.2026 по 31.10.2026 дог 7-Т", "7-Т",
         [date(2026, 9, 1), date(2026, 10, 1)], False),
        ("за сент. 2026 дог.№ 1024-Т", "1024-Т", [date(2026, 9, 1)], False),
        ("Оплата задолженности по договору теплоснабжения 1024-Т от 15.03.2024 за март 2026", "1024-Т",
         [date(2026, 3, 1)], False),
        ("Оплата неустойки по договору 1024-Т", "1024-Т", [], True),
        ("Оплата пеней за просрочку оплаты, дог. 1024-Т", "1024-Т", [], True),
        # a month without a year: its latest occurrence not after the payment
        ("Оплата за декабрь по дог. 1024-Т", "1024-Т", [date(2025, 12, 1)], False),
        ("Оплата за октябрь по счету 12 от 01.11.2026", "", [date(2026, 10, 1)], False),
    ],
)
def test_purpose_gives_contract_period_and_penalty_mark(text, contract, periods, is_penalty):
    parsed = parse_purpose(text, paid_on=PAID)
    assert parsed.contract_number == contract
    assert list(parsed.periods) == periods
    assert parsed.is_penalty is is_penalty


def test_claim_and_invoice_numbers_are_kept_and_their_dates_are_not_periods():
    parsed = parse_purpose(
        "Договор теплоснабжения № 1024-Т от 01.01.2025, оплата за октябрь 2026 г. по счету № 5531 от 31.10.2026"
    )
    assert parsed.invoice_numbers == ("5531",)
    assert parsed.periods == (date(2026, 10, 1),)
    assert parse_purpose("Оплата пени по претензии № П-2026/000041 от 14.09.2026").claim_number == "П-2026/000041"


def test_a_purpose_naming_nothing_gives_nothing():
    parsed = parse_purpose("Оплата за тепловую энергию", paid_on=PAID)
    assert parsed.contract_numbers == () and parsed.periods == () and not parsed.is_penalty


def test_numbers_compare_across_latin_and_cyrillic_letters():
    assert normalize_number("1024-t") == normalize_number("1024-Т") == "1024-Т"
    assert normalize_number("№ 55 /Т") == "55/Т"
