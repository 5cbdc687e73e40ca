"""The heat-supply payment schedule (ПП РФ № 808 п. 35) as dated data, and the wording the
penalty statement prints — the basis of each tier scheme and the rate-cap clause — moved
from code into the rows it belongs to (docs/law.md, "Payment terms", "Penalties").

``seed`` fills today's values; tests that flush the database call it again after
``0002_seed_reference_data.seed``.
"""

from datetime import date
from decimal import Decimal as D

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

HEAT_SUPPLY_TERMS = [  # valid from, first share %, first day, second share %, final day, norm
    ("2012-08-08", "35", 18, "50", 10,
     "ПП РФ от 08.08.2012 № 808, п. 35 (порядок оплаты по договору теплоснабжения)"),
]

FZ190 = "ст. 15 Федерального закона от 27.07.2010 № 190-ФЗ «О теплоснабжении»"
DOCUMENT_BASIS = {  # (category, valid from of the seeded scheme): the statement's «Основание»
    ("other", "2016-01-01"): f"ч. 9.1 {FZ190}",
    ("hoa", "2016-01-01"): f"ч. 9.2 {FZ190}",
    ("managing_org", "2016-01-01"): f"ч. 9.3 {FZ190}",
    ("citizen", "2016-01-01"): "ч. 14 ст. 155 Жилищного кодекса Российской Федерации",
    ("budget_44fz", "2014-01-01"): "ч. 5 ст. 34 Федерального закона от 05.04.2013 № 44-ФЗ и договор",
}

# The seeded ПП № 474 chain (28.02.2022–31.12.2026) as the statement names it.
CAP_CHAIN = ("2022-02-28", "2026-12-31")
CAP_STATEMENT_TEXT = (
    "с 28.02.2022 — не выше 9,5 % (постановление Правительства РФ от 26.03.2022 № 474 с изменениями)"
)


def _d(value):
    return date.fromisoformat(value)


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    terms = apps.get_model("reference", "HeatSupplyPaymentTerms")
    for valid_from, first, first_day, second, final_day, norm in HEAT_SUPPLY_TERMS:
        terms.objects.using(db).get_or_create(valid_from=_d(valid_from), defaults={
            "first_share_percent": D(first), "first_day": first_day, "second_share_percent": D(second),
            "final_day": final_day, "norm": norm,
        })
    schemes = apps.get_model("reference", "PenaltyTierScheme").objects.using(db)
    for (category, valid_from), basis in DOCUMENT_BASIS.items():
        schemes.filter(category=category, valid_from=_d(valid_from), document_basis="").update(document_basis=basis)
    caps = apps.get_model("reference", "RateCap").objects.using(db)
    caps.filter(valid_from__gte=_d(CAP_CHAIN[0]), valid_to__lte=_d(CAP_CHAIN[1]), statement_text="").update(
        statement_text=CAP_STATEMENT_TEXT
    )


def unseed(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("reference", "HeatSupplyPaymentTerms").objects.using(db).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('reference', '0002_seed_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HeatSupplyPaymentTerms',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(unique=True, verbose_name='действует с')),
                ('first_share_percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='первый аванс, % плановой стоимости')),
                ('first_day', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='срок первого аванса, число месяца')),
                ('second_share_percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='второй аванс (до конца месяца), %')),
                ('final_day', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='окончательный расчет, число следующего месяца')),
                ('norm', models.CharField(max_length=500, verbose_name='норма')),
            ],
            options={
                'verbose_name': 'порядок оплаты по договору теплоснабжения',
                'verbose_name_plural': 'порядок оплаты по договору теплоснабжения (ПП № 808)',
                'ordering': ['-valid_from'],
            },
        ),
        migrations.AddField(
            model_name='historicalpenaltytierscheme',
            name='document_basis',
            field=models.CharField(blank=True, help_text='полная ссылка на норму для строки «Основание» расчета пени; пусто — поле «норма»', max_length=500, verbose_name='основание в расчете пени'),
        ),
        migrations.AddField(
            model_name='historicalratecap',
            name='statement_text',
            field=models.CharField(blank=True, help_text='как ограничение названо в строке «Ставка» расчета пени; одинаковый текст у соседних периодов печатается один раз', max_length=500, verbose_name='в расчете пени'),
        ),
        migrations.AddField(
            model_name='penaltytierscheme',
            name='document_basis',
            field=models.CharField(blank=True, help_text='полная ссылка на норму для строки «Основание» расчета пени; пусто — поле «норма»', max_length=500, verbose_name='основание в расчете пени'),
        ),
        migrations.AddField(
            model_name='ratecap',
            name='statement_text',
            field=models.CharField(blank=True, help_text='как ограничение названо в строке «Ставка» расчета пени; одинаковый текст у соседних периодов печатается один раз', max_length=500, verbose_name='в расчете пени'),
        ),
        migrations.CreateModel(
            name='HistoricalHeatSupplyPaymentTerms',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(db_index=True, verbose_name='действует с')),
                ('first_share_percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='первый аванс, % плановой стоимости')),
                ('first_day', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='срок первого аванса, число месяца')),
                ('second_share_percent', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='второй аванс (до конца месяца), %')),
                ('final_day', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(31)], verbose_name='окончательный расчет, число следующего месяца')),
                ('norm', models.CharField(max_length=500, verbose_name='норма')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical порядок оплаты по договору теплоснабжения',
                'verbose_name_plural': 'historical порядок оплаты по договору теплоснабжения (ПП № 808)',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(seed, unseed),
    ]
