"""Letters and notices as their reader sees them (issue 12: the requisites of letters, the verification notice): each test
issues the document through the services and reads the text of the archived DOCX — or of its
PDF, for the layout."""

import io
import re
from datetime import date

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from core.errors import ApplicationError
from documents import rendering, storage
from documents.documents import Annex, letter_context, notice_context
from documents.formatting import date_short
from documents.pdf import convert_docx_to_pdf
from documents.registry import manifest
from documents.services import issue_document, sample_context
from subscribers.models import AuthorityBasis
from tests.subscribers.factories import ConsumerFactory, ContractFactory, OrganizationFactory, SignatoryFactory

NBSP = "\xa0"
DEADLINE = date(2027, 1, 15)
CONSEQUENCE = ("узел учета считается неисправным, и количество тепловой энергии определяется расчетным путем "
               "по Методике осуществления коммерческого учета тепловой энергии, теплоносителя (приказ Минстроя России № 99/пр).")


def text_of(document) -> str:
    """The archived DOCX as read: paragraphs and table cells, non-breaking spaces as spaces."""
    doc = Document(io.BytesIO(storage.read(document.storage_name)))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace(NBSP, " ")


@pytest.fixture
def organization(db):
    organization = OrganizationFactory(phone="+7 (81738) 2-10-10")
    SignatoryFactory(organization=organization, last_name="Волкова", first_name="Мария", middle_name="Сергеевна",
                     position="Начальник абонентского отдела",
                     authority_basis=AuthorityBasis.POWER_OF_ATTORNEY, poa_number="7", poa_date=date(2026, 1, 9))
    return organization


@pytest.fixture
def signer(organization):
    return organization.signatories.get()


@pytest.fixture
def consumer(db):
    return ConsumerFactory(name="ООО «Хлебозавод № 3»", signatory_position="Директор",
                           signatory_last_name="Петров", signatory_first_name="Петр", signatory_middle_name="Петрович")


@pytest.fixture
def billing(make_user):
    return make_user("Расчетчик", first_name="Ольга", last_name="Смирнова")


@pytest.fixture
def technician(make_user):
    return make_user("Техник", first_name="Сергей", last_name="Петров")


def a_letter(organization, consumer, signer, executor, **extra):
    context = letter_context(
        organization=organization, consumer=consumer, signer=signer, executor=executor,
        heading="О задолженности за тепловую энергию", paragraphs=["Просим погасить задолженность."], **extra,
    )
    return issue_document(template="common.letter", context=context, subject=consumer, actor=executor)


def a_notice(organization, consumer, signer, executor, **extra):
    context = notice_context(
        organization=organization, consumer=consumer, signer=signer, executor=executor,
        contract=extra.pop("contract", None), heading="о необходимости поверки приборов учета тепловой энергии",
        paragraphs=["Уведомляем, что у приборов узла учета истекает межповерочный интервал."],
        items=[{"name": "Тепловычислитель ВКТ-7, зав. № 123456", "details": "Узел учета УУ-00012, ул. Мира, д. 5",
                "deadline": date(2027, 1, 14)}],
        closing=["Просим представить приборы в поверку и предъявить узел учета к повторному допуску."],
        deadline=DEADLINE, consequence=CONSEQUENCE, **extra,
    )
    return issue_document(template="common.notice", context=context, subject=consumer, actor=executor)


def issued_on(document) -> str:
    return date_short(timezone.localdate(document.issued_at))


# --- letters ---------------------------------------------------------------------------------------

def test_a_letter_without_issued_annexes_has_no_annex_line(organization, consumer, signer, billing):
    text = text_of(a_letter(organization, consumer, signer, billing))
    assert "Приложение" not in text
    # and its executor is the user who issued it, with the department's phone
    assert "Исп. Смирнова Ольга" in text and "Тел. +7 (81738) 2-10-10" in text
    # and the signer shows the basis of the authority (§0)
    assert "действующая на основании доверенности № 7 от 09.01.2026" in text


def test_a_letter_lists_each_issued_annex_with_its_number_date_and_sheets(organization, consumer, signer, billing):
    # given a document issued to be sent with the letter
    annex = a_notice(organization, consumer, signer, billing)
    # when the letter goes with it, on 2 sheets in 1 copy
    letter = a_letter(organization, consumer, signer, billing, attachments=[Annex(annex, sheets=2)])
    # then the annex line names that document with its sheets and copies
    text = text_of(letter)
    assert "Приложение:" in text
    assert f"1. Уведомление № {annex.number} от {issued_on(annex)} на 2 л. в 1 экз." in text


@pytest.mark.parametrize("annex", ["Расчет задолженности на 1 л. в 1 экз.", "unsaved", "no sheets"])
def test_an_annex_is_an_issued_document_with_its_sheets(organization, consumer, signer, billing, annex):
    from documents.models import ArchivedDocument

    if annex == "unsaved":
        annex = Annex(ArchivedDocument(number="ИСХ-2026/000009", title="Расчет"), sheets=1)
    elif annex == "no sheets":
        annex = Annex(a_notice(organization, consumer, signer, billing), sheets=0)
    with pytest.raises(ApplicationError) as refused:
        a_letter(organization, consumer, signer, billing, attachments=[annex])
    assert (refused.value.code, refused.value.field) == ("invalid", "attachments")


