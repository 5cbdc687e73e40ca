"""Who may open what in «Процессы учета» (see tests/accounts/matrix.py).

The application opens to whoever sees a flow: technicians, managers and administrators see
the four metering flows, billing specialists the reading review; lawyers none. «Согласование
шаблонов» (the template change flow) opens to lawyers, managers and administrators: a
lawyer starts it and revises a returned proposal assigned to them, a manager approves.
«Взыскание задолженности» (the claim flow) opens to lawyers and managers only (cases are
theirs): a lawyer chooses the debts and conducts every step of the cases they opened, a
manager approves the court package. «Нарушения потребления» (contract-less and unmetered use)
opens to technicians, billing specialists, lawyers and managers: whoever may report an
inspection starts it, the inspection's technician fills the act, a lawyer checks it, a billing
specialist issues the calculation and the demand, a manager approves the calculation, a lawyer
issues the police statement. «Заключение договоров» (the contract flow) opens to billing
specialists, technicians, lawyers and managers: billing registers the application, its
documents, the sending and the consumer's answer; a technician prepares the draft, a lawyer
reviews it and answers disagreement protocols, a manager approves it and decides an overdue
request. Managers manage the flows (cancel, undo, revive, reassign), plan periodic checks and see the
workload. A task is taken by whoever holds its node's permission — only managers schedule
and approve (or return) the commissioning and periodic check acts, technicians inspect,
review readings and deliver notices — in one click: opening an unassigned task one may take
takes it — and executed by its owner only.

The samples start real processes through the flows' services and activation API
(tests/workflows/conftest.py) and leave each node with one task in a known state: the open
ones below, the others done.

The samples and entries of each flows application are in tests/workflows/role_matrix_flows/ (one
module each); here they run and join in order.
"""

from __future__ import annotations

from .role_matrix_flows import claim, contract, metering, reception, reconciliation, supply, template_change, unmetered

GROUPS = (metering, template_change, claim, unmetered, reception, supply, contract, reconciliation)


# ------------------------------------------------------------------------- samples


def samples(world):
    from django.utils import timezone

    from subscribers.models import Organization
    from tests.metering.factories import OrganizationFactory

    if not Organization.objects.exists():
        OrganizationFactory()
    world.now = timezone.now()  # one instant for every sample: its day is world.today
    world.today = timezone.localdate(world.now)
    world.flow_tasks = {}
    for group in GROUPS:
        group.samples(world)


ACCESS = [entry for group in GROUPS for entry in group.ACCESS]
