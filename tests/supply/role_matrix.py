"""Who may open the supply pages (see tests/accounts/matrix.py): the interruptions report and
its XLSX — managers, technicians and billing specialists; lawyers and administrators: 403. An
interruption's affected set — technicians (the dispatcher's duty) and managers.
The flow's own pages are declared in tests/workflows/role_matrix.py."""

from __future__ import annotations

from accounts.roles import BILLING, MANAGER, TECHNICIAN
from tests.accounts.matrix import Access

REPORT = {TECHNICIAN, MANAGER, BILLING}
REGISTER = {TECHNICIAN, MANAGER}


def interruption(world):
    from supply.models import Interruption

    return {"pk": world.sample(Interruption).pk}


ACCESS = [
    Access("supply_flows:interruption_report:index", allowed=REPORT, methods=("GET",),
           note="the interruptions report with its chart"),
    Access("supply_flows:interruption_report:export", allowed=REPORT, methods=("GET",),
           note="the interruptions report as XLSX"),
    Access("supply_flows:affected:edit", allowed=REGISTER, kwargs=interruption,
           note="an interruption's affected set; an empty POST is an invalid form: 200"),
]
