"""Periodic check of metering units before the heating season (ПП РФ № 1034;
docs/law.md, "Commercial metering and verification").

A manager starts a campaign for a network section or for all units (the page below): one
process per unit in use. The technician inspects the unit → the periodic check act is
issued in the background → a manager approves it (the act is issued again with its
«УТВЕРЖДАЮ» block filled) or returns it with a comment: back to the technician's
inspection, corrected, issued again → the approved result is applied: a passed check admits
the unit until the admission end; a failed one makes it faulty from the check's date.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import generic
from viewflow import this
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow import flow, lock

from core.errors import ApplicationError
from core.forms import apply_errors
from metering.forms import date_input
from metering.models import Inspection
from metering.services.inspections import (
    inspection_issue_act,
    periodic_campaign_start,
    periodic_result_apply,
)
from subscribers.models import NetworkSection

from .act_approval import ActApprovalView
from .dashboard import dashboard_flow
from .inspection_page import InspectionPageView
from .models import PeriodicCheckProcess
from .queued import QueuedHandle
from .taking import TakeView


class InspectView(InspectionPageView):
    def get_inspection(self):
        return self.request.activation.process.inspection


@dashboard_flow("metering_flows")
class PeriodicCheckFlow(flow.Flow):
    """Периодическая проверка узла учета

    Проверка узла учета перед отопительным периодом: пломбы, поверка, настройки, врезки,
    архивы; акт периодической проверки, утверждение (или возврат технику на исправление);
    при недостатках узел учета неисправен с даты проверки.
    """

    process_class = PeriodicCheckProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = flow.StartHandle(this.start_check).Annotation(title="Проверка запланирована").Next(this.inspect)

    inspect = (
        TakeView(InspectView.as_view())
        .Annotation(title="Провести периодическую проверку", summary_template="Проверка: {{ process.artifact }}")
        .Permission("metering.perform_inspection")
        .Assign(this.returned_to)
        .Next(this.issue_act)
    )

    issue_act = QueuedHandle(this.issue_check_act).Annotation(title="Выпустить акт проверки").Next(this.approve)

    approve = (
        TakeView(ActApprovalView.as_view())
        .Annotation(title="Утвердить акт проверки", summary_template="Утвердить акт проверки: {{ process.artifact }}")
        .Permission("metering.approve_inspection_act")
        .Next(this.is_returned)
    )

    is_returned = (
        flow.If(lambda activation: activation.process.inspection.act_id is None)
        .Annotation(title="Акт возвращен на исправление?")
        .Then(this.inspect)
        .Else(this.apply_result)
    )

    apply_result = flow.Function(this.apply_check_result).Annotation(title="Учесть результат").Next(this.end)

    end = flow.End().Annotation(title="Проверка завершена")

    def start_check(self, activation, inspection: Inspection):
        activation.process.artifact = inspection
        return activation.process

    def returned_to(self, activation):
        """The technician who recorded the check takes the returned act back; the first
        inspection waits in the queue (no technician yet)."""
        return activation.process.inspection.technician

    def issue_check_act(self, activation):
        inspection = activation.process.inspection
        inspection_issue_act(
            inspection=inspection, actor=inspection.technician, process=activation.process, task=activation.task
        )

    def apply_check_result(self, activation):
        periodic_result_apply(inspection=activation.process.inspection, actor=activation.process.inspection.technician)


def start_periodic_checks(*, season: int, deadline, actor, network_section=None) -> list[PeriodicCheckProcess]:
    """Start a campaign (the service) and one check process per unit, all or nothing."""
    with transaction.atomic():
        _, inspections = periodic_campaign_start(
            season=season, deadline=deadline, actor=actor, network_section=network_section
        )
        return [PeriodicCheckFlow.start.run(inspection=inspection) for inspection in inspections]


# ---------------------------------------------------------------- the campaign page


class CampaignForm(forms.Form):
    season = forms.IntegerField(label="Отопительный период (год начала)", min_value=2000, max_value=2100)
    network_section = forms.ModelChoiceField(
        label="Участок сети", queryset=NetworkSection.objects.all(), required=False,
        empty_label="все узлы учета",
    )
    deadline = forms.DateField(label="Провести до", widget=date_input())


class CampaignView(generic.FormView):
    """A manager starts the periodic checks of a section (or of all units)."""

    form_class = CampaignForm
    template_name = "workflows/periodic_campaign.html"
    permission = "metering.plan_periodic_checks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"season": timezone.localdate().year}

    def form_valid(self, form):
        try:
            processes = start_periodic_checks(actor=self.request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Запланировано проверок: {len(processes)}")
        return redirect(self.request.path)


class CampaignViewset(AppMenuMixin, Viewset):
    app_name = "periodic_campaign"
    title = "Запуск периодических проверок"
    icon = "event_repeat"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(CampaignView.permission)

    @property
    def index_path(self):
        return path("", CampaignView.as_view(), name="index")
