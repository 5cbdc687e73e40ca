"""Defects found by reading the issued documents (issue 12): each test opens the rendered
DOCX text, as a reader of the PDF would see it."""

import io
import tomllib

import pytest
from docx import Document

from core.wording import CONFIDENCE_MARKS, has_confidence_mark, without_confidence_marks
from documents import rendering
from documents.registry import manifest
from documents.services import sample_context

CODES = sorted(manifest())


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("code", CODES)
def test_no_confidence_mark_in_a_template_sample_or_its_document(code):
    # given the manifest's sample as written (not as the engine cleans it)
    spec = manifest()[code]
    sample = sample_context(spec)
    # then no text of the sample carries a working note's mark
    assert not [s for s in _strings(sample) if has_confidence_mark(s)], code
    # and the document rendered from it neither
    text = docx_text(rendering.render(spec.file.read_bytes(), sample, label=code))
    assert not has_confidence_mark(text)


@pytest.mark.parametrize("path", sorted({str(spec.manifest) for spec in manifest().values() if spec.manifest}))
def test_no_manifest_sample_carries_a_mark(path):
    with open(path, "rb") as stream:
        data = tomllib.load(stream)
    assert not [s for t in data.get("template", []) for s in _strings(t.get("sample", {})) if has_confidence_mark(s)]


def test_a_mark_in_the_data_never_reaches_the_document():
    # given a sample whose checklist rule still carries a mark (an old row, a hand edit)
    spec = manifest()["metering.commissioning_act"]
    context = sample_context(spec)
    context["checklist"] = [dict(context["checklist"][0], rule="ПП РФ № 1034, п. 64 ❓ ⚠️")]
    # when
    text = docx_text(rendering.render(spec.file.read_bytes(), context, label=spec.code))
    # then the rule is printed without it
    assert "ПП РФ № 1034, п. 64" in text
    assert not has_confidence_mark(text)


@pytest.mark.django_db
def test_no_checklist_definition_stores_a_mark():
    from metering.models import ChecklistItemDefinition

    rules = list(ChecklistItemDefinition.objects.values_list("rule", flat=True))
    assert rules and not [r for r in rules if has_confidence_mark(r)]
    # and an administrator's edit that types one is stored without it
    item = ChecklistItemDefinition.objects.first()
    item.rule = "ПП РФ № 1034, п. 73 ❓"
    item.save()
    item.refresh_from_db()
    assert item.rule == "ПП РФ № 1034, п. 73"


def test_without_confidence_marks():
    assert without_confidence_marks("102-ФЗ ст. 13; ПП РФ № 1034 ❓") == "102-ФЗ ст. 13; ПП РФ № 1034"
    assert without_confidence_marks("цена ⚠️ за Гкал") == "цена за Гкал"
    assert all(not has_confidence_mark(without_confidence_marks(f"a {m} b")) for m in CONFIDENCE_MARKS)


def test_the_penalty_statement_totals_debt_and_penalty_and_shows_the_signers_power_of_attorney():
    spec = manifest()["settlements.penalty_statement"]
    text = docx_text(rendering.render(spec.file.read_bytes(), sample_context(spec), label=spec.code))
    assert "Всего задолженность и пени на 29.05.2026: 4 891,85 ₽" in text
    assert "действующая на основании доверенности № 7 от 09.01.2026" in text


def test_a_signer_shows_the_basis_of_authority():
    from datetime import date

    from documents.documents import signer_block
    from subscribers.models import AuthorityBasis, Signatory

    attorney = Signatory(last_name="Волкова", first_name="Мария", middle_name="Сергеевна",
                         position="Начальник абонентского отдела",
                         authority_basis=AuthorityBasis.POWER_OF_ATTORNEY, poa_number="7", poa_date=date(2026, 1, 9))
    head = Signatory(last_name="Орлов", first_name="Андрей", middle_name="Викторович", position="Генеральный директор")
    assert signer_block(attorney) == {"position": "Начальник абонентского отдела", "name": "М.С.\xa0Волкова",
                                      "authority": "действующая на основании доверенности №\xa07 от 09.01.2026"}
    assert signer_block(head)["authority"] == "действующий на основании Устава"


def test_a_letter_to_an_entrepreneur_names_the_form_once_and_declines_the_name():
    from documents.documents import consumer_addressee
    from subscribers.models import Consumer

    consumer = Consumer(kind=Consumer.Kind.ENTREPRENEUR, name="Индивидуальный предприниматель Савина Мария Викторовна",
                        short_name="ИП Савина М. В.", last_name="Савина", first_name="Мария", middle_name="Викторовна",
                        signatory_position="Индивидуальный предприниматель", signatory_last_name="Савина",
                        signatory_first_name="Мария", signatory_middle_name="Викторовна",
                        postal_address="ул. Мира, д. 1, г. Энск")
    assert consumer_addressee(consumer) == ["Индивидуальному предпринимателю Савиной\xa0М.В.", "ул. Мира, д. 1, г. Энск"]


