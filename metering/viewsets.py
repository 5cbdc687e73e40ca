"""The "Учет" application of the site: pages of metering (viewflow Material frontend).

Every page checks its permission on the server; the menu shows a page only to users who
hold it.
"""

from __future__ import annotations

from django.urls import path
from viewflow.urls import Application, AppMenuMixin, ReadonlyModelViewset, Viewset

from .imports.temperatures import IMPORT_PERMISSIONS
from .models import Reading
from .registry_viewsets import DeviceModelViewset, DeviceViewset, MeteringUnitViewset, SealViewset
from .views import imports
from .views.attachments import InspectionPhotoView, RequestDocumentView
from .views.coverage import CoverageExportView, CoverageView
from .views.readings import ReadingEntryView
from .views.temperature_import import temperature_import_page
from .views.verification import VerificationExportView, VerificationListView
from .weather_viewsets import (
    DesignTemperatureViewset,
    HeatingSeasonViewset,
    OutdoorTemperatureViewset,
    WeatherStationViewset,
)


class PageViewset(AppMenuMixin, Viewset):
    """A menu entry for one page (``page_view_class`` at ``""``) and its XLSX export
    (``export_view_class`` at ``export/``)."""

    page_view_class = None
    export_view_class = None
    permission = ""

    def has_view_permission(self, user, obj=None):
        return user.has_perm(self.permission)

    @property
    def index_path(self):
        return path("", self.page_view_class.as_view(), name="index")

    @property
    def export_path(self):
        return path("export/", self.export_view_class.as_view(), name="export") if self.export_view_class else None


class VerificationViewset(PageViewset):
    app_name = "verification"
    title = "Поверка приборов"
    icon = "event_busy"
    permission = "metering.view_device"
    page_view_class = VerificationListView
    export_view_class = VerificationExportView


class CoverageViewset(PageViewset):
    app_name = "coverage"
    title = "Охват учетом"
    icon = "bar_chart"
    permission = "metering.view_meteringunit"
    page_view_class = CoverageView
    export_view_class = CoverageExportView


class ReadingViewset(ReadonlyModelViewset):
    """Readings: list and record pages."""

    model = Reading
    title = "Показания"
    icon = "receipt_long"
    app_name = "readings"
    list_columns = ("unit", "period", "q", "m1", "m2", "operating_hours", "source", "status")
    list_filter_fields = ("status", "source", "period")
    list_search_fields = ("unit__number",)
    queryset = Reading.objects.select_related("unit")


class ReadingEntryViewset(PageViewset):
    """The menu entry of the readings entry form."""

    app_name = "reading_entry"
    title = "Ввод показаний"
    icon = "edit_note"
    permission = "metering.add_reading"
    page_view_class = ReadingEntryView


class ReadingImportViewset(AppMenuMixin, Viewset):
    """«Загрузка показаний»: the upload page with its report, and the import sources with
    their column mappings."""

    app_name = "reading_import"
    title = "Загрузка показаний"
    icon = "upload_file"
    turbo_disabled = True

    index_path = path("", imports.reading_import_page, name="index")
    source_add_path = path("sources/add/", imports.reading_source_add, name="source_add")
    source_change_path = path("sources/<int:pk>/", imports.reading_source_change, name="source_change")

    def has_view_permission(self, user, obj=None):
        return user.has_perm(imports.IMPORT_PERMISSION)


class TemperatureImportViewset(AppMenuMixin, Viewset):
    """«Загрузка температур»: daily mean outdoor temperatures from a file, with its report."""

    app_name = "temperature_import"
    title = "Загрузка температур"
    icon = "thermostat"
    turbo_disabled = True

    index_path = path("", temperature_import_page, name="index")

    def has_view_permission(self, user, obj=None):
        return user.has_perms(IMPORT_PERMISSIONS)


class AttachmentsViewset(Viewset):
    """Inspection photos and commissioning application documents, linked from the
    inspection cards (no menu entry)."""

    app_name = "attachments"
    photo_path = path("photos/<int:pk>/", InspectionPhotoView.as_view(), name="photo")
    request_document_path = path("request_documents/<int:pk>/", RequestDocumentView.as_view(), name="request_document")


class MeteringApp(Application):
    title = "Учет"
    icon = "speed"
    app_name = "metering"
    permission = "metering.view_meteringunit"
    viewsets = [
        MeteringUnitViewset(),
        DeviceViewset(),
        SealViewset(),
        ReadingViewset(),
        ReadingEntryViewset(),
        ReadingImportViewset(),
        TemperatureImportViewset(),
        VerificationViewset(),
        CoverageViewset(),
        DeviceModelViewset(),
        OutdoorTemperatureViewset(),
        WeatherStationViewset(),
        DesignTemperatureViewset(),
        HeatingSeasonViewset(),
        AttachmentsViewset(),
    ]
