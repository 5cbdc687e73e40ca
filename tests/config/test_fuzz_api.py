"""Fuzzing the REST API from its own OpenAPI schema (schemathesis, in process through the
WSGI app): whatever the generated input — valid, or breaking the schema on purpose — no
answer is a 5xx. A billing specialist's personal token reaches every operation (the
calculator and the billing export).

The schema is the one ``/api/schema/`` serves, generated in process (that URL wants a
signed-in user, and the database is not open while tests are collected; schemathesis's
lazy fixture loader does not run under pytest 9). Reproducible and bounded: hypothesis
derandomized, a fixed number of examples per operation, no deadline.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from accounts.roles import BILLING

API_SCHEMA = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
schema = schemathesis.openapi.from_dict(API_SCHEMA)
schema.app = get_wsgi_application()


@pytest.fixture
def token(make_user) -> str:
    return Token.objects.create(user=make_user(BILLING)).key


@pytest.fixture
def connection_kept():
    """The WSGI app closes the database connection after each request (``close_old_connections``),
    which on PostgreSQL would end the test's transaction; Django's test client detaches the
    same handlers while it runs a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_the_fuzzed_schema_is_the_served_one(token, client):
    served = client.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token}")
    assert served.status_code == 200
    assert json.loads(served.content)["paths"].keys() == API_SCHEMA["paths"].keys()


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_input_gets_a_server_error(case, token, connection_kept):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=[not_a_server_error])
