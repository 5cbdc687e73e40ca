"""Who may read the audit trail (see accounts.roles). Nobody may change it."""

from accounts.roles import ADMINISTRATOR, MANAGER

PERMISSIONS = {
    MANAGER: ["audit.view_auditevent", "audit.view_auditcheck", "audit.check_chain"],
    ADMINISTRATOR: ["audit.view_auditevent", "audit.view_auditcheck", "audit.check_chain"],
}
