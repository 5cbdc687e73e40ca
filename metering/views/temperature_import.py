"""«Загрузка температур»: the upload of a file of daily mean outdoor temperatures with its report.

Thin: the form takes the input, ``metering.imports.temperatures`` does everything else. The
page needs add and change permissions on outdoor temperatures (Расчетчик, Администратор);
others get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from core.imports import ImportRefused
from metering.forms import TemperatureImportForm
from metering.imports.temperatures import HEADERS, IMPORT_PERMISSIONS, temperatures_import
from metering.models import WeatherStation


@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def temperature_import_page(request):
    form = TemperatureImportForm(initial={"station": WeatherStation.objects.filter(is_default=True).first()})
    result, refused = None, None
    if request.method == "POST":
        form = TemperatureImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = temperatures_import(
                    data=upload.file, filename=upload.name, station=form.cleaned_data["station"], actor=request.user,
                )
            except ImportRefused as exc:
                refused = exc
            else:
                messages.success(request, result.summary())
    return render(request, "metering/temperature_import.html", {
        "form": form, "result": result, "refused": refused, "headers": HEADERS,
        "stations": WeatherStation.objects.all(),
    })
