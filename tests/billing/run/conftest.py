"""In-memory inputs of the run's computation (no database): a January 2026 in Энск."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest

from billing.run.inputs import (
    ChunkInputs,
    ContractRow,
    LoadRow,
    ObjectRow,
    Place,
    ReadingRow,
    RunContext,
    TariffRow,
    UnitRow,
)
from metering.reference_data import VALIDATION_SETTINGS
from regulations.vat import VatRate

FIRST, LAST = date(2026, 1, 1), date(2026, 1, 31)
GROUP = 1
HEAT = TariffRow(11, "one_part", Decimal("2600.00"), None, None, None, "РЭК, приказ № 1")
HOT_WATER = TariffRow(12, "two_component", Decimal("2500.00"), None, Decimal("40.00"), Decimal("0.060000"), "РЭК, приказ № 1")
CARRIER = TariffRow(13, "one_part", None, None, Decimal("55.00"), None, "РЭК, приказ № 1")


def place(temperatures: list[Decimal | None], *, city="Энск", t_design=Decimal("-26.0"), season=None) -> Place:
    sums, known = [Decimal("0")], [0]
    for t in temperatures:
        sums.append(sums[-1] + (t or 0))
        known.append(known[-1] + (t is not None))
    return Place(city, "Энск, АМСГ (99999)" if city else "", t_design, tuple(season or [True] * len(temperatures)),
                 tuple(sums), tuple(known))


def january() -> list[Decimal]:
    values = [Decimal("-8.6")] * 31
    values[0], values[1] = Decimal("-10.6"), Decimal("-6.6")
    return values


@dataclass
class World:
    """A period, tariffs, one town and objects to bill; ``bill()`` runs the computation."""

    temperatures: list = field(default_factory=january)
    tariffs: dict = field(default_factory=lambda: {"heat_energy": HEAT, "hot_water": HOT_WATER, "heat_carrier": CARRIER})
    vat: Decimal = Decimal("22")
    objects: dict = field(default_factory=dict)
    loads: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    readings: dict = field(default_factory=dict)
    recalculations: dict = field(default_factory=dict)
    contract_first: date = FIRST
    contract_last: date = LAST
    t_design: Decimal | None = Decimal("-26.0")
    season: list | None = None
    # the seeded ValidationSettings (metering/reference_data.py); None: no settings on the period
    leak_tolerance: Decimal | None = VALIDATION_SETTINGS["imbalance_tolerance_percent"]
    absurd_factor: Decimal | None = VALIDATION_SETTINGS["absurd_reading_factor"]

    def add_object(self, oid: int, *, heating="0.5", ventilation="0", hot_water="0", loads=True, t_in="20") -> int:
        self.objects[oid] = ObjectRow(oid, f"OBJ-{oid}", Decimal(t_in), "Энск")
        if loads:
            self.loads[oid] = [LoadRow(date(2025, 1, 1), None, Decimal(heating), Decimal(ventilation), Decimal(hot_water))]
        return oid

    def add_unit(self, oid: int, uid: int, *, purpose="heating", is_open=False, changes=None, reading=None) -> None:
        changes = changes if changes is not None else [(date(2024, 1, 1), "commercial", "")]
        self.units.setdefault(oid, []).append(UnitRow(uid, f"УУ-{uid}", purpose, is_open, list(changes)))
        if reading is not None:
            self.readings[uid] = ReadingRow(1000 + uid, *(Decimal(v) if v is not None else None for v in reading))

    def context(self) -> RunContext:
        rates = [VatRate(date(2019, 1, 1), Decimal("20")), VatRate(date(2026, 1, 1), Decimal("22"))]
        ctx = RunContext(
            run_id=1, period_id=1, first=FIRST, last=LAST, days=31, vat_rate=self.vat, vat_rates=rates,
            tariffs={GROUP: self.tariffs}, places={}, leak_tolerance_percent=self.leak_tolerance,
            absurd_reading_factor=self.absurd_factor,
        )
        ctx.places["энск"] = place(self.temperatures, t_design=self.t_design, season=self.season)
        return ctx

    def bill(self):
        from billing.run.compute import bill_contract

        contract = ContractRow(1, "ТС-1", 1, GROUP, self.contract_first, self.contract_last)
        chunk = ChunkInputs(
            contracts=[contract], objects_of={1: sorted(self.objects)}, objects=self.objects, loads=self.loads,
            units=self.units, readings=self.readings, recalculations=self.recalculations, invoices={},
        )
        return bill_contract(self.context(), chunk, contract)


@pytest.fixture
def world() -> World:
    return World()


def days(first: date, last: date) -> int:
    return (last - first).days + 1


ONE_DAY = timedelta(days=1)
