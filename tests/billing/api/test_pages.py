"""The API tokens page: administrators issue (the key shown once) and revoke."""

import pytest
from django.urls import reverse

from accounts.roles import BILLING
from billing.api.models import ApiToken
from billing.api.tokens import key_hash

pytestmark = pytest.mark.django_db


def test_an_administrator_issues_and_revokes_a_token(client, admin, service_account):
    client.force_login(admin)
    response = client.post(reverse("billing:api_tokens:add"), {
        "name": "ИРЦ «Город»", "user": service_account.pk, "scopes": ["billing_export"], "expires_at": "",
    })
    assert response.status_code == 200
    token = ApiToken.objects.get()
    key = response.context["key"]
    assert token.key_hash == key_hash(key) and key in response.content.decode()
    listing = client.get(reverse("billing:api_tokens:index")).content.decode()
    assert token.prefix in listing and key not in listing
    response = client.post(reverse("billing:api_tokens:revoke", args=[token.pk]), {"confirm": "on"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_others_may_not_manage_tokens(client, make_user):
    client.force_login(make_user(BILLING))
    assert client.get(reverse("billing:api_tokens:index")).status_code == 403
    assert client.post(reverse("billing:api_tokens:add"), {}).status_code == 403
