"""The history card's entries: empty and deleted related records, fields a service keeps,
and who acted when a service runs outside a web request."""

from datetime import date

import pytest
from simple_history.models import HistoricalRecords

from core.history import history_actor, record_history
from metering.models import Inspection, InspectionKind, UnitStatus
from metering.services.units import unit_status_change
from tests.metering.factories import DeviceFactory, MeteringUnitFactory

pytestmark = pytest.mark.django_db


def changes(entry) -> dict[str, tuple[str, str]]:
    return {change.label: (change.old, change.new) for change in entry.changes}


@pytest.fixture
def inspection():
    return Inspection.objects.create(kind=InspectionKind.PERIODIC, unit=MeteringUnitFactory())


def test_an_empty_related_record_reads_as_a_dash(inspection, make_user):
    # given an inspection with no technician yet
    technician = make_user(first_name="Сергей", last_name="Петров", username="petrov")
    # when one is assigned
    inspection.technician = technician
    inspection.save()
    # then the change reads from a dash to the technician, by name, surname first
    latest = record_history(inspection)[0]
    assert changes(latest) == {"техник": ("—", "Петров Сергей")}


def test_a_deleted_user_reads_by_kind_and_number(inspection, make_user):
    # given a technician replaced by another, and then deleted
    first, second = make_user(username="first"), make_user(username="second")
    inspection.technician = first
    inspection.save()
    inspection.technician = second
    inspection.save()
    first_pk = first.pk
    first.delete()
    # then the history still says who it was, as far as it can
    latest = record_history(inspection)[0]
    assert changes(latest) == {"техник": (f"пользователь № {first_pk} (удален)", "second")}


def test_a_deleted_record_with_history_reads_by_its_last_name():
    # given a device taken out of a unit that was then deleted
    unit = MeteringUnitFactory(number="УУ-77", location="ИТП")
    device = DeviceFactory(unit=unit)
    device.unit = None
    device.save()
    unit.delete()
    # then the device's history names the unit as it was last known
    latest = record_history(device)[0]
    assert changes(latest) == {"узел учета": ("УУ-77 — ИТП (удален)", "—")}


def test_a_status_change_shows_the_status_and_its_date(time_machine):
    # given a unit not commissioned
    time_machine.move_to(date(2026, 3, 12))
    unit = MeteringUnitFactory()
    # when the service makes it commercial (status and status_since are not form fields)
    unit_status_change(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2026, 3, 10))
    # then the change shows both, by their Russian names and labels, and nothing internal
    latest = record_history(unit)[0]
    assert latest.kind == "Изменение"
    assert changes(latest) == {
        "коммерческий статус": ("Не введен в эксплуатацию", "Коммерческий учет"),
        "статус с": ("—", "10.03.2026"),
    }


def test_history_actor_names_the_actor_outside_a_request(inspection, make_user):
    # given a technician and no web request (a Celery step)
    technician = make_user(first_name="Сергей", last_name="Петров")
    # when a row is saved inside history_actor
    with history_actor(technician):
        inspection.place = "ИТП"
        inspection.save()
    # then its history names her, and the context is left as it was
    assert inspection.history.first().history_user == technician
    assert not hasattr(HistoricalRecords.context, "request")
    assert record_history(inspection)[0].who == "Петров Сергей"


def test_history_actor_without_an_actor_changes_nothing(inspection):
    with history_actor(None):
        inspection.place = "ИТП"
        inspection.save()
    assert record_history(inspection)[0].who == "система"


def test_history_actor_restores_the_request_it_found(inspection, make_user, rf):
    # given a web request of one user
    request = rf.get("/")
    request.user = make_user(username="clerk")
    HistoricalRecords.context.request = request
    try:
        # when a service acts for another inside it
        with history_actor(make_user(username="actor")):
            inspection.place = "ИТП"
            inspection.save()
        # then the row names the service's actor, and the request is back afterwards
        assert inspection.history.first().history_user.username == "actor"
        assert HistoricalRecords.context.request is request
    finally:
        del HistoricalRecords.context.request
