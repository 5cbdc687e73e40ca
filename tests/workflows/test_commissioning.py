"""The commissioning flow end to end: both outcomes and the repeat loop, driven through
viewflow's activation API and through HTTP with the right roles."""

import time
from datetime import date, timedelta

import pytest
from django.conf import settings
from viewflow.workflow.status import PROCESS, STATUS

from documents.models import ArchivedDocument
from metering.models import Inspection, RequestDocument, Seal, UnitStatus
from metering.services import inspections as services
from tests.metering.factories import (
    ContractFactory,
    DeviceFactory,
    MeteringUnitFactory,
    OrganizationFactory,
)
from tests.metering.services.test_inspections import MEMBERS, answers
from workflows.commissioning import CommissioningFlow as Flow
from workflows.models import CommissioningProcess
from workflows.queued import run_queued
from workflows.tasks import requeue_stalled_handles

from .conftest import complete_view_task, open_task, run_background_handles, start_view_flow

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 12)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY)


@pytest.fixture
def unit():
    OrganizationFactory()
    unit = MeteringUnitFactory(number="УУ-777", installer="ООО «Теплоучет-Сервис»")
    ContractFactory(consumer=unit.heated_object.consumer, objects_covered=[unit.heated_object])
    DeviceFactory(unit=unit, installed_on=date(2026, 1, 10), verified_on=date(2024, 3, 15), serial_number="123456")
    return unit


def register(activation, unit, manager):
    activation.process.artifact = services.commissioning_register(
        unit=unit, incoming_number="125", received_on=date(2026, 3, 2), actor=manager,
        documents={kind: None for kind in RequestDocument.Kind.values},
    )


# ------------------------------------------------------------ through the activation API


def inspect(process, technician, **defects):
    complete_view_task(
        open_task(process, Flow.inspect), technician,
        lambda a: services.inspection_record(
            inspection=a.process.inspection, inspected_on=TODAY, answers=answers(a.process.inspection, **defects),
            members=MEMBERS, seals=[{"number": "П-1", "place": "тепловычислитель"}], actor=technician,
        ),
    )


def schedule(process, manager, technician):
    complete_view_task(
        open_task(process, Flow.schedule), manager,
        lambda a: services.inspection_schedule(
            inspection=a.process.inspection, technician=technician, scheduled_on=TODAY, actor=manager
        ),
    )


def approve(process, manager):
    complete_view_task(
        open_task(process, Flow.approve), manager,
        lambda a: services.inspection_approve(inspection=a.process.inspection, actor=manager),
    )


def test_defects_then_repeat_inspection_then_commissioning_through_the_api(unit, manager, technician):
    # the application is registered, a manager schedules the technician
    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    process = CommissioningProcess.objects.get(pk=process.pk)
    schedule(process, manager, technician)
    # the inspection task is the scheduled technician's
    task = open_task(process, Flow.inspect)
    assert (task.status, task.owner) == (STATUS.ASSIGNED, technician)
    # round 1: a defect; the defects act is issued in the background
    inspect(process, technician, operation_log=("архив за 2 суток", date(2026, 3, 19)))
    assert open_task(process, Flow.issue_act).status == STATUS.NEW
    assert run_background_handles(process) == 1
    first = process.inspection
    assert first.act.template_code == "metering.defects_act"
    assert first.act.process_id == process.pk
    # a technician cannot approve it; the manager does
    approve_task = open_task(process, Flow.approve)
    assert not Flow.approve.can_assign(technician, approve_task)
    approve(process, manager)
    # waiting for the consumer's fix, then the repeat inspection goes back to scheduling
    complete_view_task(
        open_task(process, Flow.await_fix), manager,
        lambda a: services.inspection_fix_reported(inspection=a.process.inspection, reported_on=TODAY, actor=manager),
    )
    assert process.inspection.round == 2
    schedule(process, manager, technician)
    # round 2 conforms: the commissioning act, approved, makes the unit commercial
    inspect(process, technician)
    run_background_handles(process)
    assert process.inspection.act.template_code == "metering.commissioning_act"
    approve(process, manager)
    process.refresh_from_db()
    unit.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert (unit.status, unit.status_since) == (UnitStatus.COMMERCIAL, TODAY)
    assert Seal.objects.get(unit=unit).number == "П-1"
    assert [t.flow_task.name for t in process.task_set.order_by("id")] == [
        "register", "schedule", "inspect", "issue_act", "approve", "is_returned", "is_commissioned", "await_fix", "reopen",
        "schedule", "inspect", "issue_act", "approve", "is_returned", "is_commissioned", "commissioned",
    ]


