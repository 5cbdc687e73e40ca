"""The export API's filters go through ``core.bounds``: a bad one is a 400 naming it (never
a 500), and only the known query parameters, cut short, reach the audit."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import BILLING
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist_api(make_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=make_user(BILLING)).key}")
    return client


@pytest.mark.parametrize("url", ["/api/billing/export/", "/api/billing/periods/"])
@pytest.mark.parametrize(("params", "field"), [
    ({"updated_since": "2026-02-30T00:00:00+03:00"}, "updated_since"),
    ({"updated_since": "2026-01-01T00:00:00+99:00"}, "updated_since"),
    ({"updated_since": "9999-12-31T23:59:59+14:00"}, "updated_since"),
    ({"period": "2026-1"}, "period"),
    ({"period": "2026-01-15"}, "period"),
    ({"period": "9999-12"}, "period"),
    ({"consumer": "7" * 101}, "consumer"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_a_bad_filter_is_400_naming_it(specialist_api, url, params, field):
    # when
    response = specialist_api.get(url, params)
    # then
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["code"] in {"invalid_moment", "invalid_period", "out_of_range", "too_long"}
    assert response.json()["error"].startswith(f"{field}: ")


@pytest.mark.parametrize("params", [{"consumer": "\x00"}, {"updated_since": "2026-01-01T00:00:00+03:00\x00"}])
def test_a_nul_character_is_400_naming_the_parameter(specialist_api, params):
    response = specialist_api.get("/api/billing/export/", params)
    assert response.status_code == 400
    assert response.json()["field"] == next(iter(params))
    assert response.json()["code"] == "invalid_text"


def test_a_plus_sign_read_as_a_space_still_gives_the_zone(specialist_api):
    response = specialist_api.get("/api/billing/export/?updated_since=2026-02-01T00:00:00 03:00")
    assert response.status_code == 200


def test_only_known_parameters_reach_the_audit(specialist_api):
    # when a query carries a megabyte of an unknown parameter and a long page size
    response = specialist_api.get("/api/billing/periods/", {"junk": "x" * 1_000_000, "page_size": "5" * 300})
    # then
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="billing.export.api_read")
    assert event.data["query"] == {"page_size": "5" * 100}
