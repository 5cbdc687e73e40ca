"""Seed the reference data of docs/law.md (penalties, due days, contract-less, duty, VAT) and the
production calendar 2020–2027 from the government's yearly transfer decrees.

Marks carried into ``source``/``note``: ✅ seen in a public source, ⚠️ press only,
❓ common practice — every such value is data an administrator can correct.
"""

from datetime import date
from decimal import Decimal as D

from django.db import migrations

ALL = "other,hoa,managing_org,citizen,budget_44fz"

KEY_RATES = [  # effective from, % — Банк России
    ("2022-02-14", "9.5", ""), ("2022-02-28", "20", "✅"), ("2022-04-11", "17", ""),
    ("2022-05-04", "14", ""), ("2022-05-27", "11", ""), ("2022-06-14", "9.5", ""),
    ("2022-07-25", "8", "✅"), ("2022-09-19", "7.5", "✅"), ("2023-07-24", "8.5", ""),
    ("2023-08-15", "12", ""), ("2023-09-18", "13", "✅"), ("2023-10-30", "15", "✅"),
    ("2023-12-18", "16", "✅"), ("2024-07-29", "18", "✅"), ("2024-09-16", "19", "✅"),
    ("2024-10-28", "21", "✅"), ("2025-06-09", "20", "⚠️"), ("2025-07-28", "18", "⚠️"),
    ("2025-09-15", "17", "✅"), ("2025-10-27", "16.5", "✅"), ("2025-12-22", "16", "✅"),
    ("2026-02-16", "15.5", "✅"),
]

TIER_SCHEMES = [  # category, valid from, norm, [(from day, denominator or None)]
    ("other", "2016-01-01", "190-ФЗ ст. 15 ч. 9.1", [(1, 130)]),
    ("hoa", "2016-01-01", "190-ФЗ ст. 15 ч. 9.2", [(1, None), (31, 300), (91, 130)]),
    ("managing_org", "2016-01-01", "190-ФЗ ст. 15 ч. 9.3", [(1, 300), (61, 170), (91, 130)]),
    ("citizen", "2016-01-01", "ЖК РФ ст. 155 ч. 14", [(1, None), (31, 300), (91, 130)]),
    ("budget_44fz", "2014-01-01", "44-ФЗ ст. 34 ч. 5", [(1, 300)]),
]
TIER_NOTES = {
    "budget_44fz": "❓ суды расходятся (44-ФЗ или 190-ФЗ); решает контракт.",
}

RATE_CAPS = [  # from, to, kind, %, norm, note
    ("2022-02-28", "2022-07-31", "fixed", "9.5",
     "ПП РФ от 26.03.2022 № 474: ключевая ставка на 27.02.2022 (9,5 %)", "✅"),
    ("2022-08-01", "2022-12-31", "min", "9.5",
     "ПП РФ № 474 в ред. ПП РФ от 26.09.2022 № 1681: меньшая из 9,5 % и ставки на день оплаты", "✅"),
    ("2023-01-01", "2023-12-31", "min", "9.5",
     "ПП РФ № 474 в ред. ПП РФ от 28.12.2022 № 2479: меньшая из 9,5 % и ставки на день оплаты", "✅"),
    ("2024-01-01", "2024-12-31", "min", "9.5",
     "ПП РФ № 474 в ред. ПП РФ от 29.12.2023 № 2382: меньшая из 9,5 % и ставки на день оплаты", "✅"),
    ("2025-01-01", "2026-12-31", "min", "9.5",
     "ПП РФ от 18.03.2025 № 329: меньшая из 9,5 % и ставки на день оплаты (до 01.01.2027)",
     "✅ распространяется на отношения с 01.01.2025 (elcode.ru; сообщение Правительства). "
     "«До 1 января 2027 г.» прочитано как по 31.12.2026 включительно."),
]

