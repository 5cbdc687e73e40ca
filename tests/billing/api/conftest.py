"""API fixtures: the billed January of the invoices tests, tokens and clients."""

import pytest
from rest_framework.test import APIClient

from accounts.roles import ADMINISTRATOR
from billing.api.tokens import api_token_create
from tests.billing.invoices.conftest import archive_dir, billed_january, organization  # noqa: F401


@pytest.fixture
def admin(make_user):
    return make_user(ADMINISTRATOR)


@pytest.fixture
def service_account(make_user):
    """The account a billing centre's token acts as: no role of its own."""
    return make_user(None, username="irc-gorod")


@pytest.fixture
def export_key(admin, service_account):
    _, key = api_token_create(name="ИРЦ «Город»", user=service_account, scopes=["billing_export"], actor=admin)
    return key


@pytest.fixture
def client_with():
    def make(header: str | None = None) -> APIClient:
        client = APIClient()
        if header:
            client.credentials(HTTP_AUTHORIZATION=header)
        return client

    return make
