"""Names of persons in three parts (issue 12): ``Signatory.full_name`` and
``Consumer.signatory_name`` become surname, name and patronymic.

The stored one-line names are split surname first, as they were written («Громов Виктор
Иванович»); initials written together («Громов В.И.») are split at their points; what comes
after the name is the patronymic («Мамедов Эльдар Рашид оглы»). The history rows are split
too, so a record's history keeps showing who it was. Reversible: the parts are joined back.
"""

from django.db import migrations, models


def split_name(text: str) -> tuple[str, str, str]:
    """Surname, name, patronymic of a one-line name, surname first; a lone word is the surname."""
    parts = (text or "").replace(".", ". ").split()
    if not parts:
        return "", "", ""
    return parts[0], (parts[1] if len(parts) > 1 else ""), " ".join(parts[2:])


SPLITS = (
    # model, the one-line field, the three fields it becomes
    ("Signatory", "full_name", ("last_name", "first_name", "middle_name")),
    ("HistoricalSignatory", "full_name", ("last_name", "first_name", "middle_name")),
    ("Consumer", "signatory_name", ("signatory_last_name", "signatory_first_name", "signatory_middle_name")),
    ("HistoricalConsumer", "signatory_name", ("signatory_last_name", "signatory_first_name", "signatory_middle_name")),
)


def split_names(apps, schema_editor):
    for model_name, source, targets in SPLITS:
        model = apps.get_model("subscribers", model_name)
        rows = list(model.objects.exclude(**{source: ""}).only("pk", source))
        for row in rows:
            for field, value in zip(targets, split_name(getattr(row, source)), strict=True):
                setattr(row, field, value)
        model.objects.bulk_update(rows, list(targets), batch_size=1000)


def join_names(apps, schema_editor):
    for model_name, source, targets in SPLITS:
        model = apps.get_model("subscribers", model_name)
        rows = list(model.objects.only("pk", *targets))
        for row in rows:
            setattr(row, source, " ".join(p for p in (getattr(row, f) for f in targets) if p))
        model.objects.bulk_update(rows, [source], batch_size=1000)


def _name_fields(model_name: str, prefix: str = "", *, required: bool) -> list:
    labels = (("last_name", "фамилия"), ("first_name", "имя"), ("middle_name", "отчество"))
    return [
        migrations.AddField(
            model_name=model_name, name=f"{prefix}{name}",
            field=models.CharField(
                max_length=100, blank=not required or name == "middle_name", default="",
                verbose_name=f"{label} подписанта" if prefix else label,
            ),
        )
        for name, label in labels
    ]


def _no_default(model_name: str) -> list:
    return [
        migrations.AlterField(
            model_name=model_name, name=name, field=models.CharField(max_length=100, verbose_name=label),
        )
        for name, label in (("last_name", "фамилия"), ("first_name", "имя"))
    ] + [
        migrations.AlterField(
            model_name=model_name, name="middle_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="отчество"),
        )
    ]


def _consumer_no_default(model_name: str) -> list:
    return [
        migrations.AlterField(
            model_name=model_name, name=f"signatory_{name}",
            field=models.CharField(blank=True, max_length=100, verbose_name=f"{label} подписанта"),
        )
        for name, label in (("last_name", "фамилия"), ("first_name", "имя"), ("middle_name", "отчество"))
    ]


class Migration(migrations.Migration):

    dependencies = [
        ('subscribers', '0005_consumer_search_text'),
    ]

    operations = [
        *_name_fields("signatory", required=True),
        *_name_fields("historicalsignatory", required=True),
        *_name_fields("consumer", "signatory_", required=False),
        *_name_fields("historicalconsumer", "signatory_", required=False),
        # the one-line fields get a default first, so that the reverse can add them back to filled tables
        *[
            migrations.AlterField(model_name=model, name="full_name",
                                  field=models.CharField(default="", max_length=200, verbose_name="ФИО"))
            for model in ("signatory", "historicalsignatory")
        ],
        migrations.RunPython(split_names, join_names),
        migrations.RemoveField(model_name='signatory', name='full_name'),
        migrations.RemoveField(model_name='historicalsignatory', name='full_name'),
        migrations.RemoveField(model_name='consumer', name='signatory_name'),
        migrations.RemoveField(model_name='historicalconsumer', name='signatory_name'),
        *_no_default("signatory"),
        *_no_default("historicalsignatory"),
        *_consumer_no_default("consumer"),
        *_consumer_no_default("historicalconsumer"),
        migrations.AlterModelOptions(
            name='signatory',
            options={'ordering': ['-is_head', 'last_name', 'first_name', 'middle_name'],
                     'verbose_name': 'подписант', 'verbose_name_plural': 'подписанты'},
        ),
    ]
