"""Pages of the "Учет" application: what they show, their exports, who may open them."""

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest

from audit.models import AuditEvent
from metering.models import DeviceKind, UnitStatus

from .factories import (
    DeviceFactory,
    DeviceModelFactory,
    HeatLoadFactory,
    MeteringUnitFactory,
    NetworkSectionFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(date(2026, 3, 10))


@pytest.fixture
def devices():
    """Three heat calculators verified 4 years before: expired 01.03, due 20.03 (10 days), due 20.06."""
    section = NetworkSectionFactory(code="N", name="Северный")
    made = {}
    for name, verified in (("expired", date(2022, 3, 1)), ("soon", date(2022, 3, 20)), ("later", date(2022, 6, 20))):
        unit = MeteringUnitFactory(heated_object__network_section=section)
        made[name] = DeviceFactory(unit=unit, installed_on=date(2022, 6, 1), verified_on=verified, serial_number=name)
    DeviceFactory(  # a flow meter due soon, elsewhere
        unit=MeteringUnitFactory(), installed_on=date(2022, 6, 1), verified_on=date(2022, 3, 25),
        device_model=DeviceModelFactory(kind=DeviceKind.FLOW_METER), serial_number="flow",
    )
    return made


def serials(response) -> list[str]:
    return [d["device"].serial_number for d in response.context["rows"]]


def test_verification_page_lists_due_and_expired_devices_with_filters(devices, client, technician):
    client.force_login(technician)
    assert serials(client.get("/metering/verification/")) == ["expired", "soon", "flow"]
    assert serials(client.get("/metering/verification/?within=expired")) == ["expired"]
    assert serials(client.get("/metering/verification/?within=90")) == ["expired", "soon", "flow"]
    assert serials(client.get(f"/metering/verification/?kind={DeviceKind.HEAT_CALCULATOR}")) == ["expired", "soon"]
    section = devices["soon"].unit.heated_object.network_section
    assert serials(client.get(f"/metering/verification/?within=90&section={section.pk}")) == ["expired", "soon"]


def test_verification_export_has_the_filtered_rows(devices, client, technician):
    client.force_login(technician)
    response = client.get("/metering/verification/export/?within=expired")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][7] == "Заводской №"
    assert [(r[7], r[9].date(), r[11]) for r in rows[1:]] == [("expired", date(2026, 2, 28), "истекла")]


def test_the_verification_export_is_audited_once_naming_the_user_and_the_filters(devices, client, technician):
    section = devices["soon"].unit.heated_object.network_section
    client.force_login(technician)
    # when the filtered list is downloaded
    client.get(f"/metering/verification/export/?within=30&section={section.pk}&kind={DeviceKind.HEAT_CALCULATOR}")
    # then one event names who exported which report with which filters and how many rows
    [event] = AuditEvent.objects.filter(action="metering.export.downloaded")
    assert (event.actor, event.actor_repr) == (technician, technician.username)
    assert event.data == {
        "export": "verification_due", "format": "xlsx", "rows": 2,
        "filters": {"on": "2026-03-10", "within": "30", "section": str(section), "kind": DeviceKind.HEAT_CALCULATOR},
    }
    # and looking at the list is not an export
    client.get("/metering/verification/")
    assert AuditEvent.objects.filter(action="metering.export.downloaded").count() == 1


