"""What each role may do in the supply app (see accounts.roles).

Interruptions: technicians (the dispatcher's duties) register interruptions, keep the dispatch
log, send the planned notices, fill and issue the acts and record signatures; managers do the
same and approve the acts; billing specialists and lawyers see them; managers, technicians and
billing see the interruptions report.
Quality: technicians and managers register a breach of quality; technicians measure on site and
draw up the act; managers approve it (the recalculation follows).
Restrictions: billing specialists and managers warn a debtor, record the restriction and its
lifting. Administrators hold no right here.
"""

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN

VIEW = ["supply.view_interruption", "supply.view_dispatchentry", "supply.view_heatsource",
        "supply.view_sectionplacement"]
REGISTER = ["supply.register_interruption", "supply.issue_interruption_act"]
APPROVE = ["supply.approve_interruption_act"]
REPORT = ["supply.view_interruption_report"]

QUALITY_VIEW = ["supply.view_qualitycase", "supply.view_supplyrestriction"]
QUALITY_REGISTER = ["supply.add_qualitycase"]
MEASURE = ["supply.measure_quality"]
QUALITY_APPROVE = ["supply.approve_quality_act"]
RESTRICT = ["supply.restrict_supply"]

PERMISSIONS = {
    TECHNICIAN: VIEW + REGISTER + REPORT + QUALITY_VIEW + QUALITY_REGISTER + MEASURE,
    MANAGER: VIEW + REGISTER + APPROVE + REPORT + QUALITY_VIEW + QUALITY_REGISTER + QUALITY_APPROVE + RESTRICT,
    BILLING: VIEW + REPORT + QUALITY_VIEW + RESTRICT,
    LEGAL: VIEW,
}
