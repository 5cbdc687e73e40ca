"""The «Расчеты» application of the site: periods and runs, tariffs, charges, recalculations.

Periods and runs are pages of ``billing.views``; tariffs, invoices and recalculations are
viewflow viewsets whose writes go through ``billing.services`` (``core.views``); a
recalculation is queued by «Пересчитать закрытый период» and withdrawn by «Отменить»
(``billing.views``). The
server checks every permission; the menu only hides what a role cannot open anyway.
"""

from __future__ import annotations

from django.urls import path
from viewflow.urls import Application, DetailViewMixin, ModelViewset, ReadonlyModelViewset
from viewflow.utils import Icon
from viewflow.views import Action

from core.views import ListView, RecordDetailView, ServiceCreateView, ServiceUpdateView, Table

from . import selectors, views
from .basis import basis_text
from .forms import TariffForm
from .models import Invoice, Recalculation, Tariff
from .services.tariffs import tariff_create, tariff_update


def _action(name: str, url: str, icon: str) -> Action:
    return Action(name=name, url=url, icon=Icon(icon, class_="material-icons mdc-list-item__graphic"))


class TariffViewset(DetailViewMixin, ModelViewset):
    list_view_class = ListView
    app_name = "tariffs"
    model = Tariff
    title = "Тарифы"
    icon = "price_change"
    detail_view_class = RecordDetailView
    create_view_class = ServiceCreateView
    update_view_class = ServiceUpdateView
    form_class = TariffForm
    list_columns = ("tariff_group", "resource", "structure", "valid_from", "valid_to", "energy_rate", "capacity_rate",
                    "water_rate", "decision_number")
    list_object_link_columns = ("tariff_group", "resource")
    list_filter_fields = ("resource", "structure", "tariff_group")
    detail_fields = ("tariff_group", "resource", "structure", "valid_from", "valid_to", "energy_rate", "capacity_rate",
                     "water_rate", "heat_per_m3", "regulator", "decision_number", "decision_date", "note")

    def create_object(self, *, form, actor):
        return tariff_create(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return tariff_update(tariff=obj, actor=actor, **form.service_data())


class InvoiceDetailView(RecordDetailView):
    def sections(self):
        rows = [
            [line.position, line.get_kind_display(), line.heated_object.code if line.heated_object else "",
             line.get_resource_display(), line.get_method_display(),
             f"{line.date_from:%d.%m}–{line.date_to:%d.%m.%Y}", line.quantity, line.unit, line.rate, line.amount,
             line.vat_rate, line.vat_amount, line.amount_with_vat, basis_text(line)]
            for line in selectors.invoice_lines(self.object)
        ]
        return [
            Table(
                "Строки начисления",
                ["№", "Вид", "Объект", "Ресурс", "Способ", "Период", "Количество", "Ед.", "Тариф, ₽", "Сумма без НДС, ₽",
                 "НДС, %", "НДС, ₽", "С НДС, ₽", "Основание"],
                rows,
            )
        ]


class InvoiceViewset(ReadonlyModelViewset):
    list_view_class = ListView
    app_name = "invoices"
    model = Invoice
    title = "Начисления по договорам"
    icon = "receipt"
    detail_view_class = InvoiceDetailView
    list_columns = ("period", "contract", "consumer", "amount", "vat_amount", "amount_with_vat")
    list_object_link_columns = ("contract",)
    list_filter_fields = ("period",)
    list_search_fields = ("contract__number", "consumer__name", "consumer__inn")
    detail_fields = ("period", "contract", "consumer", "shipment_date", "vat_rate", "amount", "vat_amount",
                     "amount_with_vat", "run", "updated_at")

    def get_queryset(self, request):
        return Invoice.objects.select_related("period", "contract", "consumer")


class RecalculationViewset(ReadonlyModelViewset):
    list_view_class = ListView
    app_name = "recalculations"
    model = Recalculation
    title = "Перерасчеты"
    icon = "change_circle"
    detail_view_class = RecordDetailView
    list_columns = ("created_at", "contract", "corrected_period", "period", "resource", "amount", "reason", "source_display")
    list_object_link_columns = ("contract",)
    list_filter_fields = ("source", "resource")
    detail_fields = ("contract", "heated_object", "resource", "component", "corrected_period", "corrected_line",
                     "period", "source", "reason", "quantity", "rate", "amount", "created_at", "created_by",
                     "cancelled_at")

    recompute_path = path("recompute/", views.recalculation_recompute_view, name="recompute")
    cancel_path = path("<int:pk>/cancel/", views.recalculation_cancel_view, name="cancel")

    def get_queryset(self, request):
        return Recalculation.objects.select_related("contract", "corrected_period", "period")

    def source_display(self, obj):
        return obj.get_source_display()

    source_display.short_description = "Источник"

    def get_list_page_actions(self, request, *actions):
        if request.user.has_perm("billing.add_recalculation"):
            actions = (_action("Пересчитать закрытый период", self.reverse("recompute"), "change_circle"), *actions)
        return super().get_list_page_actions(request, *actions)

    def get_detail_page_actions(self, request, obj, *actions):
        if (
            request.user.has_perm("billing.change_recalculation") and obj.cancelled_at is None
            and not (obj.period_id and obj.period.is_closed)
        ):
            actions = (_action("Отменить", self.reverse("cancel", args=[obj.pk]), "cancel"), *actions)
        return super().get_detail_page_actions(request, obj, *actions)


def can_see_billing(user) -> bool:
    return user.is_authenticated and any(
        user.has_perm(p) for p in ("billing.view_billingperiod", "billing.view_tariff", "billing.view_invoice")
    )


class BillingApp(Application):
    title = "Расчеты"
    icon = "receipt_long"
    app_name = "billing"
    menu_template_name = "billing/app_menu.html"
    permission = staticmethod(can_see_billing)
    viewsets = [TariffViewset(), InvoiceViewset(), RecalculationViewset()]

    index_path = path("", views.periods, name="index")
    period_open_path = path("periods/open/", views.period_open_view, name="period_open")
    period_path = path("periods/<int:pk>/", views.period_detail, name="period")
    period_run_path = path("periods/<int:pk>/run/", views.period_run, name="period_run")
    period_close_path = path("periods/<int:pk>/close/", views.period_close_view, name="period_close")
    run_path = path("runs/<int:pk>/", views.run_detail, name="run")
    run_resume_path = path("runs/<int:pk>/resume/", views.run_resume, name="run_resume")
    run_cancel_path = path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel")
