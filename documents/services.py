"""Every write of the documents engine: issuing, template versions, PDF renditions, and
the audit events of opening and downloading.

``issue_document`` renders, numbers and stores in one transaction; the file write is
undone when anything after it fails. PDF conversion is queued after commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import record_event
from core.enqueue import enqueue_on_commit
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from core.watchdog import stalled_before

from . import formatting, rendering, storage, template_checks, template_source
from .fingerprints import fingerprint
from .models import ArchivedDocument, PdfQueued, PdfRendition, TemplateDecision, TemplateVersion
from .numbering import next_registration_number
from .pdf import ConversionError, ConversionTimeout
from .registry import ManifestError, TemplateSpec, file_sha256, get_spec

if TYPE_CHECKING:
    from django.db import models
    from viewflow.workflow.models import Process, Task

DOCX_FOLDER = "documents"
PDF_FOLDER = "pdf"
TEMPLATE_FOLDER = "templates"
CONVERT_TO_PDF = "documents.tasks.convert_document_to_pdf"  # queued by name: docs/architecture.md
TEMPLATE_VIEW_PERMISSION = "documents.view_templateversion"


# --- template versions ---------------------------------------------------------------------

UPLOAD_PERMISSION = "documents.add_templateversion"  # an administrator's direct upload, approved at once
PROPOSE_PERMISSION = "documents.propose_templateversion"  # a lawyer proposes a version (workflows.template_change)
APPROVE_PERMISSION = "documents.approve_templateversion"  # a manager approves or returns a proposal
RESOLVE_PERMISSION = "documents.resolve_templateversion"  # repository's file or the uploaded version: the choice


def current_template_version(*, code: str) -> TemplateVersion:
    """The current version of a template: the version of the code's latest approval
    (docs/documents.md, «Изменение шаблона») — never a proposal awaiting approval.

    The repository's file (the manifest's) is registered on first use and whenever its
    content changes, and it becomes current by itself while the current version is the
    repository's own. While a version uploaded in the system is current, a changed
    repository file does not replace it silently: the template page shows the divergence
    (``selectors.template_divergence``) and the choice is explicit
    (``take_repository_version`` / ``keep_uploaded_version``)."""
    spec = get_spec(code)
    current = _approved_version(code)
    if current is None or current.source == TemplateVersion.Source.MANIFEST:
        repository = register_manifest_version(spec=spec)
        if repository != current and repository != _approved_version(code):
            # (read again: a concurrent first use may have registered and approved the file
            # meanwhile; approving it twice would also take the audit chain's lock before the
            # registration counter, the reverse of issuing's order, and deadlock)
            with transaction.atomic():
                _decide(repository, TemplateDecision.Kind.APPROVED, actor=None, comment="Файл из репозитория")
        current = repository
    return current


def _approved_version(code: str) -> TemplateVersion | None:
    decision = (
        TemplateDecision.objects.filter(code=code, kind=TemplateDecision.Kind.APPROVED)
        .select_related("template").order_by("-pk").first()
    )
    return decision.template if decision is not None else None


def repository_version(spec: TemplateSpec) -> TemplateVersion | None:
    """The stored version holding the repository's file as it is now, if registered."""
    return (
        TemplateVersion.objects.filter(code=spec.code, sha256=file_sha256(spec), source=TemplateVersion.Source.MANIFEST)
        .order_by("-version").first()
    )


