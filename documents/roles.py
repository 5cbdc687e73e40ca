"""What each role may do with the document archive and templates (see accounts.roles).

Every role may use the archive; which documents a user may open is decided per subject
(``documents.access``). Only administrators upload template versions.
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN

USE_ARCHIVE = ["documents.view_archiveddocument", "documents.view_pdfrendition", "documents.view_templateversion"]

PERMISSIONS = {
    TECHNICIAN: USE_ARCHIVE,
    BILLING: USE_ARCHIVE,
    LEGAL: USE_ARCHIVE,
    MANAGER: USE_ARCHIVE,
    ADMINISTRATOR: USE_ARCHIVE + ["documents.add_templateversion", "documents.view_registrationcounter"],
}
