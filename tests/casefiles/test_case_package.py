"""The case's package: its route's checklist over the case's documents, assembled into one
PDF (inventory, page numbers, a bookmark per document), stored and recorded as a version;
approval by a manager refused while the checklist is incomplete or the documents changed."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from audit.models import AuditEvent
from casefiles import services
from casefiles.models import Case, CaseDocument, CasePackage
from core.errors import ApplicationError
from documents import storage
from tests.documents.conftest import _warm_pool, libreoffice  # noqa: F401 — the real converter

from .test_documents import priced, signer  # noqa: F401 — a priced claim case and our signer
from .test_package import inventory_ranges, marked_pdf, outline, page_texts

K = CaseDocument.Kind
# the uploads a court order in the arbitration court needs besides the issued documents: kind, title, pages
UPLOADS = [
    (K.POSTAL_LIST, "Опись вложения и кассовый чек о направлении претензии", 1),
    (K.CONTRACT, "Договор теплоснабжения с приложениями", 3),
    (K.INVOICE, "УПД за период долга", 2),
    (K.DUTY_PAYMENT, "Платежное поручение № 1842 об уплате государственной пошлины", 1),
    (K.POWER_OF_ATTORNEY, "Доверенность представителя № 12", 1),
    (K.LAW_DIPLOMA, "Диплом представителя о высшем юридическом образовании", 1),
    (K.REGISTER_EXTRACT, "Выписка из ЕГРЮЛ в отношении должника", 2),
]


def upload(case, lawyer, kind, title, pages, *, original=False):
    return services.document_upload(case=case, content=marked_pdf(title, pages), filename=f"{kind}.pdf", kind=kind,
                                    title=title, actor=lawyer, is_original=original)


@pytest.fixture
def order_case(priced, lawyer, today, arbitration_court, libreoffice):  # noqa: F811
    """A court order case: the claim sent 31 days ago, the route set, the application issued."""
    services.claim_issue(case=priced, actor=lawyer)
    services.claim_sent_record(case=priced, sent_on=today - timedelta(days=31), tracking="12345601234567", actor=lawyer)
    services.case_route_set(case=priced, kind=Case.Kind.ORDER_ARBITRATION, court=arbitration_court, actor=lawyer)
    priced.refresh_from_db()
    return priced


def complete(case, lawyer, *, skip=()):
    for kind, title, pages in UPLOADS:
        if kind not in skip:
            upload(case, lawyer, kind, title, pages, original=kind == K.DUTY_PAYMENT)
    services.application_issue(case=case, actor=lawyer)


def test_the_package_of_a_court_order_is_built_numbered_bookmarked_and_stored(order_case, lawyer):
    # given
    complete(order_case, lawyer)

    # when
    package = services.package_build(case=order_case, actor=lawyer)

    # then the row: version 1 of the arbitration court order's checklist, its files in the archive by their hash
    assert (package.version, package.route) == (1, "court_order_arbitration")
    pdf = storage.read(package.pdf_name)
    assert storage.sha256(pdf) == package.pdf_sha256 and len(pdf) == package.pdf_size
    assert storage.sha256(storage.read(package.zip_name)) == package.zip_sha256
    assert [p["name"] for p in package.parts] == [package.pdf_name]
    # the application first, then its annexes: the claim, the newest penalty statement only, the uploads
    titles = [e["title"] for e in package.entries]
    application = order_case.documents.get(kind=K.COURT_APPLICATION)
    claim = order_case.documents.get(kind=K.CLAIM)
    statements = list(order_case.documents.filter(kind=K.PENALTY_STATEMENT).order_by("added_at", "id"))
    assert len(statements) == 2  # the claim's and the application's
    assert titles[0] == application.title
    assert claim.title in titles and titles.count(statements[-1].title) == 1
    originals = {e["title"]: e["original"] for e in package.entries}
    assert originals[application.title] is True and originals[claim.title] is False
    assert statements[0] not in package.documents.all()
    assert set(package.documents.all()) == {application, claim, statements[-1],
                                            *order_case.documents.filter(storage_name__isnull=False)}
    # pypdf: the page count, one bookmark per document on its first page, the inventory's ranges, page numbers
    reader = PdfReader(io.BytesIO(pdf))
    texts = page_texts(pdf)
    inventory_pages = package.entries[0]["first_page"] - 1
    assert len(reader.pages) == package.page_count == inventory_pages + sum(
        e["last_page"] - e["first_page"] + 1 for e in package.entries)
    assert outline(pdf) == [(f"{e['number']}. {e['title']}", e["first_page"]) for e in package.entries]
    assert inventory_ranges(texts, inventory_pages) == [(e["first_page"], e["last_page"]) for e in package.entries]
    for _kind, title, pages in UPLOADS:
        entry = next(e for e in package.entries if e["title"] == title)
        assert entry["last_page"] - entry["first_page"] + 1 == pages
        assert f"{title} лист 1" in texts[entry["first_page"] - 1]
    for number, text in enumerate(texts, start=1):
        assert f"стр. {number}" in text
    assert AuditEvent.objects.filter(action="case.package_built", target_id=str(order_case.pk)).count() == 1

    # and a rebuild is a new version under new names
    again = services.package_build(case=order_case, actor=lawyer)
    assert again.version == 2 and again.pdf_name != package.pdf_name and again.zip_name != package.zip_name
    assert storage.read(package.pdf_name) == pdf


def test_a_missing_document_blocks_the_package_and_its_approval(order_case, lawyer, manager):
    # given no payment order of the duty and no diploma
    complete(order_case, lawyer, skip=(K.DUTY_PAYMENT, K.LAW_DIPLOMA))

    # when / then the build names both and writes nothing
    with pytest.raises(ApplicationError) as refused:
        services.package_build(case=order_case, actor=lawyer)
    assert refused.value.code == "package_incomplete"
    assert refused.value.extra["missing"] == ["Платежное поручение об уплате государственной пошлины",
                                              "Документ о высшем юридическом образовании представителя"]
    assert "Платежное поручение об уплате государственной пошлины" in refused.value.message
    assert not CasePackage.objects.exists()

    # and the approval is refused the same way
    with pytest.raises(ApplicationError) as blocked:
        services.package_approve(case=order_case, actor=manager)
    assert blocked.value.code == "package_incomplete"


def test_the_manager_approves_the_newest_package_of_unchanged_documents(order_case, lawyer, manager):
    complete(order_case, lawyer)
    with pytest.raises(ApplicationError) as none_yet:
        services.package_approve(case=order_case, actor=manager)
    assert none_yet.value.code == "package_missing"
    services.package_build(case=order_case, actor=lawyer)

    # a lawyer does not approve
    with pytest.raises(ApplicationError) as forbidden:
        services.package_approve(case=order_case, actor=lawyer)
    assert forbidden.value.code == "permission_denied"

    # a document added after the build asks for a rebuild
    upload(order_case, lawyer, K.RECONCILIATION, "Акт сверки взаимных расчетов", 1)
    with pytest.raises(ApplicationError) as outdated:
        services.package_approve(case=order_case, actor=manager)
    assert outdated.value.code == "package_outdated"

    rebuilt = services.package_build(case=order_case, actor=lawyer)
    approved = services.package_approve(case=order_case, actor=manager)
    assert approved.pk == rebuilt.pk and approved.version == 2
    assert approved.approved_by == manager and approved.approved_at is not None
    assert AuditEvent.objects.filter(action="case.package_approved").count() == 1


def test_a_manager_cannot_build_a_package(order_case, manager):
    with pytest.raises(ApplicationError) as forbidden:
        services.package_build(case=order_case, actor=manager)
    assert forbidden.value.code == "permission_denied"
