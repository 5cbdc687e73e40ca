"""The large-damage threshold of a police statement (УК РФ ст. 165, прим. 4 к ст. 158 ❓) as
dated reference data, moved from code (docs/inspections.md, «Процесс»).

``seed`` is idempotent; tests that flush the database call it again (tests/conftest.py).
"""

from datetime import date
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


THRESHOLDS = [  # valid from, amount ₽, norm
    ("2003-12-08", "250000.00", "УК РФ ст. 165, примечание 4 к ст. 158 (крупный размер — свыше 250 000 рублей)"),
]


def seed(apps, schema_editor):
    db = schema_editor.connection.alias
    rows = apps.get_model("reference", "PoliceDamageThreshold").objects.using(db)
    for valid_from, amount, norm in THRESHOLDS:
        rows.get_or_create(valid_from=date.fromisoformat(valid_from), defaults={"amount": Decimal(amount), "norm": norm})


def unseed(apps, schema_editor):
    apps.get_model("reference", "PoliceDamageThreshold").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('reference', '0003_payment_terms_and_statement_wording'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PoliceDamageThreshold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='действует с')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='действует по (включительно)')),
                ('norm', models.CharField(help_text='как ее цитировать в документах', max_length=500, verbose_name='норма')),
                ('note', models.TextField(blank=True, verbose_name='примечание')),
                ('amount', models.DecimalField(decimal_places=2, help_text='ущерб свыше этой суммы (без НДС) — крупный размер', max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='порог крупного размера, ₽')),
            ],
            options={
                'verbose_name': 'порог крупного ущерба (заявление в полицию)',
                'verbose_name_plural': 'пороги крупного ущерба (заявление в полицию)',
                'ordering': ['-valid_from'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalPoliceDamageThreshold',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='действует с')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='действует по (включительно)')),
                ('norm', models.CharField(help_text='как ее цитировать в документах', max_length=500, verbose_name='норма')),
                ('note', models.TextField(blank=True, verbose_name='примечание')),
                ('amount', models.DecimalField(decimal_places=2, help_text='ущерб свыше этой суммы (без НДС) — крупный размер', max_digits=16, validators=[django.core.validators.MinValueValidator(0)], verbose_name='порог крупного размера, ₽')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical порог крупного ущерба (заявление в полицию)',
                'verbose_name_plural': 'historical пороги крупного ущерба (заявление в полицию)',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(seed, unseed),
    ]
