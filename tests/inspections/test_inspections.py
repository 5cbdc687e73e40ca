"""Inspections: reported by anyone, planned on a route with its route sheet, and ended with
«нарушений не выявлено» and its photos."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from docx import Document

from core.errors import ApplicationError
from documents import storage
from inspections.models import FieldInspection, InspectionPhoto
from inspections.services.inspections import (
    RouteStop,
    inspection_no_violation,
    inspection_report,
    route_create,
    route_sheet_issue,
)
from inspections.services.photos import PhotoUpload
from tests.subscribers.factories import HeatedObjectFactory

from . import samples

pytestmark = pytest.mark.django_db


def test_anyone_reports_an_unplanned_inspection_with_who_and_when(billing):
    inspection = inspection_report(source=FieldInspection.Source.METER_READER, address="ул. Садовая, д. 14",
                                   note="Труба в подвал без пломб", reporter="контролер Иванова", actor=billing)
    assert inspection.reported_by == billing and inspection.reporter == "контролер Иванова"
    assert not inspection.planned and inspection.result == FieldInspection.Result.PENDING


def test_a_reading_anomaly_is_reported_by_the_system(db):
    heated_object = HeatedObjectFactory()
    inspection = inspection_report(source=FieldInspection.Source.READING_ANOMALY, heated_object=heated_object,
                                   note="M1 − M2 выше допустимого три месяца подряд", actor=None)
    assert inspection.address == heated_object.address and inspection.reported_by is None


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"source": FieldInspection.Source.ROUTE}, "source"),
    ({"note": " "}, "report_note"),
    ({"address": ""}, "address"),
])
def test_a_report_without_its_source_note_or_place_is_refused(billing, kwargs, field):
    values = {"source": FieldInspection.Source.DISPATCHER, "note": "звонок", "address": "ул. Садовая, д. 14", **kwargs}
    with pytest.raises(ApplicationError) as caught:
        inspection_report(actor=billing, **values)
    assert caught.value.field == field and not FieldInspection.objects.exists()


def test_a_route_orders_its_stops_and_prints_the_route_sheet(organization, technician, manager, today, archive_dir):
    first, second = HeatedObjectFactory(), HeatedObjectFactory()
    route = route_create(route_date=today + timedelta(days=1), technician=technician, actor=manager, note="пломбы",
                         stops=[RouteStop(heated_object=second, note="проверить пломбы"),
                                RouteStop(address="ул. Садовая, д. 14", note="сообщение о врезке"),
                                RouteStop(heated_object=first)])
    stops = list(route.stops.order_by("stop_order"))
    assert [s.address for s in stops] == [second.address, "ул. Садовая, д. 14", first.address]
    assert all(s.planned and s.technician == technician for s in stops)
    document = route_sheet_issue(route=route, actor=manager)
    doc = Document(io.BytesIO(storage.read(document.storage_name)))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert [r[1] for r in rows[1:]] == [second.address, "ул. Садовая, д. 14", first.address]
    assert rows[2][2] == "не в реестре"
    assert any("Петров Сергей" in p.text for p in doc.paragraphs)
    route.refresh_from_db()
    assert route.sheet == document


def test_a_route_is_given_to_a_technician_or_a_team(manager, billing, today):
    stop = [RouteStop(address="ул. Садовая, д. 14")]
    with pytest.raises(ApplicationError) as caught:
        route_create(route_date=today, stops=stop, actor=manager)
    assert caught.value.field == "technician"
    with pytest.raises(ApplicationError) as caught:
        route_create(route_date=today, stops=stop, technician=billing, actor=manager)
    assert caught.value.code == "not_technician"


def test_no_violation_is_recorded_with_its_photos(inspection, technician, today, archive_dir):
    inspection_no_violation(inspection=inspection, inspected_on=today, note="ввод опломбирован, врезок нет",
                            photos=[samples.photo("ввод.png", "ввод в здание")], actor=technician)
    inspection.refresh_from_db()
    assert inspection.result == FieldInspection.Result.NO_VIOLATION and inspection.technician == technician
    assert InspectionPhoto.objects.get().caption == "ввод в здание"
    with pytest.raises(ApplicationError) as caught:
        inspection_no_violation(inspection=inspection, inspected_on=today, note="еще раз",
                                photos=[samples.photo()], actor=technician)
    assert caught.value.code == "invalid_state"


@pytest.mark.parametrize(("photos", "words"), [
    ([], "хотя бы один снимок"),
    ([PhotoUpload(name="отчет.txt", content=b"text")], "не изображение"),
])
def test_no_violation_needs_an_image(inspection, technician, today, photos, words):
    with pytest.raises(ApplicationError) as caught:
        inspection_no_violation(inspection=inspection, inspected_on=today, note="осмотрено", photos=photos,
                                actor=technician)
    assert caught.value.field == "photos" and words in caught.value.message
    inspection.refresh_from_db()
    assert inspection.result == FieldInspection.Result.PENDING and not InspectionPhoto.objects.exists()


def test_the_archive_check_finds_a_changed_photo(inspection, technician, today, archive_dir):
    from documents.verification import verify_archive

    inspection_no_violation(inspection=inspection, inspected_on=today, note="осмотрено", photos=[samples.photo()],
                            actor=technician)
    assert not [p for p in verify_archive().problems if "фото" in p]
    photo = InspectionPhoto.objects.get()
    (archive_dir / photo.storage_name).write_bytes(samples.jpeg())
    assert any("SHA-256" in p and "фото обследования" in p for p in verify_archive().problems)
