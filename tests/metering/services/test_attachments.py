"""Delivering inspection photos and application documents: permission, audit, content type."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.roles import LEGAL
from audit.models import AuditEvent
from core.errors import ApplicationError
from core.permissions import PERMISSION_DENIED
from metering.models import (
    CommissioningRequest,
    Inspection,
    InspectionItem,
    InspectionKind,
    InspectionPhoto,
    RequestDocument,
)
from metering.services.attachments import BINARY, inspection_photo_open, request_document_open

from ..factories import MeteringUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)},
    }}


@pytest.fixture
def application(manager):
    return CommissioningRequest.objects.create(
        unit=MeteringUnitFactory(), incoming_number="7", received_on=date(2026, 3, 2), registered_by=manager
    )


def photo_named(name: str, technician, application) -> InspectionPhoto:
    inspection = Inspection.objects.create(kind=InspectionKind.COMMISSIONING, unit=application.unit, request=application)
    item = InspectionItem.objects.create(inspection=inspection, code="seals", title="Пломбы", rule="п. 1")
    return InspectionPhoto.objects.create(item=item, image=ContentFile(b"bytes", name=name), uploaded_by=technician)


@pytest.mark.parametrize(("name", "content_type"), [
    ("shot.JPG", "image/jpeg"), ("shot.png", "image/png"), ("page.html", BINARY), ("vector.svg", BINARY),
])
def test_a_photo_is_delivered_with_an_allowed_type_only(make_user, technician, application, name, content_type):
    photo = photo_named(name, technician, application)
    delivered = inspection_photo_open(photo=photo, actor=make_user(LEGAL))
    assert (delivered.content, delivered.content_type) == (b"bytes", content_type)


def test_each_delivery_is_one_audit_event(technician, application):
    photo = photo_named("shot.jpg", technician, application)
    inspection_photo_open(photo=photo, actor=technician)
    event = AuditEvent.objects.get(action="inspection.photo_downloaded")
    assert (event.actor, event.target_repr, event.data["item"]) == (technician, str(photo), "seals")


def test_a_user_without_the_permission_gets_nothing_and_no_event(make_user, technician, application):
    photo = photo_named("shot.jpg", technician, application)
    with pytest.raises(ApplicationError) as refused:
        inspection_photo_open(photo=photo, actor=make_user())
    assert refused.value.code == PERMISSION_DENIED
    assert not AuditEvent.objects.filter(action="inspection.photo_downloaded").exists()


def test_the_page_answers_a_user_without_the_permission_403_not_404(client, make_user, technician, application):
    from django.contrib.auth.models import Permission

    photo = photo_named("shot.jpg", technician, application)
    user = make_user()  # may open «Учет» but not the photos
    user.user_permissions.add(Permission.objects.get(content_type__app_label="metering", codename="view_meteringunit"))
    client.force_login(user)
    response = client.get(reverse("metering:attachments:photo", kwargs={"pk": photo.pk}))
    assert response.status_code == 403
    assert "Нет права metering.view_inspectionphoto" in response.content.decode()


def test_a_missing_file_or_a_paper_document_is_a_clear_error(technician, application):
    photo = photo_named("shot.jpg", technician, application)
    photo.image.storage.delete(photo.image.name)
    with pytest.raises(ApplicationError) as missing:
        inspection_photo_open(photo=photo, actor=technician)
    paper = RequestDocument.objects.create(request=application, kind=RequestDocument.Kind.PASSPORT)
    with pytest.raises(ApplicationError) as on_paper:
        request_document_open(document=paper, actor=technician)
    assert (missing.value.code, missing.value.field) == ("file_missing", "file")
    assert (on_paper.value.code, on_paper.value.field) == ("paper_only", "file")
    assert not AuditEvent.objects.filter(action__endswith="_downloaded").exists()
