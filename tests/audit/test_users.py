"""Администрирование → Пользователи: creating, re-roling and deactivating users, with audit events."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, TECHNICIAN
from audit.models import AuditEvent
from audit.users import user_create, user_deactivate, user_history, user_set_roles
from core.errors import ApplicationError

PASSWORD = "Stron9-pass-2026"


@pytest.fixture
def admin(make_user):
    return make_user(ADMINISTRATOR, username="chief-admin")


def test_create_gives_roles_and_records(admin):
    user = user_create(actor=admin, username="ivanova", last_name="Иванова", first_name="Анна", password=PASSWORD,
                       roles=[BILLING, LEGAL])
    assert set(user.groups.values_list("name", flat=True)) == {BILLING, LEGAL}
    assert user.check_password(PASSWORD) and user.is_active and not user.is_staff
    event = AuditEvent.objects.get(action="user.created")
    assert event.actor == admin and event.target_id == str(user.pk) and event.data["roles"] == [BILLING, LEGAL]


@pytest.mark.parametrize(("changes", "code", "field"), [
    ({"username": "chief-admin"}, "username_taken", "username"),
    ({"roles": []}, "roles_required", "roles"),
    ({"roles": ["Кассир"]}, "unknown_role", "roles"),
    ({"password": "12345678"}, "weak_password", "password"),
])
def test_create_refusals(admin, changes, code, field):
    data = {"username": "new", "last_name": "Новиков", "first_name": "Олег", "password": PASSWORD, "roles": [TECHNICIAN],
            **changes}
    with pytest.raises(ApplicationError) as exc:
        user_create(actor=admin, **data)
    assert (exc.value.code, exc.value.field) == (code, field)


def test_only_administrators_manage_users(make_user):
    manager = make_user(MANAGER)
    with pytest.raises(ApplicationError) as exc:
        user_create(actor=manager, username="x", last_name="X", first_name="Y", password=PASSWORD, roles=[TECHNICIAN])
    assert exc.value.code == "permission_denied"


def test_roles_changed_recorded(admin, make_user):
    user = make_user(TECHNICIAN, username="tech2")
    user_set_roles(actor=admin, user=user, roles=[TECHNICIAN, MANAGER])
    event = AuditEvent.objects.get(action="user.roles_changed")
    assert event.data["before"] == [TECHNICIAN] and event.data["after"] == [TECHNICIAN, MANAGER]
    user_set_roles(actor=admin, user=user, roles=[TECHNICIAN, MANAGER])  # no change, no event
    assert AuditEvent.objects.filter(action="user.roles_changed").count() == 1


def test_administrator_cannot_deactivate_self(admin):
    with pytest.raises(ApplicationError) as exc:
        user_deactivate(actor=admin, user=admin)
    assert (exc.value.code, exc.value.field) == ("self_deactivation", "user")


def test_last_administrator_keeps_the_role(admin):
    with pytest.raises(ApplicationError) as exc:
        user_set_roles(actor=admin, user=admin, roles=[MANAGER])
    assert (exc.value.code, exc.value.field) == ("last_administrator", "roles")


def test_last_administrator_cannot_be_deactivated(admin, make_user):
    other = make_user(ADMINISTRATOR, username="second-admin")
    user_deactivate(actor=admin, user=other)  # admin remains
    assert AuditEvent.objects.filter(action="user.deactivated", target_id=str(other.pk)).exists()
    other.refresh_from_db()
    assert not other.is_active
    with pytest.raises(ApplicationError) as exc:
        user_set_roles(actor=admin, user=admin, roles=[TECHNICIAN])
    assert exc.value.code == "last_administrator"


def test_history_holds_events_about_and_by_the_user(admin, make_user):
    user = user_create(actor=admin, username="petrova", last_name="Петрова", first_name="Ирина", password=PASSWORD,
                       roles=[TECHNICIAN])
    assert [e.action for e in user_history(user)] == ["user.created"]
    assert "user.created" in [e.action for e in user_history(admin)]


def test_page_creates_and_shows_errors(client, admin):
    client.force_login(admin)
    response = client.post(reverse("administration:users:create"), {"username": "chief-admin", "last_name": "A",
                                                                    "first_name": "B", "password": PASSWORD,
                                                                    "roles": [TECHNICIAN]})
    assert response.status_code == 200 and "уже занят" in response.content.decode()
    response = client.post(reverse("administration:users:create"), {"username": "sidorov", "last_name": "Сидоров",
                                                                    "first_name": "Петр", "password": PASSWORD,
                                                                    "roles": [LEGAL]})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Юрист" in page and ">Пользователь создан</td>" in page
    assert ">user.created<" not in page  # the code stays in a data attribute only


def test_page_refuses_self_deactivation(client, admin):
    client.force_login(admin)
    client.post(reverse("administration:users:deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active
