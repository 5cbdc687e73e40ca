"""Who may read the audit trail (see tests/accounts/matrix.py): managers and administrators
(``audit.view_auditevent``)."""

from accounts.roles import ADMINISTRATOR, MANAGER
from tests.accounts.matrix import Access

READERS = {MANAGER, ADMINISTRATOR}


def samples(world):
    from audit.services import record_event

    world.event = record_event(action="matrix.sample")


ACCESS = [
    Access("documents:audit:index", allowed=READERS),
    Access("documents:audit:list", allowed=READERS),
    Access("documents:audit:detail", allowed=READERS, kwargs=lambda w: {"pk": w.event.pk}),
]
