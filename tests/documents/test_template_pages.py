"""The template page (Документы → Шаблоны → шаблон): variables with their meaning and sample,
versions with who/when/why, the raw DOCX, the sample's pages, the comparison of versions."""

import io

import pytest
from django.core.cache import cache
from docx import Document
from docx.shared import Mm

from accounts.roles import ADMINISTRATOR, LEGAL, MANAGER
from audit.models import AuditEvent
from core.errors import ApplicationError
from documents import services
from documents.models import TemplateVersion
from documents.registry import get_spec
from documents.selectors import sample_text, template_variable_rows

from .conftest import make_docx

V = get_spec("common.letter").version  # the repository's version: the first stored
N = get_spec("common.notice").version


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def logged_in(client, user):
    client.force_login(user)
    return client


def letter_v2(*, heading_prefix: str, cell: str) -> bytes:
    """A version of common.letter as Word leaves it: paragraphs with tags and a plain table."""
    doc = Document()
    section = doc.sections[0]  # A4 with ГОСТ margins: an upload is checked for them
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Mm(30), Mm(15), Mm(20), Mm(20)
    doc.add_paragraph("{{ organization.short_name }}")
    doc.add_paragraph(heading_prefix + " {{ heading }}")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Исполнитель"
    table.rows[0].cells[1].text = cell
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
def two_versions(db, make_user):
    """common.letter: version V from the repository, V + 1 and V + 2 uploaded with a reason."""
    admin = make_user(ADMINISTRATOR, username="admin-ivanov", first_name="Иван", last_name="Иванов")
    services.upload_template_version(
        code="common.letter", content=letter_v2(heading_prefix="О", cell="{{ executor.name }}"), actor=admin,
        comment="упрощена шапка",
    )
    services.upload_template_version(
        code="common.letter", content=letter_v2(heading_prefix="По вопросу", cell="{{ executor.name }}, {{ executor.phone }}"),
        actor=admin, comment="телефон исполнителя в таблице",
    )
    return admin


# --- variables -------------------------------------------------------------------------------

def test_sample_text_reads_like_a_person_would():
    assert sample_text("Уважаемый Иван Иванович!") == "Уважаемый Иван Иванович!"
    assert sample_text({}) == sample_text([]) == sample_text("") == "— (пусто)"
    assert sample_text(True) == "да"
    assert sample_text({"number": "15-ОБ", "date": "20.11.2026"}) == "number: 15-ОБ; date: 20.11.2026"
    assert sample_text(["Директору", "ООО «Хлебозавод № 3»"]) == "Директору / ООО «Хлебозавод № 3»"
    rows = [{"n": 1, "name": "Тепловая энергия"}, {"n": 2, "name": "Горячая вода"}]
    assert sample_text(rows) == "2 строки; первая — n: 1; name: Тепловая энергия"
    assert sample_text(rows * 3).startswith("6 строк; ")
    assert sample_text([{"n": 1}]) == "1 строка: n: 1"
    assert len(sample_text("а" * 1000)) == 160 and sample_text("а" * 1000).endswith("…")


def test_every_variable_is_listed_with_its_meaning_and_sample():
    spec = get_spec("metering.commissioning_act")
    rows = {row.name: row for row in template_variable_rows(spec)}
    assert set(rows) == spec.variables
    assert all(row.meaning for row in rows.values())
    assert rows["devices"].sample.startswith("2 строки; первая — kind: Тепловычислитель")
    assert rows["place"].sample == "г. Энск"


def test_the_page_shows_variables_versions_and_the_preview_frame(client, make_user, two_versions):
    page = logged_in(client, make_user(LEGAL)).get("/documents/templates/common.letter/")
    assert page.status_code == 200
    html = page.content.decode()
    # variables: meaning and sample
    assert 'data-variable="paragraphs"' in html and "Текст письма: список абзацев" in html
    assert "Уважаемый Иван Иванович!" in html
    # versions: who, when, why, where from; the current one marked
    versions = page.context["entry"].versions
    assert [v.version for v in versions] == [V + 2, V + 1, V]
    assert "Иван Иванов" in html and "телефон исполнителя в таблице" in html and "репозиторий" in html
    assert f'href="/documents/templates/common.letter/download/?version={V}"' in html
    # the comparison offers the two newest versions, the preview loads in a frame
    assert (page.context["compare_a"], page.context["compare_b"]) == (V + 1, V + 2)
    assert '<turbo-frame id="template-pages" src="/documents/templates/common.letter/pages/">' in html


# --- raw download ----------------------------------------------------------------------------

def test_a_lawyer_downloads_the_raw_template_and_it_is_audited(client, make_user, two_versions):
    lawyer = make_user(LEGAL)
    response = logged_in(client, lawyer).get("/documents/templates/common.letter/download/", {"version": V + 1})
    assert response.status_code == 200
    stored = TemplateVersion.objects.get(code="common.letter", version=V + 1)
    assert response.content == services.template_content(stored)
    assert response["Content-Disposition"].startswith('attachment; filename="template-common.letter.docx"')
    event = AuditEvent.objects.get(action="template.downloaded")
    assert (event.actor, event.target_id, event.data["version"]) == (lawyer, str(stored.pk), V + 1)
    # with no version named: the current one
    current = client.get("/documents/templates/common.letter/download/")
    assert current.content == services.template_content(TemplateVersion.objects.get(code="common.letter", version=V + 2))


