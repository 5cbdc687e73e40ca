"""Insert-only triggers on the audit tables and the genesis chain head (see audit/triggers.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from audit import triggers

    triggers.install(schema_editor.connection)
    triggers.insert_genesis_head(schema_editor.connection)


def uninstall(apps, schema_editor):
    from audit import triggers

    triggers.drop(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {triggers.HEAD_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
