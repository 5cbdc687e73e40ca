"""The OpenAPI schema (drf-spectacular) is valid OpenAPI and documents the export API."""

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(tmp_path):
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(path), "--validate", "--fail-on-warn")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_schema_validates_against_the_openapi_specification(schema):
    validate(schema)  # raises on any violation


def test_the_export_endpoints_are_documented_with_their_filters_and_token_scheme(schema):
    export = schema["paths"]["/api/billing/export/"]["get"]
    assert {p["name"] for p in export["parameters"]} >= {"period", "consumer", "updated_since", "page", "page_size"}
    assert {"401", "403", "400", "200"} <= set(export["responses"])
    assert {"scopedToken": []} in export["security"]
    scheme = schema["components"]["securitySchemes"]["scopedToken"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    record = schema["components"]["schemas"]["Record"]
    assert set(record["properties"]) == {"period", "period_status", "consumer", "updated_at", "contracts", "totals"}


def test_the_schema_is_served_to_signed_in_users_only(client, make_user):
    assert client.get("/api/schema/").status_code == 401
    client.force_login(make_user("Техник"))
    assert client.get("/api/schema/").status_code == 200
