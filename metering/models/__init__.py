"""Metering: units, devices, seals, status history, readings and outdoor temperatures.

The models are split by subdomain; this package lists every model by name so that
``from metering.models import MeteringUnit`` works everywhere.
"""

from .inspections import (
    ChecklistItemDefinition,
    CommissioningRequest,
    CommissionMember,
    Inspection,
    InspectionItem,
    InspectionKind,
    InspectionPhoto,
    InspectionReturn,
    InspectionSeal,
    PeriodicCheckCampaign,
    RequestDocument,
    VerificationNotice,
    VerificationNoticeLine,
)
from .readings import (
    Reading,
    ReadingColumn,
    ReadingFlag,
    ReadingImport,
    ReadingImportSource,
    ReadingSource,
    ReadingStatus,
    ValidationSettings,
)
from .replacements import DeviceReplacement
from .teams import Team, TeamMember
from .units import (
    Device,
    DeviceKind,
    DeviceModel,
    MeteringUnit,
    Seal,
    UnitPurpose,
    UnitStatus,
    UnitStatusChange,
)
from .weather import DesignOutdoorTemperature, HeatingSeason, OutdoorTemperature, WeatherStation

__all__ = [
    "ChecklistItemDefinition",
    "CommissionMember",
    "CommissioningRequest",
    "Inspection",
    "InspectionItem",
    "InspectionKind",
    "InspectionPhoto",
    "InspectionReturn",
    "InspectionSeal",
    "PeriodicCheckCampaign",
    "RequestDocument",
    "VerificationNotice",
    "VerificationNoticeLine",
    "DesignOutdoorTemperature",
    "Device",
    "DeviceReplacement",
    "DeviceKind",
    "DeviceModel",
    "HeatingSeason",
    "MeteringUnit",
    "OutdoorTemperature",
    "Reading",
    "ReadingColumn",
    "ReadingFlag",
    "ReadingImport",
    "ReadingImportSource",
    "ReadingSource",
    "ReadingStatus",
    "Seal",
    "Team",
    "TeamMember",
    "UnitPurpose",
    "UnitStatus",
    "UnitStatusChange",
    "ValidationSettings",
    "WeatherStation",
]
