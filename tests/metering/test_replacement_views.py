"""The replacement page of a unit, over HTTP: a technician records it; other roles are refused;
bad input is shown on its field with nothing written."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import LEGAL
from metering.models import DeviceReplacement, UnitStatus

from .replacing import expired_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 3, 12))


@pytest.fixture
def expired():
    return expired_unit()


def form(device, model, **changes) -> dict:
    data = {
        "device": device.pk, "removed_on": "05.02.2026", "reason": "expired", "reason_note": "",
        "final_reading": "1 234,5", "device_model": model.pk, "serial_number": "NEW-7",
        "verified_on": "20.01.2026", "next_verification_on": "20.01.2030", "arshin_record": "С-АБ/20-01-2026/1",
        "installed_on": "05.02.2026", "initial_reading": "0",
    }
    return {**data, **changes}


@pytest.fixture
def model():
    from .factories import DeviceModelFactory

    return DeviceModelFactory(name="ТВ7", verification_interval_years=4)


def test_a_technician_replaces_the_device_from_the_units_page(expired, model, client, technician):
    unit, old = expired
    client.force_login(technician)
    page = client.get(reverse("metering:units:detail", args=[unit.pk]))
    url = reverse("metering:units:replace", args=[unit.pk])
    assert url in page.content.decode()
    assert client.get(url).status_code == 200
    valve = unit.seals.get(number="П-ЗАДВ")
    response = client.post(url, form(old, model, seals=[valve.pk]))
    assert response.status_code == 302
    replacement = DeviceReplacement.objects.get()
    assert (replacement.removed_device, replacement.installed_device.serial_number) == (old, "NEW-7")
    assert str(replacement.final_reading) == "1234.500"
    assert replacement.seals_removed == ["П-ВЫЧ", "П-ЗАДВ"]
    unit.refresh_from_db()
    assert unit.status == UnitStatus.NOT_COMMISSIONED
    # the unit's page keeps the old device and shows the replacement
    card = client.get(reverse("metering:units:detail", args=[unit.pk])).content.decode()
    assert "OLD-1" in card and "NEW-7" in card and "Замены приборов" in card and "заявки еще нет" in card


@pytest.mark.parametrize("role", ["billing", "lawyer", "manager"])
def test_other_roles_are_refused(expired, model, client, make_user, billing, manager, role):
    unit, old = expired
    user = {"billing": billing, "manager": manager, "lawyer": None}[role] or make_user(LEGAL)
    client.force_login(user)
    url = reverse("metering:units:replace", args=[unit.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form(old, model)).status_code == 403
    assert not DeviceReplacement.objects.exists()
    assert url not in client.get(reverse("metering:units:detail", args=[unit.pk])).content.decode()


BAD = [
    ({"installed_on": "04.02.2026"}, "installed_on", "раньше даты снятия"),
    ({"next_verification_on": "19.01.2026"}, "next_verification_on", "не позже даты поверки"),
    ({"final_reading": "-5"}, "final_reading", "отрицательными"),
    ({"initial_reading": "-1"}, "initial_reading", "отрицательными"),
    ({"final_reading": "1100"}, "final_reading", "меньше последних принятых"),
]


@pytest.mark.parametrize(("changes", "field", "words"), BAD, ids=[b[1] + "-" + b[2] for b in BAD])
def test_bad_input_is_shown_on_its_field_and_nothing_is_written(expired, model, client, technician, changes, field, words):
    unit, old = expired
    client.force_login(technician)
    response = client.post(reverse("metering:units:replace", args=[unit.pk]), form(old, model, **changes))
    assert response.status_code == 200
    assert any(words in error for error in response.context["form"].errors[field])
    assert not DeviceReplacement.objects.exists()
    old.refresh_from_db()
    assert old.removed_on is None


def test_a_serial_number_installed_elsewhere_is_shown_on_the_serial_number(expired, model, client, technician):
    from .factories import DeviceFactory, MeteringUnitFactory

    unit, old = expired
    DeviceFactory(unit=MeteringUnitFactory(number="УУ-ЧУЖОЙ"), device_model=model, serial_number="NEW-7",
                  installed_on=date(2025, 5, 1), verified_on=date(2025, 4, 1))
    client.force_login(technician)
    response = client.post(reverse("metering:units:replace", args=[unit.pk]), form(old, model))
    assert "УУ-ЧУЖОЙ" in " ".join(response.context["form"].errors["serial_number"])
    assert not DeviceReplacement.objects.exists()
