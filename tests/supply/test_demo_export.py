"""The demo month's billing-centre export carries the supply area's demo (issue 16, Done when):
the regime sheet («Режим подачи») names an interruption or a restriction and the quality sheet
(«Отклонения качества») the demo's approved act, both in the records (API) and in the XLSX.

Slow: the whole demo city is seeded, as in tests/core/test_demo_dates.py."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.roles import BILLING
from billing.export import records
from billing.export.services import export_period_file
from billing.models import BillingPeriod
from core.demo import REFERENCE_TODAY
from tests.billing.invoices.conftest import fake_converter  # noqa: F401 — the converter boundary
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive

pytestmark = [pytest.mark.django_db, pytest.mark.dateless]  # dateless: seeds the demo on its own pinned day


def test_the_demo_months_export_has_regime_and_quality_rows(archive_dir, fake_converter, eager_celery,  # noqa: F811
                                                            time_machine, make_user):
    time_machine.move_to(datetime.combine(REFERENCE_TODAY, datetime.min.time().replace(hour=10),
                                          tzinfo=ZoneInfo("Europe/Moscow")), tick=False)
    call_command("seed_demo", "--no-pdf-pool", "--today", REFERENCE_TODAY.isoformat())
    # the demo month: the last closed one, where the supply demo writes its acts
    period = BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED).order_by("-month").first()
    contracts = [c for r in records.iter_records(records.invoices(period=period.month)) for c in r["contracts"]]
    regime = [row for c in contracts for mode in c["supply_mode"] for row in mode["restrictions"]]
    quality = [row for c in contracts for row in c["quality_deviations"]]
    assert regime and quality
    assert any("граничен" in row["text"] for row in regime)  # the demo's restriction of supply for debt
    assert all(row["act"] for row in quality)
    exported = export_period_file(period=period, fmt="xlsx", actor=make_user(BILLING))
    book = load_workbook(io.BytesIO(exported.content))
    regime_rows = [row for row in book["Режим подачи"].iter_rows(min_row=2, values_only=True) if row[9]]
    quality_rows = list(book["Отклонения качества"].iter_rows(min_row=2, values_only=True))
    assert len(regime_rows) >= 1 and len(quality_rows) == len(quality)
