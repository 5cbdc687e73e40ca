"""A template's sample as pictures of its PDF pages, for the template page.

The sample is rendered (``services.render_preview``), converted by the PDF pool
(``services.convert_preview``) and drawn page by page (``pdf.pages.pdf_pages_png``): seconds of
work, so the pictures are kept in the Django cache per template version — keyed also by the
file's SHA-256, the sample data and the day (the sample carries today's date), so a changed
sample or a new day draws them again. Nothing here is archived.
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from . import services
from .models import TemplateVersion
from .pdf.pages import PageImages, pdf_pages_png
from .registry import get_spec

DPI = 96
CACHE_SECONDS = 24 * 3600


def cache_key(template: TemplateVersion) -> str:
    sample = json.dumps(get_spec(template.code).sample, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    digest = hashlib.sha256(
        f"{template.code}|{template.version}|{template.sha256}|{timezone.localdate()}|{DPI}|{sample}".encode()
    ).hexdigest()
    return f"documents:template-pages:{digest}"


def template_version(*, code: str, version: int | None) -> TemplateVersion | None:
    """The named version, or the current one; None when the template has no such version."""
    get_spec(code)
    if version is None:
        return services.current_template_version(code=code)
    return TemplateVersion.objects.filter(code=code, version=version).first()


def sample_pages(template: TemplateVersion) -> PageImages:
    """The PNG pictures of the sample's pages (``pdf.pages.MAX_PAGES`` at most) and the
    page count, from the cache or drawn now."""
    key = cache_key(template)
    images = cache.get(key)
    if images is None:
        pdf = services.convert_preview(services.render_preview(code=template.code, version=template.version))
        images = pdf_pages_png(pdf, dpi=DPI)
        cache.set(key, images, CACHE_SECONDS)
    return images
