"""Who may open the site's own pages and the Django admin's (see tests/accounts/matrix.py).

Every role opens the start page and changes its password. The Django admin is for staff,
and only administrators are staff: anyone else is refused with 403 (``config.admin``). The
API schema is for signed-in users and token holders, like the API itself.
"""

from accounts.roles import ADMINISTRATOR
from tests.accounts.matrix import API, EVERY_ROLE, NOBODY, Access, admin_entries

ADMINS = {ADMINISTRATOR}


def samples(world):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from rest_framework.authtoken.models import Token

    Token.objects.create(user=world.users[ADMINISTRATOR])
    client = {"username": "petrov", "ip_address": "10.0.0.1", "user_agent": "test", "http_accept": "*/*",
              "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(**client, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**client)
    AccessLog.objects.create(**client)


ACCESS = [
    Access("index", allowed=EVERY_ROLE, note="the site's start: a redirect to the role's start page (workflows/start.py)"),
    Access("password_change", allowed=EVERY_ROLE, note="an empty POST is an invalid form: 200"),
    Access("password_change_done", allowed=EVERY_ROLE),
    Access("api-schema", allowed=EVERY_ROLE, anonymous=API, methods=("GET",)),
    # the admin site's own pages
    Access("admin:index", allowed=ADMINS),
    Access("admin:password_change", allowed=ADMINS, note="an empty POST is an invalid form: 200"),
    Access("admin:password_change_done", allowed=ADMINS),
    Access("admin:jsi18n", allowed=ADMINS, methods=("GET",)),
    Access("admin:autocomplete", allowed=ADMINS, methods=("GET",),
           data=lambda w: {"app_label": "subscribers", "model_name": "contract", "field_name": "consumer"},
           note="search of a related record: JSON"),
    Access("admin:view_on_site", allowed=ADMINS, methods=("GET",), ok=(404,),
           kwargs=lambda w: {"content_type_id": _content_type(w.consumer).pk, "object_id": w.consumer.pk},
           note="no model has a public page: 404 for those let in"),
    # users and groups: no role holds auth's permissions (a superuser keeps them)
    *admin_entries("auth"),
    Access("admin:auth_user_password_change", allowed=NOBODY, kwargs=lambda w: {"id": w.users[ADMINISTRATOR].pk},
           note="setting a user's password needs auth.change_user"),
    *admin_entries("authtoken"),
    *admin_entries("viewflow"),
    # login lockouts (django-axes): no role holds its permissions; a lockout is lifted by a
    # superuser here or with `manage.py axes_reset_username`
    *admin_entries("axes"),
    *admin_entries("reception"),  # the specialists' reception hours
]


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj)
