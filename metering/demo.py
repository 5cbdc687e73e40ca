"""Demo metering: a weather station with a year of daily temperatures, the design
temperature and heating seasons; a device catalogue; metering units at most objects with
devices (some due for verification, some expired) and seals; a year of monthly readings —
a few of them tripping each validation rule; a technicians' team; and the daily
verification job run on the demo "today" (notices, faulty units); an import source, a
meter-data system whose sample export of November (``samples/``) imports against this demo.

Runs after the register's seed (INSTALLED_APPS order) and goes through the services; with
no heated objects it seeds the reference data only and says so. Two units are left with
devices but not commissioned: ``workflows.demo`` starts a commissioning for one of them.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.contrib.auth import get_user_model

from accounts.roles import BILLING, MANAGER, TECHNICIAN
from subscribers.models import HeatedObject, NetworkSection

from . import selectors
from .imports.sources import reading_source_save
from .models import (
    DeviceKind,
    DeviceModel,
    MeteringUnit,
    ReadingColumn,
    ReadingImportSource,
    ReadingSource,
    Team,
    TeamMember,
    UnitPurpose,
    UnitStatus,
)
from .services import readings, units, verification, weather

CITY = "Светлоборск"
STATION = ("27037", "Светлоборск, АМСГ")
DESIGN_TEMPERATURE = Decimal("-32.0")
# dates written for core.demo.REFERENCE_TODAY (26.11.2026), moved to the demo's today
WEATHER_FROM = date(2025, 9, 1)
CLIMATE = (-11.5, -10.5, -4.5, 3.5, 10.5, 15.0, 17.5, 15.5, 9.5, 3.0, -3.5, -8.5)  # monthly means, °C
MAX_UNITS = 80
READINGS_FROM = date(2025, 11, 1)
COMMISSIONED_ON = date(2024, 10, 1)
INDOOR = Decimal("20")

# name, kind, manufacturer, register number (demo values), verification interval, years
CATALOGUE = [
    ("ВКТ-7", DeviceKind.HEAT_CALCULATOR, "ООО «Теплоком»", "23195-11", 4),
    ("ТЭМ-106", DeviceKind.HEAT_CALCULATOR, "ООО «ТЭМ-прибор»", "44329-10", 4),
    ("ПРЭМ", DeviceKind.FLOW_METER, "ЗАО «Промсервис»", "17858-11", 4),
    ("КТПТР-01", DeviceKind.THERMOMETER_PAIR, "ООО «Термико»", "46156-10", 5),
    ("СДВ-И", DeviceKind.PRESSURE_SENSOR, "ЗАО «НПК ВИП»", "28313-11", 3),
]
# rules the last month's readings of the last commercial units trip, one unit each (the
# expired verification rule is tripped by the units whose devices expired)
TRIPS = ["decreasing_totals", "above_contractual_load", "zero_in_heating_season", "mass_imbalance",
         "short_operating_time", "far_from_forecast"]

# a meter-data system exporting CSV in windows-1251 with «;», Q in ГДж (converted to Гкал at
# import), every field mapped; its sample export of November 2026 (the open billing month)
# names demo units and imports against the demo database
IMPORT_SOURCE = "АСКУЭ «Пульсар»"
F = ReadingColumn.Field
IMPORT_COLUMNS = {  # field → (header in the file, measure in the file; "" — ours)
    F.UNIT: ("Узел учета", ""),
    F.PERIOD: ("Период", ""),
    F.Q: ("Q, ГДж", "ГДж"),
    F.M1: ("M1, т", ""),
    F.M2: ("M2, т", ""),
    F.V1: ("V1, м3", ""),
    F.V2: ("V2, м3", ""),
    F.T1: ("T1, °C", ""),
    F.T2: ("T2, °C", ""),
    F.OPERATING_HOURS: ("Время работы, ч", ""),
    F.ERROR_HOURS: ("Время ошибок, ч", ""),
    F.Q_TOTAL: ("Q итог, Гкал", ""),
    F.M1_TOTAL: ("M1 итог, т", ""),
    F.M2_TOTAL: ("M2 итог, т", ""),
    F.V1_TOTAL: ("V1 итог, м3", ""),
    F.V2_TOTAL: ("V2 итог, м3", ""),
}
SAMPLE_READINGS = Path(__file__).resolve().parent / "samples" / "pulsar-2026-11.csv"


def _user(ctx, role):
    user = (ctx.data.get("users") or {}).get(role)
    return user or get_user_model().objects.filter(is_active=True).order_by("pk").first()


def seed(ctx) -> None:
    technician, manager = _user(ctx, TECHNICIAN), _user(ctx, MANAGER)
    if technician is None:
        ctx.notes.append("Учет: нет пользователей — демо-данные учета не созданы")
        return
    data = ctx.data.setdefault("metering", {})
    cities = sorted({c for c in NetworkSection.objects.values_list("city", flat=True) if c}) or [CITY]
    station = _weather(ctx, cities, technician)
    models = _catalogue(technician)
    _team(technician, manager)
    _import_source(ctx, _user(ctx, BILLING))
    objects = list(
        HeatedObject.objects.filter(consumer__is_active=True, loads__isnull=False)
        .select_related("network_section").distinct().order_by("code")
    )
    if not objects:
        ctx.notes.append("Учет: нет объектов с нагрузками — созданы только справочники")
        return
    if MeteringUnit.objects.exists():
        ctx.notes.append("Учет: узлы учета уже есть — демо-узлы и показания не добавлены")
        return
    chosen = sorted(ctx.rng.sample(objects, k=min(MAX_UNITS, int(len(objects) * 0.6) or 1)), key=lambda o: o.code)
    made = [_unit(ctx, n, heated_object, models, technician) for n, heated_object in enumerate(chosen)]
    data["to_commission"] = [unit for unit, commercial in made if not commercial]
    commercial = [unit for unit, is_commercial in made if is_commercial]
    flagged = _readings(ctx, commercial, station, technician)
    result = verification.verification_track(today=ctx.today) if _has_organization() else None
    ctx.notes.append(
        f"Учет: узлов учета {len(made)} (в коммерческом учете {len(commercial)}), показаний за "
        f"{ctx.shift_months(READINGS_FROM):%m.%Y}–{_last_month(ctx):%m.%Y}, на проверке у техника {flagged}; "
        + (f"уведомлений о поверке {len(result.notices)}, неисправных после поверки {len(result.faulty)}"
           if result else "уведомления о поверке не выпущены: нет реквизитов организации")
    )


def _has_organization() -> bool:
    from subscribers.selectors import our_organization

    return our_organization() is not None


def _last_month(ctx) -> date:
    return (ctx.today.replace(day=1) - timedelta(days=1)).replace(day=1)


# ---------------------------------------------------------------- weather


def _weather(ctx, cities: list[str], actor):
    station = selectors.station_for_city(cities[0])
    if station is None:
        station = weather.weather_station_create(  # the system adds it: a technician keeps no stations
            code=STATION[0], name=STATION[1], city=cities[0], is_default=True, actor=None
        )
    since = ctx.shift_months(WEATHER_FROM)
    temperatures, day = {}, since
    while day < ctx.today:
        # the month's climate, a slow wave of cold spells and a little day-to-day noise
        wave = 4.0 * math.sin(day.toordinal() / 5.3)
        value = CLIMATE[day.month - 1] + wave + ctx.rng.uniform(-1.5, 1.5)
        temperatures[day] = Decimal(str(round(value, 1)))
        day += timedelta(days=1)
    known = selectors.daily_temperatures(station, since, ctx.today)
    weather.outdoor_temperatures_save(
        station=station, temperatures={d: t for d, t in temperatures.items() if d not in known}, actor=actor
    )
    for city in cities:
        try:
            selectors.design_outdoor_temperature(city, ctx.today)
        except Exception:  # noqa: BLE001 — not set yet for the demo city
            weather.design_temperature_set(
                city=city, valid_from=date(2000, 1, 1), temperature=DESIGN_TEMPERATURE, actor=actor,
                basis="СП 131.13330 (демонстрационное значение)",
            )
        if not selectors.heating_seasons(city):
            for starts, ends in ctx.heating_seasons(since):
                weather.heating_season_set(
                    city=city, starts_on=starts, ends_on=ends, actor=actor, basis="постановление администрации (демо)"
                )
    return station


# ---------------------------------------------------------------- import source


def _import_source(ctx, actor) -> None:
    if ReadingImportSource.objects.filter(name=IMPORT_SOURCE).exists():
        return
    reading_source_save(
        actor=actor, columns=IMPORT_COLUMNS, name=IMPORT_SOURCE, file_format=ReadingImportSource.FileFormat.CSV,
        unit_key=ReadingImportSource.UnitKey.UNIT_NUMBER, csv_delimiter=";", csv_encoding="cp1251",
        period_format="%m.%Y",
    )
    sample = SAMPLE_READINGS.relative_to(SAMPLE_READINGS.parents[2])  # from the project's root
    ctx.notes.append(f"Учет: источник импорта показаний {IMPORT_SOURCE}; образец его файла за 11.2026 — {sample}")


# ---------------------------------------------------------------- catalogue, team, units


def _catalogue(actor) -> dict[str, DeviceModel]:
    models = {}
    for name, kind, manufacturer, register, years in CATALOGUE:
        model = DeviceModel.objects.filter(name=name, register_number=register).first() or units.device_model_create(
            kind=kind, name=name, manufacturer=manufacturer, register_number=register,
            verification_interval_years=years, actor=actor,
        )
        models[kind] = models.get(kind) or model
    return models


def _team(technician, manager) -> None:
    team, _ = Team.objects.get_or_create(name="Бригада № 1", defaults={"leader": manager})
    team.network_sections.set(NetworkSection.objects.all())
    if not TeamMember.objects.filter(user=technician).exists():
        TeamMember.objects.create(team=team, user=technician)


def _verified_on(ctx, n: int) -> date:
    """Most devices verified 0.5–3.5 years ago; units 2–4 due within 60 days, 5–6 expired."""
    if 2 <= n <= 4:
        return ctx.today - timedelta(days=4 * 365 - 20 * (n - 1))  # due in ~20, 40, 60 days
    if 5 <= n <= 6:
        return ctx.shift_months(date(2022, 8 + n - 5, 15))  # expired three and two months before the demo's month
    return ctx.today - timedelta(days=ctx.rng.randrange(183, 3 * 365))


def _unit(ctx, n: int, heated_object: HeatedObject, models: dict, actor):
    number = f"УУ-{heated_object.code}"
    unit = units.unit_register(
        number=number, heated_object=heated_object, actor=actor,
        location=ctx.rng.choice(["ИТП, подвал", "тепловой узел, цокольный этаж", "ЦТП, помещение узла учета"]),
        purpose=ctx.rng.choice([UnitPurpose.BOTH, UnitPurpose.BOTH, UnitPurpose.HEATING]),
        design_code=f"ТМ-{100 + n}-2024", design_approved_on=date(2024, 6, 1) + timedelta(days=n),
        installer="ООО «Теплоучет-Сервис»",
    )
    verified = _verified_on(ctx, n)
    commercial = n >= 2  # the first two stay not commissioned: the commissioning demo
    installed_on = COMMISSIONED_ON if commercial else ctx.today - timedelta(days=3)
    devices = []
    for k, kind in enumerate((DeviceKind.HEAT_CALCULATOR, DeviceKind.FLOW_METER, DeviceKind.FLOW_METER,
                              DeviceKind.THERMOMETER_PAIR)):
        device = units.device_register(
            device_model=models[kind], serial_number=f"{210000 + n * 10 + k}", actor=actor,
            # the calculator is verified first, the rest of the unit up to four weeks later (never
            # later than today): a unit due in ~20 days has no device already expired
            verified_on=verified if k == 0 else min(verified + timedelta(days=ctx.rng.randrange(0, 30)), ctx.today),
            diameter_mm=50 if kind == DeviceKind.FLOW_METER else None,
        )
        devices.append(units.device_install(device=device, unit=unit, installed_on=installed_on, actor=actor))
    if not commercial:
        return unit, False
    for k, device in enumerate(devices[:2]):
        units.seal_set(unit=unit, device=device, number=f"{500000 + n * 10 + k}", actor=actor,
                       place="корпус тепловычислителя" if k == 0 else "фланец расходомера", set_on=COMMISSIONED_ON)
    units.unit_status_change(
        unit=unit, status=UnitStatus.COMMERCIAL, effective_from=COMMISSIONED_ON, actor=actor,
        basis="акт ввода в эксплуатацию (демо)",
    )
    return unit, True


# ---------------------------------------------------------------- readings


def _month_values(unit, period: date, station, state: dict, ctx) -> dict:
    """Readings that follow the unit's contractual load and the month's weather."""
    load = unit.heated_object.loads.order_by("-valid_from").first()
    end = selectors.month_end(period)
    days = (end - period).days + 1
    temperatures = selectors.daily_temperatures(station, period, end)
    season = set(selectors.heating_season_days(selectors.object_city(unit.heated_object), period, end))
    degree_days = sum((max(Decimal("0"), INDOOR - t) for d, t in temperatures.items() if d in season), Decimal("0"))
    heating = (load.heating + load.ventilation) * degree_days / (INDOOR - DESIGN_TEMPERATURE) * 24
    hot_water = load.hot_water_avg * 24 * days if unit.meters_hot_water else Decimal("0")
    noise = Decimal(str(round(ctx.rng.uniform(0.93, 1.05), 3)))
    q = ((heating + hot_water) * noise).quantize(Decimal("0.001"), ROUND_HALF_UP)
    m1 = (q * 1000 / 25).quantize(Decimal("0.001"), ROUND_HALF_UP) if q else Decimal("12.000") * days
    m2 = (m1 * Decimal("0.996")).quantize(Decimal("0.001"), ROUND_HALF_UP)
    state["q_total"] = state.get("q_total", Decimal("1200.000")) + q
    state["m1_total"] = state.get("m1_total", Decimal("48000.000")) + m1
    state["m2_total"] = state.get("m2_total", Decimal("47800.000")) + m2
    return {
        "q": q, "m1": m1, "m2": m2, "t1": Decimal("72.50"), "t2": Decimal("46.80"),
        "operating_hours": Decimal(days * 24), "error_hours": Decimal("0"),
        "q_total": state["q_total"], "m1_total": state["m1_total"], "m2_total": state["m2_total"],
    }


def _trip(values: dict, rule: str, unit, period: date) -> dict:
    values = dict(values)
    hours = values["operating_hours"]
    if rule == "decreasing_totals":  # the register below last month's
        values["q_total"] -= values["q"] + Decimal("5.000")
    elif rule == "above_contractual_load":
        load = unit.heated_object.loads.order_by("-valid_from").first()
        values["q"] = ((load.heating + load.ventilation + load.hot_water_max) * hours * 2).quantize(Decimal("0.001"))
    elif rule == "zero_in_heating_season":
        values.update(q=Decimal("0"), m1=Decimal("0"), m2=Decimal("0"))
    elif rule == "mass_imbalance":
        values["m2"] = (values["m1"] * Decimal("0.93")).quantize(Decimal("0.001"))
    elif rule == "short_operating_time":
        values.update(operating_hours=hours - 72, error_hours=Decimal("72"))
    elif rule == "far_from_forecast":
        values["q"] = (values["q"] * Decimal("1.7")).quantize(Decimal("0.001"))
    return values


def _readings(ctx, commercial: list, station, actor) -> int:
    last = _last_month(ctx)
    trips = {unit.pk: rule for unit, rule in zip(commercial[-len(TRIPS):], TRIPS, strict=False)}
    flagged = 0
    for unit in commercial:
        state: dict = {}
        period = ctx.shift_months(READINGS_FROM)
        while period <= last:
            values = _month_values(unit, period, station, state, ctx)
            if period == last and unit.pk in trips:
                values = _trip(values, trips[unit.pk], unit, period)
            source = ReadingSource.CONSUMER if ctx.rng.random() < 0.7 else ReadingSource.TECHNICIAN
            reading = readings.reading_record(unit=unit, period=period, source=source, values=values, actor=actor)
            flagged += reading.status == "flagged"
            period = period.replace(day=calendar.monthrange(period.year, period.month)[1]) + timedelta(days=1)
    return flagged