def register_manifest_version(*, spec: TemplateSpec) -> TemplateVersion:
    """The repository's file as a stored version: the one registered with its content, or
    a new one (the manifest's version number on a fresh database, else the next free one,
    so a repository version never takes the number of an uploaded one). Registering does
    not make it current. Refused when the file is not the one the manifest records (its
    SHA-256): an edit in Word without a version bump would otherwise be taken for the
    version the manifest names (docs/documents.md, "Changing a template")."""
    existing = repository_version(spec)
    if existing is not None:
        return existing
    content = spec.file.read_bytes()
    digest = storage.sha256(content)
    if digest != spec.sha256:
        raise ManifestError(
            template_source.file_problem(spec, digest) or f"Шаблон {spec.code}: SHA-256 файла не совпадает с манифестом",
            code="template_file_changed", field="template",
        )
    label = f"«{spec.code}» ({spec.file.name})"
    used = rendering.template_variables(content, label=label)
    template_checks.check_variables(used, spec, label)
    latest = TemplateVersion.objects.filter(code=spec.code).order_by("-version").values_list("version", flat=True).first()
    number = spec.version if latest is None else max(latest + 1, spec.version)
    try:
        with transaction.atomic():
            return _store_template_version(
                spec=spec, version=number, content=content, variables=used,
                source=TemplateVersion.Source.MANIFEST, actor=None, comment=f"Версия {spec.version} манифеста",
            )
    except IntegrityError:  # the number was taken meanwhile: by a concurrent first use of this file?
        registered = repository_version(spec)
        if registered is None:
            raise
        return registered


def upload_template_version(*, code: str, content: bytes, actor: Actor, comment: str = "",
                            proposal: bool = False) -> TemplateVersion:
    """A new version of a registered template. Refused unless it passes every check of
    ``documents.template_checks.check_upload``: a real DOCX (not encrypted, no macros, of a
    bounded size), every Jinja tag parses, only the variables the manifest declares, and
    what the reader will see — the sample fills every printed value, A4 with ГОСТ margins,
    fonts the PDF has, the PDF converts (docs/templates-guide.md). A refusal leaves the
    current version as it was.

    An administrator's upload (``documents.add_templateversion``) is approved at once; a
    lawyer's (``proposal=True``, ``documents.propose_templateversion``, through
    ``propose_template_version``) waits for a manager's decision and is not current
    until approved."""
    require(actor, PROPOSE_PERMISSION if proposal else UPLOAD_PERMISSION)
    spec = get_spec(code)
    label = f"«{code}» (загружаемый файл)"
    used = template_checks.check_upload(content, spec, label=label).variables
    current_template_version(code=code)  # the manifest's own version comes first
    with transaction.atomic():
        latest = TemplateVersion.objects.select_for_update().filter(code=code).order_by("-version").first()
        version = _store_template_version(
            spec=spec, version=latest.version + 1, content=content, variables=used,  # type: ignore[union-attr]  # the manifest's version was stored just above
            source=TemplateVersion.Source.UPLOAD, actor=actor, comment=comment,
        )
        if not proposal:
            _decide(version, TemplateDecision.Kind.APPROVED, actor=actor, comment="Загружена администратором")
    return version


def propose_template_version(*, code: str, content: bytes, reason: str, actor: Actor) -> TemplateVersion:
    """A lawyer's new version of a template with the reason: the checks of an upload
    (``upload_template_version``), then it waits for a manager (``approve_template_version``
    or ``return_template_version``). One proposal of a template at a time."""
    require(actor, PROPOSE_PERMISSION)
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Укажите, что изменено и почему", code="required", field="reason")
    pending = _pending_proposal(code)
    if pending is not None:
        raise ApplicationError(
            f"Версия {pending.version} этого шаблона уже ждет решения руководителя", code="proposal_pending", field="file"
        )
    return upload_template_version(code=code, content=content, actor=actor, comment=reason, proposal=True)


def _pending_proposal(code: str) -> TemplateVersion | None:
    return TemplateVersion.objects.filter(
        code=code, source=TemplateVersion.Source.UPLOAD, decisions__isnull=True
    ).order_by("-version").first()


def _locked_proposal(version: TemplateVersion, *, states: tuple[str | None, ...]) -> TemplateVersion:
    """The version row locked (concurrent decisions wait), refused unless a proposal whose
    latest decision is one of ``states`` (None: no decision yet)."""
    locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    latest = locked.decisions.order_by("-pk").values_list("kind", flat=True).first()
    if locked.source != TemplateVersion.Source.UPLOAD or latest not in states:
        raise ApplicationError(
            f"Версия {locked.version} шаблона «{locked.code}» не ждет этого решения", code="invalid_state", field="template"
        )
    return locked


