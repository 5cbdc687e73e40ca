"""Billing fixtures: a town with a weather station, VAT rates, tariffs and one consumer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import psycopg
import pytest
from django.db import connection

from accounts.roles import ADMINISTRATOR, BILLING
from metering.models import (
    DesignOutdoorTemperature,
    HeatingSeason,
    OutdoorTemperature,
    WeatherStation,
)
from reference.models import VatRate

from .factories import (
    BillingPeriodFactory,
    ContractFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    HotWaterTariffFactory,
    NetworkSectionFactory,
    TariffFactory,
    TariffGroupFactory,
)

CITY = "Энск"
T_DESIGN = Decimal("-26.0")


def daily_temperatures(first: date, values: list[Decimal]) -> dict[date, Decimal]:
    return {first + timedelta(days=i): v for i, v in enumerate(values)}


def january_2026() -> dict[date, Decimal]:
    """31 daily means of January 2026 averaging −8.6 °C (the Методика 99/пр example)."""
    values = [Decimal("-8.6")] * 31
    values[0], values[1] = Decimal("-10.6"), Decimal("-6.6")  # same mean, not a constant
    return daily_temperatures(date(2026, 1, 1), values)


def winter(first: date, last: date, mean: Decimal = Decimal("-5.0")) -> dict[date, Decimal]:
    days = (last - first).days + 1
    return daily_temperatures(first, [mean] * days)


@pytest.fixture
def vat_rates(db):
    """The reference data migration seeds them; a transactional test's flush removes them."""
    if not VatRate.objects.filter(valid_from__lte=date(2025, 12, 31)).exists():
        VatRate.objects.create(valid_from=date(2019, 1, 1), rate_percent=Decimal("20"), norm="НК РФ ст. 164 п. 3")
    VatRate.objects.get_or_create(
        valid_from=date(2026, 1, 1), defaults={"rate_percent": Decimal("22"), "norm": "НК РФ ст. 164 п. 3 (425-ФЗ)"}
    )


@dataclass
class Town:
    station: WeatherStation
    section: object

    def temperatures(self, values: dict[date, Decimal]) -> None:
        OutdoorTemperature.objects.bulk_create(
            OutdoorTemperature(station=self.station, date=day, mean_temperature=t) for day, t in values.items()
        )


@pytest.fixture
def town(db, vat_rates) -> Town:
    """Энск: a station, design temperature −26 °C, heating seasons 2025/26 (from 15.10.2025)."""
    station = WeatherStation.objects.create(code="99999", name="Энск, АМСГ", city=CITY)
    DesignOutdoorTemperature.objects.create(city=CITY, valid_from=date(2000, 1, 1), temperature=T_DESIGN, basis="СП 131.13330")
    HeatingSeason.objects.create(city=CITY, starts_on=date(2025, 10, 15), ends_on=date(2026, 4, 30))
    section = NetworkSectionFactory(code="ЭН-01", city=CITY)
    return Town(station=station, section=section)


@pytest.fixture
def group(db):
    """A tariff group with heat energy and hot water tariffs for 2025 and 2026."""
    group = TariffGroupFactory(code="OTHER", name="Прочие потребители")
    TariffFactory(tariff_group=group, valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31), energy_rate=Decimal("2500.00"))
    TariffFactory(tariff_group=group, valid_from=date(2026, 1, 1), valid_to=None, energy_rate=Decimal("2600.00"))
    HotWaterTariffFactory(tariff_group=group, valid_from=date(2025, 1, 1), valid_to=None)
    return group


@pytest.fixture
def make_contract(town, group):
    """``make_contract(heating=…, hot_water=…)`` → (contract, object) with one load from 2025."""

    def make(*, heating="0.5", ventilation="0", hot_water="0", loads=True, **contract_fields):
        obj = HeatedObjectFactory(network_section=town.section, design_indoor_temperature=Decimal("20"))
        if loads:
            HeatLoadFactory(
                heated_object=obj, valid_from=date(2025, 1, 1), heating=Decimal(heating),
                ventilation=Decimal(ventilation), hot_water_avg=Decimal(hot_water), hot_water_max=Decimal(hot_water) * 2,
            )
        contract_fields.setdefault("tariff_group", group)
        contract = ContractFactory(consumer=obj.consumer, objects_covered=[obj], valid_from=date(2025, 1, 1), **contract_fields)
        return contract, obj

    return make


@pytest.fixture
def period_jan(db):
    return BillingPeriodFactory(month=date(2026, 1, 1))


@pytest.fixture
def period_dec(db):
    return BillingPeriodFactory(month=date(2025, 12, 1))


@pytest.fixture
def run_period(billing_user, eager_celery, django_capture_on_commit_callbacks):
    """``run_period(period)`` → the finished run (chunks billed in-process)."""
    from billing.models import BillingRun
    from billing.services.runs import billing_run_start

    def run(period, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            started = billing_run_start(period=period, actor=billing_user, **kwargs)
        started.refresh_from_db()
        assert started.status == BillingRun.Status.DONE, started.error
        return started

    return run


@pytest.fixture
def billing_user(make_user):
    return make_user(BILLING)


@pytest.fixture
def admin_user(make_user):
    return make_user(ADMINISTRATOR)


def lock_chunk(run, number: int) -> psycopg.Connection:
    """Hold a chunk's row lock from another connection: its worker waits inside the chunk."""
    db = connection.settings_dict
    holder = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, dbname=db["NAME"], user=db["USER"] or None,
        password=db["PASSWORD"] or None,
    )
    holder.execute("SELECT 1 FROM billing_billingrunchunk WHERE run_id = %s AND number = %s FOR UPDATE",
                   [run.pk, number])
    return holder


def billed_outcome(period) -> tuple[list, list]:
    """Per-contract invoices and lines of a period, without ids (to compare two runs)."""
    from billing.models import ChargeLine, Invoice

    invoices = sorted(Invoice.objects.filter(period=period).values_list(
        "contract_id", "amount", "vat_amount", "amount_with_vat", "lines_digest"))
    lines = sorted(ChargeLine.objects.filter(invoice__period=period).values_list(
        "invoice__contract_id", "position", "kind", "component", "amount", "vat_amount", "amount_with_vat"))
    return invoices, lines
