"""``POST /api/calc/<kind>/``: token authentication, roles, errors, the OpenAPI schema."""

import json

import pytest
import yaml
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import BILLING, LEGAL, TECHNICIAN
from audit.models import AuditEvent

from .examples import PENALTY

pytestmark = pytest.mark.django_db

URL = "/api/calc/{}/"


@pytest.fixture
def api_client_for(make_user):
    def make(role):
        client = APIClient()
        if role:
            token = Token.objects.create(user=make_user(role))
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def post(client, kind, body):
    text = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL.format(kind), data=text, content_type="application/json")


@pytest.mark.parametrize(("role", "status"), [(None, 401), (TECHNICIAN, 403), (LEGAL, 200), (BILLING, 200)])
def test_token_and_role(api_client_for, role, status):
    response = post(api_client_for(role), "penalty", PENALTY[0].values[0])
    assert response.status_code == status
    if status == 200:
        assert response.json()["total"] == "4891.85"


def test_a_wrong_token_is_refused(api_client_for):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert post(client, "penalty", PENALTY[0].values[0]).status_code == 401


def test_bad_input_is_400_naming_the_field(api_client_for):
    body = PENALTY[0].values[0] | {"as_of": "29/05/2026"}
    response = post(api_client_for(LEGAL), "penalty", body)
    assert response.status_code == 400
    assert response.json()["field"] == "as_of"


def test_broken_json_is_400(api_client_for):
    response = post(api_client_for(LEGAL), "penalty", "{oops")
    assert response.status_code == 400
    assert response.json()["field"] == "input"


def test_unknown_kind_is_404(api_client_for):
    response = post(api_client_for(LEGAL), "horoscope", {})
    assert response.status_code == 404
    assert response.json()["field"] == "kind"


def test_json_numbers_keep_their_kopecks(api_client_for):
    response = post(api_client_for(LEGAL), "state-duty", '{"court": "general", "claim_amount": 123456.78}')
    assert response.json()["claim_amount"] == "123456.78"


def test_the_openapi_schema_documents_the_endpoint_and_validates(api_client_for):
    response = api_client_for(LEGAL).get("/api/schema/")
    schema = yaml.safe_load(response.content)
    validate(schema)
    operation = schema["paths"]["/api/calc/{kind}/"]["post"]
    assert operation["operationId"] == "calc"
    assert {"penalty", "state-duty"} <= set(operation["parameters"][0]["schema"]["enum"])


def test_a_calculation_through_the_api_is_audited_with_its_user(make_user):
    # given
    lawyer = make_user(LEGAL)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=lawyer).key}")
    body = {"court": "arbitration", "claim_amount": "250000", "procedure": "claim"}
    # when
    response = post(client, "state-duty", body)
    # then
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="calc.run")
    assert event.actor == lawyer
    assert event.data == {"kind": "state-duty", "source": "api", "input": body, "total": response.json()["total"]}


def test_a_refused_calculation_through_the_api_is_not_audited(api_client_for):
    response = post(api_client_for(LEGAL), "state-duty", {"court": "general", "claim_amount": "0"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="calc.run").exists()
