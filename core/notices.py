"""What a completed step did and where to find it, said to the person who did it: a Django message
shown by the base page (templates/viewflow/base_page.html) — «Акт АВУ-2026/000001 выпущен» with a
link to the archived document or the record."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.html import format_html


def done(request: HttpRequest, text: str, url: str | None = None, link_text: str = "Открыть") -> None:
    """Tell the user what the step did; ``url`` is where its result is (the document, the record)."""
    if url:
        messages.success(request, format_html('{} <a class="pg-message__link" href="{}">{}</a>', text, url, link_text))
    else:
        messages.success(request, text)
