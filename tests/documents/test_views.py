"""The "Документы" pages: who sees what, file delivery, template upload and preview."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER, ROLES, TECHNICIAN
from audit.actions import action_name
from audit.models import AuditEvent
from documents.models import TemplateVersion
from documents.registry import get_spec
from documents.services import issue_document
from documents.views import safe_filename
from subscribers.models import Consumer

from .conftest import make_docx


@pytest.fixture
def document(consumer, make_user, letter_context):
    return issue_document(template="common.letter", context=letter_context, subject=consumer, actor=make_user(BILLING))


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_archive_and_the_card_of_a_consumers_document(client, make_user, document, role):
    client = logged_in(client, make_user(role))
    listing = client.get("/documents/archive/")
    assert listing.status_code == 200 and document.number in listing.content.decode()
    card = client.get(f"/documents/archive/{document.pk}/")
    assert card.status_code == 200 and "Скачать DOCX" in card.content.decode()


def test_a_user_without_a_role_is_refused(client, make_user, document):
    client = logged_in(client, make_user())
    assert client.get("/documents/archive/").status_code == 403
    assert client.get(f"/documents/archive/{document.pk}/").status_code == 403
    assert client.get(f"/documents/archive/{document.pk}/file/docx/").status_code == 403
    assert not AuditEvent.objects.filter(action="document.downloaded").exists()


def test_anonymous_is_sent_to_login(client, document):
    response = client.get(f"/documents/archive/{document.pk}/file/docx/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_without_view_permission_on_the_subject_the_document_is_hidden(client, make_user, document):
    # given a user with the archive permission but not the consumers' view permission
    from django.contrib.auth.models import Permission

    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="view_archiveddocument"))
    client = logged_in(client, user)
    # then the list is empty and the document refused
    assert document.number not in client.get("/documents/archive/").content.decode()
    assert client.get(f"/documents/archive/{document.pk}/").status_code == 403
    assert client.get(f"/documents/archive/{document.pk}/file/docx/").status_code == 403


def test_a_subject_model_hook_narrows_access(client, make_user, document, monkeypatch, letter_context):
    # given consumers whose documents only the lawyers may open (a hook as a case file has)
    from django.contrib.auth.models import Group

    def documents_visible_to(cls, user):
        return cls.objects.all() if user.groups.filter(name=LEGAL).exists() else cls.objects.none()

    monkeypatch.setattr(Consumer, "documents_visible_to", classmethod(documents_visible_to), raising=False)
    technician, lawyer = make_user(TECHNICIAN), make_user(LEGAL)
    assert Group.objects.get(name=TECHNICIAN).permissions.filter(codename="view_consumer").exists()
    # then
    assert logged_in(client, technician).get(f"/documents/archive/{document.pk}/file/docx/").status_code == 403
    assert document.number not in client.get("/documents/archive/").content.decode()
    assert logged_in(client, lawyer).get(f"/documents/archive/{document.pk}/file/docx/").status_code == 200


def test_download_is_audited_and_named_safely(client, make_user, document):
    user = make_user(MANAGER, username="volkova")
    response = logged_in(client, user).get(f"/documents/archive/{document.pk}/file/docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    expected = quote(f"Исходящее письмо № {document.number.replace('/', '_')}.docx", safe="")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"document-{document.pk}.docx\"; filename*=UTF-8''{expected}"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="document.downloaded")
    assert (event.actor, event.target_id, event.data["format"]) == (user, str(document.pk), "docx")


def test_opening_the_pdf_is_audited_as_opened(client, make_user, document, libreoffice):
    from documents.tasks import convert_document_to_pdf

    convert_document_to_pdf.apply(args=(document.pk,))
    response = logged_in(client, make_user(LEGAL)).get(f"/documents/archive/{document.pk}/file/pdf/?inline=1")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; ")
    assert AuditEvent.objects.filter(action="document.opened", data__format="pdf").count() == 1


def test_an_unknown_format_delivers_nothing(client, make_user, document):
    client = logged_in(client, make_user(MANAGER))
    response = client.get(f"/documents/archive/{document.pk}/file/..%2F..%2Fsettings.py/", follow=True)
    assert response.status_code in (200, 404)
    assert not AuditEvent.objects.filter(action__in=["document.downloaded", "document.opened"]).exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "_._etc_passwd"),
        ("Акт № АВ-2026/000123.docx", "Акт № АВ-2026_000123.docx"),
        ('a\\b:c*d?e"f<g>h|i\x00j.pdf', "a_b_c_d_e_f_g_h_i_j.pdf"),
        ("...docx", "document.docx"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


# --- templates -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_templates(client, make_user, role):
    client = logged_in(client, make_user(role))
    listing = client.get("/documents/templates/")
    assert listing.status_code == 200 and "common.letter" in listing.content.decode()
    detail = client.get("/documents/templates/common.letter/")
    assert detail.status_code == 200
    assert ('id="upload"' in detail.content.decode()) == (role == ADMINISTRATOR)


def test_preview_downloads_the_sample(client, make_user):
    response = logged_in(client, make_user(TECHNICIAN)).get("/documents/templates/common.notice/preview/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_only_administrators_upload(client, make_user):
    client = logged_in(client, make_user(MANAGER))
    upload = SimpleUploadedFile("letter.docx", make_docx("{{ heading }}"))
    assert client.post("/documents/templates/common.letter/", {"file": upload}).status_code == 403
    assert not TemplateVersion.objects.filter(source=TemplateVersion.Source.UPLOAD).exists()


def test_an_administrator_uploads_a_new_version(client, make_user):
    client = logged_in(client, make_user(ADMINISTRATOR))
    upload = SimpleUploadedFile("letter.docx", make_docx("{{ heading }}", "{{ signer.name }}"))
    response = client.post("/documents/templates/common.letter/", {"file": upload, "comment": "короче"}, follow=True)
    assert response.status_code == 200
    uploaded = get_spec("common.letter").version + 1  # after the repository's version
    assert f"Загружена версия {uploaded}" in response.content.decode()
    assert TemplateVersion.objects.get(code="common.letter", version=uploaded).comment == "короче"


def test_a_bad_upload_shows_the_cause(client, make_user):
    client = logged_in(client, make_user(ADMINISTRATOR))
    upload = SimpleUploadedFile("letter.docx", make_docx("{{ heading }}", "{{ unknown_thing }}"))
    response = client.post("/documents/templates/common.letter/", {"file": upload})
    assert response.status_code == 200
    assert "unknown_thing" in " ".join(response.context["form"].errors["file"])  # unknown_variable, on the file
    assert not TemplateVersion.objects.filter(source=TemplateVersion.Source.UPLOAD).exists()


# --- audit log -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("role", "status"),
    [(TECHNICIAN, 403), (BILLING, 403), (LEGAL, 403), (MANAGER, 200), (ADMINISTRATOR, 200)],
)
def test_audit_log_is_for_managers_and_administrators(client, make_user, document, role, status):
    client = logged_in(client, make_user(role))
    assert client.get("/documents/audit/").status_code == status
    event = AuditEvent.objects.get(action="document.issued")
    assert client.get(f"/documents/audit/{event.pk}/detail/").status_code == status


def test_audit_log_filters(client, make_user, document):
    manager = make_user(MANAGER)
    client = logged_in(client, manager)  # the login itself is an event
    issued, login = action_name("document.issued"), action_name("auth.login")  # the log shows Russian names
    page = client.get("/documents/audit/", {"action": "document."}).content.decode()
    assert issued in page and login not in page
    page = client.get("/documents/audit/", {"actor": manager.pk}).content.decode()
    assert login in page and issued not in page
    page = client.get("/documents/audit/", {"occurred_from": "2000-01-01", "occurred_to": "2000-01-02"}).content.decode()
    assert issued not in page
