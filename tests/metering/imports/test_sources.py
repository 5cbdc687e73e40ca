"""reading_source_save: a source with its whole column mapping, checked and audited."""

import pytest

from accounts.roles import BILLING
from audit.models import AuditEvent
from core.errors import ApplicationError
from metering.imports.sources import reading_source_save
from metering.models import ReadingColumn, ReadingImportSource

from .conftest import MAPPING

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Взлет СП", "file_format": "csv", "unit_key": "unit_number", "csv_delimiter": ";",
    "csv_encoding": "cp1251", "period_format": "%m.%Y",
}


@pytest.fixture
def actor(make_user):
    return make_user(BILLING)


def saved_mapping(source) -> dict:
    return {c.field: (c.column, c.measure) for c in source.columns.all()}


def test_a_source_is_created_with_its_mapping_and_audited(actor):
    source = reading_source_save(actor=actor, columns=dict(MAPPING), **SETTINGS)

    assert saved_mapping(source) == {str(f): v for f, v in MAPPING.items()}
    event = AuditEvent.objects.get(action="reading_source.created")
    assert event.data["columns"]["q"] == {"column": "Тепло, ГДж", "measure": "ГДж"}


def test_an_update_changes_removes_and_leaves_lines_and_writes_nothing_when_unchanged(actor):
    source = reading_source_save(actor=actor, columns=dict(MAPPING), **SETTINGS)
    history = ReadingColumn.history.model.objects.count()
    columns = dict(MAPPING)
    columns[ReadingColumn.Field.Q] = ("Q, МВт*ч", "МВт·ч")
    del columns[ReadingColumn.Field.V1]

    reading_source_save(source=source, actor=actor, columns=columns, **{**SETTINGS, "csv_delimiter": ","})

    source.refresh_from_db()
    assert source.csv_delimiter == ","
    assert saved_mapping(source)["q"] == ("Q, МВт*ч", "МВт·ч") and "v1" not in saved_mapping(source)
    assert ReadingColumn.history.model.objects.count() == history + 2  # one changed, one removed
    events = AuditEvent.objects.count()
    reading_source_save(source=source, actor=actor, columns=columns, **{**SETTINGS, "csv_delimiter": ","})
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(("change", "field", "code"), [
    (lambda c, s: c.update({ReadingColumn.Field.Q: ("Тепло", "°C")}), "measure_q", "invalid_measure"),
    (lambda c, s: c.pop(ReadingColumn.Field.M1), "column_m1", "required"),
    (lambda c, s: c.update({ReadingColumn.Field.T2: ("т подачи", "")}), "column_t2", "duplicate"),
    (lambda c, s: s.update(period_format="%d.%Y"), "period_format", "invalid_value"),
])
def test_a_bad_mapping_is_refused_naming_the_field_and_nothing_is_saved(actor, change, field, code):
    columns, settings = dict(MAPPING), dict(SETTINGS)
    change(columns, settings)

    with pytest.raises(ApplicationError) as caught:
        reading_source_save(actor=actor, columns=columns, **settings)

    assert (caught.value.field, caught.value.code) == (field, code)
    assert not ReadingImportSource.objects.exists() and not ReadingColumn.objects.exists()


def test_a_name_taken_by_another_source_is_refused_whatever_its_letter_case(actor):
    reading_source_save(actor=actor, columns=dict(MAPPING), **SETTINGS)
    other = reading_source_save(actor=actor, columns=dict(MAPPING), **{**SETTINGS, "name": "Пульсар"})

    with pytest.raises(ApplicationError) as caught:
        reading_source_save(source=other, actor=actor, columns=dict(MAPPING), **{**SETTINGS, "name": "ВЗЛЕТ сп"})

    assert (caught.value.field, caught.value.code) == ("name", "duplicate")
