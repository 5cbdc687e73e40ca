"""Who may read the audit trail (see tests/accounts/matrix.py): managers and administrators
(``audit.view_auditevent``)."""

from accounts.roles import ADMINISTRATOR, MANAGER
from tests.accounts.matrix import Access

READERS = {MANAGER, ADMINISTRATOR}
ADMINS = {ADMINISTRATOR}  # accounts.manage_users: Администрирование → Пользователи


def samples(world):
    from django.contrib.auth import get_user_model

    from audit.services import record_event

    world.event = record_event(action="matrix.sample")
    world.person = get_user_model().objects.create_user(username="matrix-person", password=None, last_name="Образец")


ACCESS = [
    Access("documents:audit:index", allowed=READERS),
    Access("documents:audit:list", allowed=READERS),
    Access("documents:audit:detail", allowed=READERS, kwargs=lambda w: {"pk": w.event.pk}),
    Access("documents:audit:check", allowed=READERS, note="POST queues a check (eager in tests): a redirect"),
    Access("administration:index", allowed=ADMINS, methods=("GET",)),
    Access("administration:users:index", allowed=ADMINS, methods=("GET",)),
    Access("administration:users:create", allowed=ADMINS, note="an empty POST is an invalid form: 200"),
    Access("administration:users:detail", allowed=ADMINS, kwargs=lambda w: {"pk": w.person.pk},
           note="an empty POST is an invalid roles form: 200"),
    Access("administration:users:deactivate", allowed=ADMINS, kwargs=lambda w: {"pk": w.person.pk}, ok=(302,),
           note="GET and POST answer with a redirect to the user's page"),
    Access("administration:users:activate", allowed=ADMINS, kwargs=lambda w: {"pk": w.person.pk}, ok=(302,),
           note="the sample is active: a message and a redirect"),
]
