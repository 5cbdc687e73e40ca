"""The daily verification job: notices at 60 and 30 days, faulty units after expiry —
run on frozen dates, twice, to show it is idempotent."""

from datetime import date, timedelta

import pytest

from audit.models import AuditEvent
from config.beat import BEAT_SCHEDULE
from core.history import record_history
from documents.models import ArchivedDocument
from metering import selectors
from metering.models import UnitStatus, UnitStatusChange, VerificationNotice, VerificationNoticeLine
from metering.services.verification import notice_delivered, verification_track
from metering.tasks import track_verification

from ..factories import (
    ConsumerFactory,
    DeviceFactory,
    HeatedObjectFactory,
    MeteringUnitFactory,
    OrganizationFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db
DUE = date(2026, 6, 15)  # verified 15.06.2022, 4 years: valid until 14.06.2026


@pytest.fixture
def device():
    OrganizationFactory()
    unit = MeteringUnitFactory()
    StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2023, 1, 1))
    return DeviceFactory(unit=unit, installed_on=date(2022, 7, 1), verified_on=date(2022, 6, 15), serial_number="777")


def run_on(day, time_machine):
    time_machine.move_to(day)
    return verification_track(today=day)


def lines():
    return list(VerificationNoticeLine.objects.order_by("id").values_list("device__serial_number", "threshold_days"))


def test_a_notice_at_60_days_then_at_30_and_each_only_once(device, time_machine):
    # 61 days before: nothing yet
    assert run_on(DUE - timedelta(days=61), time_machine).notices == []
    # 60 days before: the first notice, and running again that day issues none
    first = run_on(DUE - timedelta(days=60), time_machine)
    assert len(first.notices) == 1
    assert run_on(DUE - timedelta(days=60), time_machine).notices == []
    assert run_on(DUE - timedelta(days=45), time_machine).notices == []
    # 30 days before: the second
    assert len(run_on(DUE - timedelta(days=30), time_machine).notices) == 1
    assert run_on(DUE - timedelta(days=29), time_machine).notices == []
    assert lines() == [("777", 60), ("777", 30)]
    assert ArchivedDocument.objects.filter(template_code="metering.verification_notice").count() == 2


def test_a_device_first_seen_inside_30_days_gets_only_the_30_day_notice(device, time_machine):
    run_on(DUE - timedelta(days=20), time_machine)
    run_on(DUE - timedelta(days=19), time_machine)
    assert lines() == [("777", 30)]


def test_the_notice_is_a_document_listing_the_consumers_devices(device, time_machine):
    # given a second device of the same consumer due at the same time, and one of another consumer
    DeviceFactory(unit=device.unit, installed_on=date(2022, 7, 1), verified_on=date(2022, 6, 10), serial_number="888")
    other = MeteringUnitFactory(heated_object=HeatedObjectFactory(consumer=ConsumerFactory()))
    DeviceFactory(unit=other, installed_on=date(2022, 7, 1), verified_on=date(2022, 6, 1), serial_number="999")
    # when
    result = run_on(DUE - timedelta(days=60), time_machine)
    # then one notice per consumer
    assert sorted(n.lines.count() for n in result.notices) == [1, 2]
    notice = VerificationNotice.objects.get(lines__device=device)
    document = notice.document
    assert document.number.startswith("УПП-2026/")
    assert sorted(line["serial"] for line in document.context["lines"]) == ["777", "888"]
    assert document.context["deadline"] == "10 июня 2026\xa0г."  # the earliest due date
    assert document.subject == notice


def test_after_expiry_the_unit_is_faulty_from_the_day_after_once(device, time_machine):
    # the job runs late, on 20.06
    result = run_on(DUE + timedelta(days=5), time_machine)
    assert [c.unit for c in result.faulty] == [device.unit]
    assert selectors.unit_status_on(device.unit, DUE - timedelta(days=1)) == UnitStatus.COMMERCIAL
    interval = selectors.unit_status_intervals(device.unit, DUE, DUE)[0]
    assert (interval.status, interval.start) == (UnitStatus.FAULTY, DUE)
    assert "№ 777" in interval.reason and "14.06.2026" in interval.reason
    # running again changes nothing
    assert run_on(DUE + timedelta(days=6), time_machine).faulty == []
    assert UnitStatusChange.objects.filter(unit=device.unit, status=UnitStatus.FAULTY).count() == 1


