"""viewflow model views whose writes go through services, and record pages with history.

viewflow's ``CreateModelView``/``UpdateModelView`` save the form themselves. Here
``form_valid`` hands the cleaned data to the viewset's ``create_object`` /
``update_object`` (which call a service), puts the service's refusal back on the form, and
lets a permission refusal (``PermissionDenied``, ``core.permissions.require``) through as 403.

Permissions, as viewflow checks them and what is added here:
- list and detail: ``viewset.has_view_permission`` (model ``view`` or ``change``) — kept;
- create: ``viewset.has_add_permission`` in ``dispatch`` — kept;
- change: viewflow checks ``has_change_permission`` only inside ``get_object``; here it is
  checked in ``dispatch`` before anything else, for GET and POST alike;
- the Application and the Site let any logged-in user in: an Application should set
  ``permission`` (see ``subscribers.viewsets.SubscribersApp``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.text import capfirst
from viewflow.views import CreateModelView, DetailModelView, ListModelView, UpdateModelView

from core.display import display_value
from core.errors import ApplicationError
from core.forms import apply_errors
from core.history import record_history


class ListView(ListModelView):
    """The Material list with numbers and dates as people write them: money «78 713 019,27»
    (viewflow's own list writes a Decimal raw, «78713019,2700000»), other decimals with a
    comma, dates ДД.ММ.ГГГГ (``core.display``)."""

    def format_value(self, obj, column, value):
        if isinstance(value, (Decimal, date)) and not isinstance(value, datetime) \
                and not getattr(getattr(column, "model_field", None), "flatchoices", None):
            value = display_value(value)
        return super().format_value(obj, column, value)


class ServiceCreateView(CreateModelView):
    def get_initial(self):
        initial = super().get_initial()
        if self.viewset is not None and hasattr(self.viewset, "get_create_initial"):
            initial.update(self.viewset.get_create_initial(self.request))
        return initial

    def form_valid(self, form):
        try:
            self.object = self.viewset.create_object(form=form, actor=self.request.user)
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        self.message_user()
        return HttpResponseRedirect(self.get_success_url())


class ServiceUpdateView(UpdateModelView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.has_change_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.viewset is not None and hasattr(self.viewset, "check_update_post"):
            self.viewset.check_update_post(request, self.object)
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        try:
            self.object = self.viewset.update_object(obj=self.object, form=form, actor=self.request.user)
        except (ValidationError, ApplicationError) as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        self.message_user()
        return HttpResponseRedirect(self.get_success_url())


@dataclass
class Table:
    """A card with a table on a record's page: ``rows`` are lists of cells, a cell is a
    value or a ``(value, url)`` pair (a link)."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    empty: str = "Нет записей"
    anchor: str = ""

    def cells(self):
        for row in self.rows:
            yield [
                {"text": display_value(cell[0]), "url": cell[1]}
                if isinstance(cell, tuple)
                else {"text": display_value(cell), "url": ""}
                for cell in row
            ]


class RecordDetailView(DetailModelView):
    """A record's page: its fields (``viewset.detail_fields`` when given), the tables of
    ``sections()`` (related records) and the record's history."""

    def sections(self) -> list[Table]:
        return []

    def get_object_data(self):
        fields = getattr(self.viewset, "detail_fields", None)
        if not fields:
            yield from super().get_object_data()
            return
        for name in fields:
            field = self.object._meta.get_field(name)
            display = getattr(self.object, f"get_{name}_display", None)
            value = display() if display else getattr(self.object, name)
            if value not in (None, ""):
                # as every page writes a value: «1 234,56», 08.12.2026, да/нет, a user by name (core.display)
                yield field, capfirst(field.verbose_name), display_value(value)  # «ИНН», not «Инн»

    def get_template_names(self):
        names = super().get_template_names()
        return [*names[:-1], "core/record_detail.html"] if self.template_name is None else names

    @cached_property
    def history(self):
        """The record's history; None for a model that keeps none (invoices, recalculations)."""
        if not hasattr(type(self.object), "history"):
            return None
        return record_history(self.object)
