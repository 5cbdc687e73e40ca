"""Issued invoice documents and printouts are archive rows: the database refuses to change or
delete them, and ``archive_verify`` checks the printouts against their files and audit events."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from billing.invoices.models import InvoiceDocument
from documents.verification import verify_archive
from tests.audit.attacker import Attacker

from .test_printing import billing_user, print_period, two_contracts_issued  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def printout(two_contracts_issued, period_jan, billing_user, fake_converter,  # noqa: F811
             django_capture_on_commit_callbacks):
    return print_period(period_jan, billing_user, django_capture_on_commit_callbacks).printout


@pytest.mark.parametrize("sql", [
    "UPDATE billing_invoicedocument SET substance = 'x' WHERE id = %s",
    "DELETE FROM billing_invoicedocument WHERE id = %s",
])
def test_issued_invoice_documents_refuse_changes_in_the_database(two_contracts_issued, sql):  # noqa: F811
    document = InvoiceDocument.objects.order_by("pk").first()
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [document.pk])
    assert InvoiceDocument.objects.get(pk=document.pk).substance == document.substance


@pytest.mark.parametrize("sql", [
    "UPDATE billing_invoiceprintout SET sha256 = 'x' WHERE id = %s",
    "DELETE FROM billing_invoiceprintout WHERE id = %s",
])
def test_printouts_refuse_changes_in_the_database(printout, sql):
    with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [printout.pk])
    assert type(printout).objects.get(pk=printout.pk).sha256 == printout.sha256


def test_an_intact_printout_verifies(printout):
    report = verify_archive()
    assert report.ok, report.message()
    assert printout.storage_name not in report.orphans


def test_a_tampered_printout_file_fails_archive_verify(printout, archive_dir):
    # given the merged PDF replaced on the disk
    (archive_dir / printout.storage_name).write_bytes(b"%PDF-1.4 forged")
    # then
    with pytest.raises(CommandError, match=f"печать документов за 01.2026 \\(№ {printout.pk}\\): файл .* изменен"):
        call_command("archive_verify")


def test_a_printout_row_and_file_swapped_together_fail_archive_verify(printout, archive_dir):
    # given an attacker who replaced the file and the row's hash to match
    from documents.storage import sha256

    forged = b"%PDF-1.4 forged"
    (archive_dir / printout.storage_name).write_bytes(forged)
    Attacker().rewrite_row("billing_invoiceprintout", printout.pk, "sha256", sha256(forged))
    # then
    report = verify_archive()
    assert report.problems == [
        f"печать документов за 01.2026 (№ {printout.pk}): запись изменена после создания (не совпадает с журналом аудита)"
    ]


def test_a_deleted_printout_row_fails_archive_verify(printout):
    # given the row deleted with the triggers bypassed, its file left behind
    Attacker().delete_row("billing_invoiceprintout", printout.pk)
    # then
    report = verify_archive()
    assert [p for p in report.problems if "удалена" in p] == [
        "печать документов за 01.2026: запись архива удалена — есть событие аудита "
        f"№{_printed_sequence(printout)} о ее создании"
    ]


def _printed_sequence(printout) -> int:
    from audit.models import AuditEvent

    return AuditEvent.objects.get(action="billing.invoices.printed", target_id=str(printout.pk)).sequence
