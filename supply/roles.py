"""What each role may do with the dispatch log and interruptions (see accounts.roles).

Technicians (the dispatcher's duties) register interruptions, keep the dispatch log, send
the planned notices, fill and issue the acts and record signatures; managers do the same
and approve the acts; billing specialists and lawyers see them; managers, technicians and
billing see the interruptions report. Administrators hold no right here.
"""

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN

VIEW = ["supply.view_interruption", "supply.view_dispatchentry", "supply.view_heatsource",
        "supply.view_sectionplacement"]
REGISTER = ["supply.register_interruption", "supply.issue_interruption_act"]
APPROVE = ["supply.approve_interruption_act"]
REPORT = ["supply.view_interruption_report"]

PERMISSIONS = {
    TECHNICIAN: VIEW + REGISTER + REPORT,
    MANAGER: VIEW + REGISTER + APPROVE + REPORT,
    BILLING: VIEW + REPORT,
    LEGAL: VIEW,
}
