"""The case's package of documents: built by its route's checklist, approved or returned by
a manager."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.updates import model_update
from core.validation import validated

from ..models import Case, CasePackage
from ._common import _locked, _require_open

APPROVE = "casefiles.approve_package"
BUILD = "casefiles.add_casepackage"


def _package_incomplete(case: Case, missing: list[str]) -> ApplicationError:
    return ApplicationError(
        f"Пакет документов по делу № {case.pk} неполон: не хватает — {'; '.join(missing)}",
        code="package_incomplete", field="documents", extra={"missing": missing},
    )


@transaction.atomic
def package_build(*, case: Case, actor: Actor) -> CasePackage:
    """Assemble the case's package by its route's checklist (``casefiles.package.assemble``:
    one PDF with the inventory, page numbers and bookmarks, the ZIP of the originals, parts for
    e-filing), store it in the archive and record it as the case's next package version. An
    incomplete package is refused naming what is missing; nothing is written."""
    from ..case_package import case_package_missing, package_documents, package_items, package_route
    from ..package import assemble, stored_package

    require(actor, BUILD)
    case = _locked(case)
    _require_open(case)
    missing = case_package_missing(case)
    if missing:
        raise _package_incomplete(case, missing)
    documents = package_documents(case)
    route = package_route(case)
    package = assemble(route, package_items(case, documents),
                       title=f"к делу № {case.pk} ({case.get_kind_display().lower()}), {case.debtor_name}"[:300])
    version = (CasePackage.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0) + 1
    with stored_package(package) as stored:
        row = validated(CasePackage(
            case=case, version=version, route=route, title=package.title[:300],
            pdf_name=stored.pdf.name, pdf_sha256=stored.pdf.sha256, pdf_size=stored.pdf.size,
            zip_name=stored.zip.name, zip_sha256=stored.zip.sha256, zip_size=stored.zip.size,
            parts=[{"name": f.name, "sha256": f.sha256, "size": f.size, "first_page": p.first_page,
                    "last_page": p.last_page, "documents": list(p.documents)}
                   for f, p in zip(stored.parts, package.parts, strict=True)],
            page_count=package.page_count,
            entries=[{"number": e.number, "title": e.title, "kind": e.kind, "first_page": e.first_page,
                      "last_page": e.last_page, "copies": e.copies, "original": e.original} for e in package.entries],
            built_by=actor,
        ), exclude=["case", "built_by"], validate_constraints=False)
        row.save()
        row.documents.set(documents)
        record_event(action="case.package_built", actor=actor, target=case, data={
            "package": row.pk, "version": version, "route": route, "pdf": stored.pdf.name, "sha256": stored.pdf.sha256,
            "zip_sha256": stored.zip.sha256, "pages": package.page_count, "parts": len(stored.parts),
            "documents": [d.pk for d in documents],
        })
    return row


@transaction.atomic
def package_approve(*, case: Case, actor: Actor) -> CasePackage:
    """A manager approves the case's newest package. Refused while the checklist of the route
    is incomplete (naming what is missing), when no package was built, or when the case's
    documents changed since the newest package was built (rebuild it first)."""
    from ..case_package import case_package_missing, package_documents

    require(actor, APPROVE)
    case = _locked(case)
    _require_open(case)
    missing = case_package_missing(case)
    if missing:
        raise _package_incomplete(case, missing)
    package = CasePackage.objects.filter(case=case).order_by("-version").first()
    if package is None:
        raise ApplicationError(f"Пакет документов по делу № {case.pk} не сформирован", code="package_missing",
                               field="package")
    if {d.pk for d in package_documents(case)} != set(package.documents.values_list("pk", flat=True)):
        raise ApplicationError(
            f"Документы дела изменились после формирования пакета (версия {package.version}): сформируйте его заново",
            code="package_outdated", field="package")
    if package.approved_at is not None:
        raise ApplicationError(f"Пакет версии {package.version} уже утвержден", code="already_approved",
                               field="package")
    if package.returned_at is not None:
        raise ApplicationError(f"Пакет версии {package.version} возвращен на доработку: сформируйте его заново",
                               code="package_outdated", field="package")
    model_update(package, {"approved_by": actor, "approved_at": timezone.now()}, actor=actor)
    record_event(action="case.package_approved", actor=actor, target=case, data={
        "package": package.pk, "version": package.version, "sha256": package.pdf_sha256})
    return package


@transaction.atomic
def package_return(*, case: Case, comment: str, actor: Actor) -> CasePackage:
    """A manager returns the case's newest package to the lawyer with what to correct."""
    require(actor, APPROVE)
    case = _locked(case)
    _require_open(case)
    if not comment.strip():
        raise ApplicationError("При возврате укажите, что исправить", code="required", field="comment")
    package = CasePackage.objects.filter(case=case).order_by("-version").first()
    if package is None or package.approved_at is not None or package.returned_at is not None:
        raise ApplicationError(f"По делу № {case.pk} нет пакета, ожидающего утверждения", code="package_missing",
                               field="package")
    model_update(package, {"returned_by": actor, "returned_at": timezone.now(), "return_comment": comment.strip()},
                 actor=actor)
    record_event(action="case.package_returned", actor=actor, target=case, data={
        "package": package.pk, "version": package.version, "comment": package.return_comment})
    return package
