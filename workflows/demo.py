"""Demo flows of metering: a commissioning in progress — the application registered and
the inspection scheduled for the demo technician — and a second application waiting for a
manager to assign it. The units come from ``metering.demo`` (devices installed, not
commissioned). Driven through viewflow's activation API, as the pages would."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth import get_user_model

from accounts.roles import MANAGER, TECHNICIAN
from metering.models import RequestDocument
from metering.services.inspections import commissioning_register, inspection_schedule

from .commissioning import CommissioningFlow


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
