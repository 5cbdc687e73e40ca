"""Who may open what in «Претензии и суды» (see tests/accounts/matrix.py).

Cases are visible only to legal staff and managers: every other role gets 403 on the list,
a case's card and its files — even by a direct URL — and on the limitation watch.
Administrators keep the reference list of courts in the admin and see no case.
"""

from __future__ import annotations

from accounts.roles import LEGAL, MANAGER
from tests.accounts.matrix import Access, admin_entries

CASE_READERS = {LEGAL, MANAGER}


def samples(world):
    from casefiles import services
    from casefiles.models import Case, CasePackage

    from .factories import ContractFactory, CourtFactory, DebtFactory
    from .samples import pdf

    CourtFactory()
    debt = DebtFactory(contract=ContractFactory())
    lawyer = world.users[LEGAL]
    world.case = services.case_open(consumer=debt.consumer, debts=[debt], kind=Case.Kind.CLAIM, actor=lawyer)
    world.case_package = CasePackage.objects.create(  # its row only: the file is not in the archive (a message)
        case=world.case, version=1, route="pretrial_claim", title="матрица", pdf_name="matrix/package.pdf",
        pdf_sha256="0" * 64, pdf_size=1, zip_name="matrix/package.zip", zip_sha256="0" * 64, zip_size=1, page_count=1)
    world.case_document = services.document_upload(case=world.case, content=pdf(), filename="доверенность.pdf",
                                                   kind="power_of_attorney", title="Доверенность", actor=lawyer)


ACCESS = [
    Access("casefiles:index", allowed=CASE_READERS, methods=("GET",)),
    Access("casefiles:card", allowed=CASE_READERS, kwargs=lambda w: {"case_id": w.case.pk}, methods=("GET",)),
    Access("casefiles:document", allowed=CASE_READERS, methods=("GET",),
           kwargs=lambda w: {"case_id": w.case.pk, "document_id": w.case_document.pk}),
    Access("casefiles:package", allowed=CASE_READERS, methods=("GET",),
           kwargs=lambda w: {"case_id": w.case.pk, "package_id": w.case_package.pk},
           note="the sample package's file is not in the archive: a message and a redirect to the card"),
    Access("casefiles:limitation", allowed=CASE_READERS, methods=("GET",)),
    Access("casefiles:police_new", allowed={LEGAL}, note="an empty form answers with its errors; nothing written"),
    *admin_entries("casefiles"),
]
