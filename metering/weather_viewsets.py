"""Pages of the weather reference data in «Учет»: daily outdoor temperatures by station
(filtered by station and month, a day entered or corrected by hand), design temperatures
per city, heating seasons and the weather stations. Billing specialists and administrators keep them; everyone
with «Учет» sees them (``metering.roles``). Writes go through ``metering.services.weather``;
each record's page shows its history.
"""

from __future__ import annotations

import calendar
from datetime import date

import django_filters
from django import forms

from subscribers.viewsets import RegistryViewset

from .forms import (
    DesignTemperatureForm,
    HeatingSeasonForm,
    OutdoorTemperatureCorrectionForm,
    OutdoorTemperatureForm,
    WeatherStationForm,
    parse_month,
)
from .models import DesignOutdoorTemperature, HeatingSeason, OutdoorTemperature, WeatherStation
from .services import weather


class MonthField(forms.CharField):
    """A month as ``2026-01`` (the browser's month input) or ``01.2026`` → its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "ГГГГ-ММ"})

    def clean(self, value):
        value = super().clean(value)
        return parse_month(value) if value else None


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        if not value:
            return qs
        last = date(value.year, value.month, calendar.monthrange(value.year, value.month)[1])
        return qs.filter(**{f"{self.field_name}__range": (value, last)})


class OutdoorTemperatureFilter(django_filters.FilterSet):
    station = django_filters.ModelChoiceFilter(label="Станция", queryset=WeatherStation.objects.all())
    month = MonthFilter(field_name="date", label="Месяц")

    class Meta:
        model = OutdoorTemperature
        fields = ["station", "month"]


class OutdoorTemperatureViewset(RegistryViewset):
    app_name = "outdoor_temperatures"
    model = OutdoorTemperature
    title = "Температура наружного воздуха"
    icon = "thermostat"
    form_class = OutdoorTemperatureForm
    update_form_class = OutdoorTemperatureCorrectionForm
    list_columns = ("date", "station", "mean_temperature")
    list_object_link_columns = ("date",)
    list_filterset_class = OutdoorTemperatureFilter
    detail_fields = ("station", "date", "mean_temperature")

    def get_queryset(self, request):
        return OutdoorTemperature.objects.select_related("station").order_by("-date", "station__name")

    def create_object(self, *, form, actor):
        return weather.outdoor_temperature_add(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return weather.outdoor_temperature_correct(
            row=obj, mean_temperature=form.cleaned_data["mean_temperature"], actor=actor
        )


class WeatherStationViewset(RegistryViewset):
    app_name = "weather_stations"
    model = WeatherStation
    title = "Метеостанции"
    icon = "cloud"
    form_class = WeatherStationForm
    list_columns = ("code", "name", "city", "is_default")
    list_object_link_columns = ("code",)
    detail_fields = ("code", "name", "city", "is_default")

    def get_queryset(self, request):
        return WeatherStation.objects.order_by("code")

    def create_object(self, *, form, actor):
        return weather.weather_station_create(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return weather.weather_station_update(station=obj, actor=actor, **form.service_data())


class DesignTemperatureViewset(RegistryViewset):
    app_name = "design_temperatures"
    model = DesignOutdoorTemperature
    title = "Расчетные температуры"
    icon = "ac_unit"
    form_class = DesignTemperatureForm
    list_columns = ("city", "valid_from", "temperature", "basis")
    list_object_link_columns = ("city",)
    detail_fields = ("city", "valid_from", "temperature", "basis")

    def create_object(self, *, form, actor):
        return weather.design_temperature_set(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return weather.design_temperature_update(row=obj, actor=actor, **form.service_data())


class HeatingSeasonViewset(RegistryViewset):
    app_name = "heating_seasons"
    model = HeatingSeason
    title = "Отопительные периоды"
    icon = "local_fire_department"
    form_class = HeatingSeasonForm
    list_columns = ("city", "starts_on", "ends_on", "basis")
    list_object_link_columns = ("city",)
    detail_fields = ("city", "starts_on", "ends_on", "basis")

    def get_queryset(self, request):
        return HeatingSeason.objects.order_by("city", "-starts_on")

    def create_object(self, *, form, actor):
        return weather.heating_season_set(actor=actor, **form.service_data())

    def update_object(self, *, obj, form, actor):
        return weather.heating_season_update(season=obj, actor=actor, **form.service_data())

