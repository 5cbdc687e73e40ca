"""Seed the dated reference data reading validation and calculated volumes start from
(see metering/reference_data.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from metering.reference_data import seed_reference_data

    seed_reference_data(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("metering", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
