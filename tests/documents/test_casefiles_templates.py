"""The case-file templates (doc_templates/casefiles/): pre-trial claim, court order application
(arbitration and magistrate), statement of claim (arbitration and general court) and the police
statement — rendered from the registry with the manifest's samples and with the other court's
variant; their samples' figures add up to the kopeck."""

import dataclasses
import io
from decimal import Decimal

import pytest
from docx import Document

from documents import rendering
from documents.formatting import NBSP, genitive, money, money_words
from documents.registry import manifest
from documents.services import sample_context
from documents.template_checks import check_spec, check_template

CODES = ("casefiles.claim", "casefiles.court_order_application", "casefiles.lawsuit", "casefiles.police_statement")
WITH_DEBTS = CODES[:3]


def rendered_text(spec) -> str:
    """Every paragraph of the rendered document, tables (and cells' paragraphs) included, one a line."""
    document = Document(io.BytesIO(rendering.render(spec.file.read_bytes(), sample_context(spec), label=spec.code)))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(p.text for cell in row.cells for p in cell.paragraphs)
    return "\n".join(lines).replace(NBSP, " ")


def rubles(text: str) -> Decimal:
    """``1 169 164,63 руб.`` → ``Decimal("1169164.63")``."""
    return Decimal(text.replace("руб.", "").replace(NBSP, "").replace(" ", "").replace(",", "."))


def variant(code: str, **changes):
    spec = manifest()[code]
    return dataclasses.replace(spec, sample={**spec.sample, **changes})


def magistrate_court_order():
    """A citizen's debt to the magistrate (ГПК ст. 121–124): birth date and place, an identifier."""
    principal, penalty = Decimal("15990.61"), Decimal("577.04")
    name = "Иванов Петр Сергеевич"
    return variant(
        "casefiles.court_order_application",
        court={"arbitration": False, "addressee": "Мировому судье судебного участка № 12 Энского судебного района",
               "address": "ул. Гагарина, д. 7, г. Энск, 123410"},
        debtor={"citizen": True, "name": name, "genitive": genitive(*name.split()), "birth_date": "14.03.1978",
                "birth_place": "г. Энск", "address": "ул. Ленина, д. 12, кв. 45, г. Энск, 123456",
                "identifier": "СНИЛС 112-233-445 95", "contacts": ""},
        period={"first": "01.06.2026", "last": "31.08.2026"},
        debts=[
            {"period": "июнь 2026 г.", "invoice": "счет № 2026-06/8812 от 30.06.2026", "charged": "5 214,37",
             "due_date": "10.07.2026", "paid": "0,00", "debt": "5 214,37"},
            {"period": "июль 2026 г.", "invoice": "счет № 2026-07/8790 от 31.07.2026", "charged": "5 388,12",
             "due_date": "10.08.2026", "paid": "0,00", "debt": "5 388,12"},
            {"period": "август 2026 г.", "invoice": "счет № 2026-08/8801 от 31.08.2026", "charged": "5 388,12",
             "due_date": "10.09.2026", "paid": "0,00", "debt": "5 388,12"},
        ],
        debt_totals={"charged": "15 990,61", "paid": "0,00", "debt": "15 990,61"},
        amounts={"as_of": "30.11.2026", "principal": money(principal, "руб."), "principal_words": money_words(principal),
                 "penalty_from": "10.08.2026", "penalty_to": "30.11.2026", "penalty": money(penalty, "руб."),
                 "penalty_words": money_words(penalty), "total": money(principal + penalty, "руб."),
                 "total_words": money_words(principal + penalty)},
        penalty_basis="ч. 14 ст. 155 Жилищного кодекса Российской Федерации",
        claim={},
        duty={"amount": money(Decimal("2000"), "руб."), "payment": "платежным поручением № 1901 от 01.12.2026",
              "norm": "подп. 2 п. 1 ст. 333.19 НК РФ: 50 % от 4 000 руб."},
    )


def test_the_four_templates_are_registered_from_their_area_manifest():
    # the registry reads doc_templates/*/manifest.toml: no app is needed for the area
    specs = manifest()
    assert set(CODES) <= set(specs)
    for code in CODES:
        assert specs[code].manifest.parent.name == "casefiles" and specs[code].file.is_file()


@pytest.mark.parametrize("code", CODES)
def test_each_passes_the_readers_checks(code):
    result = check_spec(manifest()[code], convert=False)
    assert result.ok, [finding.message for finding in result.findings]


@pytest.mark.parametrize("code", WITH_DEBTS)
def test_the_samples_add_up_to_the_kopeck(code):
    sample = manifest()[code].sample
    amounts, totals = sample["amounts"], sample["debt_totals"]
    # each month's debt is charged less paid, the totals are the sums of the rows
    for row in sample["debts"]:
        assert rubles(row["charged"]) - rubles(row["paid"]) == rubles(row["debt"]), row
    for column in ("charged", "paid", "debt"):
        assert sum(rubles(row[column]) for row in sample["debts"]) == rubles(totals[column]), column
    # the principal is the debt of the table; principal + penalty = total, in figures and words
    principal, penalty, total = (rubles(amounts[key]) for key in ("principal", "penalty", "total"))
    assert principal == rubles(totals["debt"])
    assert principal + penalty == total
    for key, value in (("principal", principal), ("penalty", penalty), ("total", total)):
        assert amounts[f"{key}_words"] == money_words(value), key


