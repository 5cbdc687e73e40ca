"""Pages of «Претензии и суды» (thin: selectors read, services write and audit).

Every page checks the right on the server and, for one case, the object-level rule
(``selectors.can_view_case``): other roles get 403 even by a direct URL. Every opening of a
case and every file download is an audit event (``services.case_viewed``,
``services.case_document_file``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.errors import ApplicationError
from documents.access import can_view_document
from documents.views import file_response

from . import selectors, services
from .forms import CaseFilterForm
from .models import Case, CaseDocument, CasePackage

VIEW = selectors.VIEW_PERMISSION


def _403(perm):
    return permission_required(perm, raise_exception=True)


def _case(request, case_id: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("consumer", "contract", "court"), pk=case_id)
    if not selectors.can_view_case(request.user, case):
        raise PermissionDenied
    return case


@_403(VIEW)
@require_GET
def case_list(request):
    form = CaseFilterForm(request.GET)
    cases = selectors.case_list(user=request.user, **form.filters())
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(request, "casefiles/case_list.html", {"form": form, "page": page, "query_string": keep.urlencode(),
                                                        "totals": selectors.case_totals(cases)})


@_403(VIEW)
@require_GET
def case_card(request, case_id: int):
    case = _case(request, case_id)
    services.case_viewed(case=case, actor=request.user)
    return render(request, "casefiles/case_card.html", {**selectors.case_card(case=case), "today": timezone.localdate()})


@_403(VIEW)
@require_GET
def document_file(request, case_id: int, document_id: int):
    case = _case(request, case_id)
    item = get_object_or_404(CaseDocument.objects.select_related("archived", "case"), pk=document_id, case=case)
    if item.archived is not None and not can_view_document(request.user, item.archived):
        raise PermissionDenied  # the archive's own rule for its documents (documents/access.py)
    try:
        delivered = services.case_document_file(item=item, actor=request.user)
    except ApplicationError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
        return redirect("casefiles:card", case_id=case.pk)
    return file_response(delivered.content, filename=delivered.filename, content_type=delivered.content_type,
                         inline=False, fallback=f"case-{case.pk}-document-{item.pk}.{delivered.filename.rpartition('.')[2]}")


@_403(VIEW)
@require_GET
def package_file(request, case_id: int, package_id: int):
    case = _case(request, case_id)
    package = get_object_or_404(CasePackage, pk=package_id, case=case)
    try:
        delivered = services.package_file(package=package, actor=request.user)
    except ApplicationError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
        return redirect("casefiles:card", case_id=case.pk)
    return file_response(delivered.content, filename=delivered.filename, content_type=delivered.content_type,
                         inline=False, fallback=f"case-{case.pk}-package-{package.version}.pdf")


@_403(VIEW)
@require_GET
def limitation(request):
    today = timezone.localdate()
    return render(request, "casefiles/limitation.html", {
        "today": today, "rows": selectors.limitation_watch(today=today), "days": selectors.LIMITATION_WATCH_DAYS,
    })
