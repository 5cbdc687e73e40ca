"""Seed the dated reference data reading validation and calculated volumes start from.

Values are starting points to be confirmed by the department (regulations.md §4 ❓); they
are ordinary rows editable by administrators, with history.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

START = date(2000, 1, 1)


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    ValidationSettings = apps.get_model("metering", "ValidationSettings")
    DesignOutdoorTemperature = apps.get_model("metering", "DesignOutdoorTemperature")
    ValidationSettings.objects.using(db).get_or_create(
        valid_from=START,
        defaults={
            "load_margin": Decimal("1.100"),
            "imbalance_tolerance_percent": Decimal("2.00"),
            "operating_time_tolerance_hours": Decimal("0.00"),
            "forecast_tolerance_percent": Decimal("30.00"),
            "forecast_min_history": 6,
            "basis": "Начальные значения; уточняются абонентским отделом",
        },
    )
    DesignOutdoorTemperature.objects.using(db).get_or_create(
        city="Москва",
        valid_from=START,
        defaults={
            "temperature": Decimal("-25.0"),
            "basis": "СП 131.13330 «Строительная климатология» (значение ❓, подтвердить по действующей редакции)",
        },
    )


def unseed(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("metering", "ValidationSettings").objects.using(db).filter(valid_from=START).delete()
    apps.get_model("metering", "DesignOutdoorTemperature").objects.using(db).filter(
        city="Москва", valid_from=START
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("metering", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
