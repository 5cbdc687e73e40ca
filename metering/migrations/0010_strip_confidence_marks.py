"""Remove the working note's confidence marks (❓, ⚠️) from the stored checklist rules: the rule is
printed in acts as is (see core.wording.without_confidence_marks)."""

from django.db import migrations

from core.wording import has_confidence_mark, without_confidence_marks


def strip_marks(apps, schema_editor):
    alias = schema_editor.connection.alias
    for name in ("ChecklistItemDefinition", "InspectionItem", "DesignOutdoorTemperature"):
        model = apps.get_model("metering", name)
        field = "basis" if name == "DesignOutdoorTemperature" else "rule"
        for row in model.objects.using(alias).only("pk", field):
            value = getattr(row, field)
            if has_confidence_mark(value):
                model.objects.using(alias).filter(pk=row.pk).update(**{field: without_confidence_marks(value)})


class Migration(migrations.Migration):

    dependencies = [
        ("metering", "0009_inspection_return"),
    ]

    operations = [
        migrations.RunPython(strip_marks, migrations.RunPython.noop),
    ]
