"""The API throttles wrong credentials per address and requests per token (429)."""

import pytest
from django.conf import settings
from django.test import override_settings

from billing.api.tokens import api_token_create

pytestmark = pytest.mark.django_db

URL = "/api/billing/periods/"


def _failure_limit() -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_auth_failure"].split("/")[0])


def _rates(**rates):
    return override_settings(REST_FRAMEWORK={
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    })


def test_thirty_wrong_tokens_from_one_address_get_429_then_even_the_right_one(client_with, export_key):
    # given
    limit = _failure_limit()
    # when
    statuses = [
        client_with(f"Token tsk_wrong{i:02d}").get(URL, REMOTE_ADDR="10.0.0.7").status_code for i in range(30)
    ]
    right = client_with(f"Token {export_key}").get(URL, REMOTE_ADDR="10.0.0.7")
    # then
    assert limit < 30
    assert statuses[:limit] == [401] * limit
    assert set(statuses[limit:]) == {429}
    assert right.status_code == 429 and int(right["Retry-After"]) > 0
    assert "неверными учетными данными" in right.json()["detail"] and "10.0.0.7" in right.json()["detail"]


def test_wrong_personal_tokens_count_too_and_a_forged_forwarded_for_does_not_help(client_with):
    for i in range(_failure_limit()):
        assert client_with(f"Token personal{i}").get(URL, REMOTE_ADDR="10.0.0.7").status_code == 401
    response = client_with("Token personal-x").get(URL, REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert response.status_code == 429


def test_another_address_is_not_blocked(client_with, export_key):
    # given an address that guessed too often
    for i in range(_failure_limit()):
        client_with(f"Token tsk_wrong{i:02d}").get(URL, REMOTE_ADDR="10.0.0.7")
    # when / then
    assert client_with(f"Token {export_key}").get(URL, REMOTE_ADDR="10.0.0.8").status_code == 200


def test_a_request_without_credentials_does_not_count(client_with):
    for _ in range(_failure_limit() + 1):
        assert client_with().get(URL, REMOTE_ADDR="10.0.0.7").status_code == 401


def test_a_valid_token_is_throttled_past_its_rate(client_with, export_key, admin, service_account):
    # given a rate of 3 requests a minute and a second token
    _, other_key = api_token_create(name="ИРЦ «Район»", user=service_account, scopes=["billing_export"], actor=admin)
    with _rates(api_token="3/min"):
        # when
        statuses = [client_with(f"Token {export_key}").get(URL).status_code for _ in range(4)]
        other = client_with(f"Token {other_key}").get(URL)
    # then
    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200