MORATORIA = [  # from, to, kind, categories, debts arisen before, norm, note
    ("2022-04-01", "2022-10-01", "moratorium", ALL, "2022-04-01",
     "ПП РФ от 28.03.2022 № 497 (мораторий; Закон о банкротстве ст. 9.1)",
     "❓ Не начисляются на долги, возникшие до 01.04.2022 (п. 7 Пленума ВС РФ № 44 от 24.12.2020). "
     "Долг возникает на следующий день после срока оплаты."),
    ("2020-04-06", "2020-12-31", "suspension", "citizen,hoa,managing_org", None,
     "ПП РФ от 02.04.2020 № 424, п. 5 (до 01.01.2021)",
     "✅ Граждане и УК/ТСЖ/ЖСК перед ресурсоснабжающими организациями; ❓ не для прочих юрлиц."),
]

VAT_RATES = [
    ("2019-01-01", "20", "НК РФ ст. 164 п. 3 (ред. 303-ФЗ от 03.08.2018)"),
    ("2026-01-01", "22", "НК РФ ст. 164 п. 3 (ред. 425-ФЗ от 28.11.2025) ⚠️"),
]

DUE_DAYS = [
    ("citizen", "2005-03-01", 10, "ЖК РФ ст. 155 ч. 1"),
    ("citizen", "2026-03-01", 15, "ЖК РФ ст. 155 ч. 1 (ред. с 01.03.2026)"),
    ("managing_org", "2012-02-14", 15, "ПП РФ от 14.02.2012 № 124 ❓ (если договором не установлено иное)"),
]

DUTY_SCALES = [  # court, procedure, norm, max, min, % of claim duty, max claim, brackets, note
    ("arbitration", "claim", "НК РФ ст. 333.21 п. 1 пп. 1 (ред. 259-ФЗ от 08.08.2024)", "10000000", None, None, None,
     [("0", "10000", "0"), ("100000", "10000", "5"), ("1000000", "55000", "3"),
      ("10000000", "325000", "1"), ("50000000", "725000", "0.5")], "✅"),
    ("arbitration", "court_order", "НК РФ ст. 333.21 п. 1 пп. 2; АПК РФ ст. 229.2", None, "8000", "50", "500000",
     [], "Минимум 8 000 ₽ — ⚠️ (только вторичные источники)."),
    ("general", "claim", "НК РФ ст. 333.19 п. 1 пп. 1 (ред. 259-ФЗ от 08.08.2024)", "900000", None, None, None,
     [("0", "4000", "0"), ("100000", "4000", "3"), ("300000", "10000", "2.5"), ("500000", "15000", "2"),
      ("1000000", "25000", "1"), ("3000000", "45000", "0.7"), ("8000000", "80000", "0.35"),
      ("24000000", "136000", "0.3"), ("50000000", "214000", "0.2"), ("100000000", "314000", "0.15")],
     "✅ до 8 000 000 ₽; ступени свыше 8 000 000 ₽ и максимум 900 000 ₽ — ❓."),
    ("general", "court_order", "НК РФ ст. 333.19 п. 1 пп. 2; ГПК РФ ст. 121, 122", None, None, "50", "500000",
     [], "✅"),
]

CONTRACTLESS = ("2010-07-30", "1.5", 3, 15, "190-ФЗ ст. 22 ч. 8–10",
                "❓ текст статьи — открытый вопрос для юристов.")

# ТК РФ ст. 112 ч. 1: official holidays (month, day).
HOLIDAYS = [(1, d) for d in range(1, 9)] + [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]

