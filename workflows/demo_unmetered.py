"""Demo of field inspections and the flow of contract-less and unmetered consumption
(``workflows.unmetered``): yesterday's route of the demo technician, and on its stops —

1. «нарушений не выявлено» with its photo;
2. a process waiting for the technician's act;
3. an act the consumer refused to sign, with two witnesses, issued and waiting for the lawyer;
4. an act the lawyer returned for correction (back at the technician's page with the comment);
5. an accepted act whose calculation waits for the manager's approval;
6. a demand paid (the payment comes by the bank statement): ended «Оплачено»;
7. an unmetered demand unpaid, under the police threshold: ended «Передано юристам»;
8. a contract-less person's unauthorised connection unpaid: the police statement waits for the lawyer.

Every step runs through the nodes' services as the pages do (``workflows.unmetered_steps``),
as the demo's users. Dates follow the demo's today: the route and the acts are of yesterday
(the weather data end there), the previous inspections 60 days before. The demo cannot wait
out a demand's 15 days: the timers of processes 6–8 are fired at once, as the beat job fires
them on the term's day (the demands keep their real terms). The meter replacement of the
issue is ``replacement``: a commercial unit of ``metering.demo`` gets a new device and bills by
calculation from the removal until a commissioning «после замены» is approved. Needs the users,
our organisation, consumers with contracts and a tariff, and the weather of the organisation's
city; without them it does nothing and says so.
"""

from __future__ import annotations

import struct
import zlib
from datetime import time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN
from billing.models import Tariff
from inspections.models import ActLoad, ActPerson, FieldInspection, ViolationAct
from inspections.services.act_data import ActData, LoadRow, MeterRow, PersonRow, SealRow, WitnessRow
from inspections.services.acts import act_accept, act_fill, act_return
from inspections.services.inspections import RouteStop, inspection_no_violation, route_create
from inspections.services.photos import PhotoUpload
from subscribers.models import Contract
from subscribers.selectors import our_organization

from .models import UnmeteredProcess
from .queued import run_queued
from .unmetered import UnmeteredFlow as Flow
from .unmetered_start import unmetered_inspection_claim
from .unmetered_steps import approval_step, calculation_step, demand_step

STOPS = 8
PAID_PURPOSE = "Оплата по требованию об оплате бездоговорного (безучетного) потребления"
WITNESSES = [
    WitnessRow(last_name="Кузнецова", first_name="Анна", middle_name="Петровна", address="ул. Садовая, д. 16, кв. 4",
               passport="паспорт 4510 123456"),
    WitnessRow(last_name="Белов", first_name="Олег", middle_name="Игоревич", address="ул. Садовая, д. 12, кв. 9"),
]


def _user(ctx, role):
    return (ctx.data.get("users") or {}).get(role) or get_user_model().objects.filter(
        groups__name=role, is_active=True).order_by("pk").first()


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80\x80\x80"))
            + chunk(b"IEND", b""))


def _act(kind: str, day, inspection: FieldInspection, technician, **changes) -> ActData:
    """A complete act of yesterday's stop: unmetered for a consumer of the register, or contract-less."""
    common = dict(
        found_on=day, found_at=time(11, 20), place=inspection.address, basis="плановый обход по маршруту",
        object_address=inspection.address, object_use="нежилое здание", intake_place="ИТП, подвал",
        previous_inspection_on=day - timedelta(days=60), signature=ViolationAct.Signature.SIGNED,
        signed_by="представитель потребителя по доверенности",
        persons=[PersonRow(side=ActPerson.Side.SUPPLIER, name=technician.get_full_name() or technician.get_username(),
                           position="техник")],
    )
    if kind == ViolationAct.Kind.UNMETERED:
        values = dict(
            kind=kind, violation=ViolationAct.Violation.SEAL_BROKEN, consumer=inspection.heated_object.consumer,
            intake_method="пломба на фланце расходомера сорвана", orders="восстановить узел учета и предъявить к допуску",
            loads=[LoadRow(use=ActLoad.Use.HEATING, load=Decimal("0.04"), basis=ActLoad.Basis.CONTRACT,
                           basis_detail="договор теплоснабжения, приложение «Тепловые нагрузки»")],
            meters=[MeterRow(device="Расходомер ПРЭМ", serial_number="654321", reading="V1 = 35 410,220 м³",
                             state="пломба сорвана")],
            seals=[SealRow(number_recorded="0012346", place="фланец расходомера", found="отсутствует")],
        )
    else:
        values = dict(
            kind=kind, violation=ViolationAct.Violation.UNLAWFUL_CONNECTION,
            person_kind=ViolationAct.PersonKind.ORGANIZATION, person_name="ООО «Торговый дом „Садовый“»",
            person_inn="7707083893", person_ogrn="1027700132195", person_address=inspection.address,
            title_to_object="собственник здания, выписка из ЕГРН", object_volume=Decimal("3600.0"),
            object_area=Decimal("820.0"), intake_method="врезка в подающий и обратный трубопроводы без узла учета",
            orders="прекратить потребление, заключить договор теплоснабжения",
            loads=[LoadRow(use=ActLoad.Use.HEATING, load=Decimal("0.215"), basis=ActLoad.Basis.BUILDING_VOLUME,
                           basis_detail="V = 3 600 м³, q₀ = 0,38")],
        )
    return ActData(**{**common, **values, **changes})


