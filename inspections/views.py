"""Pages of «Обследования» (thin: forms read, services write and audit).

Every page checks its right on the server: technicians record results and fill and issue acts,
lawyers accept or return them, anyone of the department reports a suspected violation; other
roles get 403 even by a direct URL (tests/inspections/role_matrix.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ApplicationError
from core.forms import apply_errors
from documents.views import file_response

from . import selectors
from .act_page import ActPage
from .forms import NoViolationForm, ReportForm, ReviewForm, RouteForm
from .models import FieldInspection, InspectionPhoto, InspectionRoute, ViolationAct
from .services.acts import act_accept, act_issue, act_return
from .services.inspections import inspection_no_violation, inspection_report, route_create, route_sheet_issue
from .services.photos import PhotoUpload

VIEW = "inspections.view_fieldinspection"
REPORT = "inspections.add_fieldinspection"
RECORD = "inspections.change_fieldinspection"
FILL = "inspections.fill_act"
REVIEW = "inspections.review_act"
PLAN = "inspections.add_inspectionroute"


def _403(perm):
    return permission_required(perm, raise_exception=True)


@_403(VIEW)
@require_GET
def inspection_list(request):
    page = Paginator(selectors.inspection_list(), 50).get_page(request.GET.get("page"))
    return render(request, "inspections/list.html", {"page": page})


@_403(VIEW)
@require_GET
def inspection_card(request, inspection_id: int):
    inspection = get_object_or_404(selectors.inspections(), pk=inspection_id)
    return render(request, "inspections/card.html", selectors.inspection_card(inspection))


@_403(REPORT)
@require_http_methods(["GET", "POST"])
def report(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = inspection_report(source=data["source"], note=data["report_note"], address=data["address"],
                                           reporter=data["reporter"], actor=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Сообщение зарегистрировано: обследование № {inspection.pk}")
            return redirect("inspections:card", inspection_id=inspection.pk)
    return render(request, "inspections/report.html", {"form": form})


@_403(RECORD)
@require_http_methods(["GET", "POST"])
def no_violation(request, inspection_id: int):
    inspection = get_object_or_404(FieldInspection, pk=inspection_id)
    form = NoViolationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photos = [PhotoUpload(name=data["photos"].name, content=data["photos"].read(), caption=data["photo_caption"])
                  ] if data.get("photos") else []
        try:
            inspection_no_violation(inspection=inspection, inspected_on=data["inspected_on"], note=data["result_note"],
                                    photos=photos, actor=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Записано: нарушений не выявлено")
            return redirect("inspections:card", inspection_id=inspection.pk)
    return render(request, "inspections/no_violation.html", {"inspection": inspection, "form": form})


@_403(FILL)
@require_http_methods(["GET", "POST"])
def act_fill(request, inspection_id: int):
    inspection = get_object_or_404(FieldInspection.objects.select_related("heated_object__consumer", "unit"),
                                   pk=inspection_id)
    if request.method == "POST":
        page = ActPage(inspection, user=request.user, data=request.POST, files=request.FILES)
        act = page.submit(actor=request.user)
        if act is not None:
            messages.success(request, "Акт записан: проверьте его и выпустите")
            return redirect("inspections:card", inspection_id=inspection.pk)
    else:
        page = ActPage(inspection, user=request.user)
    return render(request, "inspections/act_fill.html", page.context())


@_403(FILL)
@require_POST
def act_issue_view(request, act_id: int):
    act = get_object_or_404(ViolationAct, pk=act_id)
    try:
        document = act_issue(act=act, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Акт № {document.number} выпущен и передан юристу")
    return redirect("inspections:card", inspection_id=act.inspection_id)


@_403(REVIEW)
@require_http_methods(["GET", "POST"])
def act_review(request, act_id: int):
    act = get_object_or_404(ViolationAct.objects.select_related("inspection", "document"), pk=act_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == ReviewForm.ACCEPT:
                act_accept(act=act, comment=data["comment"], actor=request.user)
                messages.success(request, "Акт принят")
            else:
                act_return(act=act, comment=data["comment"], actor=request.user)
                messages.success(request, "Акт возвращен технику на исправление")
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("inspections:card", inspection_id=act.inspection_id)
    return render(request, "inspections/act_review.html", {**selectors.act_summary(act), "form": form})


@_403(PLAN)
@require_http_methods(["GET", "POST"])
def route_new(request):
    """A planned route: objects for a date, given to a technician or a team (``route_create``);
    then the first stop's card, where the route sheet is issued."""
    form = RouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            route = route_create(route_date=data["route_date"], stops=data["stops"], technician=data["technician"],
                                 team=data["team"], note=data["note"], actor=request.user)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            first = route.stops.order_by("stop_order").first()
            messages.success(request, f"{route} составлен: объектов — {len(data['stops'])}")
            return redirect("inspections:card", inspection_id=first.pk)
    return render(request, "inspections/route_new.html", {"form": form})


@_403(PLAN)
@require_POST
def route_sheet(request, route_id: int):
    route = get_object_or_404(InspectionRoute, pk=route_id)
    try:
        document = route_sheet_issue(route=route, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:index")
    return redirect("documents:archive:detail", document.pk)


@_403(VIEW)
@require_GET
def photo(request, photo_id: int):
    item = get_object_or_404(InspectionPhoto, pk=photo_id)
    try:
        content = selectors.photo_content(item)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("inspections:card", inspection_id=item.inspection_id)
    extension = item.storage_name.rpartition(".")[2]
    return file_response(content, filename=f"фото-{item.pk}.{extension}", content_type=item.content_type, inline=True,
                         fallback=f"photo-{item.pk}.{extension}")
