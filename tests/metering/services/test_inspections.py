"""Commissioning applications, inspections and their acts, approval, periodic checks."""

from datetime import date
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from core.history import record_history
from core.permissions import PERMISSION_DENIED
from metering import selectors
from metering.models import (
    CommissioningRequest,
    Inspection,
    InspectionKind,
    RequestDocument,
    Seal,
    UnitStatus,
)
from metering.services import inspections as services
from metering.services.inspections import ItemAnswer

from ..factories import (
    ContractFactory,
    DeviceFactory,
    DeviceModelFactory,
    MeteringUnitFactory,
    NetworkSectionFactory,
    OrganizationFactory,
    SealFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 12)
ALL_DOCUMENTS = {kind: None for kind in RequestDocument.Kind.values}
Result = Inspection.Result


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY)


@pytest.fixture
def unit():
    """A unit with a heat calculator valid until 14.03.2028 and a flow meter until 19.02.2028."""
    OrganizationFactory()
    unit = MeteringUnitFactory(installer="ООО «Теплоучет-Сервис»")
    ContractFactory(consumer=unit.heated_object.consumer, objects_covered=[unit.heated_object])
    DeviceFactory(unit=unit, installed_on=date(2026, 1, 10), verified_on=date(2024, 3, 15), serial_number="123456")
    DeviceFactory(
        unit=unit, installed_on=date(2026, 1, 10), verified_on=date(2024, 2, 20), serial_number="654321",
        device_model=DeviceModelFactory(kind="flow_meter", name="ПРЭМ"),
    )
    return unit


@pytest.fixture
def application(unit, manager):
    return services.commissioning_register(
        unit=unit, incoming_number="125", received_on=date(2026, 3, 2), documents=ALL_DOCUMENTS, actor=manager
    )


MEMBERS = [
    {"side": "supplier", "last_name": "Петров", "first_name": "Сергей", "middle_name": "Николаевич", "position": "техник",
     "organization": "АО «ЭТСК»"},
    {"side": "consumer", "last_name": "Сидоров", "first_name": "Петр", "middle_name": "Петрович", "position": "энергетик",
     "organization": "ООО «А»"},
]
SEALS = [{"number": "0012345", "place": "корпус тепловычислителя"}]


def answers(inspection, **defects) -> dict:
    """All items conform, except the codes given: ``verification=("нет записи", date)``."""
    result = {}
    for item in inspection.items.all():
        if item.code in defects:
            text, deadline = defects[item.code]
            result[item.code] = ItemAnswer(False, text, deadline)
        else:
            result[item.code] = ItemAnswer(True)
    return result


def record(inspection, technician, *, members=MEMBERS, seals=SEALS, **defects):
    return services.inspection_record(
        inspection=inspection, inspected_on=TODAY, answers=answers(inspection, **defects), members=members,
        seals=seals, actor=technician, readings={"q_total": Decimal("0.125")},
    )


# ------------------------------------------------------------ application


def test_registering_opens_the_first_inspection_with_the_checklist(application):
    inspection = application.current_inspection
    assert (inspection.kind, inspection.round, inspection.result) == (InspectionKind.COMMISSIONING, 1, Result.PENDING)
    assert [i.code for i in inspection.items.all()][:2] == ["design", "composition"]
    assert application.documents.count() == 7


def test_an_application_without_a_document_is_refused_naming_it(unit, manager):
    documents = {k: v for k, v in ALL_DOCUMENTS.items() if k != "sealing_diagram"}
    with pytest.raises(ApplicationError) as exc:
        services.commissioning_register(
            unit=unit, incoming_number="1", received_on=TODAY, documents=documents, actor=manager
        )
    assert (exc.value.code, exc.value.field) == ("documents_missing", "documents")
    assert "Схема пломбирования" in exc.value.message  # the refusal names the missing document
    assert not CommissioningRequest.objects.exists()


def test_commissioning_a_unit_whose_device_verification_expired_is_refused(unit, manager):
    DeviceFactory(unit=unit, installed_on=date(2026, 1, 10), verified_on=date(2022, 3, 1), serial_number="OLD")
    with pytest.raises(ApplicationError, match="№ OLD") as exc:
        services.commissioning_register(
            unit=unit, incoming_number="1", received_on=TODAY, documents=ALL_DOCUMENTS, actor=manager
        )
    assert (exc.value.code, exc.value.field) == ("verification_expired", "devices")
    assert not CommissioningRequest.objects.exists()


