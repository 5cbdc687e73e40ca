"""Who may see and manage which flow (see accounts.roles). Executing a task needs the
permission its node names (``.Permission``), declared in the owning app's roles."""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

METERING_FLOWS = [
    "commissioningprocess", "periodiccheckprocess", "readingreviewprocess", "verificationfollowupprocess",
]

DOCUMENT_FLOWS = ["templatechangeprocess"]

CLAIM_FLOWS = ["claimprocess"]  # cases: legal staff and managers only (casefiles/roles.py)

UNMETERED_FLOWS = ["unmeteredprocess"]  # acts of violations: technicians, legal staff, billing, managers

CONTRACT_FLOWS = ["contractprocess"]  # contracts: billing, technicians, legal staff, managers

READINGS_FLOWS = ["readingsreconciliationprocess"]  # technicians; billing and managers see them
SETTLEMENTS_FLOWS = ["settlementsreconciliationprocess"]  # billing specialists; lawyers and managers see them

INTERRUPTION_FLOWS = ["interruptionprocess"]  # interruptions of supply: technicians, billing, managers

RESTRICTION_FLOWS = ["restrictionprocess"]  # restrictions for debt: billing and managers; technicians see them

QUALITY_FLOWS = ["qualityprocess"]  # breaches of the quality of supply: technicians and managers

APPEAL_FLOWS = ["appealprocess"]  # appeals: everyone of the department but administrators (reception/roles.py)


def _perms(action: str, models: list[str]) -> list[str]:
    return [f"workflows.{action}_{model}" for model in models]


# what each role sees (besides the manager, who sees and manages every flow)
_SEEN = {
    TECHNICIAN: METERING_FLOWS + UNMETERED_FLOWS + CONTRACT_FLOWS + READINGS_FLOWS + INTERRUPTION_FLOWS
    + QUALITY_FLOWS + APPEAL_FLOWS + RESTRICTION_FLOWS,
    BILLING: ["readingreviewprocess"] + UNMETERED_FLOWS + CONTRACT_FLOWS + READINGS_FLOWS + SETTLEMENTS_FLOWS
    + INTERRUPTION_FLOWS + APPEAL_FLOWS + RESTRICTION_FLOWS,
    LEGAL: DOCUMENT_FLOWS + CLAIM_FLOWS + UNMETERED_FLOWS + CONTRACT_FLOWS + SETTLEMENTS_FLOWS + APPEAL_FLOWS,
}
_ALL = (METERING_FLOWS + DOCUMENT_FLOWS + CLAIM_FLOWS + UNMETERED_FLOWS + CONTRACT_FLOWS + READINGS_FLOWS
        + SETTLEMENTS_FLOWS + INTERRUPTION_FLOWS + QUALITY_FLOWS + APPEAL_FLOWS + RESTRICTION_FLOWS)

PERMISSIONS = {
    **{role: _perms("view", flows) for role, flows in _SEEN.items()},
    MANAGER: _perms("view", _ALL) + _perms("manage", _ALL),
    ADMINISTRATOR: _perms("view", METERING_FLOWS + DOCUMENT_FLOWS),
}
