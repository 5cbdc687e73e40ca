"""Dated reference data metering starts from, created by migration 0002 and re-created
(if missing) after every ``migrate``/``flush`` — the test runner empties the database after
each transactional test, and post-migrate is when Django restores what migrations seeded.

Values are starting points to be confirmed by the department (docs/law.md ❓); they
are ordinary rows editable by administrators, with history.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

START = date(2000, 1, 1)

VALIDATION_SETTINGS = {
    "load_margin": Decimal("1.100"),
    "imbalance_tolerance_percent": Decimal("2.00"),
    "operating_time_tolerance_hours": Decimal("0.00"),
    "forecast_tolerance_percent": Decimal("30.00"),
    "forecast_min_history": 6,
    "forecast_min_deviation_gcal": Decimal("1.000"),
    "absurd_reading_factor": Decimal("3.000"),
    "basis": "Начальные значения; уточняются абонентским отделом",
}

DESIGN_TEMPERATURES = [
    # city, temperature °C, basis
    ("Москва", Decimal("-25.0"), "СП 131.13330 «Строительная климатология» (значение подтвердить по действующей редакции)"),
]


PP1034 = "ПП РФ № 1034"
# kind, code, what is checked, the rule. The paragraph numbers are to be confirmed by the legal staff
# (docs/law.md); the rule is printed in acts as is, so it carries no confidence mark (core.wording).
CHECKLIST = [
    ("commissioning", "design", "Узел учета соответствует согласованному проекту", f"{PP1034}, п. 61–64"),
    ("commissioning", "composition", "Состав приборов и места их установки соответствуют Правилам коммерческого учета",
     f"{PP1034}, разд. «Требования к приборам учета»"),
    ("commissioning", "passports", "Представлены паспорт узла учета и паспорта приборов", f"{PP1034}, п. 64"),
    ("commissioning", "verification", "Все приборы имеют действующую поверку (записи ФГИС «Аршин»)",
     f"102-ФЗ ст. 13; {PP1034}"),
    ("commissioning", "factory_seals", "Пломбы изготовителя и поверителя на месте и целы", f"{PP1034}, п. 66"),
    ("commissioning", "ranges", "Диапазоны измерений соответствуют температурному графику и гидравлическому режиму договора",
     f"{PP1034}, п. 66"),
    ("commissioning", "settings", "Настроечные параметры тепловычислителя соответствуют базе настроечных параметров",
     f"{PP1034}, п. 64"),
    ("commissioning", "operation_log", "Архив показаний за 3 суток (с ГВС — 7) без нештатных ситуаций",
     f"{PP1034}, п. 64"),
    ("periodic", "seals", "Пломбы на месте, номера совпадают с записанными", f"{PP1034}, п. 73"),
    ("periodic", "verification", "Поверка всех приборов действует", f"102-ФЗ ст. 13; {PP1034}"),
    ("periodic", "settings", "Настроечные параметры соответствуют базе настроечных параметров", f"{PP1034}, п. 73"),
    ("periodic", "no_taps", "Нет врезок и отборов, не предусмотренных проектом", f"{PP1034}, п. 73"),
    ("periodic", "archives", "Архивы тепловычислителя читаются", f"{PP1034}, п. 73"),
    ("periodic", "clock", "Часы тепловычислителя идут верно", f"{PP1034}, п. 73"),
    ("periodic", "sensors", "Датчики установлены на своих местах", f"{PP1034}, п. 73"),
]


def seed_reference_data(apps, using: str = "default") -> None:
    """Create the starting rows unless a row of that kind exists (idempotent)."""
    seed_checklist(apps, using)
    ValidationSettings = apps.get_model("metering", "ValidationSettings")
    DesignOutdoorTemperature = apps.get_model("metering", "DesignOutdoorTemperature")
    if not ValidationSettings.objects.using(using).exists():
        # an early migration's model lacks later fields: they take their defaults
        known = {f.name for f in ValidationSettings._meta.get_fields()}
        values = {k: v for k, v in VALIDATION_SETTINGS.items() if k in known}
        ValidationSettings.objects.using(using).create(valid_from=START, **values)
    for city, temperature, basis in DESIGN_TEMPERATURES:
        if not DesignOutdoorTemperature.objects.using(using).filter(city=city).exists():
            DesignOutdoorTemperature.objects.using(using).create(
                city=city, valid_from=START, temperature=temperature, basis=basis
            )


def seed_after_migrate(sender, using="default", apps=None, **kwargs) -> None:
    from django.apps import apps as global_apps

    seed_reference_data(apps or global_apps, using)


def seed_checklist(apps, using: str = "default") -> None:
    try:
        ChecklistItemDefinition = apps.get_model("metering", "ChecklistItemDefinition")
    except LookupError:  # migration 0002 runs before the checklist table exists (0004)
        return
    if ChecklistItemDefinition.objects.using(using).exists():
        return
    ChecklistItemDefinition.objects.using(using).bulk_create(
        ChecklistItemDefinition(kind=kind, code=code, title=title, rule=rule, order=index)
        for index, (kind, code, title, rule) in enumerate(CHECKLIST, start=1)
    )
