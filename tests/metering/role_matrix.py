"""Who may open what in «Учет» (see tests/accounts/matrix.py).

Every role sees units, devices, seals, readings, verification and coverage, and downloads
inspection photos and commissioning application documents (audited). Technicians and
administrators keep units, devices and seals — billing specialists never edit meters; they,
technicians and administrators enter readings; billing specialists and administrators
import them from files and keep the import sources with their column mappings; they also
load outdoor temperatures from files and keep outdoor temperatures, design temperatures
heating seasons and weather stations on their pages (everyone sees these). The device catalogue is kept by
administrators (an interval is corrected in the Django admin, with its history). Only
technicians replace a unit's device (the removal and the installation, from the unit's page).
"""

from datetime import date
from decimal import Decimal

from accounts.roles import ADMINISTRATOR, BILLING, TECHNICIAN
from tests.accounts.matrix import EVERY_ROLE, NOBODY, Access, admin_entries

from .factories import (
    DeviceFactory,
    MeteringUnitFactory,
    ReadingFactory,
    SealFactory,
    WeatherStationFactory,
)

METER_KEEPERS = {TECHNICIAN, ADMINISTRATOR}
READING_ENTRY = {TECHNICIAN, BILLING, ADMINISTRATOR}
READING_IMPORT = {BILLING, ADMINISTRATOR}
TEMPERATURE_IMPORT = {BILLING, ADMINISTRATOR}
WEATHER_KEEPERS = {BILLING, ADMINISTRATOR}


def samples(world):
    from metering.models import (
        DesignOutdoorTemperature,
        HeatingSeason,
        OutdoorTemperature,
        ReadingImportSource,
        Team,
    )

    world.unit = MeteringUnitFactory()
    world.device = DeviceFactory(unit=world.unit)
    world.seal = SealFactory(unit=world.unit)
    world.reading = ReadingFactory(unit=world.unit)
    # the admin's reference data (the others are seeded by migrations)
    station = world.weather_station = WeatherStationFactory()
    world.outdoor_temperature = OutdoorTemperature.objects.create(
        station=station, date=date(2026, 1, 15), mean_temperature=Decimal("-12.5")
    )
    world.heating_season = HeatingSeason.objects.create(
        city=station.city, starts_on=date(2025, 10, 1), ends_on=date(2026, 5, 10)
    )
    world.design_temperature = DesignOutdoorTemperature.objects.create(
        city=station.city, valid_from=date(2025, 1, 1), temperature=Decimal("-30.0"), basis="СП 131.13330"
    )
    world.import_source = ReadingImportSource.objects.create(
        name="Матрица ролей", file_format=ReadingImportSource.FileFormat.values[0]
    )
    Team.objects.create(name="Бригада матрицы")
    _attachments(world)


def _attachments(world):
    """An application document with its file and a checklist photo."""
    from django.core.files.base import ContentFile

    from accounts.roles import MANAGER
    from metering.models import (
        CommissioningRequest,
        Inspection,
        InspectionItem,
        InspectionKind,
        InspectionPhoto,
        RequestDocument,
    )

    request = CommissioningRequest.objects.create(
        unit=world.unit, incoming_number="РМ-1", received_on=date(2026, 1, 12), registered_by=world.users[MANAGER]
    )
    world.request_document = RequestDocument.objects.create(
        request=request, kind=RequestDocument.Kind.DESIGN, file=ContentFile(b"%PDF-1.4 matrix", name="design.pdf")
    )
    item = InspectionItem.objects.create(
        inspection=Inspection.objects.create(kind=InspectionKind.COMMISSIONING, unit=world.unit, request=request),
        code="design", title="Проект узла учета", rule="Правила № 1034, п. 50",
    )
    world.photo = InspectionPhoto.objects.create(
        item=item, image=ContentFile(b"\xff\xd8\xff\xd9", name="photo.jpg"), uploaded_by=world.users[TECHNICIAN]
    )


def pk(attribute):
    def kwargs(w):
        obj = w
        for name in attribute.split("."):
            obj = getattr(obj, name)
        return {"pk": obj.pk}

    return kwargs


def register(viewset, attribute, *, add, change):
    return [
        Access(f"metering:{viewset}:index", allowed=EVERY_ROLE),
        Access(f"metering:{viewset}:list", allowed=EVERY_ROLE),
        Access(f"metering:{viewset}:detail", allowed=EVERY_ROLE, kwargs=pk(attribute)),
        Access(f"metering:{viewset}:add", allowed=add, note="an empty POST is an invalid form: 200"),
        Access(f"metering:{viewset}:change", allowed=change, kwargs=pk(attribute),
               note="an empty POST is an invalid form: 200"),
    ]


ACCESS = [
    Access("metering:index", allowed=EVERY_ROLE, note="the application's start: a redirect to the units"),
    *register("units", "unit", add=METER_KEEPERS, change=METER_KEEPERS),
    *register("devices", "device", add=METER_KEEPERS, change=METER_KEEPERS),
    Access("metering:units:replace", allowed={TECHNICIAN}, kwargs=pk("unit"),
           note="a device's replacement (removal and installation); an empty POST is an invalid form: 200"),
    *register("seals", "seal", add=METER_KEEPERS, change=METER_KEEPERS),
    *register("device_models", "device.device_model", add={ADMINISTRATOR}, change=NOBODY),
    *register("outdoor_temperatures", "outdoor_temperature", add=WEATHER_KEEPERS, change=WEATHER_KEEPERS),
    *register("heating_seasons", "heating_season", add=WEATHER_KEEPERS, change=WEATHER_KEEPERS),
    *register("weather_stations", "weather_station", add=WEATHER_KEEPERS, change=WEATHER_KEEPERS),
    *register("design_temperatures", "design_temperature", add=WEATHER_KEEPERS, change=WEATHER_KEEPERS),
    Access("metering:readings:index", allowed=EVERY_ROLE),
    Access("metering:readings:list", allowed=EVERY_ROLE),
    Access("metering:readings:detail", allowed=EVERY_ROLE, kwargs=pk("reading")),
    Access("metering:reading_entry:index", allowed=READING_ENTRY, note="an empty POST is an invalid form: 200"),
    Access("metering:reading_import:index", allowed=READING_IMPORT, note="an empty POST is an invalid form: 200"),
    Access("metering:reading_import:source_add", allowed=READING_IMPORT, note="an empty POST is an invalid form: 200"),
    Access("metering:reading_import:source_change", allowed=READING_IMPORT, kwargs=pk("import_source"),
           note="an empty POST is an invalid form: 200"),
    Access("metering:temperature_import:index", allowed=TEMPERATURE_IMPORT,
           note="an empty POST is an invalid form: 200"),
    Access("metering:verification:index", allowed=EVERY_ROLE),
    Access("metering:verification:export", allowed=EVERY_ROLE, methods=("GET",), note="an XLSX file"),
    Access("metering:coverage:index", allowed=EVERY_ROLE),
    Access("metering:coverage:export", allowed=EVERY_ROLE, methods=("GET",), note="an XLSX file"),
    Access("metering:attachments:photo", allowed=EVERY_ROLE, kwargs=pk("photo"), methods=("GET",),
           note="a checklist photo, audited"),
    Access("metering:attachments:request_document", allowed=EVERY_ROLE, kwargs=pk("request_document"),
           methods=("GET",), note="a commissioning application's document, audited"),
    *admin_entries("metering"),
]