def test_a_billing_specialist_may_not_register_an_application(unit, billing):
    with pytest.raises(ApplicationError) as refused:
        services.commissioning_register(
            unit=unit, incoming_number="1", received_on=TODAY, documents=ALL_DOCUMENTS, actor=billing
        )
    assert refused.value.code == PERMISSION_DENIED


# ------------------------------------------------------------ inspection


def test_all_conforming_passes_and_admission_ends_with_the_earliest_verification(application, technician):
    inspection = record(application.current_inspection, technician)
    assert inspection.result == Result.PASSED
    assert inspection.admitted_until == date(2028, 2, 19)
    assert inspection.technician == technician


def test_a_defect_needs_its_text_and_a_deadline_after_the_inspection(application, technician):
    inspection = application.current_inspection
    with pytest.raises(ApplicationError) as no_text:
        record(inspection, technician, design=("", date(2026, 3, 20)))
    with pytest.raises(ApplicationError) as early:
        record(inspection, technician, design=("не тот проект", TODAY))
    assert (no_text.value.code, no_text.value.field) == ("invalid_value", "defect")
    assert (early.value.code, early.value.field) == ("date_order", "items")
    inspection.refresh_from_db()
    assert inspection.result == Result.PENDING


def test_an_unanswered_item_is_refused(application, technician):
    inspection = application.current_inspection
    partial = answers(inspection)
    partial.pop("ranges")
    with pytest.raises(ApplicationError) as exc:
        services.inspection_record(
            inspection=inspection, inspected_on=TODAY, answers=partial, members=MEMBERS, seals=SEALS, actor=technician
        )
    assert (exc.value.code, exc.value.field) == ("required", "items")


def test_the_commission_needs_the_supplier_and_the_consumer(application, technician):
    with pytest.raises(ApplicationError) as exc:
        record(application.current_inspection, technician, members=MEMBERS[:1])
    assert (exc.value.code, exc.value.field) == ("commission_incomplete", "members")


def test_a_seal_number_already_in_use_is_refused(application, technician):
    holder = SealFactory(number="0012345")
    with pytest.raises(ApplicationError, match=holder.unit.number) as exc:
        record(application.current_inspection, technician)
    assert (exc.value.code, exc.value.field) == ("seal_in_use", "seals")


def test_a_device_that_expired_since_the_application_must_be_a_defect(application, technician, time_machine):
    time_machine.move_to(date(2028, 2, 21))
    inspection = application.current_inspection
    with pytest.raises(ApplicationError) as exc:
        services.inspection_record(
            inspection=inspection, inspected_on=date(2028, 2, 21), answers=answers(inspection), members=MEMBERS,
            seals=SEALS, actor=technician,
        )
    assert (exc.value.code, exc.value.field) == ("defect_not_marked", "items")


def test_only_a_technician_inspects(application, billing):
    with pytest.raises(ApplicationError) as refused:
        record(application.current_inspection, billing)
    assert refused.value.code == PERMISSION_DENIED


# ------------------------------------------------------------ acts and approval


def test_a_passed_inspection_issues_the_commissioning_act_once(application, technician):
    inspection = record(application.current_inspection, technician)
    act = services.inspection_issue_act(inspection=inspection, actor=technician)
    assert act.template_code == "metering.commissioning_act"
    assert act.number.startswith("АВУ-2026/")
    assert act.context["seals"][0]["number"] == "0012345"
    assert act.context["admitted_until"] == "19 февраля 2028\xa0г."
    assert services.inspection_issue_act(inspection=inspection, actor=technician) == act


