"""Who may read the audit trail (see accounts.roles). Nobody may change it."""

from accounts.roles import ADMINISTRATOR, MANAGER

PERMISSIONS = {
    MANAGER: ["audit.view_auditevent"],
    ADMINISTRATOR: ["audit.view_auditevent"],
}