def test_coverage_page_shows_shares_chart_and_unmetered_points(client, manager):
    # given one metered and one unmetered object
    metered = MeteringUnitFactory()
    HeatLoadFactory(heated_object=metered.heated_object)
    StatusChangeFactory(unit=metered, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
    HeatLoadFactory(heated_object__code="NO-METER")
    client.force_login(manager)
    # when
    response = client.get("/metering/coverage/")
    # then
    page = response.content.decode()
    assert response.context["report"].total.objects_share == 50
    assert 'id="coverage-chart"' in page
    assert "NO-METER" in page and "нет узла учета" in page


def test_coverage_export_has_three_sheets(client, manager):
    HeatLoadFactory(heated_object__code="NO-METER")
    client.force_login(manager)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/metering/coverage/export/?on=2026-03-01").content))
    assert workbook.sheetnames == ["По категориям", "По участкам", "Без учета или неисправны"]
    assert workbook["Без учета или неисправны"]["A2"].value == "NO-METER"


def test_the_coverage_export_is_audited_once_naming_the_user_and_the_filters(client, manager):
    HeatLoadFactory(heated_object__code="NO-METER", heated_object__network_section__name="Южный")
    client.force_login(manager)
    client.get("/metering/coverage/export/?on=2026-03-01")
    [event] = AuditEvent.objects.filter(action="metering.export.downloaded")
    assert event.actor == manager
    assert event.data == {"export": "coverage", "format": "xlsx", "rows": 1,
                          "filters": {"on": "2026-03-01", "section": None}}


@pytest.mark.parametrize("url", ["/metering/verification/", "/metering/coverage/", "/metering/coverage/export/"])
def test_a_user_without_a_role_is_refused(url, client, make_user):
    client.force_login(make_user())
    assert client.get(url).status_code == 403


# ------------------------------------------------------------ readings


ENTRY = "/metering/reading_entry/"


@pytest.fixture
def entry_unit():
    unit = MeteringUnitFactory(number="УУ-100")
    StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
    return unit


def entry(**overrides):
    return {
        "unit": "УУ-100", "period": "02.2026", "source": "consumer", "q": "45,5", "m1": "900", "m2": "897",
        "operating_hours": "672", **overrides,
    }


def test_entering_a_reading_validates_it_at_once(entry_unit, client, billing):
    client.force_login(billing)
    response = client.post(ENTRY, entry())
    assert response.status_code == 302
    reading = entry_unit.readings.get()
    assert (reading.q, reading.status, reading.entered_by) == (45.5, "accepted", billing)


def test_the_unit_number_is_found_whatever_the_case_of_its_cyrillic_letters(entry_unit, client, billing):
    # given the unit «УУ-100»; when it is typed in lower case
    client.force_login(billing)
    response = client.post(ENTRY, entry(unit=" уу-100"))
    # then its reading is recorded (SQLite's iexact would not fold «у» to «У»)
    assert response.status_code == 302, response.context["form"].errors
    assert entry_unit.readings.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q", "сорок", "Введите число"),
        ("m1", "-5", "больше либо равно 0"),
        ("period", "2026/02", "ММ.ГГГГ"),
        ("period", "04.2026", "Период 04.2026: месяц еще не наступил, показания за него не вносятся (текущий — 03.2026)"),
        ("unit", "УУ-404", "не найден"),
        ("operating_hours", "700", "больше часов месяца"),
        ("t1", "850", "меньше либо равно 200"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    entry_unit, client, billing, field, value, message
):
    client.force_login(billing)
    response = client.post(ENTRY, entry(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not entry_unit.readings.exists()


def test_the_current_month_may_be_entered_the_next_is_refused_on_the_period(entry_unit, client, billing, time_machine):
    # given 31.03.2026 23:30 in Moscow
    time_machine.move_to(datetime(2026, 3, 31, 20, 30, tzinfo=UTC))
    client.force_login(billing)
    # when April is entered, then the period field says why
    response = client.post(ENTRY, entry(period="04.2026", operating_hours="720"))
    assert response.status_code == 200
    assert response.context["form"].errors["period"] == [
        "Период 04.2026: месяц еще не наступил, показания за него не вносятся (текущий — 03.2026)"
    ]
    # when March, the current month, is entered, then it is recorded
    assert client.post(ENTRY, entry(period="03.2026", operating_hours="744")).status_code == 302
    assert list(entry_unit.readings.values_list("period", flat=True)) == [date(2026, 3, 1)]


def test_a_reading_list_and_entry_are_refused_to_a_user_without_the_right(client, make_user):
    client.force_login(make_user())
    assert client.get(ENTRY).status_code == 403
    assert client.get("/metering/readings/").status_code == 403


# ------------------------------------------------------------ units, devices, seals


def test_a_technician_registers_a_unit_installs_a_device_and_sets_a_seal(client, technician):
    from tests.subscribers.factories import HeatedObjectFactory

    from .factories import DeviceModelFactory

    heated_object, model = HeatedObjectFactory(), DeviceModelFactory()
    client.force_login(technician)
    # the unit
    response = client.post("/metering/units/add/", {
        "number": "УУ-900", "heated_object": heated_object.pk, "location": "ИТП", "purpose": "heating",
    })
    assert response.status_code == 302, response.content.decode()[:1500]
    unit = heated_object.metering_units.get()
    # a device installed in it
    response = client.post("/metering/devices/add/", {
        "device_model": model.pk, "serial_number": "555", "verified_on": "2025-02-01", "unit": unit.pk,
        "installed_on": "2026-03-01",
    })
    assert response.status_code == 302, response.content.decode()[:1500]
    device = unit.devices.get()
    # a seal on it
    response = client.post("/metering/seals/add/", {
        "unit": unit.pk, "number": "С-1", "place": "корпус", "device": device.pk, "set_on": "2026-03-01",
    })
    assert response.status_code == 302, response.content.decode()[:1500]
    # the unit's page shows both
    page = client.get(f"/metering/units/{unit.pk}/detail/").content.decode()
    assert "555" in page and "С-1" in page


def test_a_duplicate_serial_is_refused_on_the_form(client, technician):
    from .factories import DeviceModelFactory

    model = DeviceModelFactory()
    DeviceFactory(device_model=model, serial_number="555")
    client.force_login(technician)
    response = client.post(
        "/metering/devices/add/", {"device_model": model.pk, "serial_number": "555", "verified_on": "2025-02-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["serial_number"]  # duplicate, shown on the serial number


def test_a_new_verification_moves_the_next_date(client, technician):
    device = DeviceFactory(verified_on=date(2022, 3, 1))
    client.force_login(technician)
    response = client.post(
        f"/metering/devices/{device.pk}/change/", {"verified_on": "2026-03-02", "arshin_record": "С-ГШЕ/02-03-2026/1"}
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    device.refresh_from_db()
    assert device.next_verification_on == date(2030, 3, 2)


def test_a_billing_specialist_sees_units_but_may_not_add_one(client, billing):
    client.force_login(billing)
    assert client.get("/metering/units/").status_code == 200
    assert client.get("/metering/units/add/").status_code == 403
