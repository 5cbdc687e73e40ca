"""Who may open the supply pages (see tests/accounts/matrix.py): the interruptions report and
its XLSX — managers, technicians and billing specialists; lawyers and administrators: 403.
The flow's own pages are declared in tests/workflows/role_matrix.py."""

from __future__ import annotations

from accounts.roles import BILLING, MANAGER, TECHNICIAN
from tests.accounts.matrix import Access

REPORT = {TECHNICIAN, MANAGER, BILLING}

ACCESS = [
    Access("supply_flows:interruption_report:index", allowed=REPORT, methods=("GET",),
           note="the interruptions report with its chart"),
    Access("supply_flows:interruption_report:export", allowed=REPORT, methods=("GET",),
           note="the interruptions report as XLSX"),
]