def test_person_names_are_formatted_by_one_function():
    from documents.formatting import person_full, person_short, split_person_name

    assert person_short("Петров", "Сергей", "Николаевич") == "С.Н.\xa0Петров"
    assert person_short("Петров", "Сергей", "Николаевич", surname_first=True) == "Петров\xa0С.Н."
    assert person_full("Петров", "Сергей", "Николаевич") == "Петров Сергей Николаевич"
    # a one-line name is split surname first; what follows the name is the patronymic
    assert split_person_name("Петров  Сергей Николаевич") == ("Петров", "Сергей", "Николаевич")
    assert split_person_name("Мамедов Эльдар Рашид оглы") == ("Мамедов", "Эльдар", "Рашид оглы")
    assert split_person_name("Петрова Анна") == ("Петрова", "Анна", "")
    # and not when the name is missing or only initials are given
    assert split_person_name("Петров") is None and split_person_name("Петров С.Н.") is None


def test_the_string_splitting_name_functions_are_gone():
    from documents import formatting

    assert not hasattr(formatting, "initials_surname") and not hasattr(formatting, "surname_initials")


@pytest.mark.django_db
def test_a_technician_approving_an_act_is_printed_initials_first():
    """The «УТВЕРЖДАЮ» block of a user who is no signatory: «С. Петров», never «П. Сергей»."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth.models import User

    from metering.services.inspections import approval_block

    user = User.objects.create(username="petrov", first_name="Сергей", last_name="Петров")
    block = approval_block(user, datetime(2026, 3, 12, 12, tzinfo=ZoneInfo("Europe/Moscow")))
    assert block["name"] == "С.\xa0Петров"


SIGNER_SAMPLE_CODES = ["billing.upd", "billing.payment_invoice", "common.letter", "settlements.penalty_statement",
                       "metering.verification_notice"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", SIGNER_SAMPLE_CODES)
def test_a_stored_signatory_prints_as_initials_and_surname_in_the_signature_line(code):
    """A signatory stored as Петров / Сергей / Николаевич signs every document «С.Н. Петров»."""
    from documents.documents import signer_block
    from subscribers.models import AuthorityBasis, Signatory
    from tests.subscribers.factories import OrganizationFactory

    signatory = Signatory.objects.create(
        organization=OrganizationFactory(), last_name="Петров", first_name="Сергей", middle_name="Николаевич",
        position="Генеральный директор", authority_basis=AuthorityBasis.CHARTER, is_head=True,
    )
    block = signer_block(Signatory.objects.get(pk=signatory.pk))
    assert block["name"] == "С.Н.\xa0Петров"
    # when a document is rendered with it where the sample has its signer(s)
    spec = manifest()[code]
    context = sample_context(spec)
    if "signers" in context:
        context["signers"] = {"head": block, "accountant": block}
    else:
        context["signer"] = block
    text = docx_text(rendering.render(spec.file.read_bytes(), context, label=code))
    # then the signature line reads «С.Н. Петров» (a non-breaking space), never the name swapped
    assert "С.Н.\xa0Петров" in text
    assert "Петров С." not in text.replace("\xa0", " ") and "П. Сергей" not in text


@pytest.mark.parametrize("code", ["billing.upd", "billing.payment_invoice"])
def test_upd_and_invoice_show_the_signers_authority_and_keep_the_email_whole(code):
    spec = manifest()[code]
    text = docx_text(rendering.render(spec.file.read_bytes(), sample_context(spec), label=code))
    assert "действующий на основании Устава" in text
    assert "действующая на основании доверенности № 3 от 09.01.2026" in text


def test_an_email_does_not_break_at_its_hyphen():
    from documents.formatting import unbroken

    assert unbroken("abonent-sbyt@teploset.example") == "abonent\u2011sbyt@teploset.example"


def _pdf_text(code: str) -> tuple[str, int]:
    """The sample rendered and converted by the real LibreOffice: the PDF's text (as a reader
    copying it would get it) and the number of pages."""
    from pypdf import PdfReader

    from documents.pdf import convert_docx_to_pdf

    spec = manifest()[code]
    pdf = convert_docx_to_pdf(rendering.render(spec.file.read_bytes(), sample_context(spec), label=code), timeout=120)
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() for page in pages), len(pages)


# the column headings of the УПД table (ПП 1137) whose long words were split with a hyphen
UPD_HEADING_WORDS = (
    "товара/", "Наименование", "Единица", "измерения:", "обозначение", "(национальное)", "Количество",
    "Стоимость", "имущественных", "Налоговая", "предъявляемая", "происхождения", "наименование",
    "Регистрационный", "декларации", "прослеживаемости",
)


def test_the_upd_heading_keeps_its_words_whole_on_one_landscape_page(libreoffice):
    # when the sample УПД is printed
    text, pages = _pdf_text("billing.upd")
    # then every heading word is printed whole (no hyphen, no forced break inside it)
    words = set(text.split())
    assert [w for w in UPD_HEADING_WORDS if w not in words] == []
    assert "\u00ad" not in text and not [line for line in text.splitlines() if line.rstrip().endswith("-")]
    # and the form fits the one landscape page of the ПП 1137 form
    assert pages == 1


def test_the_payment_invoice_prints_the_email_whole(libreoffice):
    text, pages = _pdf_text("billing.payment_invoice")
    # the e-mail is on one line: its hyphen is a non-breaking one, read back as the e-mail
    assert "abonent-sbyt@teploset.example" in text.replace("\u2011", "-").split()
    assert pages == 1