def test_the_units_history_names_the_job_that_made_it_faulty(device, time_machine):
    # given no web request: the daily job runs in Celery beat
    run_on(DUE + timedelta(days=1), time_machine)
    # then the unit's history names the job's account on the status change
    [change] = device.unit.history.filter(history_type="~")
    assert change.status == UnitStatus.FAULTY
    [entry] = [e for e in record_history(device.unit) if e.kind == "Изменение"]
    assert entry.who == "Система учета"


def test_a_unit_not_in_commercial_use_is_left_as_it_is(device, time_machine):
    StatusChangeFactory(unit=device.unit, status=UnitStatus.FAULTY, effective_from=date(2026, 1, 1), reason="ремонт")
    assert run_on(DUE + timedelta(days=1), time_machine).faulty == []


def test_the_daily_task_is_scheduled_and_runs_the_job(device, time_machine):
    assert BEAT_SCHEDULE["track-verification"]["task"] == "metering.tasks.track_verification"
    time_machine.move_to(DUE - timedelta(days=60))
    assert len(track_verification()["notices"]) == 1
    assert track_verification()["notices"] == []
    assert AuditEvent.objects.filter(action="verification.notice_issued").count() == 1


def test_delivery_is_recorded_with_how(device, time_machine, technician):
    notice = run_on(DUE - timedelta(days=60), time_machine).notices[0]
    notice_delivered(notice=notice, delivered_on=DUE - timedelta(days=58), note="ЭДО, сообщение 15-778", actor=technician)
    notice.refresh_from_db()
    assert notice.delivery_note == "ЭДО, сообщение 15-778"


def _docx_text(document) -> str:
    import io

    from docx import Document

    from documents import storage

    doc = Document(io.BytesIO(storage.read(document.storage_name)))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace("\xa0", " ")


def test_the_issued_notice_carries_what_section_4_asks(device, time_machine):
    # given the unit's object under a contract
    from tests.subscribers.factories import ContractFactory

    heated_object = device.unit.heated_object
    ContractFactory(consumer=heated_object.consumer, number="102-Т", signed_on=date(2025, 3, 15), objects_covered=[heated_object])
    # when the daily job issues the notice 60 days before the due date
    [notice] = run_on(DUE - timedelta(days=60), time_machine).notices
    text = _docx_text(notice.document)
    # then (102-ФЗ ст. 13, ПП РФ № 1034) the contract, the unit, the device and its serial number, the expiry
    assert "В соответствии с договором теплоснабжения № 102-Т от 15.03.2025" in text
    assert device.unit.number in text and "777" in text and "14.06.2026" in text
    # the deadline, a date, and the consequence of not acting (a calculated volume, Методика № 99/пр)
    assert "Требуем до 15 июня 2026 г." in text
    assert "определяется расчетным путем по Методике" in text and "№ 99/пр" in text
    # the delivery mark: handed over / received, date, signature, name
    assert "Отметка о вручении" in text and "Вручено: «___»" in text and "Получено: «___»" in text
    assert "ФИО вручившего" in text and "ФИО и должность получившего" in text
    # and the executor is the account that issued it (the daily job's), not a fixed name
    assert notice.document.issued_by.username == "system"
    assert "Исп. Система учета" in text


def test_the_executor_of_a_notice_is_the_user_who_issues_it(device, time_machine, make_user):
    from metering.documents import verification_notice_context

    [notice] = run_on(DUE - timedelta(days=60), time_machine).notices
    technician = make_user("Техник", first_name="Сергей", last_name="Петров")
    context = verification_notice_context(notice, actor=technician)
    assert context["executor"]["name"] == "Петров Сергей"
    assert context["executor"]["phone"] == (context["organization"]["phone"] or "—")
