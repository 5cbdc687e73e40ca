"""Metering coverage: which share of supply points and of contractual load is metered
commercially on a day, by consumer category and by network section, and which points are not.

A heated object of an active consumer is a supply point. Its heating (heating + ventilation)
is covered when a unit metering heating is commercial on the day; its hot water (average
load) when a unit metering hot water is. Load is the object's contractual load in force.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from subscribers.models import Consumer, HeatedObject, HeatLoad

from .models import MeteringUnit, UnitPurpose, UnitStatus, UnitStatusChange
from .selectors import unit_status_intervals

ZERO = Decimal("0")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Point:
    """One supply point and how it is metered."""

    heated_object: HeatedObject
    load: Decimal
    covered_load: Decimal
    units: tuple[tuple[MeteringUnit, str, str], ...]  # unit, status on the day, reason

    @property
    def metered(self) -> bool:
        return self.covered_load > 0 or (self.load == 0 and any(s == UnitStatus.COMMERCIAL for _, s, _ in self.units))

    @property
    def fully_metered(self) -> bool:
        return self.metered and self.covered_load >= self.load

    @property
    def problem(self) -> str:
        if not self.units:
            return "нет узла учета"
        faulty = [f"{u.number}: {reason or 'неисправен'}" for u, s, reason in self.units if s == UnitStatus.FAULTY]
        if faulty:
            return "; ".join(faulty)
        if not self.metered:
            return "узел учета не введен в эксплуатацию"
        return "учтена не вся нагрузка"


@dataclass
class Group:
    name: str
    objects: int = 0
    metered_objects: int = 0
    load: Decimal = ZERO
    covered_load: Decimal = ZERO

    def add(self, point: Point) -> None:
        self.objects += 1
        self.metered_objects += 1 if point.metered else 0
        self.load += point.load
        self.covered_load += point.covered_load

    @property
    def objects_share(self) -> Decimal:
        return share(self.metered_objects, self.objects)

    @property
    def load_share(self) -> Decimal:
        return share(self.covered_load, self.load)


@dataclass
class CoverageReport:
    on: date
    total: Group
    by_category: list[Group] = field(default_factory=list)
    by_section: list[Group] = field(default_factory=list)
    unmetered: list[Point] = field(default_factory=list)


def share(part, whole) -> Decimal:
    """Percent to 0.1, half-up; 0 of nothing is 0 %."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) / Decimal(whole) * HUNDRED).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _load(loads: list[HeatLoad], on: date) -> HeatLoad | None:
    valid = [x for x in loads if x.valid_from <= on and (x.valid_to is None or x.valid_to >= on)]
    return max(valid, key=lambda x: x.valid_from) if valid else None


def supply_point(heated_object: HeatedObject, on: date) -> Point:
    """How one object is metered on ``on`` (expects its loads and units prefetched)."""
    load = _load(list(heated_object.loads.all()), on)
    heating = (load.heating + load.ventilation) if load else ZERO
    hot_water = load.hot_water_avg if load else ZERO
    units, heating_covered, hot_water_covered = [], False, False
    for unit in heated_object.metering_units.all():
        interval = unit_status_intervals(unit, on, on)[0]
        if interval.status == UnitStatus.DECOMMISSIONED:
            continue
        units.append((unit, interval.status, interval.reason))
        if interval.status == UnitStatus.COMMERCIAL:
            heating_covered |= unit.meters_heating
            hot_water_covered |= unit.meters_hot_water
    covered = (heating if heating_covered else ZERO) + (hot_water if hot_water_covered else ZERO)
    return Point(heated_object, heating + hot_water, covered, tuple(units))


def coverage_report(on: date, *, network_section=None) -> CoverageReport:
    objects = (
        HeatedObject.objects.filter(consumer__is_active=True)
        .select_related("consumer", "network_section")
        .prefetch_related(
            "loads",
            Prefetch("metering_units", queryset=MeteringUnit.objects.prefetch_related("status_changes")),
        )
        .order_by("code")
    )
    if network_section is not None:
        objects = objects.filter(Q(network_section=network_section))
    categories = dict(Consumer.PenaltyCategory.choices)
    total = Group("Всего")
    by_category: dict[str, Group] = defaultdict(lambda: Group(""))
    by_section: dict[str, Group] = defaultdict(lambda: Group(""))
    unmetered = []
    for heated_object in objects:
        point = supply_point(heated_object, on)
        total.add(point)
        category = categories.get(heated_object.consumer.penalty_category, heated_object.consumer.penalty_category)
        by_category[category].name = category
        by_category[category].add(point)
        section = str(heated_object.network_section) if heated_object.network_section else "без участка"
        by_section[section].name = section
        by_section[section].add(point)
        if not point.fully_metered:
            unmetered.append(point)
    return CoverageReport(
        on=on,
        total=total,
        by_category=sorted(by_category.values(), key=lambda g: g.name),
        by_section=sorted(by_section.values(), key=lambda g: g.name),
        unmetered=unmetered,
    )


LOAD_FIELD = DecimalField(max_digits=12, decimal_places=6)


def coverage_totals(on: date) -> Group:
    """The report's «Всего» line — supply points and the metered ones on ``on`` — in three
    counting queries (the dashboard): the same rule as ``supply_point`` (a unit's status on the
    day from its history, the load in force), written in SQL."""
    status_on = Subquery(
        UnitStatusChange.objects.filter(unit=OuterRef("pk"), effective_from__lte=on)
        .order_by("-effective_from", "-id").values("status")[:1]
    )
    commercial = MeteringUnit.objects.filter(heated_object=OuterRef("pk")).annotate(status_on=status_on).filter(
        status_on=UnitStatus.COMMERCIAL)
    loads = HeatLoad.objects.filter(heated_object=OuterRef("pk"), valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from")

    def load(expression) -> Coalesce:
        return Coalesce(Subquery(loads.annotate(x=expression).values("x")[:1]), Value(ZERO), output_field=LOAD_FIELD)

    points = HeatedObject.objects.filter(consumer__is_active=True).order_by()
    # a point without a commercial unit is never metered: the loads in force are looked up only
    # for the points with one (a semi-join over the units), not for every object of the register
    with_unit = points.filter(Exists(commercial)).annotate(
        heating=load(F("heating") + F("ventilation")), hot_water=load(F("hot_water_avg")),
        heating_unit=Exists(commercial.filter(purpose__in=(UnitPurpose.HEATING, UnitPurpose.BOTH))),
        hot_water_unit=Exists(commercial.filter(purpose__in=(UnitPurpose.HOT_WATER, UnitPurpose.BOTH))),
    )
    metered = Q(heating__gt=0, heating_unit=True) | Q(hot_water__gt=0, hot_water_unit=True) | Q(heating=0, hot_water=0)
    # all objects less those of inactive consumers: two index scans instead of joining the register
    objects = HeatedObject.objects.count() - HeatedObject.objects.filter(consumer__is_active=False).count()
    return Group("Всего", objects=objects, metered_objects=with_unit.filter(metered).count())
