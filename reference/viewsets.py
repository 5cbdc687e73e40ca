"""Pages of the reference data that billing specialists keep: VAT rates and the production
calendar (a year's page lists its holidays, moved days off and working weekends).

They are registered in the «Расчеты» application (``config.site``). Writes go through
``reference.services``; the server checks every permission (``core.views``): administrators
and billing specialists add and change, lawyers and managers view (``reference.roles``).
The other rules of law (key rate, penalty scales, state duty…) stay in the Django admin.
"""

from __future__ import annotations

import django_filters
from django.urls import reverse
from viewflow.urls import (
    BaseModelViewset,
    CreateViewMixin,
    DetailViewMixin,
    ModelViewset,
    UpdateViewMixin,
)
from viewflow.utils import Icon
from viewflow.views import Action

from core.views import ListView, RecordDetailView, ServiceCreateView, ServiceUpdateView, Table

from . import services
from .forms import CalendarDayForm, CalendarYearChangeForm, CalendarYearForm, VatRateForm
from .models import CalendarDay, CalendarYear, VatRate


class ReferenceViewset(DetailViewMixin, ModelViewset):
    """List, record page with history, create and change through services; no delete."""

    list_view_class = ListView

    detail_view_class = RecordDetailView
    create_view_class = ServiceCreateView
    update_view_class = ServiceUpdateView
    detail_fields: tuple[str, ...] = ()


class VatRateViewset(ReferenceViewset):
    app_name = "vat_rates"
    model = VatRate
    title = "Ставки НДС"
    icon = "percent"
    form_class = VatRateForm
    list_columns = ("valid_from", "rate_percent", "norm")
    list_object_link_columns = ("valid_from",)
    detail_fields = ("valid_from", "rate_percent", "norm")

    def create_object(self, *, form, actor):
        return services.vat_rate_create(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return services.vat_rate_update(vat_rate=obj, actor=actor, **form.service_data())


class CalendarYearDetailView(RecordDetailView):
    """A year of the production calendar with its special days."""

    def sections(self):
        days = self.object.days.order_by("date")
        return [
            Table(
                "Особые дни", ["Дата", "День недели", "Вид", "Примечание"],
                [[(day.date, reverse("billing:calendar_days:detail", args=[day.pk])), _weekday(day.date),
                  day.get_kind_display(), day.note] for day in days],
                empty="Особых дней нет: в году действует общее правило (пн–пт рабочие, сб–вс выходные)",
                anchor="days",
            )
        ]


WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


def _weekday(day) -> str:
    return WEEKDAYS[day.weekday()]


class CalendarYearViewset(ReferenceViewset):
    app_name = "calendar"
    model = CalendarYear
    title = "Производственный календарь"
    icon = "event"
    detail_view_class = CalendarYearDetailView
    form_class = CalendarYearForm
    update_form_class = CalendarYearChangeForm
    list_columns = ("year", "confirmed", "source")
    list_object_link_columns = ("year",)
    detail_fields = ("year", "confirmed", "source", "note")

    def create_object(self, *, form, actor):
        return services.calendar_year_create(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return services.calendar_year_update(calendar_year=obj, actor=actor, **form.service_data())

    def get_detail_page_object_actions(self, request, obj, *actions):
        if request.user.has_perm("reference.add_calendarday"):
            url = f"{reverse('billing:calendar_days:add')}?year={obj.pk}"
            actions = (*actions, Action(name="Добавить день", url=url,
                                        icon=Icon("event_available", class_="material-icons mdc-list-item__graphic")))
        return super().get_detail_page_object_actions(request, obj, *actions)


class CalendarDayFilter(django_filters.FilterSet):
    calendar_year = django_filters.ModelChoiceFilter(label="Год", queryset=CalendarYear.objects.all())
    kind = django_filters.ChoiceFilter(label="Вид", choices=CalendarDay.Kind.choices)

    class Meta:
        model = CalendarDay
        fields = ["calendar_year", "kind"]


class CalendarDayViewset(DetailViewMixin, CreateViewMixin, UpdateViewMixin, BaseModelViewset):
    """The special days, reached from a year's page (no menu entry of their own)."""

    app_name = "calendar_days"
    model = CalendarDay
    title = "Особые дни календаря"
    detail_view_class = RecordDetailView
    create_view_class = ServiceCreateView
    update_view_class = ServiceUpdateView
    form_class = CalendarDayForm
    list_columns = ("date", "kind", "calendar_year", "note")
    list_object_link_columns = ("date",)
    list_filterset_class = CalendarDayFilter
    detail_fields = ("calendar_year", "date", "kind", "note")

    def get_create_initial(self, request):
        year = request.GET.get("year", "")
        return {"calendar_year": int(year)} if year.isdigit() else {}

    def get_success_url(self, request, obj=None):
        if obj is not None and obj.pk is not None:
            return reverse("billing:calendar:detail", args=[obj.calendar_year_id]) + "#days"
        return self.reverse("index")

    def create_object(self, *, form, actor):
        return services.calendar_day_create(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return services.calendar_day_update(calendar_day=obj, actor=actor, **form.service_data())

    def get_queryset(self, request):
        return CalendarDay.objects.select_related("calendar_year")
