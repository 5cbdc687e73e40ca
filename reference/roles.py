"""What each role may do with the dated reference data of the law (see accounts.roles).

Administrators edit the rates, scales and calendars; billing specialists, lawyers and
managers see them and may use the legal calculator (page and ``POST /api/calc/<kind>/``).
Billing specialists also keep the VAT rates and the production calendar (pages in
«Расчеты», ``reference.viewsets``); technicians see none of it.
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER

VIEW_ALL = ["reference.view_*"]
CALCULATOR = ["reference.use_legal_calculator"]
BILLING_KEEPS = [
    "reference.add_vatrate",
    "reference.change_vatrate",
    "reference.add_calendaryear",
    "reference.change_calendaryear",
    "reference.add_calendarday",
    "reference.change_calendarday",
]

PERMISSIONS = {
    BILLING: VIEW_ALL + CALCULATOR + BILLING_KEEPS,
    LEGAL: VIEW_ALL + CALCULATOR,
    MANAGER: VIEW_ALL + CALCULATOR,
    ADMINISTRATOR: ["reference.add_*", "reference.change_*", "reference.delete_*", "reference.view_*"],
}
