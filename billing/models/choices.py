"""Enumerations and calendar helpers shared by the billing models."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
QUANTITY = {"max_digits": 18, "decimal_places": 6}

MONTHS_NOMINATIVE = (
    "", "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)
ONE_DAY = timedelta(days=1)


class Resource(models.TextChoices):
    HEAT_ENERGY = "heat_energy", "Тепловая энергия"
    HEAT_CARRIER = "heat_carrier", "Теплоноситель"
    HOT_WATER = "hot_water", "Горячая вода"


class Component(models.TextChoices):
    """What a charge line prices: energy (Гкал), capacity (Гкал/ч) or water (м³)."""

    ENERGY = "energy", "Тепловая энергия, Гкал"
    CAPACITY = "capacity", "Тепловая мощность, Гкал/ч"
    WATER = "water", "Теплоноситель / вода, м³"


UNIT_OF_COMPONENT = {Component.ENERGY: "Гкал", Component.CAPACITY: "Гкал/ч", Component.WATER: "м³"}


class Method(models.TextChoices):
    """How a line's quantity was obtained — the basis an invoice and a court quote."""

    METER = "meter", "По приборам учета"
    CALCULATION = "calculation", "Расчетным методом"
    CONTRACT_LOAD = "contract_load", "По договорной нагрузке"
    ADJUSTMENT = "adjustment", "Корректировка"


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def days_between(first: date, last: date) -> int:
    """Number of days in the closed range ``first..last``."""
    return (last - first).days + 1


ONE_DAY = timedelta(days=1)
