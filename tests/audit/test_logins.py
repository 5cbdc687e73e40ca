import pytest

from audit.models import AuditEvent


@pytest.mark.django_db
def test_login_and_logout_are_audited(client, make_user):
    # given
    user = make_user("Техник", username="petrov")
    # when
    assert client.post("/accounts/login/", {"username": "petrov", "password": "pass-12345"}).status_code == 302
    client.post("/accounts/logout/")
    # then
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.action for e in events] == ["auth.login", "auth.logout"]
    assert events[0].actor == user and events[0].data["ip"] == "127.0.0.1"


@pytest.mark.django_db
def test_failed_login_is_audited_without_an_actor(client, make_user):
    make_user("Техник", username="petrov")
    response = client.post("/accounts/login/", {"username": "petrov", "password": "wrong"})
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert event.action == "auth.login_failed"
    assert event.actor is None and event.data["username"] == "petrov"