def test_approval_makes_the_unit_commercial_from_the_act_date_with_its_seals(application, technician, manager):
    inspection = record(application.current_inspection, technician)
    services.inspection_issue_act(inspection=inspection, actor=technician)
    # a technician may not approve
    with pytest.raises(ApplicationError) as refused:
        services.inspection_approve(inspection=inspection, actor=technician)
    assert refused.value.code == PERMISSION_DENIED
    services.inspection_approve(inspection=inspection, actor=manager)
    unit = inspection.unit
    unit.refresh_from_db()
    assert (unit.status, unit.status_since, unit.commissioned_on) == (UnitStatus.COMMERCIAL, TODAY, TODAY)
    assert unit.admitted_until == date(2028, 2, 19)
    assert list(Seal.objects.filter(unit=unit).values_list("number", "set_on")) == [("0012345", TODAY)]
    assert selectors.unit_status_on(unit, TODAY) == UnitStatus.COMMERCIAL
    application.refresh_from_db()
    assert application.status == CommissioningRequest.Status.COMMISSIONED


def test_a_defects_act_leaves_the_unit_not_commissioned_and_the_fix_opens_round_two(
    application, technician, manager
):
    inspection = record(application.current_inspection, technician, operation_log=("архив за 2 суток", date(2026, 3, 19)))
    act = services.inspection_issue_act(inspection=inspection, actor=technician)
    assert act.template_code == "metering.defects_act"
    assert act.context["defects"] == [{
        "defect": "архив за 2 суток", "title": "Архив показаний за 3 суток (с ГВС — 7) без нештатных ситуаций",
        "rule": "ПП РФ № 1034, п. 64", "deadline": "19.03.2026",
    }]
    services.inspection_approve(inspection=inspection, actor=manager)
    inspection.unit.refresh_from_db()
    assert inspection.unit.status == UnitStatus.NOT_COMMISSIONED
    services.inspection_fix_reported(inspection=inspection, reported_on=TODAY, actor=manager)
    repeat = services.inspection_reopen(inspection=inspection)
    assert (repeat.round, application.current_inspection) == (2, repeat)


# ------------------------------------------------------------ periodic checks


@pytest.fixture
def commercial(unit):
    StatusChangeFactory(unit=unit, status=UnitStatus.COMMERCIAL, effective_from=date(2025, 1, 1))
    unit.status = UnitStatus.COMMERCIAL
    unit.save()
    SealFactory(unit=unit, number="0012345", place="корпус")
    return unit


def test_a_campaign_opens_one_check_per_unit_in_use_once_a_season(commercial, manager):
    MeteringUnitFactory()  # not commissioned: not checked
    other_section = MeteringUnitFactory(
        status=UnitStatus.FAULTY, heated_object__network_section=NetworkSectionFactory(code="УЧ-09")
    )
    _, first = services.periodic_campaign_start(season=2026, deadline=date(2026, 9, 15), actor=manager)
    assert {i.unit for i in first} == {commercial, other_section}
    _, again = services.periodic_campaign_start(season=2026, deadline=date(2026, 9, 15), actor=manager)
    assert again == []
    section = commercial.heated_object.network_section
    _, next_season = services.periodic_campaign_start(
        season=2027, deadline=date(2027, 9, 15), actor=manager, network_section=section
    )
    assert [i.unit for i in next_season] == [commercial]


def test_a_technician_may_not_start_a_campaign(technician):
    with pytest.raises(ApplicationError) as refused:
        services.periodic_campaign_start(season=2026, deadline=date(2026, 9, 15), actor=technician)
    assert refused.value.code == PERMISSION_DENIED


def periodic(commercial, manager):
    _, [inspection] = services.periodic_campaign_start(season=2026, deadline=date(2026, 9, 15), actor=manager)
    return inspection


def test_a_failed_check_makes_the_unit_faulty_from_its_date(commercial, manager, technician):
    inspection = periodic(commercial, manager)
    seals = [{"number": "0012345", "place": "корпус", "intact": False}]
    inspection = services.inspection_record(
        inspection=inspection, inspected_on=TODAY, members=MEMBERS, seals=seals, actor=technician,
        answers=answers(inspection, seals=("пломба № 0012345 сорвана", date(2026, 3, 20))),
    )
    act = services.inspection_issue_act(inspection=inspection, actor=technician)
    assert act.template_code == "metering.periodic_check_act" and act.context["passed"] is False
    services.inspection_approve(inspection=inspection, actor=manager)
    services.periodic_result_apply(inspection=inspection, actor=technician)
    interval = selectors.unit_status_intervals(commercial, TODAY, TODAY)[0]
    assert interval.status == UnitStatus.FAULTY
    assert "пломба № 0012345 сорвана" in interval.reason


