"""The demo agrees with the day it is seeded: seeded on a day other than the one its dates
are written for (``core.demo.REFERENCE_TODAY``), its periods, temperatures, readings,
payments, penalties, letters and powers of attorney all fall around that day, and the
open month previews with every active contract charged (the days not measured yet at the
station's climate normal, an estimate). Seeding again is refused with a clear message.

Slow: the whole demo city is seeded (seed_demo has no size option): about 7 minutes on a busy
2-core machine, 9 with the test database set up."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from billing.models import BillingPeriod, BillingRun, Invoice
from billing.services.runs import billing_run_now
from documents.models import ArchivedDocument
from metering.models import OutdoorTemperature, Reading
from settlements.models import Debt, Payment, PenaltyAccrual
from subscribers.models import Contract, Organization
from supply.models import SupplyRestriction
from tests.billing.invoices.conftest import fake_converter  # noqa: F401 — the converter boundary
from workflows.demo_unmetered import PAID_PURPOSE  # the demo's demand paid today (inspections)

pytestmark = [pytest.mark.django_db, pytest.mark.dateless]  # dateless: seeds the demo on its own pinned days

TODAY = date(2027, 2, 17)  # not the demo's reference day: nothing may stay on November 2026


@pytest.fixture
def archive_dir(settings, tmp_path):
    root = tmp_path / "archive"
    settings.ARCHIVE_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(root), "base_url": None}},
    }
    return root


def test_the_demo_seeded_on_a_day_agrees_with_it_and_previews_its_month_in_full(
    archive_dir, fake_converter, eager_celery, time_machine, capsys  # noqa: F811
):
    # given the machine's clock on 17.02.2027, 10:00 local time
    time_machine.move_to(datetime(2027, 2, 17, 10, 0, tzinfo=ZoneInfo("Europe/Moscow")), tick=False)
    # when the demo is seeded (on the machine's today, said explicitly as well)
    call_command("seed_demo", "--no-pdf-pool", "--today", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "Демо-данные на 17.02.2027" in out
    # then billing: the two months before closed, February open
    periods = dict(BillingPeriod.objects.values_list("month", "status"))
    assert periods == {date(2026, 12, 1): "closed", date(2027, 1, 1): "closed", date(2027, 2, 1): "open"}
    # temperatures up to yesterday, readings up to last month, nothing in the future
    assert OutdoorTemperature.objects.filter(date__gte=TODAY).count() == 0
    assert OutdoorTemperature.objects.filter(date=TODAY - timedelta(days=1)).exists()
    assert max(Reading.objects.values_list("period", flat=True)) == date(2027, 1, 1)
    # settlements: payments before today, debts of the closed months, penalties as of the last month's end
    assert max(Payment.objects.exclude(purpose__startswith=PAID_PURPOSE).values_list("paid_on", flat=True)) < TODAY
    assert list(Payment.objects.filter(purpose__startswith=PAID_PURPOSE).values_list("paid_on", flat=True)) == [TODAY]
    assert max(Debt.objects.values_list("period", flat=True)) <= date(2027, 1, 1)
    assert PenaltyAccrual.objects.filter(as_of=date(2027, 1, 31)).exists()
    # documents: issued today, notices' deadlines ahead of today, УПД of closed months
    for document in ArchivedDocument.objects.all():
        assert document.issued_at.date() == TODAY
    # (the supply demo's warning before its restriction for debt was sent in the closed month: history)
    warnings = set(SupplyRestriction.objects.values_list("notice_id", flat=True))
    assert len(warnings) == 1
    notices = ArchivedDocument.objects.filter(template_code="common.notice").exclude(pk__in=warnings)
    assert notices.count() == 3
    for notice in notices:
        for item in notice.context["items"]:
            day, month, year = map(int, item["deadline"].split("."))
            assert date(year, month, day) > TODAY
    assert Invoice.objects.filter(period__month=date(2027, 1, 1), documents__isnull=False).exists()
    # the organisation's signers act on powers of attorney valid today
    organization = Organization.objects.get()
    for signer in organization.signatories.filter(active=True).exclude(poa_date=None):
        assert signer.poa_date <= TODAY <= signer.poa_valid_until
    # contracts signed no later than today; drafts start next month
    assert max(Contract.objects.values_list("signed_on", flat=True)) <= TODAY
    assert set(Contract.objects.filter(status=Contract.Status.DRAFT).values_list("valid_from", flat=True)) == {
        date(2027, 3, 1)
    }

    # and the open month previews with every active contract charged, the rest of it an estimate
    february = BillingPeriod.objects.get(month=date(2027, 2, 1))
    seeded = february.runs.order_by("pk").last()
    assert seeded.contracts_with_problems == 0
    run = billing_run_now(period=february, actor=seeded.started_by)
    assert run.status == BillingRun.Status.DONE
    assert run.contracts_total == run.contracts_billed > 0 and run.contracts_with_problems == 0
    active = Contract.objects.filter(status=Contract.Status.ACTIVE, valid_from__lte=date(2027, 2, 28))
    assert set(Invoice.objects.filter(period=february).values_list("contract_id", flat=True)) >= set(
        active.values_list("pk", flat=True)
    )
    assert "17.02–28.02.2027" in run.estimate

    # and seeding again is refused, the database left as it was
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="База уже заполнена"):
        call_command("seed_demo", "--no-pdf-pool")
    assert AuditEvent.objects.count() == events
