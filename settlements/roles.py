"""What each role may do in settlements (see accounts.roles).

Billing specialists work here: they import statements, resolve unmatched payments and
issue penalty statements. Lawyers and managers see everything (debts and penalties go
into claims and court), technicians have no access.
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER

VIEW_ALL = ["settlements.view_*"]

PERMISSIONS = {
    BILLING: VIEW_ALL + [
        "settlements.add_bankstatement",
        "settlements.change_payment",
        "settlements.add_penaltyaccrual",
        "settlements.issue_penalty_statement",
    ],
    LEGAL: VIEW_ALL + ["settlements.issue_penalty_statement"],
    MANAGER: VIEW_ALL,
    ADMINISTRATOR: ["settlements.*"],
}