def approve_template_version(*, version: TemplateVersion, actor: Actor, comment: str = "") -> TemplateDecision:
    """A manager approves a lawyer's proposal: from now on it is the current version;
    documents issued before keep the version they were issued with. Refused when a later
    version became current meanwhile (an administrator's upload, the repository's file):
    approving would silently undo it."""
    require(actor, APPROVE_PERMISSION)
    with transaction.atomic():
        locked = _locked_proposal(version, states=(None,))
        if locked.uploaded_by_id == actor.pk:  # type: ignore[union-attr]  # require refused None
            raise ApplicationError("Свою версию шаблона утверждает другой руководитель", code="own_proposal", field="template")
        current = _approved_version(locked.code)
        if current is not None and current.version > locked.version:
            raise ApplicationError(
                f"После этого предложения стала действовать версия {current.version}: верните предложение юристу, "
                "чтобы правка была внесена в нее", code="stale_proposal", field="template",
            )
        return _decide(locked, TemplateDecision.Kind.APPROVED, actor=actor, comment=comment.strip())


def return_template_version(*, version: TemplateVersion, actor: Actor, comment: str) -> TemplateDecision:
    """A manager returns a proposal to its lawyer with what to correct."""
    require(actor, APPROVE_PERMISSION)
    comment = comment.strip()
    if not comment:
        raise ApplicationError("Укажите, что исправить", code="required", field="comment")
    with transaction.atomic():
        locked = _locked_proposal(version, states=(None,))
        return _decide(locked, TemplateDecision.Kind.RETURNED, actor=actor, comment=comment)


def withdraw_template_version(*, version: TemplateVersion, actor: Actor, comment: str = "") -> TemplateDecision:
    """The lawyer withdraws a returned proposal: the template stays as it is."""
    require(actor, PROPOSE_PERMISSION)
    with transaction.atomic():
        locked = _locked_proposal(version, states=(TemplateDecision.Kind.RETURNED,))
        return _decide(locked, TemplateDecision.Kind.WITHDRAWN, actor=actor, comment=comment.strip())


def review_template_version(*, version: TemplateVersion, approve: bool, comment: str, actor: Actor) -> TemplateDecision:
    """The manager's step of the change flow: approve the proposal or return it with a comment."""
    if approve:
        return approve_template_version(version=version, actor=actor, comment=comment)
    return return_template_version(version=version, actor=actor, comment=comment)


def revise_template_version(*, version: TemplateVersion, content: bytes | None, reason: str,
                            actor: Actor) -> TemplateVersion | None:
    """The lawyer's step after a return: a corrected file (``content``) is proposed as the
    next version and returned; without one the returned proposal is withdrawn (None)."""
    require(actor, PROPOSE_PERMISSION)
    if content is None:
        withdraw_template_version(version=version, actor=actor, comment=reason)
        return None
    with transaction.atomic():
        _locked_proposal(version, states=(TemplateDecision.Kind.RETURNED,))
        return propose_template_version(code=version.code, content=content, reason=reason, actor=actor)


def take_repository_version(*, code: str, actor: Actor, comment: str = "") -> TemplateDecision:
    """The explicit choice «взять версию из репозитория»: the repository's file becomes
    the current version instead of the uploaded one."""
    require(actor, RESOLVE_PERMISSION)
    spec = get_spec(code)
    current = current_template_version(code=code)
    repository = register_manifest_version(spec=spec)
    if repository == current:
        raise ApplicationError("Действует версия из репозитория: выбирать нечего", code="not_diverged", field="template")
    with transaction.atomic():
        return _decide(repository, TemplateDecision.Kind.APPROVED, actor=actor,
                       comment=comment.strip() or "Взята версия из репозитория")


