"""The page «Составить маршрут» over HTTP as the real roles: a manager plans objects of the
register and an address outside it for a date and a technician, or for a team; bad input is
refused naming the field and nothing is written; a lawyer gets 403 and no menu entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from inspections.models import FieldInspection, InspectionRoute
from metering.models import Team
from tests.core.test_russian_pages import problems, visible_text
from tests.subscribers.factories import HeatedObjectFactory

pytestmark = pytest.mark.django_db
URL = reverse("inspections:route_new")


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    text = visible_text(response.content.decode())
    assert not problems(text), problems(text)
    return response.content.decode()


def test_a_manager_plans_a_route_of_register_objects_and_an_address_for_a_technician(client, manager, technician,
                                                                                    today):
    first, second = HeatedObjectFactory(), HeatedObjectFactory()
    client.force_login(manager)
    form = page(client.get(URL))
    assert technician.get_full_name() in form and 'name="route_date"' in form
    assert URL in page(client.get(reverse("inspections:index")))  # the menu entry
    day = today + timedelta(days=1)
    response = client.post(URL, {"route_date": day.strftime("%d.%m.%Y"), "technician": technician.pk, "team": "",
                                 "stops": f"{second.code}\n\n  ул. Садовая, д. 14 \n{first.code}\n",
                                 "note": "проверить пломбы"})
    route = InspectionRoute.objects.get()
    stops = list(route.stops.order_by("stop_order"))
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:card", args=[stops[0].pk])
    assert (route.route_date, route.technician, route.team, route.note, route.created_by) == (
        day, technician, None, "проверить пломбы", manager)
    assert [(s.heated_object, s.address) for s in stops] == [
        (second, second.address), (None, "ул. Садовая, д. 14"), (first, first.address)]
    assert all(s.source == FieldInspection.Source.ROUTE and s.technician == technician for s in stops)
    card = page(client.get(response["Location"]))
    assert f"маршрут № {route.pk}" in card and reverse("inspections:route_sheet", args=[route.pk]) in card


def test_a_technician_plans_a_route_for_a_team(client, technician, today):
    team = Team.objects.create(name="Бригада № 2")
    client.force_login(technician)
    response = client.post(URL, {"route_date": today.strftime("%d.%m.%Y"), "technician": "", "team": team.pk,
                                 "stops": "г. Энск, ул. Лесная, д. 3"})
    assert response.status_code == 302
    assert InspectionRoute.objects.get().team == team


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"technician": ""}, "technician", "Укажите техника или бригаду"),
    ({"stops": ""}, "stops", "Обязательное поле"),
    ({"stops": "ул. Садовая, д. 14\nОБ-НЕТ-ТАКОГО"}, "stops", "Строка 2: объекта с кодом «ОБ-НЕТ-ТАКОГО» нет в реестре"),
    ({"route_date": "31.02.2026"}, "route_date", "Введите правильную дату"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(client, manager, technician, billing, today,
                                                                      changes, field, words):
    client.force_login(manager)
    data = {"route_date": today.strftime("%d.%m.%Y"), "technician": technician.pk, "team": "",
            "stops": "ул. Садовая, д. 14", **changes}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert any(words in error for error in response.context["form"].errors[field]), response.context["form"].errors
    assert not InspectionRoute.objects.exists() and not FieldInspection.objects.exists()


def test_a_billing_user_is_no_choice_of_technician(client, manager, billing, today):
    client.force_login(manager)
    response = client.post(URL, {"route_date": today.strftime("%d.%m.%Y"), "technician": billing.pk,
                                 "stops": "ул. Садовая, д. 14"})
    assert "technician" in response.context["form"].errors
    assert not InspectionRoute.objects.exists()


def test_a_lawyer_may_not_plan_and_sees_no_menu_entry(client, lawyer):
    client.force_login(lawyer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
    assert URL not in page(client.get(reverse("inspections:index")))
