"""Issuing and revoking scoped API tokens."""

import pytest
from django.utils import timezone

from accounts.roles import BILLING
from audit.models import AuditEvent
from billing.api.models import ApiToken
from billing.api.tokens import api_token_create, api_token_revoke, key_hash
from core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_the_key_is_returned_once_and_only_its_hash_is_stored(admin, service_account):
    # when
    token, key = api_token_create(name="ИРЦ «Город»", user=service_account, scopes=["billing_export"], actor=admin)
    # then
    assert key.startswith("tsk_") and len(key) > 40
    stored = ApiToken.objects.get()
    assert stored.key_hash == key_hash(key) and key not in str(stored.__dict__)
    assert stored.prefix == key[:12] and stored.scopes == ["billing_export"]
    event = AuditEvent.objects.get(action="api.token.created")
    assert key not in str(event.data) and event.data["scopes"] == ["billing_export"]


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": " "}, "name"), ({"scopes": []}, "scopes"), ({"scopes": ["everything"]}, "scopes"),
    ({"expires_at": "past"}, "expires_at"),
])
def test_bad_requests_are_refused_naming_the_field(admin, service_account, fields, field):
    if fields.get("expires_at") == "past":
        fields["expires_at"] = timezone.now()
    kwargs = {"name": "ИРЦ", "user": service_account, "scopes": ["billing_export"], "actor": admin, **fields}
    with pytest.raises(ApplicationError) as info:
        api_token_create(**kwargs)
    assert info.value.field == field
    assert not ApiToken.objects.exists()


def test_only_administrators_issue_and_revoke(admin, service_account, make_user):
    billing = make_user(BILLING)
    with pytest.raises(ApplicationError, match="администраторы"):
        api_token_create(name="ИРЦ", user=service_account, scopes=["billing_export"], actor=billing)
    token, _ = api_token_create(name="ИРЦ", user=service_account, scopes=["billing_export"], actor=admin)
    with pytest.raises(ApplicationError, match="администраторы"):
        api_token_revoke(token=token, actor=billing)
    api_token_revoke(token=token, actor=admin)
    assert ApiToken.objects.get().revoked_at is not None
    with pytest.raises(ApplicationError) as exc:
        api_token_revoke(token=token, actor=admin)
    assert (exc.value.code, exc.value.field) == ("already_revoked", "token")