class Driver:
    """Runs the flow's nodes as the pages would: each task taken and executed by its role."""

    def __init__(self, users: dict):
        self.users = users

    def start(self, inspection: FieldInspection) -> UnmeteredProcess:
        node = Flow.start
        activation = node.activation_class.create(node, None, None)
        activation.start(SimpleNamespace(user=self.users[TECHNICIAN]))
        unmetered_inspection_claim(process=activation.process, inspection=inspection)
        activation.execute()
        return UnmeteredProcess.objects.get(pk=activation.process.pk)

    def step(self, process, node, role, action) -> None:
        user = self.users[role]
        task = process.task_set.exclude(status__in=["DONE", "CANCELED"]).get(flow_task=node)
        if task.owner_id is None:
            with task.activation() as activation:
                activation.assign(user)
        with task.activation() as activation:
            activation.start(None)
            action(activation, user)
            activation.execute()
        process.refresh_from_db()

    def background(self, process) -> None:
        for task in process.task_set.filter(status="NEW", flow_task_type="FUNCTION"):
            run_queued(task)
        process.refresh_from_db()

    def timer(self, process) -> None:
        task = process.task_set.get(flow_task=Flow.payment_term, status="SCHEDULED")
        with task.activation() as activation:
            activation.start()
            activation.execute()
        process.refresh_from_db()


def seed(ctx) -> None:
    users = {role: _user(ctx, role) for role in (TECHNICIAN, LEGAL, BILLING, MANAGER)}
    organization = our_organization()
    contracts = list(Contract.objects.filter(status=Contract.Status.ACTIVE, tariff_group__isnull=False)
                     .select_related("consumer", "tariff_group").order_by("number"))
    day = ctx.today - timedelta(days=1)
    priced = [c for c in contracts if c.consumer.heated_objects.exists()
              and Tariff.objects.filter(tariff_group=c.tariff_group, valid_from__lte=day - timedelta(days=60)).exists()]
    if None in users.values() or organization is None or len(priced) < STOPS or FieldInspection.objects.exists():
        ctx.notes.append("Обследования: нет пользователей, организации или договоров с тарифом (или обследования уже "
                         "есть) — демо-обследования не созданы")
        return
    technician = users[TECHNICIAN]
    chosen = priced[:STOPS]
    route = route_create(route_date=day, technician=technician, actor=users[MANAGER], note="проверка пломб и врезок",
                         stops=[RouteStop(heated_object=c.consumer.heated_objects.order_by("code").first())
                                for c in chosen])
    stops = list(route.stops.order_by("stop_order"))
    group = {stop.pk: contract.tariff_group.code for stop, contract in zip(stops, chosen, strict=True)}
    drive = Driver(users)
    # 1. no violation, with the photo
    inspection_no_violation(inspection=stops[0], inspected_on=day, note="ввод опломбирован, врезок нет", actor=technician,
                            photos=[PhotoUpload(name="ввод.png", content=_png(), caption="ввод в здание")])
    # 2. waiting for the technician's act
    drive.start(stops[1])

    def filled(stop, kind, **changes):
        process = drive.start(stop)
        drive.step(process, Flow.fill_act, TECHNICIAN,
                   lambda a, u: act_fill(inspection=stop, data=_act(kind, day, stop, u, **changes), actor=u))
        drive.background(process)
        return process

    def accepted(stop, kind, **changes):
        process = filled(stop, kind, **changes)
        drive.step(process, Flow.review, LEGAL, lambda a, u: act_accept(act=a.process.act, actor=u))
        drive.step(process, Flow.calculate, BILLING, lambda a, u: calculation_step(
            a, actor=u, period_start=None, start_basis="previous_inspection", tariff_group=group[stop.pk],
            city=organization.city))
        return process

    def demanded(stop, kind, number, **changes):
        process = accepted(stop, kind, **changes)
        drive.step(process, Flow.approve, MANAGER, lambda a, u: approval_step(a, actor=u, approve=True, comment=""))
        drive.step(process, Flow.demand, BILLING, lambda a, u: demand_step(
            a, actor=u, invoice_number=number, invoice_date=ctx.today, sent_on=ctx.today))
        return process

    unmetered, contractless = ViolationAct.Kind.UNMETERED, ViolationAct.Kind.CONTRACTLESS
    # 3. refused to sign, two witnesses: waiting for the lawyer
    filled(stops[2], unmetered, signature=ViolationAct.Signature.REFUSED, signed_by="",
           refusal_reason="представитель потребителя отказался подписать акт", witnesses=WITNESSES)
    # 4. returned by the lawyer
    process = filled(stops[3], unmetered)
    drive.step(process, Flow.review, LEGAL, lambda a, u: act_return(
        act=a.process.act, actor=u, comment="укажите показания прибора на момент проверки"))
    # 5. the calculation waits for the manager
    accepted(stops[4], unmetered)
    # 6. paid by the bank statement: «Оплачено»
    paid = demanded(stops[5], unmetered, "ДЕМО-1")
    _pay(ctx, chosen[5], Decimal(paid.data["demand"]["total"]), users[BILLING], organization, "ДЕМО-1")
    drive.timer(paid)
    # 7. unpaid, under the threshold: «Передано юристам»
    drive.timer(demanded(stops[6], unmetered, "ДЕМО-2"))
    # 8. a contract-less unauthorised connection unpaid: the police statement waits for the lawyer
    drive.timer(demanded(stops[7], contractless, "ДЕМО-3"))
    replaced = replacement(ctx, technician)
    ctx.notes.append(
        f"Обследования: {route} — {len(stops)} объектов: без нарушений, акты на всех этапах (отказ от подписи со "
        f"свидетелями, возврат юристом, расчет на утверждении), требование оплачено, передано юристам, заявление в "
        f"полицию ждет юриста; {replaced}")


