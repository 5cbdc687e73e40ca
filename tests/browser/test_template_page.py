"""In Chromium: a lawyer opens a template's page and sees its sample as PDF pages (pictures
drawn by the server), with the variables explained and the versions listed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import SCREENSHOTS, log_in

pytestmark = pytest.mark.browser

CODE = "metering.commissioning_act"


def edited_in_word() -> bytes:
    """The committed template with a paragraph and a table heading reworded (python-docx on
    the file, as Word would leave it)."""
    import io

    from docx import Document

    from documents.registry import get_spec

    document = Document(str(get_spec(CODE).file))
    [appendix] = [p for p in document.paragraphs if "Приложение:" in p.text]
    appendix.runs[0].text = "{% if attachments %}Приложения: {{ attachments|join('; ') }}; копия проекта узла учета.{% endif %}"
    for run in appendix.runs[1:]:
        run.text = ""
    [place_heading] = [c for c in document.tables[5].rows[0].cells if c.text == "Место установки"]
    place_heading.paragraphs[0].runs[0].text = "Место установки пломбы"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_lawyer_sees_the_preview_pages_of_a_template(live_server, browser, make_user):
    from accounts.roles import ADMINISTRATOR, LEGAL
    from documents.services import upload_template_version

    make_user(LEGAL, username="lawyer-smoke", first_name="Анна", last_name="Юрьева")
    admin = make_user(ADMINISTRATOR, first_name="Олег", last_name="Админов")
    upload_template_version(code=CODE, content=edited_in_word(), actor=admin, comment="добавлено приложение: копия проекта")
    page = browser.new_page(locale="ru-RU", viewport={"width": 1400, "height": 1000})
    log_in(page, live_server.url, "lawyer-smoke")
    page.goto(live_server.url + reverse("documents:templates:detail", args=[CODE]))
    assert page.locator("h1").first.inner_text() == "Акт ввода в эксплуатацию узла учета"
    assert page.locator("#variables tr[data-variable=devices]").inner_text().count("Тепловычислитель") >= 1
    # the frame loads the pages (the sample is converted to PDF: seconds the first time)
    images = page.locator("#template-pages img")
    images.first.wait_for(timeout=120_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('#template-pages img')].every(i => i.complete && i.naturalWidth > 0)",
        timeout=30_000,
    )
    count_text = page.locator("#page-count").inner_text()
    assert "страниц —" in count_text
    widths = images.evaluate_all("imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) >= 1 and all(w > 0 for w in widths)
    assert page.locator("#template-pages figcaption").first.inner_text().startswith("Страница 1 из ")
    assert page.locator("#versions tbody tr").count() == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "template-page-lawyer.png"), full_page=True)
    # the comparison of the two versions names the reworded paragraph and cell
    with page.expect_navigation():
        page.locator("#compare button[type=submit]").click()
    assert page.locator("#paragraph-changes tbody tr").count() == 1
    assert "Таблица 6, строка 1, столбец 3" in page.locator("#cell-changes").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "template-compare-lawyer.png"), full_page=True)
    page.close()
