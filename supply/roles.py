"""What each role may do with quality of supply and restrictions (see accounts.roles).

Technicians and managers register a breach of quality; technicians measure on site and draw up
the act; managers approve it (the recalculation follows). Billing specialists and managers warn
a debtor, record the restriction and its lifting. Everyone of these sees the records.
"""

from accounts.roles import BILLING, MANAGER, TECHNICIAN

VIEW = ["supply.view_qualitycase", "supply.view_supplyrestriction"]
REGISTER = ["supply.add_qualitycase"]
MEASURE = ["supply.measure_quality"]
APPROVE = ["supply.approve_quality_act"]
RESTRICT = ["supply.restrict_supply"]

PERMISSIONS = {
    TECHNICIAN: VIEW + REGISTER + MEASURE,
    MANAGER: VIEW + REGISTER + APPROVE + RESTRICT,
    BILLING: VIEW + RESTRICT,
}
