"""What a case's package holds: the case's route as a checklist route of
``package_checklist`` and its documents as ``PackageItem``s — declarations, so a new kind of
case document joins the package by one entry in ``PACKAGE_KINDS``.

The package is the case's application (the newest of its kind: the claim, the court
application, the lawsuit or the police statement) and then its annexes as the application
lists them (``documents.annex_items``: only the newest penalty statement; the court's
decisions, writs and the police's answer received later never).
"""

from __future__ import annotations

from . import package_checklist as checklist
from .documents import CLAIM_ANNEX_KINDS, annex_items, document_source
from .models import Case, CaseDocument
from .package import PackageItem

K = CaseDocument.Kind

# the case's kind → the checklist route (package_checklist.ROUTES)
ROUTE_OF_CASE = {
    Case.Kind.CLAIM: "pretrial_claim",
    Case.Kind.ORDER_ARBITRATION: "court_order_arbitration",
    Case.Kind.ORDER_MAGISTRATE: "court_order_magistrate",
    Case.Kind.LAWSUIT_ARBITRATION: "lawsuit_arbitration",
    Case.Kind.LAWSUIT_GENERAL: "lawsuit_general",
    Case.Kind.POLICE: "police_statement",
}
# the application each route's package goes with
APPLICATION_OF_CASE = {
    Case.Kind.CLAIM: K.CLAIM,
    Case.Kind.ORDER_ARBITRATION: K.COURT_APPLICATION,
    Case.Kind.ORDER_MAGISTRATE: K.COURT_APPLICATION,
    Case.Kind.LAWSUIT_ARBITRATION: K.STATEMENT_OF_CLAIM,
    Case.Kind.LAWSUIT_GENERAL: K.STATEMENT_OF_CLAIM,
    Case.Kind.POLICE: K.POLICE_STATEMENT,
}
# a case document's kind → the package kind (package_checklist.KINDS); a calculation of a
# police case is the calculation of the unauthorised consumption
PACKAGE_KINDS = {
    K.CLAIM: "claim_letter",
    K.PENALTY_STATEMENT: "debt_calculation",
    K.COURT_APPLICATION: "court_order_application",
    K.STATEMENT_OF_CLAIM: "lawsuit",
    K.POLICE_STATEMENT: "police_statement",
    K.CONTRACT: "contract",
    K.INVOICE: "invoices",
    K.RECONCILIATION: "reconciliation",
    K.ACT: "inspection_act",
    K.CALCULATION: "debt_calculation",
    K.PHOTO: "photos",
    K.REGISTER_EXTRACT: "egrul_extract",
    K.POWER_OF_ATTORNEY: "power_of_attorney",
    K.DUTY_PAYMENT: "duty_payment",
    K.POSTAL_RECEIPT: "claim_dispatch",
    K.POSTAL_LIST: "claim_dispatch",
    K.COPY_DISPATCH: "copy_dispatch",
    K.LAW_DIPLOMA: "law_diploma",
    K.COURT_RULING: "court_ruling",
    K.OTHER: "other",
}
POLICE_KINDS = {K.CALCULATION: "unauthorized_calculation"}
# received after the filing: never in the package that goes with it
LATER_KINDS = (K.JUDGMENT, K.WRIT, K.POLICE_ANSWER)


def package_route(case: Case) -> str:
    return ROUTE_OF_CASE[Case.Kind(case.kind)]


def package_kind(case: Case, item: CaseDocument) -> str:
    if case.kind == Case.Kind.POLICE and item.kind in POLICE_KINDS:
        return POLICE_KINDS[K(item.kind)]
    return PACKAGE_KINDS[K(item.kind)]


def package_documents(case: Case) -> list[CaseDocument]:
    """The case documents of its package, in the inventory's order: the application first."""
    application = (CaseDocument.objects.filter(case=case, kind=APPLICATION_OF_CASE[Case.Kind(case.kind)])
                   .select_related("archived").order_by("-added_at", "-id").first())
    if case.kind == Case.Kind.CLAIM:
        annexes = annex_items(case, only=(K.PENALTY_STATEMENT, *CLAIM_ANNEX_KINDS))
    else:
        annexes = [i for i in annex_items(case) if i.kind not in LATER_KINDS
                   and not (i.kind == K.CLAIM and application is not None and i.pk == application.pk)]
    return ([application] if application is not None else []) + annexes


def package_items(case: Case, documents: list[CaseDocument]) -> list[PackageItem]:
    """The documents as the assembler takes them (the application itself, first, is the
    original the package goes with); the archived ones' PDFs are read by ``assemble``."""
    return [PackageItem(title=item.title, kind=package_kind(case, item), source=document_source(item),
                        copies=item.copies, original=item.is_original or n == 0) for n, item in enumerate(documents)]


def case_package_missing(case: Case) -> list[str]:
    """What the checklist of the case's route still misses among its documents (Russian names)."""
    kinds = [package_kind(case, item) for item in package_documents(case)]
    return [r.name for r in checklist.missing_requirements(package_route(case), kinds)]
