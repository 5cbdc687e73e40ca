"""The penalty statement (Расчет пени) DOCX: its numbers are the `calc penalty` numbers."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document

from accounts.roles import LEGAL, MANAGER
from audit.models import AuditEvent
from core.errors import ApplicationError
from core.permissions import PERMISSION_DENIED
from documents import storage
from settlements.penalty_statement import calc_input
from settlements.services.allocation import allocate_contract
from settlements.services.statement_document import penalty_statement_issue
from subscribers.models import Signatory

from .factories import ConsumerFactory, ContractFactory, DebtFactory, PaymentFactory


def _number(text: str) -> Decimal:
    return Decimal(text.replace("\xa0", "").replace(" ", "").replace("₽", "").replace(",", "."))


def _day(text: str) -> str:
    d, m, y = text.split(".")
    return f"{y}-{m}-{d}"


@pytest.fixture
def late_payer(organization):
    """An УК with January paid late in part, February late in full, March unpaid."""
    Signatory.objects.create(organization=organization, last_name="Волкова", first_name="Марина", middle_name="Сергеевна",
                             position="Начальник абонентского отдела", signs_for="претензии, расчеты пени")
    contract = ContractFactory(consumer=ConsumerFactory(penalty_category="managing_org"))
    DebtFactory(contract=contract, period=date(2026, 1, 1), due_date=date(2026, 2, 16), amount=Decimal("100000.00"))
    DebtFactory(contract=contract, period=date(2026, 2, 1), due_date=date(2026, 3, 16), amount=Decimal("80000.00"))
    DebtFactory(contract=contract, period=date(2026, 3, 1), due_date=date(2026, 4, 15), amount=Decimal("90000.01"))
    PaymentFactory(contract=contract, amount=Decimal("60000.00"), paid_on=date(2026, 3, 20))
    PaymentFactory(contract=contract, amount=Decimal("120000.00"), paid_on=date(2026, 5, 29))
    allocate_contract(contract_id=contract.pk)
    return contract.consumer


def _table(document) -> tuple[list[list[str]], str]:
    docx = Document(io.BytesIO(storage.read(document.storage_name)))
    [table] = [t for t in docx.tables if t.rows[0].cells[0].text == "№"]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    return rows[1:-1], rows[-1][-1]


def test_the_statement_numbers_equal_calc_penalty(late_payer, make_user, tmp_path, capsys):
    # given
    as_of = date(2026, 8, 31)
    lawyer = make_user(LEGAL, first_name="Андрей", last_name="Кузнецов")
    # when the statement is issued and calc runs on the same inputs
    document = penalty_statement_issue(consumer=late_payer, as_of=as_of, actor=lawyer)
    source = tmp_path / "input.json"
    source.write_text(json.dumps(calc_input(consumer=late_payer, as_of=as_of)), encoding="utf-8")
    capsys.readouterr()
    call_command("calc", "penalty", "--input", str(source))
    calc = json.loads(capsys.readouterr().out)
    # then every table row is a calc line, in the same order, and the totals agree
    rows, total = _table(document)
    assert len(rows) == len(calc["lines"]) > 3
    for row, line in zip(rows, calc["lines"], strict=True):
        _, _, _, _, _, base, date_from, date_to, days, fraction, rate, formula, amount = row
        assert (_day(date_from), _day(date_to), int(days)) == (line["date_from"], line["date_to"], line["days"])
        assert _number(base) == Decimal(line["base"])
        assert fraction == line["fraction"]
        assert _number(rate) == Decimal(line["rate_percent"])
        assert _number(amount) == Decimal(line["amount"])
        assert formula == f"{base} × {rate} % × {days} / {fraction[2:]}"
    assert _number(total) == Decimal(calc["total"])
    # and the document is archived with its number and audited
    assert document.number.startswith("РП-")
    assert AuditEvent.objects.filter(action="document.issued", target_id=str(document.pk)).exists()


def test_nothing_overdue_means_no_statement(organization, make_user):
    consumer = DebtFactory(due_date=date(2026, 10, 10)).consumer
    with pytest.raises(ApplicationError) as exc:
        penalty_statement_issue(consumer=consumer, as_of=date(2026, 10, 10), actor=make_user(LEGAL))
    assert (exc.value.code, exc.value.field) == ("nothing_overdue", "as_of")


def test_a_manager_may_not_issue_the_statement(late_payer, make_user):
    with pytest.raises(ApplicationError) as refused:
        penalty_statement_issue(consumer=late_payer, as_of=date(2026, 8, 31), actor=make_user(MANAGER))
    assert refused.value.code == PERMISSION_DENIED


def test_the_card_button_issues_the_docx(client, late_payer, make_user):
    from django.urls import reverse

    from documents.models import ArchivedDocument

    client.force_login(make_user(LEGAL))
    response = client.post(reverse("settlements:penalty_statement", args=[late_payer.pk]), {"as_of": "2026-08-31"})
    assert response.status_code == 302
    document = ArchivedDocument.objects.get(template_code="settlements.penalty_statement")
    assert response["Location"].endswith(f"#document-{document.pk}")
    card = client.get(response["Location"]).content.decode()
    assert document.number in card and f"/documents/archive/{document.pk}/file/docx/" in card


def test_the_context_builder_gives_exactly_the_manifest_variables(late_payer, organization):
    from documents.registry import get_spec
    from reference.selectors import penalty_rules
    from settlements.documents import penalty_statement_context
    from settlements.penalty_statement import penalty_statement

    statement = penalty_statement(consumer=late_payer, as_of=date(2026, 8, 31), rules=penalty_rules())
    context = penalty_statement_context(statement=statement, consumer=late_payer, organization=organization,
                                        signer=None, executor_name="Кузнецов Андрей", executor_phone="")
    assert set(context) == set(get_spec("settlements.penalty_statement").variables)
    first = context["rows"][0]
    assert first["period"] == "01.2026" and first["fraction"] == "1/300" and first["rate"] == "9,5"
    assert first["payment"] == "20.03.2026, 60\xa0000,00"


OLD_RATE_RULE = (
    "ключевая ставка Банка России на день фактической оплаты, для неоплаченного остатка — на дату расчета; "
    "с 28.02.2022 — не выше 9,5 % (постановление Правительства РФ от 26.03.2022 № 474 с изменениями)"
)


def _context(consumer, organization):
    from reference.selectors import penalty_rules
    from settlements.documents import penalty_statement_context
    from settlements.penalty_statement import penalty_statement

    statement = penalty_statement(consumer=consumer, as_of=date(2026, 8, 31), rules=penalty_rules())
    return penalty_statement_context(statement=statement, consumer=consumer, organization=organization,
                                     signer=None, executor_name="", executor_phone="")


def test_the_basis_and_the_rate_rule_are_the_seeded_wording(late_payer, organization):
    context = _context(late_payer, organization)
    assert context["basis"] == "ч. 9.3 ст. 15 Федерального закона от 27.07.2010 № 190-ФЗ «О теплоснабжении»"
    assert context["rate_rule"] == OLD_RATE_RULE


def test_the_basis_and_the_rate_rule_follow_the_reference_rows(late_payer, organization):
    from reference.models import PenaltyTierScheme, RateCap

    # given a lawyer's corrections of the rows in force (ПП № 329 chain, the УК scheme)
    RateCap.objects.filter(valid_from=date(2025, 1, 1)).update(statement_text="не выше 9,5 % (ПП РФ № 329)")
    PenaltyTierScheme.objects.filter(category="managing_org").update(document_basis="ч. 9.3 ст. 15 190-ФЗ (ред. X)")
    # when the statement is built again
    context = _context(late_payer, organization)
    # then it prints them
    assert context["basis"] == "ч. 9.3 ст. 15 190-ФЗ (ред. X)"
    assert context["rate_rule"] == (
        "ключевая ставка Банка России на день фактической оплаты, для неоплаченного остатка — на дату расчета; "
        "не выше 9,5 % (ПП РФ № 329)"
    )


def test_without_a_cap_in_force_the_rate_rule_names_only_the_key_rate(late_payer, organization):
    from reference.models import PenaltyTierScheme, RateCap

    RateCap.objects.all().delete()
    PenaltyTierScheme.objects.filter(category="managing_org").update(document_basis="")
    context = _context(late_payer, organization)
    assert context["rate_rule"] == (
        "ключевая ставка Банка России на день фактической оплаты, для неоплаченного остатка — на дату расчета"
    )
    assert context["basis"] == "190-ФЗ ст. 15 ч. 9.3"  # the scheme's norm when no document wording is set