def keep_uploaded_version(*, code: str, actor: Actor, comment: str = "") -> TemplateDecision:
    """The explicit choice «оставить загруженную»: the uploaded current version stays;
    the repository's file is registered and recorded as not taken."""
    require(actor, RESOLVE_PERMISSION)
    spec = get_spec(code)
    current = current_template_version(code=code)
    repository = register_manifest_version(spec=spec)
    if repository == current:
        raise ApplicationError("Действует версия из репозитория: выбирать нечего", code="not_diverged", field="template")
    with transaction.atomic():
        return _decide(repository, TemplateDecision.Kind.KEPT_UPLOAD, actor=actor,
                       comment=comment.strip() or f"Оставлена загруженная версия {current.version}")


DECISION_EVENTS = {
    TemplateDecision.Kind.APPROVED: "template.version_approved",
    TemplateDecision.Kind.RETURNED: "template.version_returned",
    TemplateDecision.Kind.WITHDRAWN: "template.version_withdrawn",
    TemplateDecision.Kind.KEPT_UPLOAD: "template.upload_kept",
}


def _decide(version: TemplateVersion, kind: str, *, actor: Actor, comment: str) -> TemplateDecision:
    """Append a decision with its audit event (in the caller's transaction)."""
    decision = TemplateDecision(
        template=version, code=version.code, kind=kind, comment=comment[:500], decided_by=actor, decided_at=timezone.now()
    )
    validated(decision, exclude=["template", "decided_by"])
    decision.save()
    record_event(
        action=DECISION_EVENTS[TemplateDecision.Kind(kind)], actor=actor, target=version,
        data={"code": version.code, "version": version.version, "decision": kind, "comment": decision.comment,
              "source": version.source},
    )
    return decision


def _store_template_version(*, spec: TemplateSpec, version: int, content: bytes, variables: set[str], source: str,
                            actor: Actor, comment: str) -> TemplateVersion:
    digest = storage.sha256(content)
    name = storage.new_name(f"{TEMPLATE_FOLDER}/{spec.code}", "docx", stem=f"v{version}-")
    with storage.stored(name, content):
        template = TemplateVersion(
            code=spec.code, version=version, title=spec.title, storage_name=name, sha256=digest,
            size=len(content), variables=sorted(variables), source=source, comment=comment,
            uploaded_by=actor, created_at=timezone.now(),
        )
        # (code, version) is left to the database's unique constraint: a check here would
        # race a concurrent first use of the same manifest version (register_manifest_version
        # catches the IntegrityError; an upload holds the row lock on the latest version)
        validated(template, validate_unique=False, validate_constraints=False)
        template.save()
        record_event(
            action="template.version_added", actor=actor, target=template,
            data={"code": spec.code, "version": version, "sha256": digest, "source": source,
                  "fingerprint": fingerprint(template)},
        )
    return template


_template_cache: dict[tuple[str, str], bytes] = {}


def template_content(template: TemplateVersion) -> bytes:
    """The bytes of a template version, checked against its SHA-256 (cached per process)."""
    key = (template.storage_name, template.sha256)
    if key not in _template_cache:
        content = storage.read(template.storage_name)
        if storage.sha256(content) != template.sha256:
            raise ApplicationError(
                f"Файл шаблона {template} в архиве изменен: SHA-256 не совпадает", code="file_tampered", field="template"
            )
        _template_cache[key] = content
    return _template_cache[key]


def sample_context(spec: TemplateSpec) -> dict:
    """The manifest's sample data plus the engine's ``document`` values (number 000000)."""
    today = timezone.localdate()
    sample = {**spec.sample, "document": _document_values(f"{spec.number_prefix}-{today.year}/000000", today)}
    return _jsonable(sample)


def render_preview(*, code: str, version: int | None = None) -> bytes:
    """The template rendered with the manifest's sample data (number 000000)."""
    spec = get_spec(code)
    template = (
        TemplateVersion.objects.get(code=code, version=version) if version else current_template_version(code=code)
    )
    return rendering.render(template_content(template), sample_context(spec), label=str(template))


