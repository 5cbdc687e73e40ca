"""Pages of «Расчеты»: periods, the billing run and its progress (thin: forms in, services
and selectors do the work). Every view checks its permission on the server (403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from core import formatting
from core.errors import ApplicationError
from core.forms import apply_errors

from . import selectors
from .forms import (
    CancelRecalculationForm,
    CancelRunForm,
    CloseForm,
    PeriodOpenForm,
    RecomputeForm,
    ResumeRunForm,
    RunForm,
)
from .models import BillingPeriod, BillingRun, Recalculation
from .services.periods import period_close, period_open
from .services.recalculations import recalculation_cancel, recalculation_recompute
from .services.run_recovery import (
    billing_run_cancel,
    billing_run_resume,
    last_movement,
    run_is_stalled,
)
from .services.runs import billing_run_start


def _403(perm: str):
    return permission_required(perm, raise_exception=True)


@_403("billing.view_billingperiod")
def periods(request):
    rows = BillingPeriod.objects.annotate(
        invoices_count=Count("invoices", distinct=True),
    ).order_by("-month")
    return render(request, "billing/periods.html", {
        "periods": [(p, selectors.last_run(p)) for p in rows[:36]],
        "can_open": request.user.has_perm("billing.add_billingperiod"),
    })


@_403("billing.add_billingperiod")
def period_open_view(request):
    form = PeriodOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = period_open(month=form.cleaned_data["month"], actor=request.user)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            return redirect("billing:period", pk=period.pk)
    return render(request, "billing/form.html", {"form": form, "title": "Открыть расчетный период", "submit": "Открыть"})


@_403("billing.view_billingperiod")
def period_detail(request, pk: int):
    period = get_object_or_404(BillingPeriod, pk=pk)
    totals = period.invoices.aggregate(
        count=Count("id"), amount=Sum("amount"), vat=Sum("vat_amount"), total=Sum("amount_with_vat")
    )
    waiting = Recalculation.objects.filter(cancelled_at__isnull=True).filter(
        Q(period=period) | Q(period__isnull=True) if not period.is_closed else Q(period=period)
    ).select_related("contract", "corrected_period")
    return render(request, "billing/period.html", {
        "period": period,
        "runs": period.runs.select_related("started_by")[:20],
        "last_run": selectors.last_run(period),
        "totals": totals,
        "recalculations": waiting[:200],
        "refused": selectors.refused_recalculations(period)[:200],
        "can_run": not period.is_closed and request.user.has_perm("billing.run_billing"),
        "can_close": not period.is_closed and request.user.has_perm("billing.close_billingperiod"),
        "can_recompute": period.is_closed and request.user.has_perm("billing.add_recalculation"),
        "can_cancel": not period.is_closed and request.user.has_perm("billing.change_recalculation"),
    })


@_403("billing.run_billing")
def period_run(request, pk: int):
    period = get_object_or_404(BillingPeriod, pk=pk)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = billing_run_start(period=period, actor=request.user)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            return redirect("billing:run", pk=run.pk)
    return render(request, "billing/form.html", {
        "form": form, "title": f"Расчет за {period}", "submit": "Запустить",
        "back": reverse("billing:period", args=[period.pk]),
    })


@_403("billing.close_billingperiod")
def period_close_view(request, pk: int):
    period = get_object_or_404(BillingPeriod, pk=pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period_close(period=period, actor=request.user, accept_problems=form.cleaned_data["accept_problems"])
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Период {period} закрыт")
            return redirect("billing:period", pk=period.pk)
    last = selectors.last_run(period)
    return render(request, "billing/form.html", {
        "form": form, "title": f"Закрытие периода {period}", "submit": "Закрыть период",
        "back": reverse("billing:period", args=[period.pk]),
        "note": (
            f"По последнему расчету не начислено договоров с ошибками данных: {last.contracts_with_problems}"
            if last and last.contracts_with_problems else ""
        ),
    })


@_403("billing.view_billingrun")
def run_detail(request, pk: int):
    run = get_object_or_404(BillingRun.objects.select_related("period", "started_by"), pk=pk)
    page = Paginator(selectors.run_problems(run), 100).get_page(request.GET.get("page"))
    return render(request, "billing/run.html", {
        "run": run, "page": page, "refresh": run.is_active,
        "stalled": run_is_stalled(run), "last_movement": last_movement(run),
        "can_recover": request.user.has_perm("billing.run_billing"),
    })


_RUN_ACTIONS = {
    "resume": (
        ResumeRunForm, billing_run_resume, "Возобновить", "Расчет № {run} возобновлен: невыполненные части снова в очереди"
    ),
    "cancel": (CancelRunForm, billing_run_cancel, "Отменить", "Расчет № {run} отменен"),
}


def _run_action(request, pk: int, action: str):
    """«Возобновить» / «Отменить» a run (meant for a stalled one: its worker died)."""
    form_class, service, verb, done = _RUN_ACTIONS[action]
    run = get_object_or_404(BillingRun.objects.select_related("period"), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(run=run, actor=request.user)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done.format(run=run.pk))
            return redirect("billing:run", pk=run.pk)
    return render(request, "billing/form.html", {
        "form": form, "title": f"{verb} расчет № {run.pk} за {run.period}", "submit": verb,
        "back": reverse("billing:run", args=[run.pk]),
        "note": f"Выполнено частей: {run.chunks_done} из {run.chunks_total}; последнее движение "
                f"{timezone.localtime(last_movement(run)):%d.%m.%Y %H:%M}",
    })


@_403("billing.run_billing")
def run_resume(request, pk: int):
    return _run_action(request, pk, "resume")


@_403("billing.run_billing")
def run_cancel(request, pk: int):
    return _run_action(request, pk, "cancel")


@_403("billing.add_recalculation")
def recalculation_recompute_view(request):
    """«Пересчитать закрытый период»: a contract's closed month billed again with today's
    inputs; the differences are queued for the current period."""
    initial = {"contract": request.GET.get("contract", ""), "period": request.GET.get("period")}
    form = RecomputeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            queued = recalculation_recompute(
                contract=data["contract"], period=data["period"], actor=request.user, reason=data["reason"]
            )
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            if queued:
                messages.success(
                    request, f"Договор № {data['contract'].number}, {data['period']}: "
                    f"поставлено перерасчетов — {len(queued)}; их включит следующий расчет текущего периода",
                )
            else:
                messages.info(
                    request, f"Договор № {data['contract'].number}, {data['period']}: "
                    "начисления не изменились, перерасчет не нужен",
                )
            return redirect("billing:recalculations:list")
    return render(request, "billing/form.html", {
        "form": form, "title": "Пересчитать закрытый период", "submit": "Пересчитать",
        "back": reverse("billing:recalculations:list"),
    })


@_403("billing.change_recalculation")
def recalculation_cancel_view(request, pk: int):
    """«Отменить» a queued recalculation before the period it is billed in closes."""
    recalculation = get_object_or_404(Recalculation.objects.select_related("contract", "corrected_period"), pk=pk)
    form = CancelRecalculationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recalculation_cancel(recalculation=recalculation, actor=request.user)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Перерасчет по договору № {recalculation.contract.number} отменен")
            return redirect("billing:recalculations:detail", pk=recalculation.pk)
    return render(request, "billing/form.html", {
        "form": form, "title": f"Отменить перерасчет: договор № {recalculation.contract.number}",
        "submit": "Отменить перерасчет", "back": reverse("billing:recalculations:detail", args=[recalculation.pk]),
        "note": f"{recalculation.reason}; сумма без НДС {formatting.money(recalculation.amount)}",
    })
