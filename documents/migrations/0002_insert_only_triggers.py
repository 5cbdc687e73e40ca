"""Archived documents, their PDF renditions and template versions are insert-only."""

from django.db import migrations

TABLES = ("documents_templateversion", "documents_archiveddocument", "documents_pdfrendition")


def install(apps, schema_editor):
    from audit.triggers import make_insert_only

    make_insert_only(schema_editor.connection, *TABLES)


def uninstall(apps, schema_editor):
    from audit.triggers import drop_insert_only

    drop_insert_only(schema_editor.connection, *TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("audit", "0002_insert_only_triggers"),  # PostgreSQL's audit_refuse_change()
    ]
    operations = [migrations.RunPython(install, uninstall)]