def test_the_raw_template_of_the_repository_keeps_its_tags(client, make_user, db):
    response = logged_in(client, make_user(MANAGER)).get("/documents/templates/common.notice/download/")
    assert response.status_code == 200
    assert response.content == get_spec("common.notice").file.read_bytes()


def test_an_unknown_version_or_a_user_without_a_role_gets_nothing(client, make_user, two_versions):
    client = logged_in(client, make_user(LEGAL))
    assert client.get("/documents/templates/common.letter/download/", {"version": 9}).status_code == 404
    assert client.get("/documents/templates/common.letter/download/", {"version": "x"}).status_code == 404
    assert client.get("/documents/templates/nothing.here/download/").status_code == 404
    client = logged_in(client, make_user())
    assert client.get("/documents/templates/common.letter/download/").status_code == 403
    assert not AuditEvent.objects.filter(action="template.downloaded").exists()


def test_the_download_service_requires_the_permission(make_user, db):
    with pytest.raises(ApplicationError) as refused:
        services.template_file(code="common.letter", version=None, actor=make_user())
    assert refused.value.code == "permission_denied"


# --- comparison ------------------------------------------------------------------------------

def test_the_comparison_page_shows_a_changed_paragraph_and_cell(client, make_user, two_versions):
    page = logged_in(client, make_user(LEGAL)).get("/documents/templates/common.letter/compare/", {"a": V + 1, "b": V + 2})
    assert page.status_code == 200
    diff = page.context["diff"]
    assert [(c.kind, c.where) for c in diff.paragraphs] == [("changed", "Абзац 2")]
    assert [(c.kind, c.where) for c in diff.cells] == [("changed", "Таблица 1, строка 1, столбец 2")]
    html = page.content.decode()
    assert "<del>О</del>" in html and "<ins>По вопросу</ins>" in html
    assert "<ins>, {{ executor.phone }}</ins>" in html
    # no versions named: the two newest
    assert client.get("/documents/templates/common.letter/compare/").context["new"].version == V + 2


def test_comparing_a_version_that_does_not_exist_is_404(client, make_user, two_versions):
    client = logged_in(client, make_user(LEGAL))
    assert client.get("/documents/templates/common.letter/compare/", {"a": V, "b": V + 9}).status_code == 404
    assert client.get("/documents/templates/common.notice/compare/").status_code == 404  # one version at most


# --- the sample's pages --------------------------------------------------------------------------

def test_the_sample_pages_are_pictures_with_the_page_count(client, make_user, db, libreoffice):
    client = logged_in(client, make_user(LEGAL))
    frame = client.get("/documents/templates/common.notice/pages/")
    assert frame.status_code == 200
    html = frame.content.decode()
    assert html.strip().startswith('<turbo-frame id="template-pages">')
    count = frame.context["page_count"]
    assert count >= 1 and f"страниц — {count}" in html
    image = client.get(f"/documents/templates/common.notice/pages/{N}/1.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert client.get(f"/documents/templates/common.notice/pages/{N}/{len(frame.context['pages']) + 1}.png").status_code == 404


def test_a_failed_conversion_is_said_in_the_frame(client, make_user, db, monkeypatch):
    def fail(docx):
        raise ApplicationError("Не удалось получить PDF: LibreOffice недоступен", code="pdf_failed", field="format")

    monkeypatch.setattr(services, "convert_preview", fail)
    frame = logged_in(client, make_user(LEGAL)).get("/documents/templates/common.notice/pages/")
    assert frame.status_code == 200 and "Образец не удалось показать" in frame.content.decode()


def test_pages_are_drawn_once_per_version(client, make_user, db, monkeypatch):
    from documents.pdf.pages import PageImages

    calls = []

    def drawn_without_libreoffice():
        monkeypatch.setattr(services, "convert_preview", lambda docx: calls.append(1) or b"%PDF")
        monkeypatch.setattr("documents.preview_pages.pdf_pages_png", lambda pdf, dpi: PageImages([b"\x89PNG one"], 1))

    drawn_without_libreoffice()
    client = logged_in(client, make_user(LEGAL))
    client.get("/documents/templates/common.notice/pages/")
    assert client.get(f"/documents/templates/common.notice/pages/{N}/1.png").content == b"\x89PNG one"
    assert len(calls) == 1
    # a new version (its upload checked with the real conversion) is drawn anew
    monkeypatch.undo()
    services.upload_template_version(code="common.notice", content=make_docx("{{ heading }}"), actor=make_user(ADMINISTRATOR))
    drawn_without_libreoffice()
    client.get("/documents/templates/common.notice/pages/")
    assert len(calls) == 2
