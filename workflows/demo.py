"""Demo flows of metering: a commissioning in progress — the application registered and
the inspection scheduled for the demo technician — and a second application waiting for a
manager to assign it. The units come from ``metering.demo`` (devices installed, not
commissioned). Driven through viewflow's activation API, as the pages would.

The claim flow: each demo case whose claim was sent and whose term still runs
(``casefiles.demo``) gets its process, waiting on the claim's timer; the claim and its
sending were recorded by ``casefiles.demo`` through the services, so the two steps are
completed as they stand. The filed cases get none: their court packages are not built in the
demo (an approval needs one, and building converts every document).

The contract flow (``contract_processes``): applications for objects with a load and no
contract in force, one at each stage — documents requested (on the timer), the draft for a
technician, the lawyer's review, the manager's approval, the consumer's answer, a
disagreement protocol for the lawyer — one signed after a protocol was answered, and a
supplementary agreement signed to that contract (its second version in the register).

Appeals: one at each stage (``workflows/appeal_demo.py``). Reconciliations: the quarter's acts
over the closed months, one returned with differences (``workflows/reconciliation_demo.py``)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth import get_user_model

from accounts.roles import LEGAL, MANAGER, TECHNICIAN
from casefiles.models import Case
from metering.models import RequestDocument
from metering.services.inspections import commissioning_register, inspection_schedule

from . import demo_unmetered
from .appeal_demo import appeal_processes
from .claim import ClaimFlow
from .commissioning import CommissioningFlow
from .contract import ContractFlow
from .models import ClaimProcess, ContractProcess
from .queued import run_queued
from .reconciliation_demo import reconciliation_processes


def _user(ctx, role):
    return (ctx.data.get("users") or {}).get(role) or get_user_model().objects.filter(groups__name=role).first()


def start_commissioning(unit, *, number: str, received_on, manager):
    """Register an application (the start node's service) through the flow."""
    node = CommissioningFlow.register
    activation = node.activation_class.create(node, None, None)
    activation.start(SimpleNamespace(user=manager))
    activation.process.artifact = commissioning_register(
        unit=unit, incoming_number=number, received_on=received_on, actor=manager,
        documents=dict.fromkeys(RequestDocument.Kind.values), contact="главный энергетик, +7 (81756) 2-14-80",
    )
    activation.execute()
    return activation.process


def seed(ctx) -> None:
    claim_processes(ctx)
    contract_processes(ctx)
    demo_unmetered.seed(ctx)
    appeal_processes(ctx, lambda role: _user(ctx, role))
    reconciliation_processes(ctx, lambda role: _user(ctx, role))
    units = (ctx.data.get("metering") or {}).get("to_commission") or []
    manager, technician = _user(ctx, MANAGER), _user(ctx, TECHNICIAN)
    if not units or manager is None or technician is None:
        ctx.notes.append("Процессы учета: нет узлов учета для ввода — демо-процессы не запущены")
        return
    first = start_commissioning(units[0], number="412", received_on=ctx.today, manager=manager)
    task = first.task_set.get(flow_task=CommissioningFlow.schedule)
    with task.activation() as activation:
        activation.assign(manager)
    with task.activation() as activation:
        activation.start(SimpleNamespace(user=manager))
        inspection_schedule(
            inspection=first.artifact.current_inspection, technician=technician, scheduled_on=ctx.today, actor=manager
        )
        activation.execute()
    notes = [f"ввод {units[0].number}: осмотр назначен технику {technician.get_username()}"]
    if len(units) > 1:
        start_commissioning(units[1], number="415", received_on=ctx.today, manager=manager)
        notes.append(f"ввод {units[1].number}: заявка ждет назначения техника")
    ctx.notes.append("Процессы учета: " + "; ".join(notes))


def claim_processes(ctx) -> None:
    """A process for each demo case waiting out its claim's term (see the module's docstring)."""
    lawyer = _user(ctx, LEGAL)
    started = set(ClaimProcess.objects.values_list("artifact_object_id", flat=True))
    waiting = Case.objects.filter(kind=Case.Kind.CLAIM, stage=Case.Stage.CLAIM_SENT).exclude(pk__in=started)
    count = 0
    for case in waiting:
        process = ClaimFlow.start.run(case=case)
        for node in (ClaimFlow.issue_claim, ClaimFlow.send_claim):
            task = process.task_set.get(flow_task=node)
            with task.activation() as activation:
                activation.start(SimpleNamespace(user=case.opened_by or lawyer))
                activation.execute()
        count += 1
    ctx.notes.append(f"Взыскание задолженности: процессов, ждущих срока ответа на претензию, — {count}")


# ---------------------------------------------------------------- contracts


def _step(process, node, user, action) -> None:
    """Take, start, run the node's one service, execute — as the step's page would."""
    task = process.task_set.exclude(status__in=["DONE", "CANCELED"]).get(flow_task=node)
    with task.activation() as activation:
        if task.owner_id is None:
            activation.assign(user)
    with task.activation() as activation:
        activation.start(SimpleNamespace(user=user))
        action(activation.process.application)
        activation.execute()


NEW_BUILDINGS = 8  # the demo's applications need as many objects free of contracts


def _new_buildings(on, count: int) -> None:
    """Extensions built by legal consumers of the register (an object and its load through the
    register's services): what the demo applications ask contracts for."""
    from decimal import Decimal

    from subscribers import services as register
    from subscribers.models import Consumer

    consumers = Consumer.objects.filter(kind="legal", heated_objects__network_section__isnull=False).distinct()
    for n, consumer in enumerate(consumers.order_by("code")[:count]):
        section = consumer.heated_objects.exclude(network_section=None).first().network_section
        heated_object = register.heated_object_create(
            consumer=consumer, name="Пристройка (новое строительство)", address=f"{section.city}, ул. Новая, д. {n + 1}",
            purpose="non_residential", network_section=section, heated_volume=Decimal("2400"))
        register.heat_load_create(heated_object=heated_object, valid_from=on, heating=Decimal("0.0850"),
                                  ventilation=Decimal("0.0150"), hot_water_avg=Decimal("0.0040"),
                                  hot_water_max=Decimal("0.0096"), basis="технические условия на подключение (демо)")


def _free_objects(on):
    """One object per consumer with a load in force and no contract in force or planned."""
    from subscribers.models import Contract, HeatedObject

    busy = Contract.objects.exclude(status=Contract.Status.TERMINATED).values("objects_covered")
    seen, found = set(), []
    candidates = (HeatedObject.objects.filter(loads__valid_from__lte=on, consumer__kind="legal")
                  .exclude(pk__in=busy).select_related("consumer").order_by("code").distinct())
    for heated_object in candidates:
        if heated_object.consumer_id not in seen:
            seen.add(heated_object.consumer_id)
            found.append(heated_object)
    return found


def contract_processes(ctx) -> None:
    """The contract flow's demo (see the module's docstring); a second run starts nothing."""
    from datetime import date
    from decimal import Decimal

    from accounts.roles import BILLING
    from billing.models import Resource, Tariff
    from contracts import services
    from contracts.documents import head_signatory
    from contracts.models import ChecklistItem
    from core.errors import ApplicationError
    from subscribers.selectors import current_load, our_organization

    if ContractProcess.objects.filter(flow_class=ContractFlow).exists():
        return
    billing, technician, lawyer, manager = (_user(ctx, role) for role in (BILLING, TECHNICIAN, LEGAL, MANAGER))
    organization = our_organization()
    valid_from = date(ctx.today.year + 1, 1, 1)
    tariff = (Tariff.objects.filter(resource=Resource.HEAT_ENERGY, valid_from__lte=valid_from)
              .exclude(valid_to__lt=valid_from).order_by("tariff_group__code").first())
    objects = _free_objects(ctx.today)
    if len(objects) < NEW_BUILDINGS:
        _new_buildings(ctx.today, NEW_BUILDINGS - len(objects))
        objects = _free_objects(ctx.today)
    if None in (billing, technician, lawyer, manager, organization, tariff) or len(objects) < NEW_BUILDINGS:
        ctx.notes.append("Договоры: нет пользователей, тарифа на следующий год или свободных объектов — не запущены")
        return
    signatory = head_signatory(organization)
    everything = [k for k in services.checklist_for(objects[0].consumer, kind="new", representative=False)]

    def start(heated_object, documents, **amendment):
        node = ContractFlow.start
        activation = node.activation_class.create(node, None, None)
        activation.start(SimpleNamespace(user=billing))
        activation.process.artifact = services.application_register(
            consumer=heated_object.consumer, objects=[heated_object], received_on=ctx.today,
            documents_received=documents, actor=billing, **amendment)
        activation.execute()
        return activation.process

    def drafted(process, **changes):
        heated_object = process.application.objects_requested.get()
        load = current_load(heated_object, on=ctx.today)
        consumer = heated_object.consumer
        _step(process, ContractFlow.draft, technician, lambda a: services.draft_prepare(
            application=a, valid_from=valid_from, valid_to=None, tariff_group=tariff.tariff_group,
            balance_boundary="по наружным фланцам головных задвижек в тепловой камере", operational_boundary="",
            our_signatory=signatory, actor=technician,
            loads=[services.LoadInput(heated_object=heated_object, supply_point="тепловая камера на вводе",
                                      heating=changes.get("heating", load.heating), ventilation=load.ventilation,
                                      hot_water_avg=load.hot_water_avg, hot_water_max=load.hot_water_max)],
            signer={"signer_position": consumer.signatory_position or "Директор",
                    "signer_last_name": consumer.signatory_last_name or "Орлов",
                    "signer_first_name": consumer.signatory_first_name or "Андрей",
                    "signer_middle_name": consumer.signatory_middle_name, "signer_basis": "charter"}))

    def reviewed(process):
        _step(process, ContractFlow.review, lawyer, lambda a: services.draft_review(
            application=a, accept=True, comment="", actor=lawyer))

    def approved(process):
        _step(process, ContractFlow.approve, manager, lambda a: services.draft_approve(
            application=a, approve=True, comment="", actor=manager))
        for task in process.task_set.filter(flow_task=ContractFlow.issue, status="NEW"):
            run_queued(task)

    def sent(process):
        _step(process, ContractFlow.send, billing, lambda a: services.package_sent_record(
            application=a, sent_on=ctx.today, actor=billing))

    def protocol(process):
        _step(process, ContractFlow.response, billing, lambda a: services.response_disagreement(
            application=a, received_on=ctx.today, actor=billing, points=[
                services.PointInput("5.1", "Оплата — в порядке приложения № 4 (35 % до 18-го, 50 % до конца месяца).",
                                    "Оплата — до 15-го числа месяца, следующего за расчетным, без авансов."),
                services.PointInput("9.1", "Срок ответа на претензию — 30 календарных дней.",
                                    "Срок ответа на претензию — 45 календарных дней.")]))

    def signed(process):
        _step(process, ContractFlow.response, billing, lambda a: services.response_signed(
            application=a, signed_on=ctx.today, actor=billing))

    notes = []
    try:
        waiting = start(objects[0], everything[:-2])
        _step(waiting, ContractFlow.request, billing, lambda a: services.documents_request(
            application=a, term_days=10, actor=billing))
        notes.append("запрошены документы")
        stages = [("проект ждет техника", []), ("проект у юриста", [drafted]), ("на утверждении", [drafted, reviewed]),
                  ("направлен абоненту", [drafted, reviewed, approved, sent]),
                  ("протокол разногласий у юриста", [drafted, reviewed, approved, sent, protocol]),
                  ("", [drafted, reviewed, approved, sent, protocol])]
        for heated_object, (note, steps) in zip(objects[1:], stages, strict=False):
            process = start(heated_object, everything)
            for step in steps:
                step(process)
            if note:
                notes.append(note)
        done = process
        _step(done, ContractFlow.answer, lawyer, lambda a: services.protocol_answer(
            protocol=a.protocols.get(), decisions=[("agreed", "Оплата — в порядке приложения № 4; первый платеж — до "
                                                              "20-го числа."), ("rejected", "")], actor=lawyer))
        sent(done)
        signed(done)
        contract = done.application.contract
        notes.append(f"договор № {contract.number} подписан после протокола разногласий")
        amendment = start(objects[6], [ChecklistItem.Kind.TITLE, ChecklistItem.Kind.LOAD_CALCULATION],
                          kind="amendment", base_contract=contract,
                          changes="Тепловая нагрузка отопления увеличена на 10 % после реконструкции (расчет нагрузок "
                                  "приложен к заявке); приложение № 1 — в новой редакции.")
        heating = current_load(objects[6], on=ctx.today).heating * Decimal("1.1")
        drafted(amendment, heating=heating.quantize(Decimal("0.000001")))
        for step in (reviewed, approved, sent, signed):
            step(amendment)
        notes.append(f"дополнительное соглашение к договору № {contract.number} подписано (редакция 2)")
    except ApplicationError as exc:
        ctx.notes.append(f"Договоры: {'; '.join(notes)}; остановлено: {exc.message}")
        return
    ctx.notes.append("Договоры: " + "; ".join(notes))