def template_file(*, code: str, version: int | None, actor: Actor) -> DocumentFile:
    """The raw DOCX of a template version, tags and all, to edit in Word: checked against its
    SHA-256 and recorded as ``template.downloaded`` (the current version when none is named)."""
    require(actor, TEMPLATE_VIEW_PERMISSION)
    spec = get_spec(code)
    template = (
        TemplateVersion.objects.filter(code=code, version=version).first() if version
        else current_template_version(code=code)
    )
    if template is None:
        raise ApplicationError(f"У шаблона «{code}» нет версии {version}", code="not_found", field="version")
    content = template_content(template)
    with transaction.atomic():
        record_event(
            action="template.downloaded", actor=actor, target=template,
            data={"code": code, "version": template.version, "sha256": template.sha256},
        )
    return DocumentFile(content=content, filename=f"{spec.title} (шаблон, версия {template.version}).docx",
                        content_type=DOCX_TYPE)


# --- issuing -------------------------------------------------------------------------------

def _document_values(number: str, day: date, replaces: ArchivedDocument | None = None) -> dict:
    return {
        "number": number,
        "date": formatting.date_short(day),
        "date_long": formatting.date_long(day),
        "date_quoted": formatting.date_quoted(day),
        "replaces": replaced_values(replaces),
    }


def replaced_values(replaces: ArchivedDocument | None) -> dict:
    """``document.replaces`` of a correction: the number and date of the document it replaces,
    for the line «Взамен письма № … от …» (empty for a first issue: the line is not printed).
    The date is the replaced document's issue day, as its own ``document.date`` printed it."""
    if replaces is None:
        return {}
    return {"number": replaces.number, "date": formatting.date_short(timezone.localdate(replaces.issued_at))}


def _jsonable(context: dict) -> dict:
    try:
        return json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    except TypeError as exc:
        raise ApplicationError(
            f"Данные документа содержат значение, которое нельзя сохранить в архиве: {exc}",
            code="not_serializable", field="context"
        ) from exc


RELATED_IN_HAND = ["template", "issued_by", "subject_type", "process", "task", "replaces"]


def issue_document(*, template: str, context: dict, subject: models.Model, actor: Actor, process: Process | None = None,
                   task: Task | None = None, replaces: ArchivedDocument | None = None,
                   dated: date | None = None) -> ArchivedDocument:
    """Render ``template`` (a manifest code) with ``context`` (from the template's context
    builder: a dict with exactly the declared variables), assign the registration number,
    print ``dated`` as the document's date when the rule dates it otherwise than the issue day
    (a УПД: the last day of the month of supply, НК ст. 168 п. 3),
    store the DOCX in the archive with its SHA-256, record ``document.issued`` — one
    transaction — and queue the PDF conversion after commit."""
    spec = get_spec(template)
    if subject is None or subject.pk is None:
        raise ApplicationError("Не указан предмет документа (абонент, акт, договор, дело)", code="required", field="subject")
    if actor is None or not actor.is_authenticated:
        raise ApplicationError("Документ выпускает пользователь: не указан выпускающий", code="required", field="actor")
    missing = spec.variables - set(context)
    extra = set(context) - spec.variables
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"не переданы переменные {', '.join(sorted(missing))}")
        if extra:
            problems.append(f"переменные {', '.join(sorted(extra))} не объявлены в манифесте")
        raise ApplicationError(f"Шаблон «{template}»: " + "; ".join(problems), code="context_mismatch", field="context")
    if replaces is not None and replaces.subject_type_id != ContentType.objects.get_for_model(subject).pk:
        raise ApplicationError("Заменяемый документ относится к другому предмету", code="foreign_object", field="replaces")
    data = _jsonable(context)
    version = current_template_version(code=template)
    content = template_content(version)
    issued_at = timezone.now()
    today = timezone.localdate(issued_at)

    with transaction.atomic():
        number = next_registration_number(prefix=spec.number_prefix, year=today.year)
        docx = rendering.render(
            content, {**data, "document": _document_values(str(number), dated or today, replaces)},
            label=f"«{template}» (версия {version.version})",
        )
        digest = storage.sha256(docx)
        name = storage.new_name(f"{DOCX_FOLDER}/{today.year}", "docx")
        with storage.stored(name, docx):
            document = ArchivedDocument(
                number=str(number), number_prefix=number.prefix, number_year=number.year,
                number_seq=number.seq, title=spec.title, template_code=template,
                template_version=version.version, template=version, storage_name=name,
                sha256=digest, size=len(docx), context=data, issued_by=actor, issued_at=issued_at,
                subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
                subject_repr=str(subject)[:300], process=process, task=task, replaces=replaces,
            )
            # the related rows are objects in hand: no query to prove they exist
            validated(document, exclude=RELATED_IN_HAND, validate_unique=False, validate_constraints=False)
            document.save()
            record_event(
                action="document.issued", actor=actor, target=document,
                data={
                    "number": document.number, "template": template, "version": version.version,
                    "sha256": digest, "subject": f"{document.subject_type.app_label}.{document.subject_type.model}:{subject.pk}",
                    "replaces": replaces.number if replaces else None,
                    "fingerprint": fingerprint(document),
                },
            )
    _queue_pdf(document.pk)
    return document