CALENDAR = {  # year: (source, confirmed, note, moved days off [(date, why)], working weekend days [(date, why)])
    2020: (
        "ПП РФ от 10.07.2019 № 875 «О переносе выходных дней в 2020 году»", True,
        "Переносы подтверждены сообщениями Правительства (07.2019); реквизиты постановления — по памяти, сверить. "
        "Нерабочие дни по указам Президента (30.03–11.05.2020, 24.06, 01.07.2020) не включены: для ГК ст. 193 "
        "они не нерабочие (Обзор ВС РФ № 1 от 21.04.2020, вопрос 3).",
        [("2020-02-24", "23.02 — воскресенье (ТК ст. 112)"), ("2020-03-09", "08.03 — воскресенье (ТК ст. 112)"),
         ("2020-05-04", "перенос с 04.01"), ("2020-05-05", "перенос с 05.01"),
         ("2020-05-11", "09.05 — суббота (ТК ст. 112)")],
        [],
    ),
    2021: (
        "ПП РФ от 10.10.2020 № 1648 «О переносе выходных дней в 2021 году»", True, "",
        [("2021-02-22", "перенос с 20.02"), ("2021-05-03", "01.05 — суббота (ТК ст. 112)"),
         ("2021-05-10", "09.05 — воскресенье (ТК ст. 112)"), ("2021-06-14", "12.06 — суббота (ТК ст. 112)"),
         ("2021-11-05", "перенос с 02.01"), ("2021-12-31", "перенос с 03.01")],
        [("2021-02-20", "рабочая суббота (перенос на 22.02)")],
    ),
    2022: (
        "ПП РФ от 16.09.2021 № 1564 «О переносе выходных дней в 2022 году»", True, "",
        [("2022-03-07", "перенос с 05.03"), ("2022-05-02", "01.05 — воскресенье (ТК ст. 112)"),
         ("2022-05-03", "перенос с 01.01"), ("2022-05-10", "перенос с 02.01"),
         ("2022-06-13", "12.06 — воскресенье (ТК ст. 112)")],
        [("2022-03-05", "рабочая суббота (перенос на 07.03)")],
    ),
    2023: (
        "ПП РФ от 29.08.2022 № 1505 «О переносе выходных дней в 2023 году»", True, "",
        [("2023-02-24", "перенос с 01.01"), ("2023-05-08", "перенос с 08.01"),
         ("2023-11-06", "04.11 — суббота (ТК ст. 112)")],
        [],
    ),
    2024: (
        "ПП РФ от 10.08.2023 № 1314 «О переносе выходных дней в 2024 году»", True, "",
        [("2024-04-29", "перенос с 27.04"), ("2024-04-30", "перенос с 02.11"), ("2024-05-10", "перенос с 06.01"),
         ("2024-12-30", "перенос с 28.12"), ("2024-12-31", "перенос с 07.01")],
        [("2024-04-27", "рабочая суббота (перенос на 29.04)"), ("2024-11-02", "рабочая суббота (перенос на 30.04)"),
         ("2024-12-28", "рабочая суббота (перенос на 30.12)")],
    ),
    2025: (
        "ПП РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»", True, "",
        [("2025-05-02", "перенос с 04.01"), ("2025-05-08", "перенос с 23.02"), ("2025-06-13", "перенос с 08.03"),
         ("2025-11-03", "перенос с 01.11"), ("2025-12-31", "перенос с 05.01")],
        [("2025-11-01", "рабочая суббота (перенос на 03.11)")],
    ),
    2026: (
        "ПП РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»", True, "",
        [("2026-01-09", "перенос с 03.01"), ("2026-03-09", "08.03 — воскресенье (ТК ст. 112)"),
         ("2026-05-11", "09.05 — суббота (ТК ст. 112)"), ("2026-12-31", "перенос с 04.01")],
        [],
    ),
    2027: (
        "ТК РФ ст. 112 (постановление о переносе выходных дней в 2027 году не учтено)", False,
        "Не утвержден: заполнено только по ТК ст. 112, без переносов 2 и 3 января (суббота, воскресенье). "
        "Проект Минтруда (пресса, 12.2025): выходные 4–7 ноября, рабочая суббота 13 ноября. "
        "Дополните после выхода постановления.",
        [("2027-05-03", "01.05 — суббота (ТК ст. 112)"), ("2027-05-10", "09.05 — воскресенье (ТК ст. 112)"),
         ("2027-06-14", "12.06 — суббота (ТК ст. 112)")],
        [],
    ),
}


def _d(value):
    return date.fromisoformat(value) if value else None


