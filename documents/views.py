"""Thin views of the documents application: file delivery, the template pages."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.views import View, generic

from core.errors import ApplicationError

from . import preview_pages, services, template_diff
from .access import can_view_document
from .forms import TemplateUploadForm
from .models import ArchivedDocument, TemplateVersion
from .registry import get_spec
from .selectors import STATE_LABELS, pdf_state, template_divergence, template_entries, template_variable_rows, version_state

UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def safe_filename(name: str) -> str:
    """A file name that cannot climb directories or break the header: no separators,
    no control or reserved characters, no leading dots; Cyrillic kept."""
    name = UNSAFE.sub("_", unicodedata.normalize("NFC", name))
    stem, dot, extension = name.rpartition(".")
    stem = stem.strip(" .") if dot else name.strip(" .")
    stem = stem[:150] or "document"
    return f"{stem}.{extension}" if dot and extension else stem


def file_response(content: bytes, *, filename: str, content_type: str, inline: bool, fallback: str) -> HttpResponse:
    """The file with ``Content-Disposition`` per RFC 6266/5987: an ASCII ``filename`` for old
    clients and the UTF-8 ``filename*`` with the Cyrillic name."""
    response = HttpResponse(content, content_type=content_type)
    name = safe_filename(filename)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class DocumentFileView(View):
    """Open (PDF inline) or download a document; every delivery is an audit event."""

    def get(self, request, pk: int, kind: str):
        document = get_object_or_404(ArchivedDocument, pk=pk)
        if not can_view_document(request.user, document):
            raise PermissionDenied
        inline = kind == "pdf" and request.GET.get("inline") == "1"
        try:
            delivered = services.open_document_file(document=document, actor=request.user, kind=kind, inline=inline)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.resolver_match.namespace + ":detail", pk=document.pk)
        return file_response(
            delivered.content, filename=delivered.filename, content_type=delivered.content_type,
            inline=inline, fallback=f"document-{document.pk}.{kind}",
        )


class RequestPdfView(View):
    def post(self, request, pk: int):
        document = get_object_or_404(ArchivedDocument, pk=pk)
        if not can_view_document(request.user, document):
            raise PermissionDenied
        try:
            services.request_pdf_again(document=document, actor=request.user)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Конвертация в PDF поставлена в очередь")
        return redirect(request.resolver_match.namespace + ":detail", pk=document.pk)


class DocumentCardView(generic.DetailView):
    """The card of an archived document with its files."""

    model = ArchivedDocument
    template_name = "documents/document_card.html"
    context_object_name = "document"
    viewset = None

    def get_object(self, queryset=None):
        document = super().get_object(queryset)
        if not can_view_document(self.request.user, document):
            raise PermissionDenied
        return document

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pdf=pdf_state(self.object), replaced_by=list(self.object.replaced_by.all()), **kwargs
        )


TEMPLATE_PERMISSION = "documents.view_templateversion"
UPLOAD_PERMISSION = services.UPLOAD_PERMISSION
PROPOSE_START_URL = "document_flows:flows:templatechange:propose:execute"  # workflows.template_change, by name


class TemplateAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(TEMPLATE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TemplateListView(TemplateAccessMixin, generic.TemplateView):
    template_name = "documents/template_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=template_entries(), **kwargs)


def template_entry(code: str):
    entry = next((e for e in template_entries() if e.spec.code == code), None)
    if entry is None:
        raise Http404
    return entry


def version_param(request, name: str) -> int | None:
    """A version number from the query string; absent is None, anything but a number 404."""
    value = request.GET.get(name)
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


class TemplateDetailView(TemplateAccessMixin, generic.TemplateView):
    """A template's page: its variables with their meaning and sample, its versions (who,
    when, why), the raw DOCX of each, the sample's pages and the comparison of two versions."""

    template_name = "documents/template_detail.html"

    def get_context_data(self, **kwargs):
        entry = template_entry(self.kwargs["code"])
        may_upload = self.request.user.has_perm(UPLOAD_PERMISSION)
        numbers = [v.version for v in entry.versions]
        for version in entry.versions:
            version.state = version_state(version, current_pk=entry.current_pk)
            version.state_label = STATE_LABELS[version.state]
        return super().get_context_data(
            entry=entry, may_upload=may_upload, form=kwargs.pop("form", None) or TemplateUploadForm(),
            variables=template_variable_rows(entry.spec),
            compare_a=numbers[1] if len(numbers) > 1 else None, compare_b=numbers[0] if numbers else None,
            divergence=template_divergence(entry.spec),
            may_resolve=self.request.user.has_perm(services.RESOLVE_PERMISSION),
            propose_url=_propose_url(self.request.user, entry.spec.code), **kwargs
        )

    def post(self, request, code: str):
        if not request.user.has_perm(UPLOAD_PERMISSION):
            raise PermissionDenied
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.upload_template_version(
                    code=code, content=form.cleaned_data["file"].read(), actor=request.user,
                    comment=form.cleaned_data["comment"],
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, f"Загружена версия {version.version} шаблона «{version.title}»")
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


