"""``manage.py seed_demo`` end to end: every app's demo finds the data of the ones before it,
the demo database verifies (audit chain, archive), and stops verifying once a row or a file
is altered behind the application's back. LibreOffice is replaced at its boundary by a
converter that answers with a real one-page PDF (the demo prints a period as one PDF)."""

import json
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from billing.invoices.models import InvoiceDocument, InvoicePrintout
from billing.models import BillingPeriod, Invoice
from core.demo import REFERENCE_TODAY
from documents.models import ArchivedDocument, PdfRendition
from metering import demo as metering_demo
from metering.models import MeteringUnit, Reading, UnitStatus
from settlements.models import Debt
from subscribers.models import Consumer, Contract, HeatedObject
from tests.audit.attacker import Attacker
from tests.billing.invoices.conftest import fake_converter  # noqa: F401 — the converter boundary
from workflows.commissioning import CommissioningFlow

pytestmark = pytest.mark.django_db


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


def test_the_whole_demo_pipeline(archive_dir, fake_converter, eager_celery, time_machine, capsys,  # noqa: F811
                                 django_capture_on_commit_callbacks):
    # given an empty database on the demo "today"
    time_machine.move_to(REFERENCE_TODAY)
    # when (the PDF conversions queued on commit run, as outside a test's transaction)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--no-pdf-pool")
    out = capsys.readouterr().out
    # then the register: a small city
    assert 280 <= Consumer.objects.count() <= 320
    assert set(Consumer.objects.values_list("penalty_category", flat=True)) == set(Consumer.PenaltyCategory.values)
    assert HeatedObject.objects.filter(loads__isnull=False).distinct().count() >= 380
    assert Contract.objects.filter(status=Contract.Status.ACTIVE).count() >= 250
    # metering: units with a year of readings, two left for commissioning, one in progress
    assert MeteringUnit.objects.filter(status=UnitStatus.COMMERCIAL).count() >= 50
    assert Reading.objects.values("period").distinct().count() == 12
    assert CommissioningFlow.process_class.objects.filter(flow_class=CommissioningFlow).count() == 2
    # billing: September and October closed with invoices, November open
    periods = dict(BillingPeriod.objects.values_list("month", "status"))
    assert periods == {date(2026, 9, 1): "closed", date(2026, 10, 1): "closed", date(2026, 11, 1): "open"}
    assert Invoice.objects.filter(period__month=date(2026, 10, 1)).count() >= 250
    assert InvoiceDocument.objects.exists() and InvoicePrintout.objects.count() == 1
    # settlements: debts from the invoices, payments imported
    assert Debt.objects.exists() and "Принято платежей" in out
    # documents: letters and notices archived, with their PDF renditions
    templates = Counter(ArchivedDocument.objects.values_list("template_code", flat=True))
    # the demo's five letters and three notices, and those of the flows' demos (a contract's request for
    # documents, a planned interruption's notices, the warning before a restriction)
    assert templates["common.letter"] >= 5 and templates["common.notice"] >= 3
    assert templates["metering.verification_notice"] >= 1 and templates["settlements.penalty_statement"] == 1
    assert PdfRendition.objects.filter(status="done").count() == ArchivedDocument.objects.count()
    # case files: the city's courts and cases at each stage, a lawsuit with its judgment
    from casefiles.models import Case, Court

    assert Court.objects.count() == 4
    assert {Case.Stage.CLAIM_SENT, Case.Stage.FILED, Case.Stage.JUDGMENT, Case.Stage.CLOSED} <= set(
        Case.objects.values_list("stage", flat=True))
    # the demo logins are printed
    assert "tech / tech-demo-2026" in out and "manager / manager-demo-2026" in out

    # and the demo database verifies
    call_command("audit_verify")
    call_command("archive_verify")
    assert "Цепочка аудита цела" in capsys.readouterr().out

    # and seed_demo --if-empty leaves a seeded database alone
    events = AuditEvent.objects.count()
    call_command("seed_demo", "--if-empty", "--no-pdf-pool")
    assert "База уже заполнена" in capsys.readouterr().out
    assert AuditEvent.objects.count() == events

    # and the demo import source's sample file of November (the open month) imports against it
    call_command("import_readings", str(metering_demo.SAMPLE_READINGS), "--source", metering_demo.IMPORT_SOURCE,
                 "--user", "billing")
    assert "загружен: показаний 12, приняты к расчету 12, переданы технику на проверку 0" in capsys.readouterr().out
    assert Reading.objects.filter(period=date(2026, 11, 1), source="import").count() == 12

    # and once someone goes behind the application's back, it does not
    attacker = Attacker()
    # a contract's audit event rewritten in the database
    event = AuditEvent.objects.filter(action="contract.created").order_by("sequence")[10]
    attacker.rewrite_event_data(event.sequence, json.dumps({**event.data, "status": "terminated"}))
    with pytest.raises(CommandError, match=f"событие №{event.sequence}"):
        call_command("audit_verify")
    # an invoice's archived file altered on disk
    document = ArchivedDocument.objects.filter(template_code="billing.upd").order_by("pk").first()
    path = archive_dir / document.storage_name
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(CommandError, match=f"документ {document.number}: файл .* изменен"):
        call_command("archive_verify")