def _pay(ctx, contract, amount: Decimal, billing, organization, number: str) -> None:
    """The consumer pays the demand today: a bank statement of today with that one payment (the
    demo's only payment of today: the settlements demo's are all before it)."""
    from settlements.demo import _document
    from settlements.services import statement_import

    account = organization.settlement_account or "40702810000000054321"
    consumer = contract.consumer
    doc = _document(1, ctx.today, amount, consumer.inn, consumer.kpp, consumer.name, organization, account,
                    f"{PAID_PURPOSE} № {number}, в т.ч. НДС")
    head = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Демо-банк",
            f"ДатаСоздания={ctx.today:%d.%m.%Y}", f"ДатаНачала={ctx.today:%d.%m.%Y}",
            f"ДатаКонца={ctx.today:%d.%m.%Y}", f"РасчСчет={account}", "СекцияРасчСчет", f"РасчСчет={account}",
            f"ВсегоПоступило={amount:.2f}", "КонецРасчСчет"]
    text = "\r\n".join([*head, *doc, "КонецФайла"]) + "\r\n"
    statement_import(data=text.encode("cp1251", errors="replace"), filename=f"vypiska-trebovanie-{ctx.today:%Y%m%d}.txt",
                     actor=billing, accept_unknown_payers=True)


def replacement(ctx, technician) -> str:
    """A meter replacement: a commercial unit's flowmeter replaced yesterday; the unit bills by
    calculation until its commissioning «после замены» is approved."""
    from metering.models import MeteringUnit
    from metering.models.units import next_verification_date
    from metering.services.replacements import device_replace, last_accepted_total

    waiting = [u.pk for u in (ctx.data.get("metering") or {}).get("to_commission") or []]
    unit = (MeteringUnit.objects.filter(devices__removed_on__isnull=True, devices__installed_on__isnull=False)
            .exclude(pk__in=waiting).distinct().order_by("number").first())
    if unit is None:
        return "замена прибора не показана: нет узла учета с установленным прибором"
    device = unit.devices.filter(removed_on__isnull=True, installed_on__isnull=False).order_by("pk").first()
    day = ctx.today - timedelta(days=1)
    model, verified_on = device.device_model, day - timedelta(days=30)
    last = last_accepted_total(unit, day)
    device_replace(unit=unit, device=device, removed_on=day, reason="failure", reason_note="расходомер не выдает импульсы",
                   final_reading=(last.q_total if last is not None and last.q_total is not None else Decimal("0")),
                   device_model=model, serial_number=f"{device.serial_number}-З", verified_on=verified_on,
                   next_verification_on=next_verification_date(verified_on, model.verification_interval_years),
                   installed_on=day, initial_reading=Decimal("0"), actor=technician)
    return f"замена прибора на узле {unit.number}"