# ------------------------------------------------------------ through HTTP


def url(node, process, task, action="execute"):
    return node.reverse(action, args=[process.pk, task.pk])


def inspection_post(inspection, *, defects=None, seal="П-2") -> dict:
    """The checklist page's form as a phone would send it."""
    data = {"inspected_on": TODAY.isoformat(), "place": "г. Энск", "q_total": "0,125"}
    for item in inspection.items.all():
        defect = (defects or {}).get(item.code)
        data[f"{item.code}__result"] = "no" if defect else "yes"
        if defect:
            data[f"{item.code}__defect"], data[f"{item.code}__deadline"] = defect, "2026-03-20"
    # the page shows three seal rows; the blank ones are ignored
    seals = [{"number": seal, "place": "тепловычислитель"}, {"number": "", "place": ""}, {"number": "", "place": ""}]
    for prefix, rows in (("members", MEMBERS), ("seals", seals)):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
        for n, row in enumerate(rows):
            data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def register_post(unit) -> dict:
    data = {"unit": unit.number, "incoming_number": "125", "received_on": "2026-03-02", "contact": "Иванов"}
    data.update({f"got_{kind}": "on" for kind in RequestDocument.Kind.values})
    return data


def test_commissioning_through_http_with_the_right_roles(unit, manager, technician, billing, client):
    start = Flow.register.reverse("execute")
    # a billing specialist may not register; the manager does
    client.force_login(billing)
    assert client.get(start).status_code == 403
    client.force_login(manager)
    assert client.post(start, register_post(unit)).status_code == 302
    process = CommissioningProcess.objects.get()
    # the manager assigns the technician and the date
    task = open_task(process, Flow.schedule)
    client.post(url(Flow.schedule, process, task, "assign"))
    response = client.post(url(Flow.schedule, process, task), {"technician": technician.pk, "scheduled_on": "2026-03-12"})
    assert response.status_code == 302
    # the technician fills the checklist: a defect
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    page = client.get(url(Flow.inspect, process, task))
    assert page.status_code == 200 and "Проверка" in page.content.decode()
    response = client.post(
        url(Flow.inspect, process, task), inspection_post(process.inspection, defects={"design": "не тот проект"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run_background_handles(process)
    # the technician cannot approve the act
    task = open_task(process, Flow.approve)
    assert client.post(url(Flow.approve, process, task, "assign")).status_code == 403
    assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 403
    # the manager approves the defects act
    client.force_login(manager)
    client.post(url(Flow.approve, process, task, "assign"))
    assert client.get(url(Flow.approve, process, task)).status_code == 200
    assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 302
    inspection = Inspection.objects.get(request__unit=unit, round=1)
    assert inspection.approved_by == manager
    # the consumer's fix, and the repeat inspection passes
    task = open_task(process, Flow.await_fix)
    client.post(url(Flow.await_fix, process, task, "assign"))
    assert client.post(url(Flow.await_fix, process, task), {"reported_on": "2026-03-12"}).status_code == 302
    task = open_task(process, Flow.schedule)
    client.post(url(Flow.schedule, process, task, "assign"))
    client.post(url(Flow.schedule, process, task), {"technician": technician.pk, "scheduled_on": "2026-03-12"})
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    assert client.post(url(Flow.inspect, process, task), inspection_post(process.inspection)).status_code == 302
    run_background_handles(process)
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    client.post(url(Flow.approve, process, task, "assign"))
    assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 302
    # then
    process.refresh_from_db()
    unit.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert unit.status == UnitStatus.COMMERCIAL
    # each act issued for approval, and the approved act issued again replacing it
    assert sorted(ArchivedDocument.objects.values_list("template_code", flat=True)) == [
        "metering.commissioning_act", "metering.commissioning_act", "metering.defects_act", "metering.defects_act"
    ]
    for inspection in Inspection.objects.filter(request__unit=unit):
        assert inspection.act.replaces.template_code == inspection.act.template_code
        assert inspection.act.issued_by == manager
    # the process page shows the history
    detail = client.get(Flow.instance.reverse("process_detail", args=[process.pk]))
    assert detail.status_code == 200


def test_a_seal_in_use_is_refused_on_the_checklist_page(unit, manager, technician, client):
    from tests.metering.factories import SealFactory

    SealFactory(number="П-2")
    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    process = CommissioningProcess.objects.get(pk=process.pk)
    schedule(process, manager, technician)
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    response = client.post(url(Flow.inspect, process, task), inspection_post(process.inspection))
    assert response.status_code == 200
    assert "П-2" in response.content.decode()  # seal_in_use: the page names the seal
    assert open_task(process, Flow.inspect).status == STATUS.ASSIGNED


@pytest.mark.worker
def test_the_act_is_issued_by_a_background_worker(celery_workers, unit, manager, technician):
    # given a worker (a real one on the PostgreSQL + Redis pass, eager on SQLite)
    celery_workers.start(1)
    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    process = CommissioningProcess.objects.get(pk=process.pk)
    schedule(process, manager, technician)
    # when the technician's inspection commits
    inspect(process, technician)
    # then the worker issues the act and the flow waits for approval
    deadline = time.monotonic() + 60
    while not process.task_set.filter(flow_task=Flow.approve).exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    assert open_task(process, Flow.approve).status == STATUS.NEW
    assert Inspection.objects.get(request__unit=unit).act.template_code == "metering.commissioning_act"


def test_a_queued_act_whose_worker_died_is_issued_by_the_watchdog_once(unit, manager, technician, time_machine,
                                                                      eager_celery):
    # given an inspection whose act's background run was lost (its task stays NEW)
    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    process = CommissioningProcess.objects.get(pk=process.pk)
    schedule(process, manager, technician)
    inspect(process, technician)
    task = open_task(process, Flow.issue_act)
    # when the watchdog runs: first too early, then after the stall time
    assert requeue_stalled_handles.apply().get() == 0
    time_machine.shift(timedelta(minutes=settings.WATCHDOG_STALL_MINUTES["flow_handle"] + 1))
    assert requeue_stalled_handles.apply().get() == 1
    # then the act is issued and the flow waits for approval
    assert process.inspection.act.template_code == "metering.commissioning_act"
    assert open_task(process, Flow.approve).status == STATUS.NEW
    # and a second delivery that read the task while it still waited does nothing
    assert run_queued(task) is False
    assert ArchivedDocument.objects.count() == 1 and process.task_set.filter(flow_task=Flow.approve).count() == 1


def test_the_process_page_lists_the_acts_for_download(unit, manager, technician, client):
    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    process = CommissioningProcess.objects.get(pk=process.pk)
    schedule(process, manager, technician)
    inspect(process, technician)
    run_background_handles(process)
    act = process.inspection.act
    client.force_login(technician)
    page = client.get(Flow.instance.reverse("process_detail", args=[process.pk])).content.decode()
    link = f"/documents/archive/{act.pk}/file/docx/"
    assert f"№ {act.number}" in page and link in page
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


# ------------------------------------------------------------ history and attachments


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture
def media(settings, tmp_path):
    """Uploads (application documents, photos) go to a storage of this test's own."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")},
    }}
    return tmp_path / "media"


def test_the_units_history_shows_who_commissioned_it(unit, manager, technician, client):
    # given an act waiting for approval
    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    process = CommissioningProcess.objects.get(pk=process.pk)
    schedule(process, manager, technician)
    inspect(process, technician)
    run_background_handles(process)
    # when the manager approves it on its page
    client.force_login(manager)
    task = open_task(process, Flow.approve)
    client.post(url(Flow.approve, process, task, "assign"))
    assert client.post(url(Flow.approve, process, task), {"decision": "approve"}).status_code == 302
    # then the unit's history names her on the change that commissioned it
    client.force_login(technician)
    response = client.get(f"/metering/units/{unit.pk}/detail/")
    [entry] = [e for e in response.context["view"].history
               if any(c.label == "введен в эксплуатацию" for c in e.changes)]
    assert (entry.who, entry.kind) == ("Волкова Марина", "Изменение")
    history = response.content.decode().split('id="history"')[1]
    assert "Волкова Марина" in history and "12.03.2026" in history
    # and the process page says who approved the act
    page = client.get(Flow.instance.reverse("process_detail", args=[process.pk])).content.decode()
    assert "Утвержден: Волкова Марина" in page


def test_checklist_photos_are_stored_and_served_to_allowed_users_audited(
    unit, manager, technician, client, make_user, media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audit.models import AuditEvent
    from metering.models import InspectionPhoto

    process = start_view_flow(Flow.register, manager, lambda a: register(a, unit, manager))
    process = CommissioningProcess.objects.get(pk=process.pk)
    schedule(process, manager, technician)
    # when the technician sends the checklist with a photo of the defect
    client.force_login(technician)
    task = open_task(process, Flow.inspect)
    data = inspection_post(process.inspection, defects={"design": "не тот проект"})
    data["design__photo"] = SimpleUploadedFile("щит.jpg", JPEG, content_type="image/jpeg")
    assert client.post(url(Flow.inspect, process, task), data).status_code == 302
    # then the photo is stored with its item and who took it
    photo = InspectionPhoto.objects.get()
    assert (photo.item.code, photo.item.inspection, photo.uploaded_by) == ("design", process.inspection, technician)
    assert photo.image.name.startswith("metering/inspections/2026/")
    assert (media / photo.image.name).read_bytes() == JPEG
    # and the process page links it; the link delivers it to a manager, audited
    link = f"/metering/attachments/photos/{photo.pk}/"
    client.force_login(manager)
    assert link in client.get(Flow.instance.reverse("process_detail", args=[process.pk])).content.decode()
    response = client.get(link)
    assert response.status_code == 200 and response.content == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="inspection.photo_downloaded")
    assert (event.actor, event.target_id, event.data["item"]) == (manager, str(photo.pk), "design")
    # and a user without a role is refused, unaudited
    client.force_login(make_user())
    assert client.get(link).status_code == 403
    assert AuditEvent.objects.filter(action="inspection.photo_downloaded").count() == 1


def test_application_documents_are_stored_and_served_audited(unit, manager, technician, client, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audit.models import AuditEvent

    # given an application registered with the design as a file, the rest on paper
    client.force_login(manager)
    data = register_post(unit)
    data["file_design"] = SimpleUploadedFile("проект.pdf", b"%PDF-1.4 design", content_type="application/pdf")
    assert client.post(Flow.register.reverse("execute"), data).status_code == 302
    process = CommissioningProcess.objects.get()
    design = process.artifact.documents.get(kind=RequestDocument.Kind.DESIGN)
    paper = process.artifact.documents.get(kind=RequestDocument.Kind.PASSPORT)
    assert (media / design.file.name).read_bytes() == b"%PDF-1.4 design" and not paper.file
    # then the process page links the file only
    page = client.get(Flow.instance.reverse("process_detail", args=[process.pk])).content.decode()
    assert f"/metering/attachments/request_documents/{design.pk}/" in page
    assert f"/metering/attachments/request_documents/{paper.pk}/" not in page
    # and a technician downloads it, audited; a paper document has nothing to deliver
    client.force_login(technician)
    response = client.get(f"/metering/attachments/request_documents/{design.pk}/")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 design"
    assert response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.get(action="commissioning.document_downloaded")
    assert (event.actor, event.data["kind"]) == (technician, "design")
    assert client.get(f"/metering/attachments/request_documents/{paper.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="commissioning.document_downloaded").count() == 1


def test_each_document_of_the_application_agrees_with_its_participle(unit, manager, client):
    client.force_login(manager)
    page = client.get(Flow.register.reverse("execute")).content.decode()
    assert "Принципиальная схема подключения: получена" in page
    assert "Паспорт узла учета: получен" in page
    assert "Сведения о поверке приборов (ФГИС «Аршин»): получены" in page
    assert set(RequestDocument.RECEIVED) == set(RequestDocument.Kind)
