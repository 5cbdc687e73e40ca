"""Seed the inspection checklists (see metering/reference_data.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from metering.reference_data import seed_checklist

    seed_checklist(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("metering", "0004_inspections")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
