from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from billing.models import BillingPeriod, Invoice

from ..conftest import january_2026

pytestmark = pytest.mark.django_db


def test_billing_run_sync_bills_a_month_in_process(town, make_contract):
    town.temperatures(january_2026())
    contract, _ = make_contract()
    out = StringIO()
    call_command("billing_run", "2026-01", "--sync", stdout=out)
    assert "начислено 1" in out.getvalue()
    assert BillingPeriod.objects.get().month.month == 1
    assert Invoice.objects.filter(contract=contract).exists()


def test_billing_run_names_a_bad_month():
    with pytest.raises(CommandError, match="ГГГГ-ММ"):
        call_command("billing_run", "январь")
