"""Demo flows of metering: a commissioning in progress — the application registered and
the inspection scheduled for the demo technician — and a second application waiting for a
manager to assign it. The units come from ``metering.demo`` (devices installed, not
commissioned). Driven through viewflow's activation API, as the pages would.

The claim flow: each demo case whose claim was sent and whose term still runs
(``casefiles.demo``) gets its process, waiting on the claim's timer; the claim and its
sending were recorded by ``casefiles.demo`` through the services, so the two steps are
completed as they stand. The filed cases get none: their court packages are not built in the
demo (an approval needs one, and building converts every document).

Appeals: one at each stage (``workflows/appeal_demo.py``)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth import get_user_model

from accounts.roles import LEGAL, MANAGER, TECHNICIAN
from casefiles.models import Case
from metering.models import RequestDocument
from metering.services.inspections import commissioning_register, inspection_schedule

from .appeal_demo import appeal_processes
from .claim import ClaimFlow
from .commissioning import CommissioningFlow
from .models import ClaimProcess


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
    appeal_processes(ctx, lambda role: _user(ctx, role))
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
