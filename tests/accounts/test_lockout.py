"""Repeated wrong passwords lock one username out from one address (django-axes)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
LOCKED = "Вход заблокирован"


def _login(client, username, password, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_lock_the_user_out_even_for_the_right_one(client, make_user):
    # given
    make_user("Техник", username="petrov")
    limit = settings.AXES_FAILURE_LIMIT
    # when
    statuses = [_login(client, "petrov", f"wrong-{i}").status_code for i in range(30)]
    response = _login(client, "petrov", "pass-12345")
    # then: the form answers until the limit, then the lockout page, also for the right password
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1:]) == {429}
    assert response.status_code == 429 and not _logged_in(client)
    page = response.content.decode()
    assert LOCKED in page and "«petrov»" in page and "127.0.0.1" in page
    assert f"{int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} мин." in page


def test_a_lockout_is_one_audit_event(client, make_user):
    # given
    make_user("Техник", username="petrov")
    # when
    for i in range(30):
        _login(client, "petrov", f"wrong-{i}")
    _login(client, "petrov", "pass-12345")
    # then: every attempt is a failed login, the lockout itself one event
    lockout = AuditEvent.objects.get(action="auth.locked_out")
    assert lockout.actor is None
    assert lockout.data["username"] == "petrov" and lockout.data["ip"] == "127.0.0.1"
    assert lockout.data["failures"] == settings.AXES_FAILURE_LIMIT
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 31


def test_another_user_and_another_address_are_not_locked(client, make_user):
    # given petrov locked out from 127.0.0.1
    make_user("Техник", username="petrov")
    make_user("Техник", username="ivanov")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "petrov", f"wrong-{i}")
    assert _login(client, "petrov", "pass-12345").status_code == 429
    # when / then: another user from the same address logs in
    assert _login(client, "ivanov", "pass-12345").status_code == 302
    client.logout()
    # and petrov from another address logs in
    assert _login(client, "petrov", "pass-12345", ip="10.1.2.3").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, make_user):
    # given
    make_user("Техник", username="petrov")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for i in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "petrov", f"wrong-{i}")
    # when the cool-off has passed
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + timedelta(seconds=1), tick=False):
        response = _login(client, "petrov", "pass-12345")
    # then
    assert response.status_code == 302 and _logged_in(client)


def test_a_successful_login_clears_the_failures(client, make_user):
    # given failures one short of the limit, then a successful login
    make_user("Техник", username="petrov")
    below = settings.AXES_FAILURE_LIMIT - 1
    for i in range(below):
        _login(client, "petrov", f"wrong-{i}")
    assert _login(client, "petrov", "pass-12345").status_code == 302
    client.logout()
    # when as many failures again
    for i in range(below):
        assert _login(client, "petrov", f"wrong-again-{i}").status_code == 200
    # then the right password still logs in
    assert _login(client, "petrov", "pass-12345").status_code == 302
