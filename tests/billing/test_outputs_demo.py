"""The demo of billing's outputs: documents of the closed periods, the last one printed,
the month's plans frozen, a billing centre's token."""

from datetime import date

import pytest

from accounts.roles import ADMINISTRATOR, BILLING
from billing import outputs_demo
from billing.api.models import ApiToken
from billing.forecast.models import ConsumptionPlan
from billing.invoices.models import InvoiceDocument, InvoicePrintout
from billing.services.periods import period_close
from core.demo import DemoContext

from .conftest import january_2026
from .invoices.conftest import archive_dir, fake_converter, organization  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_demo_issues_prints_plans_and_gives_a_token(
    town, make_contract, period_jan, run_period, organization, make_user, fake_converter,  # noqa: F811
):
    # given January 2026 billed and closed
    town.temperatures(january_2026())
    make_contract(heating="0.5")
    users = {BILLING: make_user(BILLING), ADMINISTRATOR: make_user(ADMINISTRATOR)}
    run_period(period_jan)
    period_close(period=period_jan, actor=users[BILLING], accept_problems=True)
    ctx = DemoContext(today=date(2026, 1, 20))
    ctx.data["users"] = users
    # when
    outputs_demo.seed(ctx)
    # then
    assert InvoiceDocument.objects.filter(period=period_jan).count() == 2
    assert InvoicePrintout.objects.get().pages == 2
    assert ConsumptionPlan.objects.filter(month=date(2026, 1, 1)).count() == 1
    token = ApiToken.objects.get()
    assert token.scopes == ["billing_export"] and token.user.username == outputs_demo.SERVICE_ACCOUNT
    assert any("Token tsk_" in note for note in ctx.notes)
    # and seeding again adds nothing
    outputs_demo.seed(ctx)
    assert (InvoiceDocument.objects.count(), InvoicePrintout.objects.count(), ApiToken.objects.count()) == (2, 1, 1)
