from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class DeviceInline(admin.TabularInline):
    model = models.Device
    extra = 0
    fields = ["device_model", "serial_number", "verified_on", "next_verification_on", "installed_on", "removed_on"]
    readonly_fields = ["next_verification_on"]
    raw_id_fields = ["device_model"]
    show_change_link = True


class SealInline(admin.TabularInline):
    model = models.Seal
    extra = 0
    fields = ["number", "place", "set_on", "set_by", "removed_on", "removal_reason"]
    raw_id_fields = ["set_by"]


class StatusChangeInline(admin.TabularInline):
    model = models.UnitStatusChange
    extra = 0
    can_delete = False
    fields = ["status", "effective_from", "reason", "basis", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.MeteringUnit)
class MeteringUnitAdmin(SimpleHistoryAdmin):
    list_display = ["number", "location", "heated_object", "purpose", "status", "status_since", "admitted_until"]
    list_filter = ["status", "purpose", "is_open_system"]
    search_fields = ["number", "location", "heated_object__code", "heated_object__address"]
    raw_id_fields = ["heated_object"]
    readonly_fields = ["status", "status_since"]
    inlines = [StatusChangeInline, DeviceInline, SealInline]


@admin.register(models.DeviceModel)
class DeviceModelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "manufacturer", "register_number", "verification_interval_years"]
    list_filter = ["kind"]
    search_fields = ["name", "register_number", "manufacturer"]


@admin.register(models.Device)
class DeviceAdmin(SimpleHistoryAdmin):
    list_display = ["serial_number", "device_model", "unit", "verified_on", "next_verification_on", "removed_on"]
    list_filter = ["device_model__kind"]
    search_fields = ["serial_number", "unit__number"]
    raw_id_fields = ["unit", "device_model"]
    readonly_fields = ["next_verification_on"]


@admin.register(models.Seal)
class SealAdmin(SimpleHistoryAdmin):
    list_display = ["number", "unit", "place", "set_on", "removed_on"]
    search_fields = ["number", "unit__number"]
    raw_id_fields = ["unit", "device", "set_by"]


@admin.register(models.WeatherStation)
class WeatherStationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "city", "is_default"]


@admin.register(models.OutdoorTemperature)
class OutdoorTemperatureAdmin(SimpleHistoryAdmin):
    list_display = ["station", "date", "mean_temperature"]
    list_filter = ["station"]
    date_hierarchy = "date"


@admin.register(models.DesignOutdoorTemperature)
class DesignOutdoorTemperatureAdmin(SimpleHistoryAdmin):
    list_display = ["city", "valid_from", "temperature", "basis"]


@admin.register(models.HeatingSeason)
class HeatingSeasonAdmin(SimpleHistoryAdmin):
    list_display = ["city", "starts_on", "ends_on", "basis"]


class ReadingColumnInline(admin.TabularInline):
    model = models.ReadingColumn
    extra = 0


@admin.register(models.ReadingImportSource)
class ReadingImportSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "file_format", "unit_key"]
    inlines = [ReadingColumnInline]


class ReadingFlagInline(admin.TabularInline):
    model = models.ReadingFlag
    extra = 0
    can_delete = False
    readonly_fields = ["rule", "message", "data"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Reading)
class ReadingAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "period", "q", "m1", "m2", "source", "status"]
    list_filter = ["status", "source"]
    search_fields = ["unit__number"]
    raw_id_fields = ["unit", "entered_by", "reviewed_by", "import_batch"]
    inlines = [ReadingFlagInline]


@admin.register(models.ValidationSettings)
class ValidationSettingsAdmin(SimpleHistoryAdmin):
    list_display = [
        "valid_from", "load_margin", "imbalance_tolerance_percent", "operating_time_tolerance_hours",
        "forecast_tolerance_percent", "forecast_min_history", "absurd_reading_factor",
    ]


class TeamMemberInline(admin.TabularInline):
    model = models.TeamMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(models.Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "leader"]
    filter_horizontal = ["network_sections"]
    raw_id_fields = ["leader"]
    inlines = [TeamMemberInline]