def _queue_pdf(document_id: int) -> None:
    # robust: run eagerly (embedded mode), a failure to queue must not fail the committed issue
    enqueue_on_commit(CONVERT_TO_PDF, document_id)


# --- PDF renditions ------------------------------------------------------------------------

class PdfConversionFailed(Exception):
    """A conversion attempt failed; the reason is the message (Russian, for the card)."""


def _convert(docx: bytes, *, timeout: float | None) -> bytes:
    # looked up at call time: the import point that tests replace with a boundary fake
    from documents.pdf import convert_docx_to_pdf

    return convert_docx_to_pdf(docx, timeout=timeout)


def archive_pdf_rendition(*, document_id: int, timeout: float | None = None) -> PdfRendition | None:
    """Convert the archived DOCX to PDF and archive it beside; returns the rendition, or
    None when the document is gone. Raises ``PdfConversionFailed`` for the task to retry."""
    document = ArchivedDocument.objects.filter(pk=document_id).first()
    if document is None:
        return None
    done = document.pdf_renditions.filter(status=PdfRendition.Status.DONE).first()
    if done is not None:
        return done
    docx = storage.read(document.storage_name)
    if storage.sha256(docx) != document.sha256:
        raise PdfConversionFailed("Файл DOCX в архиве изменен: SHA-256 не совпадает, конвертация отменена")
    try:
        pdf = _convert(docx, timeout=timeout)
    except ConversionTimeout as exc:
        raise PdfConversionFailed(f"Конвертация не завершилась за отведенное время: {exc}") from exc
    except ConversionError as exc:
        raise PdfConversionFailed(f"Ошибка конвертации: {exc}") from exc
    if not pdf.startswith(b"%PDF"):
        raise PdfConversionFailed("Конвертер вернул не PDF")
    digest = storage.sha256(pdf)
    name = storage.new_name(f"{PDF_FOLDER}/{document.number_year}", "pdf")
    try:
        with transaction.atomic(), storage.stored(name, pdf):
            rendition = PdfRendition(
                document=document, status=PdfRendition.Status.DONE, storage_name=name, sha256=digest,
                size=len(pdf), created_at=timezone.now(),
            )
            validated(rendition, validate_constraints=False)
            rendition.save()
            record_event(
                action="document.pdf_archived", target=document,
                data={"number": document.number, "sha256": digest, "rendition": rendition.pk,
                      "fingerprint": fingerprint(rendition)},
            )
    except IntegrityError:  # a duplicate delivery of the task archived it first
        return document.pdf_renditions.get(status=PdfRendition.Status.DONE)
    return rendition


def convert_preview(docx: bytes) -> bytes:
    """A PDF of a preview (not archived), for looking at a template in the browser."""
    try:
        return _convert(docx, timeout=None)
    except ConversionError as exc:
        raise ApplicationError(f"Не удалось получить PDF: {exc}", code="pdf_failed", field="format") from exc


