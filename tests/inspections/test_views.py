"""The pages over HTTP as the real roles: the technician fills the act on the phone page and
issues it, the lawyer returns or accepts it; other roles get 403."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.models import FieldInspection, InspectionPhoto, ViolationAct
from inspections.services.acts import act_fill, act_issue

from . import samples

pytestmark = pytest.mark.django_db

ROWS = ("loads", "meters", "seals", "persons", "witnesses")


def management(**totals) -> dict:
    data = {}
    for name in ROWS:
        data.update({f"{name}-TOTAL_FORMS": str(totals.get(name, 2)), f"{name}-INITIAL_FORMS": "0",
                     f"{name}-MIN_NUM_FORMS": "0", f"{name}-MAX_NUM_FORMS": "1000"})
    return data


def contractless_post(today, **changes) -> dict:
    data = {
        **management(),
        "kind": "contractless", "violation": "no_contract", "found_on": today.strftime("%d.%m.%Y"), "found_at": "10:35",
        "place": "г. Энск", "basis": "звонок диспетчеру", "person_kind": "organization",
        "person_name": "ООО «Садовый»", "person_inn": "7707083893", "person_ogrn": "1027700132195",
        "title_to_object": "аренда, договор № 5", "object_address": "ул. Садовая, д. 14", "object_use": "магазин",
        "object_volume": "3600", "object_area": "820,5", "intake_place": "ТК-14", "intake_method": "врезка",
        "orders": "заключить договор", "signature": "refused", "refusal_reason": "отказался без объяснений",
        "loads-0-use": "heating", "loads-0-load": "0,215", "loads-0-basis": "building_volume",
        "loads-0-basis_detail": "V = 3 600 м³", "persons-0-side": "supplier", "persons-0-name": "Петров Сергей",
        "witnesses-0-last_name": "Кузнецова", "witnesses-0-first_name": "Анна", "witnesses-0-address": "ул. Садовая, 16",
        "witnesses-1-last_name": "Белов", "witnesses-1-first_name": "Олег", "witnesses-1-address": "ул. Садовая, 12",
    }
    data.update(changes)
    return data


def test_the_technician_fills_the_act_on_the_phone_page_and_issues_it(client, inspection, technician, today,
                                                                      archive_dir):
    client.force_login(technician)
    url = reverse("inspections:act_fill", args=[inspection.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Подключенные нагрузки" in page.content.decode()
    photo = SimpleUploadedFile("врезка.png", samples.png(), content_type="image/png")
    response = client.post(url, {**contractless_post(today), "photos": [photo], "photo_caption": "врезка в ТК-14"})
    assert response.status_code == 302, response.content.decode()[:3000]
    act = ViolationAct.objects.get(inspection=inspection)
    assert act.witnesses.count() == 2 and act.loads.get().basis == "building_volume"
    assert str(act.object_area) == "820.5" and InspectionPhoto.objects.get().caption == "врезка в ТК-14"
    response = client.post(reverse("inspections:act_issue", args=[act.pk]))
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.status == ViolationAct.Status.ISSUED and act.document.number.startswith("АБП-")


def test_a_staff_witness_on_the_page_is_shown_at_the_witnesses_and_nothing_is_written(client, inspection, technician,
                                                                                       today):
    client.force_login(technician)
    data = contractless_post(today, **{"witnesses-1-last_name": "Петров", "witnesses-1-first_name": "Сергей"})
    response = client.post(reverse("inspections:act_fill", args=[inspection.pk]), data)
    assert response.status_code == 200
    assert "работник нашей организации" in response.content.decode()
    assert not ViolationAct.objects.exists()


def test_a_non_image_photo_on_the_page_is_refused_at_the_photo_field(client, inspection, technician, today, archive_dir):
    client.force_login(technician)
    document = SimpleUploadedFile("акт.pdf", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(reverse("inspections:act_fill", args=[inspection.pk]),
                           {**contractless_post(today), "photos": [document]})
    assert response.status_code == 200 and "не изображение" in response.content.decode()
    assert not ViolationAct.objects.exists() and not InspectionPhoto.objects.exists()


def test_the_lawyer_returns_the_act_and_the_technician_sees_the_comment(client, inspection, technician, lawyer, today,
                                                                        archive_dir):
    act = act_fill(inspection=inspection, data=samples.contractless(today), actor=technician)
    act_issue(act=act, actor=technician)
    client.force_login(lawyer)
    response = client.post(reverse("inspections:act_review", args=[act.pk]),
                           {"decision": "return", "comment": "Нет даты выписки из ЕГРН"})
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.status == ViolationAct.Status.RETURNED
    client.force_login(technician)
    page = client.get(reverse("inspections:act_fill", args=[inspection.pk])).content.decode()
    assert "Нет даты выписки из ЕГРН" in page and "собственник здания, выписка из ЕГРН" in page


def test_the_lawyer_accepts_the_act(client, inspection, technician, lawyer, today, archive_dir):
    act = act_fill(inspection=inspection, data=samples.contractless(today), actor=technician)
    act_issue(act=act, actor=technician)
    client.force_login(lawyer)
    assert client.get(reverse("inspections:act_review", args=[act.pk])).status_code == 200
    response = client.post(reverse("inspections:act_review", args=[act.pk]), {"decision": "accept"})
    assert response.status_code == 302
    act.refresh_from_db()
    assert act.status == ViolationAct.Status.ACCEPTED


@pytest.mark.parametrize("role", ["lawyer", "manager", "billing"])
def test_only_technicians_fill_acts(client, inspection, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("inspections:act_fill", args=[inspection.pk])).status_code == 403
    assert client.post(reverse("inspections:no_violation", args=[inspection.pk])).status_code == 403


@pytest.mark.parametrize("role", ["technician", "manager", "billing"])
def test_only_lawyers_review_acts(client, inspection, technician, today, request, role):
    act = act_fill(inspection=inspection, data=samples.contractless(today), actor=technician)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("inspections:act_review", args=[act.pk])).status_code == 403
    assert client.post(reverse("inspections:act_review", args=[act.pk]), {"decision": "accept"}).status_code == 403


def test_a_report_page_registers_an_unplanned_inspection(client, billing):
    client.force_login(billing)
    response = client.post(reverse("inspections:report"), {"source": "meter_reader", "address": "ул. Садовая, д. 14",
                                                           "report_note": "Подключение без пломб"})
    assert response.status_code == 302
    assert FieldInspection.objects.get().reported_by == billing


def test_the_card_of_a_route_stop_offers_the_route_sheet(client, organization, technician, today, archive_dir):
    from inspections.services.inspections import RouteStop, route_create

    route = route_create(route_date=today, technician=technician, stops=[RouteStop(address="ул. Садовая, д. 14")],
                         actor=technician)
    client.force_login(technician)
    card = client.get(reverse("inspections:card", args=[route.stops.get().pk])).content.decode()
    assert reverse("inspections:route_sheet", args=[route.pk]) in card
    response = client.post(reverse("inspections:route_sheet", args=[route.pk]))
    route.refresh_from_db()
    assert response.status_code == 302 and route.sheet is not None
