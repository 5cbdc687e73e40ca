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
    from casefiles.models import Case

    from .factories import ContractFactory, CourtFactory, DebtFactory
    from .samples import pdf

    CourtFactory()
    debt = DebtFactory(contract=ContractFactory())
    lawyer = world.users[LEGAL]
    world.case = services.case_open(consumer=debt.consumer, debts=[debt], kind=Case.Kind.CLAIM, actor=lawyer)
    world.case_document = services.document_upload(case=world.case, content=pdf(), filename="доверенность.pdf",
                                                   kind="power_of_attorney", title="Доверенность", actor=lawyer)


ACCESS = [
    Access("casefiles:index", allowed=CASE_READERS, methods=("GET",)),
    Access("casefiles:card", allowed=CASE_READERS, kwargs=lambda w: {"case_id": w.case.pk}, methods=("GET",)),
    Access("casefiles:document", allowed=CASE_READERS, methods=("GET",),
           kwargs=lambda w: {"case_id": w.case.pk, "document_id": w.case_document.pk}),
    Access("casefiles:limitation", allowed=CASE_READERS, methods=("GET",)),
    *admin_entries("casefiles"),
]
