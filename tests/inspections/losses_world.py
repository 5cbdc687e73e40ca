"""What the losses-report tests share: acts of both kinds in two network sections over two months,
a calculation issued for one act, a flagged M1 − M2 imbalance, a payment naming the act — all dated
from the pinned «today»."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from inspections.calculation import calculate
from inspections.calculation_documents import calculation_issue, party_from_consumer
from inspections.losses import month_start
from inspections.models import ViolationAct
from inspections.services.acts import act_fill, act_issue
from metering.models import ReadingFlag, ReadingStatus
from settlements.models import Payment
from tests.metering.factories import MeteringUnitFactory, ReadingFactory
from tests.subscribers.factories import ConsumerFactory, HeatedObjectFactory, NetworkSectionFactory

from . import samples
from .factories import FieldInspectionFactory
from .test_calculation import example

TOTAL = Decimal("1010160.00")  # the worked example: 828 000.00 ₽ + VAT 22 % 182 160.00 ₽
PAID = Decimal("400000.00")


@dataclass
class World:
    this_month: date
    last_month: date
    north: object
    south: object
    contractless: ViolationAct
    unmetered: ViolationAct
    earlier: ViolationAct


def _inspection(section):
    return FieldInspectionFactory(heated_object=HeatedObjectFactory(network_section=section))


def _imbalance(section, period: date, m1: str, m2: str, status=ReadingStatus.FLAGGED):
    reading = ReadingFactory(unit=MeteringUnitFactory(heated_object=HeatedObjectFactory(network_section=section)),
                             period=period, m1=Decimal(m1), m2=Decimal(m2), status=status)
    ReadingFlag.objects.create(reading=reading, rule="mass_imbalance", message="Небаланс масс M1 − M2")


def build(*, today: date, town, technician, issuer) -> World:
    """The tariff must be there (fixture ``tariff``) for the calculation; ``town`` gets its temperatures."""
    this_month = month_start(today)
    last_month = month_start(this_month - timedelta(days=1))
    north = NetworkSectionFactory(code="УЧ-СЕВ", name="Северная магистраль", heat_source="Котельная № 1")
    south = NetworkSectionFactory(code="УЧ-ЮГ", name="Южная магистраль", heat_source="ТЭЦ-2")
    contractless = act_fill(inspection=_inspection(north), data=samples.contractless(today), actor=technician)
    act_document = act_issue(act=contractless, actor=technician)
    consumer = ConsumerFactory()
    unmetered = act_fill(inspection=_inspection(south), data=samples.unmetered(today, consumer), actor=technician)
    act_issue(act=unmetered, actor=technician)
    earlier = act_fill(inspection=_inspection(north), data=samples.contractless(last_month), actor=technician)
    act_issue(act=earlier, actor=technician)
    # a filled act not issued yet does not count
    act_fill(inspection=_inspection(north), data=samples.contractless(today), actor=technician)
    # the calculation of the contract-less act: the worked example (its own fixed period), 220.800 Гкал
    town.temperatures(example().period_start, example().period_end)
    calculation_issue(result=calculate(example()), party=party_from_consumer(consumer), object_address="ул. Садовая",
                      act_number=act_document.number, act_date=today, subject=contractless, actor=issuer)
    # a leak in the north this month: 1 000 − 940 = 60 т; a rejected reading and an unflagged one do not count
    _imbalance(north, this_month, "1000.000", "940.000")
    _imbalance(north, this_month, "500.000", "400.000", status=ReadingStatus.REJECTED)
    ReadingFactory(unit=MeteringUnitFactory(heated_object=HeatedObjectFactory(network_section=north)),
                   period=this_month, m1=Decimal("800.000"), m2=Decimal("700.000"))
    # a payment naming the act; another one naming nothing of ours
    Payment.objects.create(bank_key="losses-1", number="17", doc_date=today, paid_on=today, amount=PAID,
                           payer_name="ООО «Торговый дом „Садовый“»", status=Payment.Status.UNMATCHED,
                           purpose=f"Оплата по требованию, акт № {act_document.number}")
    Payment.objects.create(bank_key="losses-2", number="18", doc_date=today, paid_on=today, amount=Decimal("99.00"),
                           payer_name="Иванов", status=Payment.Status.UNMATCHED, purpose="Оплата за отопление")
    return World(this_month=this_month, last_month=last_month, north=north, south=south, contractless=contractless,
                 unmetered=unmetered, earlier=earlier)
