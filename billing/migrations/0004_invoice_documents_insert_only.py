"""Issued invoice documents and merged printouts are insert-only in the database, like the
documents archive (the models already refuse; these triggers refuse raw SQL too)."""

from django.db import migrations

TABLES = ("billing_invoicedocument", "billing_invoiceprintout")


def install(apps, schema_editor):
    from audit.triggers import make_insert_only

    make_insert_only(schema_editor.connection, *TABLES)


def uninstall(apps, schema_editor):
    from audit.triggers import drop_insert_only

    drop_insert_only(schema_editor.connection, *TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0003_invoice_documents_forecast_api_tokens"),
        ("audit", "0002_insert_only_triggers"),  # PostgreSQL's audit_refuse_change()
    ]
    operations = [migrations.RunPython(install, uninstall)]
