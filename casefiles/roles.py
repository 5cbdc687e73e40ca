"""What each role may do with case files (see accounts.roles).

Cases are visible only to legal staff and managers (``casefiles.selectors.cases_visible_to``
and every case page and file check ``casefiles.view_case``): lawyers open, file and conduct
them and build their court packages; managers see everything and approve the packages.
Technicians, billing specialists and administrators hold no right on cases — administrators
keep the reference list of courts only.
"""

from accounts.roles import ADMINISTRATOR, LEGAL, MANAGER

VIEW_ALL = [
    "casefiles.view_case", "casefiles.view_casedebt", "casefiles.view_hearing", "casefiles.view_judgment",
    "casefiles.view_writ", "casefiles.view_enforcementpayment", "casefiles.view_casedocument",
    "casefiles.view_debtacknowledgement", "casefiles.view_court", "casefiles.view_casepackage",
]
CONDUCT = [
    "casefiles.add_case", "casefiles.change_case", "casefiles.close_case",
    "casefiles.add_hearing", "casefiles.add_judgment", "casefiles.add_writ", "casefiles.add_enforcementpayment",
    "casefiles.add_casedocument", "casefiles.add_debtacknowledgement", "casefiles.add_casepackage",
]
APPROVE = ["casefiles.approve_package"]
COURTS = ["casefiles.add_court", "casefiles.change_court", "casefiles.view_court"]

PERMISSIONS = {
    LEGAL: VIEW_ALL + CONDUCT + COURTS,
    MANAGER: VIEW_ALL + APPROVE,
    ADMINISTRATOR: COURTS,
}