def _propose_url(user, code: str) -> str | None:
    """The start of the change flow for a lawyer (None when the flow is not on the site)."""
    if not user.has_perm(services.PROPOSE_PERMISSION):
        return None
    try:
        return reverse(PROPOSE_START_URL) + f"?template={quote(code)}"
    except NoReverseMatch:
        return None


class TemplateChoiceView(View):
    """The explicit choice when the repository's file and the uploaded current version
    diverge: «взять версию из репозитория» or «оставить загруженную» (audited)."""

    def post(self, request, code: str):
        if not request.user.has_perm(services.RESOLVE_PERMISSION):
            raise PermissionDenied
        get_spec_or_404(code)
        choice, comment = request.POST.get("choice"), request.POST.get("comment", "")
        try:
            if choice == "repository":
                decision = services.take_repository_version(code=code, actor=request.user, comment=comment)
            elif choice == "upload":
                decision = services.keep_uploaded_version(code=code, actor=request.user, comment=comment)
            else:
                raise ApplicationError("Выберите: версия из репозитория или загруженная", code="invalid_choice", field="choice")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{decision.get_kind_display()}: версия {decision.template.version}")
        return redirect(request.resolver_match.namespace + ":detail", code=code)


class TemplatePreviewView(TemplateAccessMixin, View):
    """The template filled with the manifest's sample data: DOCX, or PDF to look at."""

    def get(self, request, code: str):
        spec = get_spec_or_404(code)
        version = request.GET.get("version")
        if version and not TemplateVersion.objects.filter(code=code, version=version).exists():
            raise Http404
        try:
            docx = services.render_preview(code=code, version=int(version) if version else None)
            if request.GET.get("format") == "pdf":
                pdf = services.convert_preview(docx)
                return file_response(pdf, filename=f"{spec.title} (образец).pdf", content_type="application/pdf",
                                     inline=True, fallback="preview.pdf")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(request.resolver_match.namespace + ":detail", code=code)
        return file_response(docx, filename=f"{spec.title} (образец).docx", content_type=services.DOCX_TYPE,
                             inline=False, fallback="preview.docx")


class TemplateDownloadView(TemplateAccessMixin, View):
    """The raw DOCX of a version (the current one by default), tags and all, to edit in Word."""

    def get(self, request, code: str):
        get_spec_or_404(code)
        try:
            delivered = services.template_file(code=code, version=version_param(request, "version"), actor=request.user)
        except ApplicationError as exc:
            if exc.code == "not_found":
                raise Http404 from None
            messages.error(request, exc.message)
            return redirect(request.resolver_match.namespace + ":detail", code=code)
        return file_response(delivered.content, filename=delivered.filename, content_type=delivered.content_type,
                             inline=False, fallback=f"template-{code}.docx")


class TemplatePagesView(TemplateAccessMixin, generic.TemplateView):
    """The sample's pages as pictures: the frame the template page loads (Turbo) after it
    shows, since drawing them takes seconds the first time."""

    template_name = "documents/template_pages.html"

    def get_context_data(self, **kwargs):
        code = self.kwargs["code"]
        spec = get_spec_or_404(code)
        template, images, error = None, None, ""
        try:
            template = preview_pages.template_version(code=code, version=version_param(self.request, "version"))
            if template is None:
                raise Http404
            images = preview_pages.sample_pages(template)
        except ApplicationError as exc:
            error = exc.message
        return super().get_context_data(
            spec=spec, template=template, error=error, page_count=images.page_count if images else 0,
            pages=range(1, len(images.pages) + 1) if images else range(0), **kwargs,
        )


class TemplatePageImageView(TemplateAccessMixin, View):
    """One page of the sample as PNG (from the cache the pages frame filled)."""

    def get(self, request, code: str, version: int, page: int):
        get_spec_or_404(code)
        template = TemplateVersion.objects.filter(code=code, version=version).first()
        if template is None:
            raise Http404
        try:
            images = preview_pages.sample_pages(template)
        except ApplicationError:
            raise Http404 from None
        if not 1 <= page <= len(images.pages):
            raise Http404
        response = HttpResponse(images.pages[page - 1], content_type="image/png")
        response["Cache-Control"] = "private, max-age=300"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class TemplateCompareView(TemplateAccessMixin, generic.TemplateView):
    """The text of two versions compared: paragraphs and table cells added, removed, changed."""

    template_name = "documents/template_compare.html"

    def get_context_data(self, **kwargs):
        entry = template_entry(self.kwargs["code"])
        numbers = [v.version for v in entry.versions]
        a = version_param(self.request, "a") or (numbers[1] if len(numbers) > 1 else None)
        b = version_param(self.request, "b") or (numbers[0] if numbers else None)
        by_number = {v.version: v for v in entry.versions}
        if a not in by_number or b not in by_number:
            raise Http404
        old, new = by_number[a], by_number[b]
        try:
            diff = template_diff.compare(services.template_content(old), services.template_content(new))
        except ApplicationError as exc:
            diff, error = None, exc.message
        else:
            error = ""
        return super().get_context_data(entry=entry, old=old, new=new, diff=diff, error=error, **kwargs)


def get_spec_or_404(code: str):
    try:
        return get_spec(code)
    except ApplicationError:
        raise Http404 from None
