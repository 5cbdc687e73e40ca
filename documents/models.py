"""The document archive: template versions, registration counters, archived documents and
their PDF renditions.

``TemplateVersion``, ``ArchivedDocument`` and ``PdfRendition`` are insert-only: the model
refuses to save an existing row or delete one, and database triggers (migration 0002,
built with ``audit.triggers``) refuse UPDATE and DELETE on every other path. Their files
live in the ``archive`` storage (``settings.STORAGES``) under names that are never reused.
A correction is a new document whose ``replaces`` names the old one.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models


class ArchiveIsImmutable(Exception):
    """Raised by the ORM paths that would change or remove an archived row."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ArchiveIsImmutable("Архивная запись не изменяется")

    def delete(self):
        raise ArchiveIsImmutable("Архивная запись не удаляется")


class ImmutableModel(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ArchiveIsImmutable("Архивная запись не изменяется")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ArchiveIsImmutable("Архивная запись не удаляется")


class TemplateVersion(ImmutableModel):
    """One version of a DOCX template: the repository's file (registered from the manifest)
    or a file uploaded in the system. Which version is current is not a column of this
    insert-only row but the latest ``TemplateDecision`` of kind ``approved`` for the code
    (docs/documents.md, «Изменение шаблона»): a lawyer's proposal is a version without a
    decision until a manager approves or returns it. Older versions stay for the documents
    issued with them."""

    class Source(models.TextChoices):
        MANIFEST = "manifest", "Из репозитория (манифест)"
        UPLOAD = "upload", "Загружен в системе"

    code = models.CharField("код шаблона", max_length=100)
    version = models.PositiveIntegerField("версия")
    title = models.CharField("название", max_length=300)
    storage_name = models.CharField("файл в архиве", max_length=300, unique=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("размер, байт")
    variables = models.JSONField("переменные", default=list)
    source = models.CharField("источник", max_length=20, choices=Source.choices)
    comment = models.CharField("комментарий", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="загрузил",
    )
    created_at = models.DateTimeField("загружен")

    class Meta:
        verbose_name = "версия шаблона"
        verbose_name_plural = "версии шаблонов"
        ordering = ["code", "-version"]
        default_permissions = ("add", "view")
        permissions = [
            ("propose_templateversion", "Может предлагать новую версию шаблона"),
            ("approve_templateversion", "Может утверждать версию шаблона"),
            ("resolve_templateversion", "Может выбирать между файлом репозитория и загруженной версией"),
        ]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="template_version_unique")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def filename(self) -> str:
        return f"{self.code}-v{self.version}.docx"


class TemplateDecision(ImmutableModel):
    """A decision on a template version, appended, never changed. The version of the latest
    ``approved`` decision of a code is the code's current version; ``returned`` and
    ``withdrawn`` close a lawyer's proposal; ``kept_upload`` records the explicit choice to
    keep the uploaded current version when the repository's file differs from it."""

    class Kind(models.TextChoices):
        APPROVED = "approved", "Утверждена, действует"
        RETURNED = "returned", "Возвращена на доработку"
        WITHDRAWN = "withdrawn", "Отозвана"
        KEPT_UPLOAD = "kept_upload", "Оставлена загруженная версия"

    template = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="decisions", verbose_name="версия шаблона"
    )
    code = models.CharField("код шаблона", max_length=100, db_index=True)
    kind = models.CharField("решение", max_length=20, choices=Kind.choices)
    comment = models.CharField("комментарий", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="решил",
    )
    decided_at = models.DateTimeField("когда")

    class Meta:
        verbose_name = "решение по версии шаблона"
        verbose_name_plural = "решения по версиям шаблонов"
        ordering = ["-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.template}: {self.get_kind_display()}"


class RegistrationCounter(models.Model):
    """The last registration number issued for a prefix in a year; locked while issuing."""

    prefix = models.CharField("префикс", max_length=20)
    year = models.PositiveSmallIntegerField("год")
    last_number = models.PositiveIntegerField("последний номер", default=0)

    class Meta:
        verbose_name = "счетчик регистрационных номеров"
        verbose_name_plural = "счетчики регистрационных номеров"
        default_permissions = ("view",)
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="registration_counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class ArchivedDocument(ImmutableModel):
    """An issued document: the DOCX exactly as issued, never changed."""

    number = models.CharField("регистрационный номер", max_length=50, unique=True)
    number_prefix = models.CharField("префикс номера", max_length=20)
    number_year = models.PositiveSmallIntegerField("год номера")
    number_seq = models.PositiveIntegerField("порядковый номер")
    title = models.CharField("документ", max_length=300)
    template_code = models.CharField("код шаблона", max_length=100, db_index=True)
    template_version = models.PositiveIntegerField("версия шаблона")
    template = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="documents", verbose_name="шаблон"
    )
    storage_name = models.CharField("файл в архиве", max_length=300, unique=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("размер, байт")
    context = models.JSONField("данные документа", default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="выпустил"
    )
    issued_at = models.DateTimeField("выпущен", db_index=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="тип предмета"
    )
    subject_id = models.PositiveBigIntegerField("id предмета")
    subject_repr = models.CharField("предмет", max_length=300)
    subject = GenericForeignKey("subject_type", "subject_id")
    process = models.ForeignKey(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="процесс",
    )
    task = models.ForeignKey(
        "viewflow.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="задача"
    )
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name="заменяет документ",
    )

    class Meta:
        verbose_name = "архивный документ"
        verbose_name_plural = "архив документов"
        ordering = ["-issued_at", "-pk"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["number_prefix", "number_year", "number_seq"], name="archived_document_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="archived_document_subject")]

    def __str__(self) -> str:
        return f"{self.title} № {self.number}"

    def clean(self):
        if self.replaces_id and self.replaces_id == self.pk:
            raise ValidationError({"replaces": "Документ не может заменять сам себя"})
        if self.task_id and not self.process_id:
            raise ValidationError({"task": "Задача указывается вместе с процессом"})

    @property
    def filename(self) -> str:
        """The file name offered on download (sanitised again at the edge)."""
        return f"{self.title} № {self.number}.docx"


class PdfRendition(ImmutableModel):
    """The outcome of converting a document to PDF: the archived PDF, or the failure and
    its reason. Appended, never changed; the newest row is the current state, no row means
    the conversion is still queued."""

    class Status(models.TextChoices):
        DONE = "done", "Готов"
        FAILED = "failed", "Ошибка конвертации"

    document = models.ForeignKey(
        ArchivedDocument, on_delete=models.PROTECT, related_name="pdf_renditions", verbose_name="документ"
    )
    status = models.CharField("состояние", max_length=10, choices=Status.choices)
    storage_name = models.CharField("файл в архиве", max_length=300, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("размер, байт", null=True, blank=True)
    reason = models.TextField("причина ошибки", blank=True)
    attempts = models.PositiveSmallIntegerField("попыток", default=1)
    created_at = models.DateTimeField("записано")

    class Meta:
        verbose_name = "PDF-версия документа"
        verbose_name_plural = "PDF-версии документов"
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(status="done"), name="pdf_rendition_one_done"
            ),
            models.UniqueConstraint(
                fields=["storage_name"], condition=~models.Q(storage_name=""), name="pdf_rendition_file_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"PDF {self.document.number}: {self.get_status_display()}"

    def clean(self):
        if self.status == self.Status.DONE and not (self.storage_name and self.sha256):
            raise ValidationError({"storage_name": "У готовой PDF-версии должен быть файл"})
        if self.status == self.Status.FAILED and not self.reason:
            raise ValidationError({"reason": "Укажите причину ошибки конвертации"})

    @property
    def filename(self) -> str:
        return f"{self.document.title} № {self.document.number}.pdf"


class PdfQueued(models.Model):
    """When the watchdog last queued a document's conversion again: a mutable mark beside
    the insert-only archive, so a pass does not queue again what the previous one queued."""

    document = models.OneToOneField(
        ArchivedDocument, on_delete=models.CASCADE, primary_key=True, related_name="pdf_queued",
        verbose_name="документ",
    )
    queued_at = models.DateTimeField("поставлен в очередь повторно")

    class Meta:
        verbose_name = "повторная постановка PDF в очередь"
        verbose_name_plural = "повторные постановки PDF в очередь"
        default_permissions = ()

    def __str__(self) -> str:
        return f"PDF {self.document_id}: {self.queued_at:%d.%m.%Y %H:%M}"
