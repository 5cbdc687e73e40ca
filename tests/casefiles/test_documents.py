"""The case's documents rendered from a case: the claim with its penalty statement, the court
order application, the lawsuit and the police statement — their key figures in the DOCX text
(principal + penalty = total, the duty by ``regulations.state_duty``), annexes with their sheets."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from docx import Document
from pypdf import PdfReader

from casefiles import services
from casefiles.documents import PoliceFacts
from casefiles.models import Case, CaseDocument
from core.errors import ApplicationError
from documents import formatting, storage
from reference import selectors as reference
from regulations.state_duty import state_duty
from tests.documents.conftest import _warm_pool, libreoffice  # noqa: F401 — the real converter
from tests.subscribers.factories import SignatoryFactory

from .factories import ConsumerFactory

NBSP = "\u00a0"


def text_of(item: CaseDocument) -> str:
    doc = Document(io.BytesIO(storage.read(item.archived.storage_name)))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace(NBSP, " ")


def rub(value: D) -> str:
    return formatting.money(value, "руб.").replace(NBSP, " ")


def duty(court: str, procedure: str, amount: D, on: date) -> D:
    return state_duty(court=court, procedure=procedure, claim_amount=amount, on=on,
                      scales=reference.duty_scales()).amount


def pdf_pages(item: CaseDocument) -> int:
    rendition = item.archived.pdf_renditions.get()
    return len(PdfReader(io.BytesIO(storage.read(rendition.storage_name))).pages)


@pytest.fixture
def signer(contract):
    from subscribers.models import Organization

    return SignatoryFactory(organization=Organization.objects.order_by("pk").first(), last_name="Крылова",
                            first_name="Анна", middle_name="Сергеевна", position="Юрисконсульт", is_head=True)


@pytest.fixture
def priced(debts, lawyer, today, signer):
    case = services.case_open(consumer=debts[0].consumer, debts=debts, kind=Case.Kind.CLAIM, actor=lawyer,
                              contract=debts[0].contract)
    services.amounts_refresh(case=case, as_of=today, actor=lawyer)
    case.refresh_from_db()
    return case


def test_the_claim_goes_out_with_the_penalty_statement_of_its_date(priced, lawyer, today, libreoffice):  # noqa: F811
    # when
    claim = services.claim_issue(case=priced, actor=lawyer)

    # then the case holds the statement (an original annex) and a copy of the claim (its original goes out)
    priced.refresh_from_db()
    kinds = list(priced.documents.values_list("kind", flat=True))
    assert kinds == [CaseDocument.Kind.PENALTY_STATEMENT, CaseDocument.Kind.CLAIM]
    assert list(priced.documents.values_list("is_original", flat=True)) == [True, False]
    statement = priced.documents.get(kind=CaseDocument.Kind.PENALTY_STATEMENT)
    assert statement.archived.template_code == "settlements.penalty_statement"
    assert statement.archived.context["as_of"] == f"{today:%d.%m.%Y}"
    assert claim.archived.template_code == "casefiles.claim" and claim.archived.number.startswith("ПР")
    assert claim.archived.subject_id == priced.pk

    # and the figures: principal + penalty = total, the duty of the proposed court order
    text = text_of(claim)
    assert priced.principal == D("250000.00") and priced.penalty > 0
    assert rub(priced.principal) in text
    assert rub(priced.penalty) in text
    assert rub(priced.principal + priced.penalty) in text
    assert formatting.money_words(priced.principal + priced.penalty).replace(NBSP, " ") in text
    assert rub(duty("arbitration", "court_order", priced.principal + priced.penalty, today)) in text
    assert "150 000,00" in text and "100 000,00" in text and "250 000,00" in text  # the debt table and its total
    # the penalty statement is the first annex, with its sheets counted in its PDF
    sheets = pdf_pages(statement)
    assert f"Расчет пени на {today:%d.%m.%Y}" in text
    assert claim.archived.context["attachments"][0] == {"name": f"Расчет пени на {today:%d.%m.%Y}", "sheets": sheets,
                                                        "copies": 1}
    assert claim.archived.context["term"] == {"days": 30, "basis": "ч. 5 ст. 4 АПК РФ"}


def test_the_claim_needs_the_amounts_and_writes_nothing_without_them(debts, lawyer, signer):
    case = services.case_open(consumer=debts[0].consumer, debts=debts, kind=Case.Kind.CLAIM, actor=lawyer)

    with pytest.raises(ApplicationError) as refused:
        services.claim_issue(case=case, actor=lawyer)

    assert refused.value.code == "amounts_missing"
    assert not case.documents.exists()


def test_the_court_order_application_on_the_current_amounts(priced, lawyer, today, arbitration_court,
                                                             libreoffice):  # noqa: F811
    # given the claim was sent 31 days ago and the route set
    services.claim_issue(case=priced, actor=lawyer)
    services.claim_sent_record(case=priced, sent_on=today - timedelta(days=31), tracking="12345601234567", actor=lawyer)
    services.case_route_set(case=priced, kind=Case.Kind.ORDER_ARBITRATION, court=arbitration_court, actor=lawyer)

    # when
    application = services.application_issue(case=priced, actor=lawyer)

    # then
    priced.refresh_from_db()
    assert application.kind == CaseDocument.Kind.COURT_APPLICATION
    assert application.archived.template_code == "casefiles.court_order_application"
    text = text_of(application)
    total = priced.principal + priced.penalty
    assert rub(total) in text and rub(priced.principal) in text and rub(priced.penalty) in text
    expected_duty = duty("arbitration", "court_order", total, today)
    assert priced.state_duty == expected_duty
    assert rub(expected_duty) in text
    assert "В Арбитражный суд города Москвы" in text
    assert "12345601234567" in text  # the claim's proof of dispatch
    names = [a["name"] for a in application.archived.context["attachments"]]
    claim = priced.documents.get(kind=CaseDocument.Kind.CLAIM)
    assert claim.title in names  # the claim is an annex of the application
    assert [n for n in names if n.startswith("Расчет пени")] == [f"Расчет пени на {today:%d.%m.%Y}"]
    kinds = {a["name"]: a["kind"] for a in application.archived.context["attachments"]}
    assert kinds[claim.title] == "копия" and kinds[f"Расчет пени на {today:%d.%m.%Y}"] == "оригинал"
    assert all(a["sheets"] >= 1 for a in application.archived.context["attachments"])


def test_the_arbitration_lawsuit_with_its_duty_and_motions(priced, lawyer, today, arbitration_court,
                                                           libreoffice):  # noqa: F811
    services.claim_issue(case=priced, actor=lawyer)
    services.claim_sent_record(case=priced, sent_on=today - timedelta(days=40), tracking="80001234567890", actor=lawyer)
    services.case_route_set(case=priced, kind=Case.Kind.LAWSUIT_ARBITRATION, court=arbitration_court,
                            reason="Должник оспаривает объем поставки", actor=lawyer)

    lawsuit = services.application_issue(case=priced, actor=lawyer,
                                         copy_sent={"date": f"{today:%d.%m.%Y}", "proof": "почтовый идентификатор 1"})

    priced.refresh_from_db()
    assert lawsuit.kind == CaseDocument.Kind.STATEMENT_OF_CLAIM
    text = text_of(lawsuit)
    total = priced.principal + priced.penalty
    assert formatting.amount(total).replace(NBSP, " ") in text
    assert rub(duty("arbitration", "claim", total, today)) in text
    assert "ч. 2 ст. 156 АПК РФ" in text
    assert (today + timedelta(days=1)).strftime("%d.%m.%Y") in text  # the penalty until payment, from the next day


def test_an_application_needs_a_court_route(priced, lawyer):
    with pytest.raises(ApplicationError) as refused:
        services.application_issue(case=priced, actor=lawyer)

    assert refused.value.code == "state_conflict"
    assert not priced.documents.exists()


def test_the_police_statement(contract, lawyer, today, signer):
    consumer = ConsumerFactory()
    case = services.case_open(consumer=consumer, debts=[], kind=Case.Kind.POLICE, actor=lawyer)
    facts = PoliceFacts(
        police_addressee="Начальнику ОМВД России по г. Энску", police_address="ул. Пушкина, д. 3",
        found_on=today - timedelta(days=5), incident_address="ул. Садовая, д. 14",
        incident_kind="бездоговорное потребление тепловой энергии", method="врезка в тепловой камере ТК-14",
        act="о выявлении бездоговорного потребления № 12", period_from=today - timedelta(days=370),
        period_to=today - timedelta(days=5), damage_method="по подключенной нагрузке", volume=D("312.457"),
        damage=D("991113.60"), vat_rate=D("22"),
        qualification="административного правонарушения, предусмотренного ст. 7.19 КоАП РФ",
    )

    statement = services.police_statement_issue(case=case, facts=facts, actor=lawyer)

    text = text_of(statement)
    assert rub(D("991113.60")) in text
    assert rub(D("178725.40")) in text  # VAT inside: 991 113,60 × 22 / 122
    assert "312,457" in text and "ст. 7.19 КоАП РФ" in text
