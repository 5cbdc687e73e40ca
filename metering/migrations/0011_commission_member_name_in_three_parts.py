"""A commission member's name in three parts (issue 12): ``CommissionMember.full_name``
becomes surname, name and patronymic, split surname first as it was written (initials written
together, «Петров С.Н.», are split at their points). Reversible: the parts are joined back."""

from django.db import migrations, models


def split_name(text: str) -> tuple[str, str, str]:
    parts = (text or "").replace(".", ". ").split()
    if not parts:
        return "", "", ""
    return parts[0], (parts[1] if len(parts) > 1 else ""), " ".join(parts[2:])


PARTS = ("last_name", "first_name", "middle_name")


def split_names(apps, schema_editor):
    member = apps.get_model("metering", "CommissionMember")
    rows = list(member.objects.only("pk", "full_name"))
    for row in rows:
        row.last_name, row.first_name, row.middle_name = split_name(row.full_name)
    member.objects.bulk_update(rows, list(PARTS), batch_size=1000)


def join_names(apps, schema_editor):
    member = apps.get_model("metering", "CommissionMember")
    rows = list(member.objects.only("pk", *PARTS))
    for row in rows:
        row.full_name = " ".join(p for p in (row.last_name, row.first_name, row.middle_name) if p)
    member.objects.bulk_update(rows, ["full_name"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("metering", "0010_strip_confidence_marks"),
    ]

    operations = [
        migrations.AddField(
            model_name="commissionmember", name="last_name",
            field=models.CharField(default="", max_length=100, verbose_name="фамилия"),
        ),
        migrations.AddField(
            model_name="commissionmember", name="first_name",
            field=models.CharField(default="", max_length=100, verbose_name="имя"),
        ),
        migrations.AddField(
            model_name="commissionmember", name="middle_name",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="отчество"),
        ),
        # a default first, so that the reverse can add the one-line field back to a filled table
        migrations.AlterField(
            model_name="commissionmember", name="full_name",
            field=models.CharField(default="", max_length=200, verbose_name="ФИО"),
        ),
        migrations.RunPython(split_names, join_names),
        migrations.RemoveField(model_name="commissionmember", name="full_name"),
        migrations.AlterField(
            model_name="commissionmember", name="last_name", field=models.CharField(max_length=100, verbose_name="фамилия"),
        ),
        migrations.AlterField(
            model_name="commissionmember", name="first_name", field=models.CharField(max_length=100, verbose_name="имя"),
        ),
        migrations.AlterField(
            model_name="commissionmember", name="middle_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="отчество"),
        ),
    ]
