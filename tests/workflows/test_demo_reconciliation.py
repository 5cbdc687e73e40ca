"""The reconciliations' demo (``workflows.reconciliation_demo``): over the last closed months only
(an open month is never used), a settlements act signed with the debts acknowledged, one returned
with the consumer's figures waiting for the billing specialist, one sent; a readings act returned
with differences waiting for the technician; a second run adds nothing. Fixed months (the
reconciliation fixtures' quarter of 2025, April open): the same on any day."""

from __future__ import annotations

from datetime import date

import pytest
from viewflow.workflow.status import STATUS

from accounts.roles import BILLING, TECHNICIAN
from billing.models import BillingPeriod
from casefiles.models import DebtAcknowledgement
from core.demo import DemoContext
from reconciliation.models import ReadingsReconciliation, SettlementsReconciliation
from tests.reconciliation.conftest import fake_converter, organization, quarter  # noqa: F401
from tests.reconciliation.test_readings import metered  # noqa: F401
from tests.settlements.factories import ContractFactory, DebtFactory
from workflows import reconciliation_demo
from workflows.models import ReadingsReconciliationProcess, SettlementsReconciliationProcess
from workflows.reconciliation import ReadingsReconciliationFlow, SettlementsReconciliationFlow

from .conftest import open_task

pytestmark = pytest.mark.django_db


def test_the_quarters_reconciliations_one_returned_with_differences(make_user, quarter, metered):  # noqa: F811
    users = {role: make_user(role) for role in (BILLING, TECHNICIAN)}
    BillingPeriod.objects.create(month=date(2025, 4, 1))  # open: not reconciled
    for number in ("Т-2", "Т-3"):
        DebtFactory(contract=ContractFactory(number=number), period=date(2025, 3, 1))
    ctx = DemoContext()
    reconciliation_demo.reconciliation_processes(ctx, users.get)

    assert reconciliation_demo.closed_months() == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    acts = list(SettlementsReconciliation.objects.order_by("pk"))
    assert len(acts) == 3
    assert {(a.date_from, a.date_to) for a in acts} == {(date(2025, 1, 1), date(2025, 3, 31))}
    assert [a.status for a in acts] == ["signed", "disputed", "sent"]
    assert all(a.document is not None for a in acts)
    assert DebtAcknowledgement.objects.exists()  # the signed act acknowledges the debts
    disputed = SettlementsReconciliationProcess.objects.get(flow_class=SettlementsReconciliationFlow,
                                                          artifact_object_id=acts[1].pk)
    settle = open_task(disputed, SettlementsReconciliationFlow.settle)
    assert settle.status == STATUS.NEW  # in the billing specialists' queue
    readings = ReadingsReconciliation.objects.get()
    assert (readings.consumer, readings.status) == (metered.heated_object.consumer, "disputed")
    assert (readings.date_from, readings.date_to) == (date(2025, 1, 1), date(2025, 3, 1))
    process = ReadingsReconciliationProcess.objects.get(flow_class=ReadingsReconciliationFlow)
    assert open_task(process, ReadingsReconciliationFlow.settle).status == STATUS.NEW  # the technician's task
    # a second run adds nothing
    reconciliation_demo.reconciliation_processes(ctx, users.get)
    assert SettlementsReconciliation.objects.count() == 3 and ReadingsReconciliation.objects.count() == 1
