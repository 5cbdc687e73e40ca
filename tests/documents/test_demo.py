"""The demo seed issues letters and notices through the services; the demo database then
verifies, and stops verifying once a row or a file is altered behind the application's back."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.demo import seed as seed_users
from audit.models import AuditEvent
from core.demo import DemoContext
from documents.demo import seed
from documents.models import ArchivedDocument
from tests.subscribers.factories import ConsumerFactory, OrganizationFactory, SignatoryFactory


@pytest.fixture
def demo(db):
    ctx = DemoContext()
    seed_users(ctx)
    organization = OrganizationFactory()
    SignatoryFactory(organization=organization)
    ConsumerFactory.create_batch(12)
    seed(ctx)
    return ctx


def test_the_seed_issues_letters_notices_and_a_correction(demo):
    templates = list(ArchivedDocument.objects.values_list("template_code", flat=True))
    assert templates.count("common.letter") == 5 and templates.count("common.notice") == 3
    assert ArchivedDocument.objects.filter(replaces__isnull=False).count() == 1
    assert AuditEvent.objects.filter(action="document.issued").count() == 8
    assert "выпущено писем и уведомлений — 8" in demo.notes[-1]


def test_the_demo_letters_list_no_annex_nobody_produced_and_the_correction_names_its_letter(demo):
    import io

    from django.utils import timezone
    from docx import Document

    from documents import storage
    from documents.formatting import date_short, user_full_name

    def text(document):
        doc = Document(io.BytesIO(storage.read(document.storage_name)))
        parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join(parts).replace("\xa0", " ")

    for document in ArchivedDocument.objects.all():
        # no «Приложение» without an issued annex; the executor is the user who issued it
        assert "Приложение" not in text(document)
        assert f"Исп. {user_full_name(document.issued_by)}" in text(document)
    correction = ArchivedDocument.objects.get(replaces__isnull=False)
    replaced = correction.replaces
    assert f"Взамен письма № {replaced.number} от {date_short(timezone.localdate(replaced.issued_at))}" in text(correction)
    for notice in ArchivedDocument.objects.filter(template_code="common.notice"):
        assert "Срок исполнения: до" in text(notice) and "Последствия неисполнения:" in text(notice)
        assert "Отметка о вручении" in text(notice)


def test_the_seed_is_deterministic(demo):
    first = sorted(ArchivedDocument.objects.values_list("subject_id", "template_code"))
    # seeding again with the same seed picks the same consumers
    from documents.demo import seed as again

    ctx = DemoContext()
    seed_users(ctx)
    again(ctx)
    second = sorted(ArchivedDocument.objects.values_list("subject_id", "template_code"))
    assert second == sorted(first + first)


def test_a_demo_database_verifies(demo, capsys):
    call_command("audit_verify")
    call_command("archive_verify")
    out = capsys.readouterr().out
    assert "Цепочка аудита цела" in out and "Архив цел" in out


def test_altering_a_file_fails_archive_verify(demo, archive_dir):
    document = ArchivedDocument.objects.order_by("pk").first()
    path = archive_dir / document.storage_name
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(CommandError, match=f"документ {document.number}: файл .* изменен"):
        call_command("archive_verify")


def test_altering_an_archive_row_fails_archive_verify(demo, attacker):
    document = ArchivedDocument.objects.order_by("pk").last()
    attacker.rewrite_row("documents_archiveddocument", document.pk, "subject_repr", "Другой абонент")
    with pytest.raises(CommandError, match="запись изменена после создания"):
        call_command("archive_verify")


def test_altering_an_audit_row_fails_audit_verify(demo, attacker):
    event = AuditEvent.objects.filter(action="document.issued").order_by("sequence").first()
    attacker.rewrite_event_data(event.sequence, json.dumps({**event.data, "number": "ИСХ-2026/999999"}))
    with pytest.raises(CommandError, match=f"событие №{event.sequence}"):
        call_command("audit_verify")


def test_without_consumers_the_seed_issues_nothing(db):
    ctx = DemoContext()
    seed_users(ctx)
    seed(ctx)
    assert ArchivedDocument.objects.count() == 0
    assert "демо-письма не выпущены" in ctx.notes[-1]
