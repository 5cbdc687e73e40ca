"""Demo data of the supply area (core/demo.py): in the last closed month, a residential
house's complaint of cold rooms measured, its «Акт о нарушении качества» approved and the
reduction queued for the open month; a debtor warned, restricted and restored with both acts —
so that month's export carries a regime row and a quality row (docs/supply.md)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import BILLING, MANAGER, TECHNICIAN
from billing.models import BillingPeriod, ChargeLine, Invoice
from core.errors import ApplicationError
from settlements.models import Debt
from settlements.services.debts import debts_for_period
from subscribers.models import Consumer, Contract, HeatedObject

from .models import SupplyRestriction
from .services.quality import (
    Measurement,
    Point,
    quality_act_decide,
    quality_act_issue,
    quality_case_measure,
    quality_case_register,
    quality_recalculate,
)
from .services.restrictions import overdue_debt, restriction_impose, restriction_lift, restriction_warn


def _user(ctx, role):
    return (ctx.data.get("users") or {}).get(role) or get_user_model().objects.filter(groups__name=role).first()


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def seed(ctx) -> None:
    technician, manager, billing = _user(ctx, TECHNICIAN), _user(ctx, MANAGER), _user(ctx, BILLING)
    period = BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED).order_by("-month").first()
    if period is None or not (technician and manager and billing):
        ctx.notes.append("Качество и ограничения: нет закрытого периода или пользователей — примеры не созданы")
        return
    _quality(ctx, period, technician, manager)
    _restriction(ctx, period, billing)


def _quality(ctx, period, technician, manager) -> None:
    line = (ChargeLine.objects.filter(invoice__period=period, kind=ChargeLine.Kind.CHARGE, resource="heat_energy",
                                      heated_object__purpose=HeatedObject.Purpose.RESIDENTIAL)
            .select_related("heated_object").order_by("heated_object__code").first())
    if line is None:
        ctx.notes.append(f"Качество: за {period.month:%m.%Y} нет начислений жилым домам — пример не создан")
        return
    day = period.first_day + timedelta(days=9)
    case = quality_case_register(heated_object=line.heated_object, source="complaint", service="heating",
                                 complaint_number=f"Д-{day:%Y}/0153", complaint_at=_at(day, 8),
                                 complaint_text="в квартире 15 холодно, радиаторы едва теплые",
                                 reporter="собственник кв. 15", actor=technician)
    case = quality_case_measure(case=case, actor=technician, data=Measurement(
        checked_at=_at(day, 11, 30), participants=f"{technician.get_full_name() or technician.username}, техник\n"
                                                  "собственник кв. 15",
        thermometer_model="Testo 905-T1", thermometer_number="45123987",
        thermometer_verified_on=day - timedelta(days=200), thermometer_valid_until=day + timedelta(days=165),
        points=[Point("кв. 15, жилая комната, центр, 1,1 м от пола", Decimal("15.0")),
                Point("кв. 15, спальня, центр, 1,1 м от пола", Decimal("15.0"))],
        outdoor_c=Decimal("-12.0"), supply_c=Decimal("68.0"), return_c=Decimal("45.0"),
        supply_pressure_mpa=Decimal("0.550"), return_pressure_mpa=Decimal("0.380"), period="day",
        restored_at=_at(day + timedelta(days=2), 10), conclusion="Температура воздуха ниже норматива на 3 °C по вине "
                                                                 "теплоснабжающей организации"))
    case = quality_act_issue(case=case, actor=technician)
    case = quality_act_decide(case=case, approve=True, comment="", actor=manager)
    queued = quality_recalculate(case=case, actor=manager)
    ctx.notes.append(f"Качество: акт № {case.act.number} утвержден, снижение платы "
                     f"{-sum((r.amount for r in queued), Decimal('0'))} ₽ ждет расчета открытого периода")


def _restriction(ctx, period, billing) -> None:
    sent_on = period.first_day + timedelta(days=11)  # after the 10th, the previous month's due day
    for day in (sent_on, period.first_day + timedelta(days=1)):
        if _restricted(ctx, period, billing, day):
            return
    # the demo's months are its first billed ones: no debtor owes more than one period yet; a
    # debtor overdue for the month before carries the month before that from earlier accounts
    contract = _carried_debt(period, sent_on)
    if contract is None or not _restricted(ctx, period, billing, sent_on, contracts=[contract]):
        ctx.notes.append(f"Ограничение: за {period.month:%m.%Y} нет должников с основанием (ПП 808 п. 92) — "
                         "пример не создан")


def _carried_debt(period, sent_on) -> Contract | None:
    """The first active contract of an organisation overdue on ``sent_on`` for the month before
    ``period``, given that month's charge again as the debt of the month before it (the balance
    carried from the accounts kept before the demo's first billed month); None when none is."""
    previous = (period.first_day - timedelta(days=1)).replace(day=1)
    carried = (previous - timedelta(days=1)).replace(day=1)
    invoices = (Invoice.objects.filter(period__month=previous, contract__status=Contract.Status.ACTIVE,
                                       consumer__kind__in=(Consumer.Kind.LEGAL, Consumer.Kind.ENTREPRENEUR),
                                       amount_with_vat__gt=0)
                .select_related("contract").order_by("contract__number"))
    for invoice in invoices:
        contract = invoice.contract
        if Debt.objects.filter(contract=contract, period=carried).exists() or \
                overdue_debt(contract=contract, as_of=sent_on) <= 0 or not contract.objects_covered.exists():
            continue
        debts_for_period(contract=contract, period=carried, amount=invoice.amount_with_vat)
        return contract
    return None


def _restricted(ctx, period, billing, sent_on, contracts=None) -> bool:
    for contract in contracts or Contract.objects.filter(status=Contract.Status.ACTIVE).order_by("number"):
        heated_object = contract.objects_covered.order_by("code").first()
        if heated_object is None:
            continue
        try:
            restriction = restriction_warn(contract=contract, heated_object=heated_object, sent_on=sent_on,
                                           level=SupplyRestriction.Level.PARTIAL, actor=billing)
        except ApplicationError:
            continue
        restriction = restriction_impose(restriction=restriction, restricted_at=_at(restriction.earliest_on, 10, 15),
                                         method="прикрыта задвижка на подающем трубопроводе в тепловой камере, "
                                                "опломбирована", performer="Орлов А.В., мастер участка", actor=billing)
        restriction_lift(restriction=restriction, lifted_at=_at(restriction.earliest_on + timedelta(days=5), 9, 40),
                         method="задвижка открыта полностью, пломба снята", performer="Орлов А.В., мастер участка",
                         basis="график погашения задолженности согласован", actor=billing)
        ctx.notes.append(f"Ограничение: договор № {contract.number} — предупреждение, ограничение и снятие "
                         f"за {period.month:%m.%Y}")
        return True
    return False
