"""The terms of the answer to an appeal: residents 3 working days (ПП РФ № 354 п. 31 «к»);
other applicants the organisation's own default, 30 calendar days (editable reference data)."""

from datetime import date

from django.db import migrations

TERMS = [
    ("resident", 3, True, "ПП РФ № 354, п. 31 «к»"),
    ("other", 30, False, "порядок работы с обращениями организации (срок по умолчанию)"),
]


def seed(apps, schema_editor):
    AppealTerm = apps.get_model("reception", "AppealTerm")
    for applicant, days, working, norm in TERMS:
        AppealTerm.objects.get_or_create(applicant=applicant, valid_from=date(2012, 9, 1),
                                         defaults={"days": days, "working_days": working, "norm": norm})


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
