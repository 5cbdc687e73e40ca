"""``core.permissions.require``: the one permission check of the services, and its 403 at
the edges (pages: ``core.middleware.PermissionRefusal``, API: ``core.api_errors``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from accounts.roles import BILLING, TECHNICIAN
from core.api_errors import exception_handler
from core.errors import ApplicationError
from core.forms import apply_errors
from core.middleware import PermissionRefusal
from core.permissions import PERMISSION_DENIED, allowed, is_refusal, require

pytestmark = pytest.mark.django_db

IMPORT = "subscribers.import_registry"  # billing specialists hold it, technicians do not


def refusal(actor, perm=IMPORT, **kwargs) -> ApplicationError:
    with pytest.raises(ApplicationError) as refused:
        require(actor, perm, **kwargs)
    assert refused.value.code == PERMISSION_DENIED
    return refused.value


# ------------------------------------------------------------ every branch of require


def test_a_user_holding_the_permission_passes(make_user):
    require(make_user(BILLING), IMPORT)
    assert allowed(make_user(BILLING), IMPORT)


def test_a_user_without_it_is_refused_with_the_right_named(make_user):
    refused = refusal(make_user(TECHNICIAN))
    assert refused.message == f"Нет права {IMPORT}"
    assert refused.field is None


def test_the_call_sites_own_wording_is_kept(make_user):
    refused = refusal(make_user(TECHNICIAN), message="Импорт реестра доступен расчетчикам")
    assert refused.message == "Импорт реестра доступен расчетчикам"


def test_no_actor_is_the_system_only_where_the_call_site_says_so():
    require(None, IMPORT, system=True)
    assert allowed(None, IMPORT, system=True)
    assert refusal(None).message == f"Нет права {IMPORT}"
    assert not allowed(None, IMPORT)


def test_an_anonymous_user_is_refused_even_for_a_system_action():
    refusal(AnonymousUser())
    refusal(AnonymousUser(), system=True)


def test_an_inactive_user_is_refused_though_the_role_holds_the_right(make_user):
    refusal(make_user(BILLING, is_active=False))
    refusal(make_user(BILLING, is_active=False), system=True)


def test_a_superuser_holds_every_permission_while_active(make_user):
    require(make_user(is_superuser=True), IMPORT)
    require(make_user(is_superuser=True), ("metering.plan_periodic_checks", "billing.add_apitoken"))
    refusal(make_user(is_superuser=True, is_active=False))


def test_several_permissions_are_needed_all(make_user):
    perms = (IMPORT, "metering.plan_periodic_checks")
    refused = refusal(make_user(BILLING), perms)
    assert refused.message == f"Нет прав {IMPORT}, metering.plan_periodic_checks"
    require(make_user(BILLING), (IMPORT,))


def test_is_refusal_tells_a_refusal_from_other_errors():
    assert is_refusal(ApplicationError("x", code=PERMISSION_DENIED))
    assert not is_refusal(ApplicationError("x", code="not_found"))
    assert not is_refusal(PermissionDenied("x"))


# ------------------------------------------------------------ the edges: 403, never a form error


def test_a_page_answers_a_refusal_403_with_its_message():
    middleware = PermissionRefusal(lambda request: None)
    request = RequestFactory().get("/")
    with pytest.raises(PermissionDenied, match="Нет права x.y"):
        middleware.process_exception(request, ApplicationError("Нет права x.y", code=PERMISSION_DENIED))
    assert middleware.process_exception(request, ApplicationError("Другое", code="invalid_value")) is None
    assert "core.middleware.PermissionRefusal" in settings.MIDDLEWARE


def test_the_api_answers_a_refusal_403_and_other_errors_400():
    refused = exception_handler(ApplicationError("Нет права x.y", code=PERMISSION_DENIED), {})
    assert (refused.status_code, refused.data) == (403, {"error": "Нет права x.y", "code": PERMISSION_DENIED, "field": None})
    other = exception_handler(ApplicationError("Неверно", code="invalid_value", field="q"), {})
    assert (other.status_code, other.data) == (400, {"error": "Неверно", "code": "invalid_value", "field": "q"})


def test_a_form_does_not_swallow_a_refusal():
    from django import forms

    form = forms.Form(data={})
    form.is_valid()
    with pytest.raises(ApplicationError):
        apply_errors(form, ApplicationError("Нет права x.y", code=PERMISSION_DENIED))
    apply_errors(form, ApplicationError("Неверно", code="invalid_value"))
    assert form.non_field_errors() == ["Неверно"]


def test_a_page_of_a_service_refusal_is_403_naming_the_right(client, make_user):
    """A change form of a contract that carries money terms, from a technician: the refusal
    comes from ``require`` (``subscribers.services.require_money_terms``) through the page."""
    from tests.subscribers.factories import ContractFactory

    contract = ContractFactory()
    client.force_login(make_user(TECHNICIAN))
    response = client.post(reverse("subscribers:contracts:change", args=[contract.pk]), {"advance1_percent": "10"})
    assert response.status_code == 403
    assert "Денежные условия договора" in response.content.decode()


# ------------------------------------------------------------ one way to check a permission


def _service_layer() -> list[Path]:
    """Modules of the service layer: services, imports, selectors, tasks (pages, viewsets and
    API permission classes may ask ``has_perm`` to show or hide what a user may open)."""
    root = Path(settings.BASE_DIR)
    found = []
    for path in root.glob("*/**/*.py"):
        parts = path.relative_to(root).parts
        if parts[0] in {"tests", ".venv", "var", "bench"} or "migrations" in parts:
            continue
        layer = {"services", "imports", "selectors"} & set(parts[1:-1])
        if layer or path.stem in {"services", "selectors", "tasks", "access", "tokens"}:
            found.append(path)
    return found


def test_no_service_checks_a_permission_by_hand():
    modules = _service_layer()
    assert len(modules) > 40
    by_hand = []
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"has_perm", "has_perms"}:
                by_hand.append(f"{path}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.Name) and node.id == "PermissionDenied":
                by_hand.append(f"{path}:{node.lineno} PermissionDenied")
    assert by_hand == [], "use core.permissions.require / allowed"
