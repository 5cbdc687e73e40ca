"""Bad input to a calculation gets a clear refusal naming the field — through the API, the
``calc`` command and the calculator page alike — never a traceback, a 500, or an audit
record of something the calculation ignored."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import LEGAL
from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

DUTY = '{"court": "arbitration", "claim_amount": %s}'
HEATING = ('{"load_gcal_h": "0.5", "t_inside": "20", "t_outside_design": "-26", '
           '"periods": [{"days": 31, "t_out": %s}]}')

# (kind, JSON text, the field the refusal names)
BAD = [
    pytest.param("state-duty", DUTY % '"1e400"', "claim_amount", id="claim 1e400"),
    pytest.param("state-duty", DUTY % "1e400", "claim_amount", id="claim 1e400 as a JSON number"),
    pytest.param("state-duty", DUTY % '"12345678901234567890123456789012345"', "claim_amount", id="claim 35 digits"),
    pytest.param("state-duty", DUTY % ("9" * 5000), "claim_amount", id="claim 5000-digit integer"),
    pytest.param("state-duty", DUTY % "NaN", "input", id="claim NaN"),
    pytest.param("state-duty", '{"court": "arbitration", "claim_amount": "100", "date": "9999-12-31"}', "date",
                 id="date 9999-12-31"),
    pytest.param("state-duty", '{"court": "arbitration\\ud800", "claim_amount": "100"}', "court", id="lone surrogate"),
    pytest.param("state-duty", '{"court": "arbitration", "claim_amount": "100", "note": "a\\u0000b"}', "note",
                 id="NUL in a string"),
    pytest.param("state-duty", "[" * 100_000 + "]" * 100_000, "input", id="nested 100000 deep"),
    pytest.param("hot-water-volume", '{"load_avg_gcal_h": "0.08", "days": 1e12}', "days", id="days 1e12"),
    pytest.param("heating-volume", HEATING % '"1e400"', "periods[0].t_out", id="t_out 1e400"),
    pytest.param("heating-volume", HEATING % '"1000"', "periods[0].t_out", id="t_out 1000 degrees"),
    pytest.param("penalty", '{"category": "other", "as_of": "9999-12-31", '
                 '"debts": [{"id": "1", "amount": "100", "due_date": "2026-01-01"}]}', "as_of", id="as_of 9999-12-31"),
    pytest.param("quality-recalc", '{"service": "heating", "monthly_charge": "3000", "interruptions": [{"hours": "1e30"}]}',
                 "interruptions[0].hours", id="hours 1e30"),
    pytest.param("state-duty", '{"court": "arbitration", "claim_amount": "100", "junk": "%s"}' % ("x" * 900),
                 "junk", id="unknown field"),
]


@pytest.fixture
def lawyer_api(make_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=make_user(LEGAL)).key}")
    return client


@pytest.mark.parametrize(("kind", "text", "field"), BAD)
def test_the_api_answers_400_naming_the_field(lawyer_api, kind, text, field):
    # when
    response = lawyer_api.post(f"/api/calc/{kind}/", data=text, content_type="application/json")
    # then
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field
    assert body["error"].startswith(f"{field}: ")
    assert not AuditEvent.objects.filter(action="calc.run").exists()


@pytest.mark.parametrize(("kind", "text", "field"), BAD)
def test_the_command_exits_2_naming_the_field(calc, kind, text, field):
    code, result = calc(kind, text)
    assert code == 2
    assert result["field"] == field


def test_a_megabyte_of_unknown_fields_is_refused_and_not_audited(lawyer_api):
    # given a valid calculation carrying a large field it does not know
    body = {"court": "arbitration", "claim_amount": "250000", "comment": "x" * 900, "extra": ["y" * 900] * 1000}
    # when
    response = lawyer_api.post("/api/calc/state-duty/", data=json.dumps(body), content_type="application/json")
    # then
    assert response.status_code == 400
    assert response.json()["field"] in ("comment", "extra")
    assert not AuditEvent.objects.filter(action="calc.run").exists()


def test_a_body_over_a_megabyte_is_refused(lawyer_api):
    body = json.dumps({"court": "arbitration", "claim_amount": "1", "comment": "x" * 1_000_001})
    response = lawyer_api.post("/api/calc/state-duty/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("too_large", "input")


def test_bytes_that_are_not_utf8_are_refused(lawyer_api):
    response = lawyer_api.post("/api/calc/state-duty/", data=b'{"court": "\x98"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "input"


@pytest.mark.parametrize(("data", "field", "problem"), [
    ({"claim_amount": "1e400"}, "claim_amount", "слишком велико"),
    ({"claim_amount": "100", "date": "31.12.9999"}, "date", "вне допустимого диапазона"),
])
def test_the_page_shows_the_problem_on_the_field(client, make_user, data, field, problem):
    # given
    client.force_login(make_user(LEGAL))
    # when
    response = client.post("/legal_calc/state_duty/", {"court": "arbitration", "procedure": "claim", **data})
    # then
    assert response.status_code == 200
    assert "result" not in response.context
    assert any(problem in message for message in response.context["form"].errors[field])
    assert not AuditEvent.objects.filter(action="calc.run").exists()
