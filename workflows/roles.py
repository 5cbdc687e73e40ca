"""Who may see and manage which flow (see accounts.roles). Executing a task needs the
permission its node names (``.Permission``), declared in the owning app's roles."""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

METERING_FLOWS = [
    "commissioningprocess", "periodiccheckprocess", "readingreviewprocess", "verificationfollowupprocess",
]

DOCUMENT_FLOWS = ["templatechangeprocess"]

CLAIM_FLOWS = ["claimprocess"]  # cases: legal staff and managers only (casefiles/roles.py)

UNMETERED_FLOWS = ["unmeteredprocess"]  # acts of violations: technicians, legal staff, billing, managers

APPEAL_FLOWS = ["appealprocess"]  # appeals: everyone of the department but administrators (reception/roles.py)


def _perms(action: str, models: list[str]) -> list[str]:
    return [f"workflows.{action}_{model}" for model in models]


PERMISSIONS = {
    TECHNICIAN: _perms("view", METERING_FLOWS + UNMETERED_FLOWS + APPEAL_FLOWS),
    BILLING: _perms("view", ["readingreviewprocess"] + UNMETERED_FLOWS + APPEAL_FLOWS),
    LEGAL: _perms("view", DOCUMENT_FLOWS + CLAIM_FLOWS + UNMETERED_FLOWS + APPEAL_FLOWS),
    MANAGER: _perms("view", METERING_FLOWS + DOCUMENT_FLOWS + CLAIM_FLOWS + UNMETERED_FLOWS + APPEAL_FLOWS)
    + _perms("manage", METERING_FLOWS + DOCUMENT_FLOWS + CLAIM_FLOWS + UNMETERED_FLOWS + APPEAL_FLOWS),
    ADMINISTRATOR: _perms("view", METERING_FLOWS + DOCUMENT_FLOWS),
}
