"""The lead time of a planned interruption's notice: dated reference data, editable by
administrators (docs/supply.md). The paragraph is to be confirmed by the legal staff."""

from datetime import date

from django.db import migrations


def seed(apps, schema_editor):
    Term = apps.get_model("supply", "InterruptionNoticeTerm")
    Term.objects.get_or_create(
        valid_from=date(2012, 8, 8),
        defaults={
            "days": 10,
            "norm": "ПП РФ № 808 от 08.08.2012 (плановые ремонтные работы: уведомление потребителей не позднее чем за 10 дней) ❓",
            "note": "срок подлежит подтверждению юристами",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("supply", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