def test_the_claim_demands_payment_in_30_days_and_warns_of_court_penalties_and_duty():
    text = rendered_text(manifest()["casefiles.claim"])
    assert "ПРЕТЕНЗИЯ" in text
    assert "в течение 30 календарных дней со дня направления настоящей претензии (ч. 5 ст. 4 АПК РФ)" in text
    assert "Расчет пени на 30.11.2026 прилагается (приложение № 1)" in text
    assert "пени, начисленной по день фактической оплаты долга" in text and "государственной пошлины" in text
    assert "1. Расчет пени на 30.11.2026 на 2 л. в 1 экз." in text
    assert "3. Акт сверки взаимных расчетов на 31.10.2026 на 1 л. в 2 экз." in text
    assert "р/с 40702810512000001234" in text and "В.И. Громов" in text and "Исполнитель: Смирнова" in text


def test_the_claim_leaves_out_the_limitation_warning_when_there_is_none():
    text = rendered_text(variant("casefiles.claim", limitation="", duty_estimate=""))
    assert "ограничена" not in text and "по цене иска" not in text


def test_the_arbitration_court_order_application():
    text = rendered_text(manifest()["casefiles.court_order_application"])
    assert "о выдаче судебного приказа" in text and "ст. 229.1–229.5 АПК РФ" in text and "ГПК" not in text
    assert "Взыскатель: Акционерное общество «Энская теплосетевая компания»" in text
    assert "ИНН 7702345678, КПП 770201001, ОГРН 1107746000456" in text
    assert "Претензия от 01.12.2026 № ПР-2026/000031" in text
    assert "Сумма требования: 387 444,34 руб. основного долга + 18 615,46 руб. пени = 406 059,80 руб." in text


def test_the_magistrate_court_order_application_names_the_citizen_as_the_code_asks(libreoffice):
    spec = magistrate_court_order()
    text = rendered_text(spec)
    assert "о вынесении судебного приказа" in text and "ст. 121–124 ГПК РФ" in text and "АПК" not in text
    assert "Мировому судье судебного участка № 12" in text
    assert "дата и место рождения: 14.03.1978, г. Энск" in text
    assert "место жительства: ул. Ленина, д. 12, кв. 45" in text and "СНИЛС 112-233-445 95" in text
    assert "с должника Иванова Петра Сергеевича" in text
    assert "Претензия от" not in text
    # and the variant passes the reader's checks and converts to PDF
    result = check_template(spec.file.read_bytes(), spec, label=spec.code)
    assert result.ok, [finding.message for finding in result.findings]
    assert result.page_count >= 1


def test_the_arbitration_lawsuit_has_the_contents_of_apk_125():
    text = rendered_text(manifest()["casefiles.lawsuit"])
    assert "В Арбитражный суд Энской области" in text and "ИСКОВОЕ ЗАЯВЛЕНИЕ" in text
    assert "Истец: " in text and "Ответчик: " in text and "Цена иска: 1 202 101,13 руб." in text
    assert "Расчет цены иска" in text and "Досудебный порядок урегулирования спора соблюден" in text
    assert "ст. 4, 125, 126 АПК РФ" in text and "по день фактической оплаты" in text
    assert "Копия искового заявления с приложенными документами направлена ответчику 11.01.2027" in text
    assert "Ходатайства:" in text
    assert "Копия / оригинал" in text and "Диплом представителя" in text


def test_the_general_court_lawsuit_against_a_citizen():
    name = "Петрова Мария Ивановна"
    spec = variant(
        "casefiles.lawsuit",
        court={"arbitration": False, "addressee": "В Энский районный суд", "address": "ул. Мира, д. 1, г. Энск"},
        debtor={"citizen": True, "name": name, "genitive": genitive(*name.split()), "birth_date": "02.02.1980",
                "birth_place": "г. Энск", "address": "ул. Садовая, д. 3, кв. 7, г. Энск",
                "identifier": "ИНН 352500112233", "contacts": ""},
        claim={}, copy_sent={}, motions=[],
    )
    text = rendered_text(spec)
    assert "ст. 131, 132 ГПК РФ" in text and "АПК" not in text
    assert "дата и место рождения: 02.02.1980, г. Энск" in text and "Взыскать с Петровой Марии Ивановны" in text
    assert "Досудебный порядок" not in text and "Ходатайства" not in text and "Копия искового" not in text


def test_the_police_statement():
    text = rendered_text(manifest()["casefiles.police_statement"])
    assert "Начальнику ОМВД России по г. Энску" in text
    assert "о проведении проверки и привлечении к ответственности" in text
    assert "312,457 Гкал" in text and "991 113,60 руб." in text and "ст. 7.19 КоАП РФ" in text
    assert "талон-уведомление о регистрации заявления в КУСП" in text
    assert "Об уголовной ответственности за заведомо ложный донос по ст. 306 УК РФ предупрежден(а)." in text
    assert "7. Доверенность № 12 от 09.01.2026 (копия) на 1 л. в 1 экз." in text
