"""Demo billing: tariffs for the last two years, a winter of outdoor temperatures, two closed
billing periods (the two months before the demo's today) and an open one (its month, previewed).

Runs after the register's and metering's seeds (INSTALLED_APPS order) and bills whatever
contracts they created, through the services. Outdoor temperatures, the design
temperature and heating seasons are added only where metering's data has none (there is
no metering service for them: rows are written directly). The open month is previewed on
the demo "today": the days not measured yet are estimated from the station's climate
normal (the same month of the year before), and the run says so.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.roles import BILLING
from metering.models import (
    DesignOutdoorTemperature,
    HeatingSeason,
    OutdoorTemperature,
    WeatherStation,
)
from metering.models.weather import normalize_city
from metering.selectors import station_for_city
from subscribers.models import NetworkSection, TariffGroup

from . import outputs_demo
from .models import BillingPeriod, ChargeLine, Recalculation, Resource, Tariff
from .services.periods import period_close, period_open
from .services.recalculations import recalculation_queue
from .services.runs import billing_run_now
from .services.tariffs import tariff_create

CITY = "Светлоборск"
STATION = ("27037", "Светлоборск, АМСГ")
DESIGN_TEMPERATURE = Decimal("-32.0")
# written for core.demo.REFERENCE_TODAY (26.11.2026) and moved to the demo's today
TEMPERATURES_FROM = date(2025, 9, 1)
CLOSED = (date(2026, 9, 1), date(2026, 10, 1))
OPEN = date(2026, 11, 1)
# monthly mean outdoor temperatures of the demo climate, °C (January … December)
CLIMATE = (-11.5, -10.5, -4.5, 3.5, 10.5, 15.0, 17.5, 15.5, 9.5, 3.0, -3.5, -8.5)
# the tariff decisions of the demo regulator: (valid from, valid to, index to the 2025 level)
DECISIONS = (
    (date(2025, 1, 1), date(2025, 6, 30), Decimal("1.000"), "41-тэ", date(2024, 12, 18)),
    (date(2025, 7, 1), date(2026, 9, 30), Decimal("1.119"), "27-тэ", date(2025, 6, 20)),
    (date(2026, 10, 1), None, Decimal("1.232"), "33-тэ", date(2026, 9, 25)),
)
REGULATOR = "Департамент топливно-энергетического комплекса и тарифного регулирования Энской области"


def _actor(ctx):
    user = (ctx.data.get("users") or {}).get(BILLING)
    return user or get_user_model().objects.filter(is_active=True).order_by("pk").first()


def seed(ctx) -> None:
    actor = _actor(ctx)
    groups = list(TariffGroup.objects.order_by("code"))
    if not groups:
        ctx.notes.append("Расчеты: нет тарифных групп — тарифы и расчетные периоды не созданы")
        return
    _tariffs(ctx, groups, actor)
    cities = {c for c in NetworkSection._default_manager.values_list("city", flat=True) if c} or {CITY}
    _weather(ctx, sorted(cities))
    closed = [ctx.shift_months(month) for month in CLOSED]
    for month in closed:
        period = period_open(month=month, actor=actor)
        if period.is_closed:
            continue
        billing_run_now(period=period, actor=actor)
        period_close(period=period, actor=actor, accept_problems=True)
    _recalculation(actor, closed[-1])
    current = period_open(month=ctx.shift_months(OPEN), actor=actor)
    run = billing_run_now(period=current, actor=actor)
    ctx.notes.append(
        f"Расчеты: {closed[0]:%m.%Y} и {closed[1]:%m.%Y} закрыты; {current.month:%m.%Y} открыт, предварительный "
        f"расчет № {run.pk}: начислено {run.contracts_billed} из {run.contracts_total} договоров, с ошибками данных "
        f"{run.contracts_with_problems}"
        + (" (оценка: температуры оставшихся дней месяца — по климатической норме, объекты без показаний за месяц — "
           "по договорной нагрузке)" if run.estimate else "")
    )
    outputs_demo.seed(ctx)  # УПД and счета of the closed periods, plans, an API token


def _tariffs(ctx, groups, actor) -> None:
    for n, group in enumerate(groups):
        if Tariff.objects.filter(tariff_group=group).exists():
            continue
        energy = Decimal(2300 + 75 * n + ctx.rng.randrange(0, 50))
        water = Decimal(38 + n) + Decimal(ctx.rng.randrange(0, 100)) / 100
        for valid_from, valid_to, index, number, decided in DECISIONS:
            valid_from, decided = ctx.shift_months(valid_from), ctx.shift_months(decided)
            valid_to = ctx.shift_months(valid_to + timedelta(days=1)) - timedelta(days=1) if valid_to else None
            common = {
                "tariff_group": group, "valid_from": valid_from, "valid_to": valid_to, "regulator": REGULATOR,
                "decision_number": number, "decision_date": decided,
            }
            tariff_create(actor=actor, resource=Resource.HEAT_ENERGY, structure=Tariff.Structure.ONE_PART,
                          energy_rate=(energy * index).quantize(Decimal("0.01")), **common)
            tariff_create(actor=actor, resource=Resource.HOT_WATER, structure=Tariff.Structure.TWO_COMPONENT,
                          energy_rate=(energy * index).quantize(Decimal("0.01")),
                          water_rate=(water * index).quantize(Decimal("0.01")), heat_per_m3=Decimal("0.0612"),
                          **common)
            tariff_create(actor=actor, resource=Resource.HEAT_CARRIER, structure=Tariff.Structure.ONE_PART,
                          water_rate=(water * index).quantize(Decimal("0.01")), **common)


def _weather(ctx, cities: list[str]) -> None:
    """A station with daily temperatures from September 2025 to yesterday, design temperature
    and heating seasons — for every city that lacks them."""
    station = station_for_city(cities[0])
    if station is None:
        station = WeatherStation.objects.create(
            code=STATION[0], name=STATION[1], city=cities[0],
            is_default=not WeatherStation.objects.filter(is_default=True).exists(),
        )
    known = set(OutdoorTemperature.objects.filter(station=station).values_list("date", flat=True))
    rows = []
    day = ctx.shift_months(TEMPERATURES_FROM)
    while day < ctx.today:
        if day not in known:
            # the month's climate, a slow wave of cold spells and a little day-to-day noise
            wave = 4.0 * math.sin(day.toordinal() / 5.3)
            value = CLIMATE[day.month - 1] + wave + ctx.rng.uniform(-2.0, 2.0)
            rows.append(OutdoorTemperature(station=station, date=day, mean_temperature=Decimal(f"{value:.1f}")))
        day += timedelta(days=1)
    OutdoorTemperature.objects.bulk_create(rows)
    for city in cities:
        wanted = normalize_city(city)
        if not any(normalize_city(c) == wanted for c in DesignOutdoorTemperature.objects.values_list("city", flat=True)):
            DesignOutdoorTemperature.objects.create(
                city=city, valid_from=date(2000, 1, 1), temperature=DESIGN_TEMPERATURE,
                basis="СП 131.13330 (демонстрационное значение)",
            )
        if not any(normalize_city(c) == wanted for c in HeatingSeason.objects.values_list("city", flat=True)):
            for starts, ends in ctx.heating_seasons(ctx.shift_months(TEMPERATURES_FROM)):
                HeatingSeason.objects.create(city=city, starts_on=starts, ends_on=ends,
                                             basis="Постановление администрации (демонстрационное)")


def _recalculation(actor, last_closed) -> None:
    """A quality reduction of the last closed month's charge, to appear in the open month's invoice."""
    if Recalculation.objects.filter(source="quality", corrected_period__month=last_closed).exists():
        return
    line = (
        ChargeLine.objects.filter(invoice__period__month=last_closed, kind=ChargeLine.Kind.CHARGE,
                                  resource=Resource.HEAT_ENERGY)
        .select_related("invoice__contract", "heated_object").order_by("invoice__contract__number", "position").first()
    )
    if line is None:
        return
    recalculation_queue(
        contract=line.invoice.contract, corrected_period=BillingPeriod.objects.get(month=last_closed),
        corrected_line=line, heated_object=line.heated_object, resource=line.resource, component=line.component,
        amount=-(line.amount * Decimal("0.024")).quantize(Decimal("0.01")), source="quality",
        reason="Снижение платы за отопление: перерывы 40 ч за месяц, 16 ч сверх допустимых × 0,15 % "
               "(ПП РФ № 354, прил. 1, п. 14)",
        actor=actor,
    )
