"""Scoped API tokens for external systems (billing centres).

A token acts as its ``user`` (a service account) but grants only its ``scopes``: a
billing centre's token with ``billing_export`` reads the export API and nothing else.
Only the SHA-256 of the key is stored; the key is shown once, when the token is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

SCOPES = {
    "billing_export": "Выгрузка объемов и начислений в расчетные центры (чтение)",
}
KEY_PREFIX = "tsk_"


class ApiToken(models.Model):
    name = models.CharField("назначение", max_length=200, help_text="например: ИРЦ «Город», обмен начислениями")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                             verbose_name="учетная запись")
    prefix = models.CharField("начало ключа", max_length=16, unique=True)
    key_hash = models.CharField("SHA-256 ключа", max_length=64, unique=True)
    scopes = models.JSONField("области доступа", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="выдал")
    created_at = models.DateTimeField("выдан", default=timezone.now)
    expires_at = models.DateTimeField("действует до", null=True, blank=True)
    revoked_at = models.DateTimeField("отозван", null=True, blank=True)
    last_used_at = models.DateTimeField("последнее обращение", null=True, blank=True)

    class Meta:
        verbose_name = "API-токен"
        verbose_name_plural = "API-токены"
        ordering = ["-created_at", "-id"]
        permissions = [("export_billing", "Может выгружать объемы и начисления (файлы и API)")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active_at(self, moment) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def scope_labels(self) -> str:
        return ", ".join(SCOPES.get(s, s) for s in self.scopes or [])