def _dec(value):
    return D(value) if value is not None else None


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    m = {name: apps.get_model("reference", name) for name in (
        "KeyRate", "PenaltyTierScheme", "PenaltyTier", "RateCap", "PenaltyMoratorium", "VatRate",
        "StateDutyScale", "StateDutyBracket", "PaymentDueDay", "ContractlessRule", "CalendarYear", "CalendarDay",
    )}
    for day, rate, mark in KEY_RATES:
        m["KeyRate"].objects.using(db).create(
            effective_from=_d(day), rate_percent=D(rate),
            source=f"Банк России {mark}".strip(),
        )
    for category, valid_from, norm, tiers in TIER_SCHEMES:
        scheme = m["PenaltyTierScheme"].objects.using(db).create(
            category=category, valid_from=_d(valid_from), norm=norm, note=TIER_NOTES.get(category, "✅"),
        )
        for from_day, denominator in tiers:
            m["PenaltyTier"].objects.using(db).create(scheme=scheme, from_day=from_day, denominator=denominator)
    for valid_from, valid_to, kind, rate, norm, note in RATE_CAPS:
        m["RateCap"].objects.using(db).create(
            valid_from=_d(valid_from), valid_to=_d(valid_to), kind=kind, rate_percent=D(rate),
            categories=ALL, norm=norm, note=note,
        )
    for valid_from, valid_to, kind, categories, before, norm, note in MORATORIA:
        m["PenaltyMoratorium"].objects.using(db).create(
            valid_from=_d(valid_from), valid_to=_d(valid_to), kind=kind, categories=categories,
            debts_arisen_before=_d(before), norm=norm, note=note,
        )
    for valid_from, rate, norm in VAT_RATES:
        m["VatRate"].objects.using(db).create(valid_from=_d(valid_from), rate_percent=D(rate), norm=norm)
    for payer, valid_from, day, norm in DUE_DAYS:
        m["PaymentDueDay"].objects.using(db).create(payer=payer, valid_from=_d(valid_from), day=day, norm=norm)
    for court, procedure, norm, maximum, minimum, percent, max_claim, brackets, note in DUTY_SCALES:
        scale = m["StateDutyScale"].objects.using(db).create(
            court=court, procedure=procedure, valid_from=date(2024, 9, 9), norm=norm, note=note,
            maximum=_dec(maximum), minimum=_dec(minimum), percent_of_claim_duty=_dec(percent),
            max_claim=_dec(max_claim),
        )
        for over, base, rate in brackets:
            m["StateDutyBracket"].objects.using(db).create(scale=scale, over=D(over), base=D(base), percent=D(rate))
    valid_from, multiplier, years, days, norm, note = CONTRACTLESS
    m["ContractlessRule"].objects.using(db).create(
        valid_from=_d(valid_from), multiplier=D(multiplier), max_years=years, payment_days=days,
        norm=f"{norm} ({note})",
    )
    for year, (source, confirmed, note, days_off, working) in CALENDAR.items():
        calendar_year = m["CalendarYear"].objects.using(db).create(
            year=year, source=source, confirmed=confirmed, note=note
        )
        rows = [
            (date(year, month, day), "holiday", "нерабочий праздничный день (ТК ст. 112)")
            for month, day in HOLIDAYS
            if date(year, month, day).weekday() < 5
        ]
        rows += [(_d(day), "day_off", why) for day, why in days_off]
        rows += [(_d(day), "working", why) for day, why in working]
        for day, kind, why in sorted(rows):
            m["CalendarDay"].objects.using(db).create(calendar_year=calendar_year, date=day, kind=kind, note=why)


def unseed(apps, schema_editor):
    db = schema_editor.connection.alias
    for name in ("CalendarDay", "CalendarYear", "ContractlessRule", "StateDutyBracket", "StateDutyScale",
                 "PaymentDueDay", "VatRate", "PenaltyMoratorium", "RateCap", "PenaltyTier",
                 "PenaltyTierScheme", "KeyRate"):
        apps.get_model("reference", name).objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
