"""What each role may do with metering (see accounts.roles).

Technicians keep units, devices and seals and check flagged readings; billing specialists
enter and import readings (and keep the import sources with their column mappings), keep
outdoor temperatures, design temperatures and heating seasons (pages in «Учет»), but never
edit meters; managers see everything; administrators keep the reference data (catalogue,
settings, stations) and may import too.
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

VIEW_ALL = ["metering.view_*"]

PERMISSIONS = {
    TECHNICIAN: VIEW_ALL + [
        "metering.add_meteringunit",
        "metering.change_meteringunit",
        "metering.add_device",
        "metering.change_device",
        "metering.add_seal",
        "metering.change_seal",
        "metering.add_reading",
        "metering.review_reading",
        "metering.register_commissioning",
        "metering.perform_inspection",
        "metering.replace_device",
    ],
    BILLING: VIEW_ALL + [
        "metering.add_reading",
        "metering.import_readings",
        "metering.add_readingimportsource",
        "metering.change_readingimportsource",
        "metering.add_outdoortemperature",
        "metering.change_outdoortemperature",
        "metering.add_designoutdoortemperature",
        "metering.change_designoutdoortemperature",
        "metering.add_heatingseason",
        "metering.change_heatingseason",
        "metering.add_weatherstation",
        "metering.change_weatherstation",
    ],
    LEGAL: VIEW_ALL,
    # Managers assign work and approve acts: only they approve.
    MANAGER: VIEW_ALL + [
        "metering.manage_workload",
        "metering.register_commissioning",
        "metering.assign_inspection",
        "metering.approve_inspection_act",
        "metering.plan_periodic_checks",
    ],
    # Administrators keep reference data; they neither inspect nor approve.
    ADMINISTRATOR: [
        "metering.view_*",
        "metering.add_*",
        "metering.change_*",
        "metering.import_readings",
        "metering.delete_devicemodel",
        "metering.delete_readingcolumn",
        "metering.delete_teammember",
    ],
}
