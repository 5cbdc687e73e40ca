"""Fingerprints of archive rows: SHA-256 over the canonical JSON of every stored column.

The creation event of each row records its fingerprint in the hash-chained audit trail;
``archive_verify`` recomputes it, so any column changed behind the application's back is
found.
"""

from __future__ import annotations

import hashlib
import json

from audit.models import format_time

from .models import ArchivedDocument, PdfRendition, TemplateVersion

FIELDS = {
    TemplateVersion: ("code", "version", "title", "storage_name", "sha256", "size", "variables", "source",
                      "comment", "uploaded_by_id", "created_at"),
    ArchivedDocument: ("number", "number_prefix", "number_year", "number_seq", "title", "template_code",
                       "template_version", "template_id", "storage_name", "sha256", "size", "context",
                       "issued_by_id", "issued_at", "subject_type_id", "subject_id", "subject_repr",
                       "process_id", "task_id", "replaces_id"),
    PdfRendition: ("document_id", "status", "storage_name", "sha256", "size", "reason", "attempts", "created_at"),
}


def fingerprint(row) -> str:
    values = {}
    for name in FIELDS[type(row)]:
        value = getattr(row, name)
        values[name] = format_time(value) if name in ("created_at", "issued_at") else value
    payload = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
