"""Bad input of an act (issue 15, «Bad input»): refused with a message naming the field, and
nothing written — no act, no rows, no photo in the archive, no audit event."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.errors import ApplicationError
from inspections.models import ActLoad, FieldInspection, InspectionPhoto, ViolationAct
from inspections.services.act_data import LoadRow, WitnessRow
from inspections.services.acts import act_fill
from inspections.services.photos import PhotoUpload
from tests.documents.conftest import archive_files
from tests.subscribers.factories import SignatoryFactory

from . import samples

pytestmark = pytest.mark.django_db


def refused(inspection, data, actor, *, photos=()) -> ApplicationError:
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        act_fill(inspection=inspection, data=data, photos=photos, actor=actor)
    assert not ViolationAct.objects.exists() and not ActLoad.objects.exists()
    assert not InspectionPhoto.objects.exists()
    assert AuditEvent.objects.count() == events
    inspection.refresh_from_db()
    assert inspection.result == FieldInspection.Result.PENDING
    return caught.value


@pytest.mark.parametrize(("field", "change", "words"), [
    ("place", {"place": " "}, "место составления"),
    ("intake_method", {"intake_method": ""}, "способ потребления"),
    ("person_inn", {"person_inn": ""}, "ИНН"),
    ("person_ogrn", {"person_ogrn": "1027700132190"}, "ОГРН"),
    ("title_to_object", {"title_to_object": ""}, "право на объект"),
    ("object_volume", {"object_volume": None}, "строительный объем"),
    ("object_area", {"object_area": None}, "площадь"),
    ("violation", {"violation": ViolationAct.Violation.BYPASS}, "не относится к виду"),
    ("signed_by", {"signed_by": ""}, "подписал за потребителя"),
])
def test_a_contractless_act_without_a_mandatory_field_is_refused_naming_it(
        inspection, technician, today, field, change, words):
    # given a complete contract-less act with one field of its kind taken away
    data = samples.contractless(today, **change)
    # when / then
    error = refused(inspection, data, technician)
    assert field in error.extra["errors"]
    assert words.lower() in " ".join(error.extra["errors"][field]).lower()


def test_a_citizen_without_a_contract_needs_a_passport(inspection, technician, today):
    data = samples.contractless(today, person_kind=ViolationAct.PersonKind.CITIZEN, person_name="Иванов Иван Иванович",
                                person_inn="", person_ogrn="", person_passport="")
    error = refused(inspection, data, technician)
    assert set(error.extra["errors"]) == {"person_passport"}


@pytest.mark.parametrize(("field", "change"), [
    ("consumer", {"consumer": None}),
    ("meters", {"meters": []}),
    ("seals", {"seals": []}),
    ("previous_inspection_on", {"previous_inspection_on": None}),
    ("orders", {"orders": ""}),
])
def test_an_unmetered_act_without_a_mandatory_field_is_refused_naming_it(inspection, technician, today, field, change):
    data = replace(samples.unmetered(today, inspection.heated_object.consumer), **change)
    error = refused(inspection, data, technician)
    assert field in error.extra["errors"]
    assert error.message.startswith("Акт не записан")


@pytest.mark.parametrize("load", [Decimal("0"), None])
def test_a_zero_load_is_refused(inspection, technician, today, load):
    data = samples.contractless(today, loads=[LoadRow(use=ActLoad.Use.HEATING, load=load, basis=ActLoad.Basis.CONTRACT,
                                                      basis_detail="договор № 1")])
    error = refused(inspection, data, technician)
    assert "больше нуля" in " ".join(error.extra["errors"]["loads"])


@pytest.mark.parametrize(("basis", "detail", "words"), [
    ("", "по аналогии с соседним зданием", "не указано основание"),
    (ActLoad.Basis.CONDITIONS, "  ", "не обоснована"),
])
def test_an_unexplained_load_is_refused(inspection, technician, today, basis, detail, words):
    data = samples.contractless(today, loads=[LoadRow(use=ActLoad.Use.HEATING, load=Decimal("0.2"), basis=basis,
                                                      basis_detail=detail)])
    error = refused(inspection, data, technician)
    assert words in " ".join(error.extra["errors"]["loads"])


def test_an_act_without_any_load_is_refused(inspection, technician, today):
    error = refused(inspection, samples.contractless(today, loads=[]), technician)
    assert "loads" in error.extra["errors"]


def test_a_refusal_to_sign_needs_two_witnesses_and_the_reason(inspection, technician, today):
    data = samples.contractless(today, signature=ViolationAct.Signature.REFUSED, signed_by="",
                                witnesses=samples.WITNESSES[:1])
    error = refused(inspection, data, technician)
    assert set(error.extra["errors"]) == {"witnesses", "refusal_reason"}


def test_a_witness_from_our_staff_is_refused(inspection, technician, today):
    # given a witness who is a user of the system (the technician himself) …
    staff = WitnessRow(last_name="ПЕТРОВ", first_name="Сергей", middle_name="Иванович", address="ул. Заводская, д. 1")
    data = samples.contractless(today, signature=ViolationAct.Signature.ABSENT, signed_by="",
                                refusal_reason="не явился по уведомлению", witnesses=[staff, samples.WITNESSES[1]])
    # then
    error = refused(inspection, data, technician)
    assert "работник нашей организации" in " ".join(error.extra["errors"]["witnesses"])


def test_a_witness_who_signs_for_our_organisation_is_refused(inspection, technician, today, organization):
    SignatoryFactory(organization=organization, last_name="Громов", first_name="Виктор", middle_name="Иванович")
    signatory = WitnessRow(last_name="Громов", first_name="Виктор", middle_name="Иванович", address="г. Энск")
    data = samples.contractless(today, signature=ViolationAct.Signature.REFUSED, signed_by="",
                                refusal_reason="отказался", witnesses=[samples.WITNESSES[0], signatory])
    error = refused(inspection, data, technician)
    assert "Громов Виктор Иванович" in " ".join(error.extra["errors"]["witnesses"])


def test_a_photo_that_is_not_an_image_is_refused(inspection, technician, today, archive_dir):
    photos = [samples.photo(), PhotoUpload(name="акт.pdf", content=b"%PDF-1.4 fake")]
    error = refused(inspection, samples.contractless(today), technician, photos=photos)
    assert error.field == "photos" and "акт.pdf" in error.message and "не изображение" in error.message
    assert archive_files(archive_dir) == []


def test_a_photo_over_the_size_limit_is_refused(inspection, technician, today, archive_dir, settings):
    settings.INSPECTIONS_MAX_PHOTO_BYTES = 1024
    big = replace(samples.photo(), content=samples.png()[:-12] + b"\x00" * 2048 + samples.png()[-12:])
    error = refused(inspection, samples.contractless(today), technician, photos=[big])
    assert error.field == "photos" and "слишком большой" in error.message
    assert archive_files(archive_dir) == []


def test_a_file_written_before_a_later_failure_is_removed(inspection, technician, today, archive_dir, monkeypatch):
    # given the audit write failing after the first photo was stored
    from inspections.services import photos as photos_module

    calls = {"n": 0}

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("сбой записи")

    monkeypatch.setattr(photos_module, "record_event", failing)
    # when
    with pytest.raises(RuntimeError):
        act_fill(inspection=inspection, data=samples.contractless(today), actor=technician,
                 photos=[samples.photo(), samples.photo("второй.png")])
    # then nothing stays: no rows, no files
    assert not ViolationAct.objects.exists() and archive_files(archive_dir) == []


def test_a_user_without_the_right_cannot_fill_an_act(inspection, lawyer, today):
    with pytest.raises(ApplicationError) as caught:
        act_fill(inspection=inspection, data=samples.contractless(today), actor=lawyer)
    assert caught.value.code == "permission_denied"
