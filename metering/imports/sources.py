"""A meter-data system as an import source: its file settings and its column mapping.

``reading_source_save`` creates or updates a source with its whole mapping in one
transaction: every line is ``full_clean``-ed (a measure must fit its field), lines no longer
given are removed, unchanged ones are left alone (no history record), and one audit event
says what the mapping became.
"""

from __future__ import annotations

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.history import history_actor
from core.validation import validated
from metering.models import ReadingColumn, ReadingImportSource

from . import mapping

SOURCE_FIELDS = ("name", "file_format", "unit_key", "csv_delimiter", "csv_encoding", "period_format")
LABELS = dict(ReadingColumn.Field.choices)


def reading_source_save(
    *,
    actor,
    columns: dict[str, tuple[str, str]],
    source: ReadingImportSource | None = None,
    **fields,
) -> ReadingImportSource:
    """Create (``source`` None) or update a source. ``columns``: field → (header in the file,
    measure in the file, "" for ours); a field left out is not mapped. ``fields`` are the
    source's own (``SOURCE_FIELDS``)."""
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown source fields: {sorted(unknown)}")
    columns = {f: (header.strip(), measure) for f, (header, measure) in columns.items() if header.strip()}
    _check_mapping(columns)
    with transaction.atomic(), history_actor(actor):
        name = fields.get("name", "").strip().casefold()
        others = ReadingImportSource.objects.exclude(pk=source.pk) if source is not None else ReadingImportSource.objects
        if name and any(n.casefold() == name for n in others.values_list("name", flat=True)):
            raise ApplicationError(f"Источник «{fields['name']}»: уже есть", code="duplicate", field="name")
        if source is None:
            source = ReadingImportSource(**fields)
            created = changed = True
        else:
            source = ReadingImportSource.objects.select_for_update().get(pk=source.pk)
            created, changed = False, any(getattr(source, k) != v for k, v in fields.items())
            for name, value in fields.items():
                setattr(source, name, value)
        validated(source)
        if changed:
            source.save()
        existing = {c.field: c for c in source.columns.all()}
        for field_name, line in existing.items():
            if field_name not in columns:
                line.delete()
                changed = True
        for field_name, (header, measure) in columns.items():
            line = existing.get(field_name) or ReadingColumn(source=source, field=field_name)
            if line.pk and (line.column, line.measure) == (header, measure):
                continue
            line.column, line.measure = header, measure
            validated(line, exclude=["source"])
            line.save()
            changed = True
        if not changed:
            return source
        record_event(
            action="reading_source.created" if created else "reading_source.updated", actor=actor, target=source,
            data={**{name: getattr(source, name) for name in SOURCE_FIELDS},
                  "columns": {f: {"column": h, "measure": m} for f, (h, m) in sorted(columns.items())}},
        )
    return source


def _check_mapping(columns: dict[str, tuple[str, str]]) -> None:
    for field_name in mapping.REQUIRED_FIELDS:
        if field_name not in columns:
            raise ApplicationError(
                f"Поле «{LABELS[field_name]}»: укажите заголовок его столбца в файле",
                code="required", field=f"column_{field_name}"
            )
    seen: dict[str, str] = {}
    for field_name, (header, measure) in columns.items():
        problem = mapping.measure_problem(field_name, measure)
        if problem:
            raise ApplicationError(
                f"Поле «{LABELS[field_name]}»: {problem}", code="invalid_measure", field=f"measure_{field_name}"
            )
        key = header.lower()
        if key in seen:
            raise ApplicationError(
                f"Столбец «{header}» уже сопоставлен полю «{LABELS[seen[key]]}»", code="duplicate", field=f"column_{field_name}"
            )
        seen[key] = field_name
