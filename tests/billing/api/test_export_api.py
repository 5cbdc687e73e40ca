"""The export REST API: who may read (token scope, role), filters, pagination, audit."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.roles import BILLING, LEGAL, TECHNICIAN
from audit.models import AuditEvent
from billing.api.models import ApiToken
from billing.api.tokens import key_hash

pytestmark = pytest.mark.django_db
URL = "/api/billing/export/"


def test_without_credentials_the_answer_is_401(billed_january, client_with):
    response = client_with().get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_with_billing_export_reads_the_records(billed_january, client_with, export_key):
    # when
    response = client_with(f"Token {export_key}").get(URL, {"period": "2026-01"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None
    [record] = body["results"]
    assert record["consumer"]["code"] == billed_january.consumer.code
    assert record["totals"]["amount_with_vat"] == str(billed_january.amount_with_vat)
    assert record["contracts"][0]["quality_deviations"] == []
    # and the read is audited with the token, its last use noted
    event = AuditEvent.objects.get(action="billing.export.api_read")
    assert event.data["token"] == export_key[:12] and event.data["records"] == 1
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_without_the_scope_is_refused_with_403(billed_january, client_with, service_account):
    # given a token of the same kind granted for something else
    key = "tsk_other-scope-key-000000000000000000000"
    ApiToken.objects.create(name="Отчеты", user=service_account, prefix=key[:12], key_hash=key_hash(key),
                            scopes=["reports"], created_by=service_account)
    # then
    response = client_with(f"Token {key}").get(URL)
    assert response.status_code == 403
    assert "billing_export" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action="billing.export.api_read").exists()


@pytest.mark.parametrize("change", ["revoked", "expired", "inactive_user", "unknown"])
def test_a_revoked_expired_or_unknown_token_is_401(billed_january, client_with, export_key, change):
    token = ApiToken.objects.select_related("user").get()
    key = export_key
    if change == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif change == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif change == "inactive_user":
        token.user.is_active = False
        token.user.save()
    else:
        key = export_key[:-4] + "abcd"
    assert client_with(f"Token {key}").get(URL).status_code == 401


@pytest.mark.parametrize(("role", "status"), [(BILLING, 200), (LEGAL, 403), (TECHNICIAN, 403), (None, 403)])
def test_a_personal_token_reads_only_for_billing_specialists(billed_january, client_with, make_user, role, status):
    user = make_user(role)
    token = Token.objects.create(user=user)
    assert client_with(f"Token {token.key}").get(URL).status_code == status


@pytest.mark.parametrize(("role", "status"), [(BILLING, 200), (LEGAL, 403)])
def test_a_session_reads_only_for_billing_specialists(billed_january, client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == status


def test_filters_by_consumer_and_updated_since_and_paginates(billed_january, town, make_contract, run_period,
                                                             client_with, export_key):
    # given a second billed consumer
    make_contract(heating="0.2")
    run_period(billed_january.period)
    api = client_with(f"Token {export_key}")
    # then
    page = api.get(URL, {"page_size": 1}).json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    second = api.get(page["next"]).json()
    assert second["results"][0]["consumer"]["code"] != page["results"][0]["consumer"]["code"]
    code = billed_january.consumer.code
    assert [r["consumer"]["code"] for r in api.get(URL, {"consumer": code}).json()["results"]] == [code]
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    assert api.get(URL, {"updated_since": future}).json()["count"] == 0
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    assert api.get(URL, {"updated_since": past}).json()["count"] == 2


@pytest.mark.parametrize(("params", "field"), [
    ({"period": "январь"}, "period"), ({"updated_since": "вчера"}, "updated_since"),
    ({"updated_since": "2026-01-01T00:00:00"}, "updated_since"),
])
def test_a_bad_filter_is_400_naming_it(billed_january, client_with, export_key, params, field):
    response = client_with(f"Token {export_key}").get(URL, params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_periods_list_status_and_counts(billed_january, client_with, export_key):
    body = client_with(f"Token {export_key}").get("/api/billing/periods/").json()
    assert body["results"] == [{
        "period": "2026-01", "status": "open", "invoices": 1,
        "updated_at": body["results"][0]["updated_at"], "closed_at": None,
    }]
    assert body["results"][0]["updated_at"] is not None