def test_a_broken_seal_cannot_be_passed_over(commercial, manager, technician):
    inspection = periodic(commercial, manager)
    with pytest.raises(ApplicationError) as exc:
        record(inspection, technician, seals=[{"number": "0012345", "place": "корпус", "intact": False}])
    assert (exc.value.code, exc.value.field) == ("defect_not_marked", "items")


def test_a_passed_check_admits_the_unit_for_a_year_at_most(commercial, manager, technician):
    seals = [{"number": "0012345", "place": "корпус", "intact": True}]
    inspection = record(periodic(commercial, manager), technician, seals=seals)
    services.inspection_issue_act(inspection=inspection, actor=technician)
    services.inspection_approve(inspection=inspection, actor=manager)
    services.periodic_result_apply(inspection=inspection, actor=technician)
    commercial.refresh_from_db()
    assert (commercial.status, commercial.admitted_until) == (UnitStatus.COMMERCIAL, date(2027, 3, 11))


def test_only_an_approved_check_is_applied(commercial, manager, technician):
    # given a check whose act is issued but not approved yet
    seals = [{"number": "0012345", "place": "корпус", "intact": True}]
    inspection = record(periodic(commercial, manager), technician, seals=seals)
    services.inspection_issue_act(inspection=inspection, actor=technician)
    # when its result is applied, then it is refused and the unit stays as it was
    with pytest.raises(ApplicationError) as refused:
        services.periodic_result_apply(inspection=inspection, actor=technician)
    assert (refused.value.code, refused.value.field) == ("not_approved", "inspection")
    commercial.refresh_from_db()
    assert commercial.admitted_until is None


def test_issuing_and_applying_a_check_outside_a_request_name_the_technician(commercial, manager, technician):
    # given a recorded check, its act and its result applied by Celery steps (no web request)
    seals = [{"number": "0012345", "place": "корпус", "intact": True}]
    inspection = record(periodic(commercial, manager), technician, seals=seals)
    services.inspection_issue_act(inspection=inspection, actor=technician)
    services.inspection_approve(inspection=inspection, actor=manager)
    services.periodic_result_apply(inspection=inspection, actor=technician)
    # then the inspection's history names the technician on the act, the manager on its approval
    act_entries = [e for e in record_history(inspection) if any(c.label == "акт" for c in e.changes)]
    assert sorted(e.who for e in act_entries) == ["Волкова Марина", "Петров Сергей"]
    # and the unit's history names the technician on the admission
    [admission] = [e for e in record_history(commercial) if any(c.label == "допущен к коммерческому учету до" for c in e.changes)]
    assert admission.who == "Петров Сергей"


# ------------------------------------------------------------ the act as read (issue 12)


def _act_text(act) -> str:
    import io

    from docx import Document

    from documents import storage

    doc = Document(io.BytesIO(storage.read(act.storage_name)))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_the_commissioning_act_reads_right(application, technician, time_machine):
    # given an inspection recorded at 10:35 whose checklist rules once carried a working note's mark
    time_machine.move_to("2026-03-12 10:35:00+03:00")
    application.unit.purpose = "both"
    application.unit.save()
    inspection = record(application.current_inspection, technician)
    inspection.items.update(rule="ПП РФ № 1034, п. 64 ❓")
    # when
    act = services.inspection_issue_act(inspection=inspection, actor=technician)
    text = _act_text(act)
    # then: no mark, the time of the act, abbreviations in capitals, no range column of dashes,
    assert "❓" not in text and "⚠" not in text
    assert "10\xa0ч 35\xa0мин" in text
    assert "ГВС" in text and "гвс" not in text
    assert "Диапазон\n" not in text and "—\n—\n" not in text
    # no annex that was never produced, the signer's initials before the surname
    assert "Приложение" not in text and "фотоматериалы" not in text
    assert "С.Н.\xa0Петров" in text
    # and, with no approval given yet, blank lines to approve by hand
    assert "«___» ______________ 20___ г." in text
