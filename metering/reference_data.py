"""Dated reference data metering starts from, created by migration 0002 and re-created
(if missing) after every ``migrate``/``flush`` — the test runner empties the database after
each transactional test, and post-migrate is when Django restores what migrations seeded.

Values are starting points to be confirmed by the department (regulations.md §4 ❓); they
are ordinary rows editable by administrators, with history.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

START = date(2000, 1, 1)

VALIDATION_SETTINGS = {
    "load_margin": Decimal("1.100"),
    "imbalance_tolerance_percent": Decimal("2.00"),
    "operating_time_tolerance_hours": Decimal("0.00"),
    "forecast_tolerance_percent": Decimal("30.00"),
    "forecast_min_history": 6,
    "basis": "Начальные значения; уточняются абонентским отделом",
}

DESIGN_TEMPERATURES = [
    # city, temperature °C, basis
    ("Москва", Decimal("-25.0"), "СП 131.13330 «Строительная климатология» (значение ❓, подтвердить по действующей редакции)"),
]


def seed_reference_data(apps, using: str = "default") -> None:
    """Create the starting rows unless a row of that kind exists (idempotent)."""
    ValidationSettings = apps.get_model("metering", "ValidationSettings")
    DesignOutdoorTemperature = apps.get_model("metering", "DesignOutdoorTemperature")
    if not ValidationSettings.objects.using(using).exists():
        ValidationSettings.objects.using(using).create(valid_from=START, **VALIDATION_SETTINGS)
    for city, temperature, basis in DESIGN_TEMPERATURES:
        if not DesignOutdoorTemperature.objects.using(using).filter(city=city).exists():
            DesignOutdoorTemperature.objects.using(using).create(
                city=city, valid_from=START, temperature=temperature, basis=basis
            )


def seed_after_migrate(sender, using="default", apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    seed_reference_data(apps or global_apps, using)
