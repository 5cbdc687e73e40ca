"""What each role may do with the dated reference data of the law (see accounts.roles).

Administrators edit the rates, scales and calendars; billing specialists, lawyers and
managers see them and may use the legal calculator (page and ``POST /api/calc/<kind>/``).
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER

VIEW_ALL = ["reference.view_*"]
CALCULATOR = ["reference.use_legal_calculator"]

PERMISSIONS = {
    BILLING: VIEW_ALL + CALCULATOR,
    LEGAL: VIEW_ALL + CALCULATOR,
    MANAGER: VIEW_ALL + CALCULATOR,
    ADMINISTRATOR: ["reference.add_*", "reference.change_*", "reference.delete_*", "reference.view_*"],
}