def record_pdf_failure(*, document_id: int, reason: str, attempts: int) -> PdfRendition | None:
    """The conversion gave up: record why. The DOCX stays available."""
    with transaction.atomic():
        document = ArchivedDocument.objects.filter(pk=document_id).first()
        if document is None or document.pdf_renditions.filter(status=PdfRendition.Status.DONE).exists():
            return None
        rendition = PdfRendition(
            document=document, status=PdfRendition.Status.FAILED, reason=reason[:2000],
            attempts=attempts, created_at=timezone.now(),
        )
        validated(rendition, validate_constraints=False)
        rendition.save()
        record_event(
            action="document.pdf_failed", target=document,
            data={"number": document.number, "reason": reason[:500], "attempts": attempts},
        )
    return rendition


def pdf_requeue_stalled() -> int:
    """The watchdog: queue again the conversion of documents that, a while after issue, have
    neither a PDF nor a recorded failure (the worker converting them died) — at most
    ``WATCHDOG_PDF_BATCH`` per pass, oldest first, and not one this watchdog queued less
    than the stall threshold ago (``PdfQueued``), so a backlog is not queued twice.
    Idempotent: a document converted meanwhile is skipped by the task."""
    cutoff = stalled_before("pdf")
    with transaction.atomic():
        stalled = list(
            ArchivedDocument.objects.filter(issued_at__lt=cutoff, pdf_renditions__isnull=True)
            .filter(Q(pdf_queued__isnull=True) | Q(pdf_queued__queued_at__lt=cutoff))
            .order_by("issued_at", "pk").values_list("pk", flat=True)[: settings.WATCHDOG_PDF_BATCH]
        )
        now = timezone.now()
        PdfQueued.objects.bulk_create(
            [PdfQueued(document_id=document_id, queued_at=now) for document_id in stalled],
            update_conflicts=True, unique_fields=["document"], update_fields=["queued_at"],
        )
        for document_id in stalled:
            enqueue_on_commit(CONVERT_TO_PDF, document_id)
    return len(stalled)


def request_pdf_again(*, document: ArchivedDocument, actor: Actor) -> None:
    """Queue the conversion again after a recorded failure (e.g. LibreOffice was fixed)."""
    if document.pdf_renditions.filter(status=PdfRendition.Status.DONE).exists():
        raise ApplicationError("PDF-версия уже в архиве", code="pdf_exists", field="document")
    with transaction.atomic():
        record_event(action="document.pdf_requested", actor=actor, target=document, data={"number": document.number})
        _queue_pdf(document.pk)


# --- access events -------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentFile:
    content: bytes
    filename: str
    content_type: str


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def open_document_file(*, document: ArchivedDocument, actor: Actor, kind: str = "docx", inline: bool = False) -> DocumentFile:
    """The archived file for a user already allowed to see it (``documents.access``),
    checked against its SHA-256, with the ``document.opened``/``document.downloaded`` event."""
    if kind == "pdf":
        rendition = document.pdf_renditions.filter(status=PdfRendition.Status.DONE).first()
        if rendition is None:
            raise ApplicationError("PDF-версии документа пока нет", code="pdf_missing", field="format")
        name, digest, filename, content_type = rendition.storage_name, rendition.sha256, rendition.filename, "application/pdf"
    elif kind == "docx":
        name, digest, filename, content_type = document.storage_name, document.sha256, document.filename, DOCX_TYPE
    else:
        raise ApplicationError(f"Неизвестный формат файла: {kind}", code="invalid_choice", field="format")
    try:
        content = storage.read(name)
    except FileNotFoundError as exc:
        raise ApplicationError(
            f"Файл документа {document.number} отсутствует в архиве", code="file_missing", field="document"
        ) from exc
    if storage.sha256(content) != digest:
        raise ApplicationError(
            f"Файл документа {document.number} в архиве изменен (SHA-256 не совпадает): выдача запрещена",
            code="file_tampered", field="document",
        )
    with transaction.atomic():
        record_event(
            action="document.opened" if inline else "document.downloaded", actor=actor, target=document,
            data={"number": document.number, "format": kind},
        )
    return DocumentFile(content=content, filename=filename, content_type=content_type)
