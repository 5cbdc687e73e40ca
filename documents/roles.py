"""What each role may do with the document archive and templates (see accounts.roles).

Every role may use the archive; which documents a user may open is decided per subject
(``documents.access``). Templates (docs/documents.md, «Изменение шаблона»): legal staff
propose a new version (the flow ``workflows.template_change``), managers approve or return
it; administrators upload a version directly (approved at once, audited). Managers and
administrators choose between the repository's file and an uploaded version when they
diverge.
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

USE_ARCHIVE = ["documents.view_archiveddocument", "documents.view_pdfrendition", "documents.view_templateversion"]

PERMISSIONS = {
    TECHNICIAN: USE_ARCHIVE,
    BILLING: USE_ARCHIVE,
    LEGAL: USE_ARCHIVE + ["documents.propose_templateversion"],
    MANAGER: USE_ARCHIVE + ["documents.approve_templateversion", "documents.resolve_templateversion"],
    ADMINISTRATOR: USE_ARCHIVE + [
        "documents.add_templateversion", "documents.view_registrationcounter", "documents.resolve_templateversion",
    ],
}