def test_a_correction_says_which_letter_it_replaces(organization, consumer, signer, billing):
    first = a_letter(organization, consumer, signer, billing)
    corrected = issue_document(template="common.letter", context={**first.context, "heading": "Об уточнении"},
                               subject=consumer, actor=billing, replaces=first)
    assert f"Взамен письма № {first.number} от {issued_on(first)}" in text_of(corrected)
    assert "Взамен" not in text_of(first)


# --- notices (§4) ----------------------------------------------------------------------------------

def test_a_notice_names_contract_items_deadline_consequence_delivery_mark_and_its_issuer(
    organization, consumer, signer, technician
):
    contract = ContractFactory(consumer=consumer, number="102-Т", signed_on=date(2025, 3, 15))
    text = text_of(a_notice(organization, consumer, signer, technician, contract=contract))
    # the contract, the metering unit and the device's serial number
    assert "по договору теплоснабжения № 102-Т от 15.03.2025" in text
    assert "Тепловычислитель ВКТ-7, зав. № 123456" in text and "Узел учета УУ-00012" in text
    # the deadline (a date) and the consequence of not acting (Методика, приказ Минстроя № 99/пр)
    assert "Срок исполнения: до 15.01.2027." in text
    assert "Последствия неисполнения: узел учета считается неисправным" in text and "№ 99/пр" in text
    # the delivery mark: handed over and received, with date, signature and name
    assert "Отметка о вручении" in text
    assert re.search(r"Вручено: «___» _+ 20___ г\.", text) and re.search(r"Получено: «___» _+ 20___ г\.", text)
    assert "(дата, подпись, ФИО вручившего)" in text and "ФИО и должность получившего" in text
    # the executor is the issuing user, not a name typed in elsewhere
    assert "Исп. Петров Сергей" in text


def test_a_notice_without_a_consequence_is_refused(organization, consumer, signer, technician):
    with pytest.raises(ApplicationError) as refused:
        notice_context(organization=organization, consumer=consumer, signer=signer, executor=technician,
                       heading="о поверке", paragraphs=[], items=[], closing=[], deadline=DEADLINE, consequence=" ")
    assert (refused.value.code, refused.value.field) == ("required", "consequence")


def test_a_notice_without_a_contract_prints_no_contract_line(organization, consumer, signer, technician):
    assert "по договору" not in text_of(a_notice(organization, consumer, signer, technician))


def test_a_corrected_notice_names_the_notice_it_replaces(organization, consumer, signer, technician):
    first = a_notice(organization, consumer, signer, technician)
    corrected = issue_document(template="common.notice", context=first.context, subject=consumer, actor=technician,
                               replaces=first)
    assert f"Взамен уведомления № {first.number} от {issued_on(first)}" in text_of(corrected)


# --- layout of the PDF -----------------------------------------------------------------------------

@pytest.mark.parametrize("code", ["common.letter", "common.notice", "metering.verification_notice"])
def test_no_word_or_number_is_split_across_lines_in_the_pdf(code, libreoffice):
    spec = manifest()[code]
    context = sample_context(spec)
    context["document"]["replaces"] = {"number": "ИСХ-2026/000001", "date": "01.12.2026"}  # a correction's line too
    pdf = convert_docx_to_pdf(rendering.render(spec.file.read_bytes(), context, label=code), timeout=120)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1, "a letter or notice fits on one page"
    lines = [line.strip() for line in reader.pages[0].extract_text().replace(NBSP, " ").splitlines()]
    text = "\n".join(lines)
    # no word broken with a hyphen at the end of a line, no «№» left without its number
    assert not re.search(r"[а-яё]-\n[а-яё]", text)
    assert not [line for line in lines if line.endswith("№")]
    if code == "metering.verification_notice":
        assert "действительна до" in text  # the column header in one piece
        assert "Отметка о вручении" in text and "Исп. Петров Сергей" in text
    if code == "common.notice":
        assert "зав. № 123456" in text
    assert "Взамен" in text and "№ ИСХ-2026/000001" in text


def test_a_letter_is_signed_by_the_head_else_the_first_active_signatory(db):
    """One choice of the signer for every letter (supply notices and acts, answers to appeals):
    the active head; without one the first active signatory by surname; none at all → a message
    naming the signer, not a letter without a signature."""
    from documents.documents import organization_signer

    organization = OrganizationFactory()
    with pytest.raises(ApplicationError) as refused:
        organization_signer(organization)
    assert refused.value.field == "signer" and "подписанта" in refused.value.message
    SignatoryFactory(organization=organization, last_name="Яковлева", is_head=False)
    SignatoryFactory(organization=organization, last_name="Белов", is_head=False)
    SignatoryFactory(organization=organization, last_name="Аксенов", is_head=True, active=False)
    assert organization_signer(organization).last_name == "Белов"
    SignatoryFactory(organization=organization, last_name="Щукин", is_head=True)
    assert organization_signer(organization).last_name == "Щукин"
