"""Pages of «Взаиморасчеты» (thin: forms in, services and selectors do the work).

Every view checks its permission on the server (403 for a logged-in user without it).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from core.notices import done
from subscribers.models import Consumer

from . import selectors
from .forms import AsOfForm, DebtorsFilterForm, PaymentResolveForm, PeriodForm, StatementUploadForm
from .models import BankStatement, Payment, PenaltyAccrual
from .services import payment_resolve, statement_import
from .services.exports import debtors_export, turnover_export

VIEW = "settlements.view_debt"


def _403(perm):
    return permission_required(perm, raise_exception=True)


@_403(VIEW)
def overview(request):
    today = timezone.localdate()
    return render(request, "settlements/overview.html", {
        "today": today,
        "aging": selectors.aging(as_of=today),
        "unmatched_count": Payment.objects.filter(status=Payment.Status.UNMATCHED).count(),
        "statements": BankStatement.objects.select_related("imported_by")[:10],
        "accruals": PenaltyAccrual.objects.all()[:6],
    })


SORTABLE = {"outstanding": "Задолженность, ₽", "days": "Дней просрочки", "penalty": "Пени, ₽", "category": "Категория",
            "contract": "Договор", "name": "Абонент"}


@_403(VIEW)
def debtors(request):
    today = timezone.localdate()
    form = DebtorsFilterForm(request.GET)
    filters, order = form.filters(), form.ordering()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            debtors_export(as_of=today, actor=request.user, filters=filters, order=order),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="debtors-{today:%Y-%m-%d}.xlsx"'
        return response
    accrual = selectors.latest_accrual()
    rows = selectors.debtors(as_of=today, order=order, accrual=accrual, **filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    keep.pop("format", None)
    sort_links = []
    for key, title in SORTABLE.items():
        toggled = keep.copy()
        toggled["order"] = key if order == f"-{key}" else f"-{key}"
        sort_links.append((title, toggled.urlencode(), order.lstrip("-") == key, order.startswith("-")))
    return render(request, "settlements/debtors.html", {
        "page": page, "today": today, "form": form, "q": filters["query"], "query_string": keep.urlencode(),
        "sort_links": sort_links, "penalty_as_of": accrual.as_of if accrual else None,
        "totals": selectors.debtor_totals(rows),
    })


@_403(VIEW)
def consumer_card(request, consumer_id: int, form: AsOfForm | None = None):
    consumer = get_object_or_404(Consumer, pk=consumer_id)
    today = timezone.localdate()
    on_date = None
    if form is None and "as_of" in request.GET:  # «Рассчитать»: the penalty on the typed date, no document
        form = AsOfForm(request.GET)
        if form.is_valid():
            on_date = selectors.penalty_on(consumer=consumer, as_of=form.cleaned_data["as_of"])
    return render(request, "settlements/card.html", {
        "consumer": consumer,
        "today": today,
        "balance": selectors.consumer_balance(consumer=consumer, as_of=today),
        "periods": selectors.periods_of(consumer=consumer, as_of=today),
        "payments": selectors.payments_of(consumer=consumer)[:100],
        "penalty": selectors.penalty_summary(consumer=consumer),
        "penalty_lines": selectors.penalty_lines_in_force(consumer=consumer)[:300],
        "aging": selectors.aging(as_of=today, consumer=consumer),
        "form": form or AsOfForm(initial={"as_of": today}),
        "on_date": on_date,
        "documents": _statement_documents(consumer),
        "can_issue": request.user.has_perm("settlements.issue_penalty_statement"),
    })


@_403("settlements.issue_penalty_statement")
@require_http_methods(["POST"])
def penalty_statement(request, consumer_id: int):
    """The "Расчет пени на дату" button: issue the DOCX and return to the card."""
    consumer = get_object_or_404(Consumer, pk=consumer_id)
    form = AsOfForm(request.POST)
    if form.is_valid():
        from .services.statement_document import penalty_statement_issue

        try:
            document = penalty_statement_issue(consumer=consumer, as_of=form.cleaned_data["as_of"], actor=request.user)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            done(request, f"Сформирован расчет пени № {document.number}",
                 reverse("documents:archive:detail", args=[document.pk]), "Открыть документ")
            return redirect(reverse("settlements:card", args=[consumer.pk]) + f"#document-{document.pk}")
    return consumer_card(request, consumer_id, form=form)


def _statement_documents(consumer):
    try:
        from django.contrib.contenttypes.models import ContentType

        from documents.models import ArchivedDocument
    except ImportError:
        return []
    return ArchivedDocument.objects.filter(
        subject_type=ContentType.objects.get_for_model(Consumer), subject_id=consumer.pk,
        template_code="settlements.penalty_statement",
    ).order_by("-issued_at")[:20]


@_403("settlements.add_bankstatement")
@require_http_methods(["GET", "POST"])
def statement_upload(request):
    form = StatementUploadForm()
    result = None
    if request.method == "POST":
        form = StatementUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = statement_import(
                    data=upload.read(), filename=upload.name, actor=request.user,
                    accept_unknown_payers=form.cleaned_data["accept_unknown_payers"],
                )
            except ApplicationError as exc:
                for problem in exc.extra.get("problems") or [exc.message]:
                    form.add_error(None, problem)
            else:
                messages.success(request, result.summary())
    return render(request, "settlements/statement_upload.html", {"form": form, "result": result})


@_403(VIEW)
def unmatched(request):
    return render(request, "settlements/unmatched.html", {"payments": selectors.unmatched_payments()})


@_403("settlements.change_payment")
@require_http_methods(["GET", "POST"])
def resolve(request, payment_id: int):
    payment = get_object_or_404(Payment, pk=payment_id, status=Payment.Status.UNMATCHED)
    form = PaymentResolveForm(initial={
        "kind": payment.kind,
        "periods": ", ".join(f"{p[5:7]}.{p[:4]}" for p in payment.periods),
    })
    if request.method == "POST":
        form = PaymentResolveForm(request.POST)
        if form.is_valid():
            try:
                payment_resolve(
                    payment=payment, contract=form.cleaned_data["contract_number"], actor=request.user,
                    kind=form.cleaned_data["kind"], periods=form.cleaned_data["periods"],
                    note=form.cleaned_data["note"],
                )
            except (ApplicationError, ValidationError) as exc:
                form.add_error(None, getattr(exc, "message", None) or "; ".join(exc.messages))
            else:
                messages.success(request, f"Платеж № {payment.number} разнесен")
                return redirect("settlements:unmatched")
    return render(request, "settlements/resolve.html", {"payment": payment, "form": form})


@_403(VIEW)
def turnover(request):
    form = PeriodForm(request.GET or {"period": timezone.localdate().replace(day=1).strftime("%Y-%m")})
    rows, period = [], None
    if form.is_valid():
        period = form.cleaned_data["period"]
        rows = selectors.turnover(period=period)
        if request.GET.get("format") == "xlsx":
            response = HttpResponse(
                turnover_export(period=period, rows=rows, actor=request.user),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="osv-{period:%Y-%m}.xlsx"'
            return response
    return render(request, "settlements/turnover.html", {"form": form, "rows": rows, "period": period,
                                                         "totals": selectors.turnover_totals(rows)})
