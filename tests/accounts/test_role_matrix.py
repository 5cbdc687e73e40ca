"""The role × action matrix over every URL of the project (declarations: tests/<app>/role_matrix.py,
mechanism: tests/accounts/matrix.py).

The world (one user per role, every module's samples) is built once, inside a transaction
that is rolled back when the module ends; each case runs in a savepoint of its own, so a POST
that writes leaves nothing behind for the next case.
"""

from __future__ import annotations

import fnmatch
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, ROLES, TECHNICIAN
from tests.accounts.matrix import API, Access, url_names

ALIASES = {TECHNICIAN: "technician", BILLING: "billing", LEGAL: "lawyer", MANAGER: "manager", ADMINISTRATOR: "admin"}

# URL names that are no page of a role: each with the reason.
EXEMPT = {
    "login": "the login page itself: open to everyone",
    "logout": "logging out: open to everyone, ends the session",
    "password_reset": "password recovery by e-mail: open to anonymous users by design",
    "password_reset_done": "password recovery by e-mail: open to anonymous users by design",
    "password_reset_confirm": "password recovery by e-mail: open to anonymous users by design",
    "password_reset_complete": "password recovery by e-mail: open to anonymous users by design",
    "admin:login": "the admin's login page: open to everyone (staff check after login)",
    "admin:logout": "the admin's logout: ends the session",
    "javascript-catalog": "the Russian words of the pages' scripts: no data, open to everyone (the login page loads it)",
}

# Statuses an allowed role may get besides the entry's own ``ok``: a page, a redirect
# (a form's success, a refusal with a message), or 405 for a method the view does not have.
ALLOWED_STATUSES = {200, 201, 204, 301, 302, 303, 405}
# A refused role gets 403; 405 when the view has no such method at all (nothing to refuse).
REFUSED_STATUSES = {403, 405}


# ------------------------------------------------------------------------- URLs and entries


def declaration_modules() -> list:
    tests_dir = Path(__file__).resolve().parent.parent
    return [
        importlib.import_module(f"tests.{path.parent.name}.role_matrix")
        for path in sorted(tests_dir.glob("*/role_matrix.py"))
    ]


URLS = url_names()
MODULES = declaration_modules()
ENTRIES: list[tuple[str, Access]] = [
    (module.__name__.split(".")[1], entry) for module in MODULES for entry in module.ACCESS
]


def expand(entry: Access) -> list[str]:
    return sorted(fnmatch.filter(URLS, entry.name)) if "*" in entry.name else [entry.name] if entry.name in URLS else []


def cases():
    seen: dict[str, int] = {}
    for app, entry in ENTRIES:
        for name in expand(entry):
            seen[name] = seen.get(name, 0) + 1
            label = name if seen[name] == 1 else f"{name}#{seen[name]}"
            for method in entry.methods:
                yield app, entry, name, method, label


CASES = list(cases())


# ------------------------------------------------------------------------- the world


class World(SimpleNamespace):
    """What the declarations' ``kwargs`` read: ``users[role]`` and whatever ``samples`` set."""

    def sample(self, model):
        """A row of ``model``: the first one, or one made by its factory in tests/<app>/factories.py."""
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            return row
        try:
            factories = importlib.import_module(f"tests.{model._meta.app_label}.factories")
            factory = getattr(factories, f"{model.__name__}Factory")
        except (ModuleNotFoundError, AttributeError):
            raise LookupError(f"no {model._meta.label} row: create one in a role_matrix samples()") from None
        return factory()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = World(users={})
            for role in ROLES:
                user = get_user_model().objects.create_user(
                    username=f"matrix-{ALIASES[role]}", password=None, is_staff=role == ADMINISTRATOR,
                    last_name=ALIASES[role].capitalize(),
                )
                user.groups.add(Group.objects.get(name=role))
                world.users[role] = user
            for module in MODULES:
                if hasattr(module, "samples"):
                    module.samples(world)
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def request(client: Client, entry: Access, name: str, method: str, world):
    arguments = entry.url_kwargs(world)
    url = reverse(name, args=arguments) if isinstance(arguments, (list, tuple)) else reverse(name, kwargs=arguments)
    if method == "GET":
        return url, client.get(url, entry.body(world))
    if entry.anonymous == API:
        return url, client.post(url, entry.body(world), content_type="application/json")
    return url, client.post(url, entry.body(world))


def login_pages(name: str) -> tuple[str, ...]:
    # the admin's own pages (index, application lists) send to the admin's login form
    return (settings.LOGIN_URL, reverse("admin:login")) if name.startswith("admin:") else (settings.LOGIN_URL,)


# ------------------------------------------------------------------------- the tests


def test_every_url_is_declared():
    declared = {name for _app, entry in ENTRIES for name in expand(entry)}
    missing = sorted(set(URLS) - declared - set(EXEMPT))
    assert not missing, "URLs without a role_matrix declaration:\n" + "\n".join(f"{n}  {URLS[n]}" for n in missing)


def test_every_declaration_names_a_url():
    stale = [f"{app}: {entry.name}" for app, entry in ENTRIES if not expand(entry)]
    assert not stale, "declarations that match no URL:\n" + "\n".join(stale)
    assert not set(EXEMPT) - set(URLS), "exempt names that are no URL"


def role_cases():
    """Every case × role. A refusal is answered by the permission check before the view reads
    anything (no date): the hard-date pass (``make test-dates``) runs the allowed pages only."""
    for app, entry, name, method, label in CASES:
        for role in ROLES:
            marks = () if entry.allows(role, method) else (pytest.mark.dateless,)
            yield pytest.param(role, app, entry, name, method, marks=marks, id=f"{label}-{method}-{ALIASES[role]}")


@pytest.mark.parametrize(("role", "app", "entry", "name", "method"), list(role_cases()))
def test_role(db, world, role, app, entry, name, method):
    # given
    client = Client()
    client.force_login(world.users[role])
    # when
    url, response = request(client, entry, name, method, world)
    # then
    where = f"{method} {url} as {role} ({app}/role_matrix.py"
    if entry.allows(role, method):
        status = response.status_code
        assert status in ALLOWED_STATUSES | set(entry.ok), f"{where}: allowed) answered {status}"
        if status in (301, 302, 303):
            assert "/login/" not in response["Location"], f"{where}: allowed) sent to {response['Location']}"
    else:
        assert response.status_code in REFUSED_STATUSES, f"{where}: refused) answered {response.status_code}"


@pytest.mark.dateless  # the login redirect comes before any view reads a date
@pytest.mark.parametrize(("app", "entry", "name", "method"), [c[:4] for c in CASES],
                         ids=[f"{c[4]}-{c[3]}" for c in CASES])
def test_anonymous(db, world, app, entry, name, method):
    url, response = request(Client(), entry, name, method, world)
    where = f"{method} {url} anonymous ({app}/role_matrix.py)"
    if entry.anonymous == API:
        assert response.status_code in (401, 403), f"{where}: answered {response.status_code}"
    else:
        assert response.status_code == 302, f"{where}: answered {response.status_code}"
        assert response["Location"].startswith(login_pages(name)), f"{where}: sent to {response['Location']}"
