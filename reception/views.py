"""The reception's pages (docs/reception.md): the journal of appeals with its filters and its
XLSX, and the letter page that issues any letter of the department. Thin: selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import generic

from core.errors import ApplicationError
from core.forms import apply_errors

from .forms import BookingForm, JournalFilterForm, LetterForm, ScheduleForm
from .journal import COLUMNS, journal, journal_row, journal_xlsx
from .selectors import day_schedule
from .services import BOOK, booking_create, letter_issue

VIEW = "reception.view_appeal"
PAGE_SIZE = 50


class PermissionMixin:
    permission = VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def process_urls(appeals) -> dict[int, str]:
    """Each appeal's process card (appeal pk → URL), in one query for the page."""
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Process

    from .models import Appeal

    processes = Process.objects.filter(artifact_content_type=ContentType.objects.get_for_model(Appeal),
                                       artifact_object_id__in=[a.pk for a in appeals])
    return {p.artifact_object_id: p.flow_class.instance.reverse("process_detail", args=[p.pk]) for p in processes}


class JournalView(PermissionMixin, generic.TemplateView):
    template_name = "reception/journal.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        form = JournalFilterForm(self.request.GET or None)
        appeals = journal(form.journal_filter(), today=today, user=self.request.user)
        page = Paginator(appeals, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        urls = process_urls(page.object_list)
        rows = [{"cells": journal_row(a, today=today), "overdue": a.overdue_on(today), "url": urls.get(a.pk)}
                for a in page.object_list]
        return super().get_context_data(form=form, page_obj=page, rows=rows, columns=COLUMNS, query=query.urlencode(),
                                        may_register=self.request.user.has_perm("reception.register_appeal"), **kwargs)


class JournalXlsxView(PermissionMixin, generic.View):
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = JournalFilterForm(request.GET or None)
        content = journal_xlsx(journal(form.journal_filter(), today=today, user=request.user), today=today)
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="appeals-{today:%Y%m%d}.xlsx"'
        return response


class LetterView(PermissionMixin, generic.FormView):
    """Any letter of the department to a consumer («Исходящее письмо»), issued into the archive."""

    permission = "reception.issue_letter"
    form_class = LetterForm
    template_name = "reception/form_page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title="Исходящее письмо", submit_label="Выпустить письмо",
                                        intro="Письмо абоненту выпускается с регистрационным номером и хранится в архиве.",
                                        **kwargs)

    def form_valid(self, form):
        try:
            document = letter_issue(actor=self.request.user, **form.service_data())
        except ApplicationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Письмо выпущено: {document.title} № {document.number}")
        return redirect(reverse("documents:archive:detail", args=[document.pk]))


class BookingView(PermissionMixin, generic.FormView):
    """«Запись на прием»: a day's reception hours slot by slot (free or whom they hold) and the
    form that books a visitor into a free one."""

    permission = BOOK
    form_class = BookingForm
    template_name = "reception/booking.html"

    def get_initial(self):
        initial = {"on": timezone.localdate()}
        for name in ("specialist", "on", "at"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def get_context_data(self, **kwargs):
        schedule_form = ScheduleForm(self.request.GET or None)
        on, specialist = timezone.localdate(), None
        if schedule_form.is_valid():
            on = schedule_form.cleaned_data["on"] or on
            specialist = schedule_form.cleaned_data["specialist"]
        return super().get_context_data(schedule_form=schedule_form, on=on, schedule=day_schedule(on=on,
                                        specialist=specialist), bookable=on >= timezone.localdate(), **kwargs)

    def form_valid(self, form):
        try:
            booking = booking_create(actor=self.request.user, **form.service_data())
        except ApplicationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"{booking.visitor_name} записан(а) на прием "
                                       f"{timezone.localtime(booking.starts_at):%d.%m.%Y %H:%M}")
        return redirect(f"{reverse('reception:booking:index')}?on={timezone.localdate(booking.starts_at):%d.%m.%Y}")
