"""The quality flow over HTTP as the real roles: a residential house's complaints through the
worked examples of ПП 354 прил. 1 (regulations/quality.py) — heating 15 °C against 18 °C by day for 50 h → 675.00,
hot water 52 °C by day for 100 h → 120.00 — each act approved by a manager and its reduction
billed exactly once in the next run (a re-run and a second recalculation add nothing); a
non-residential shop without a meter loses hours × load from its calculated volume; an expired
thermometer and a temperature outside physical sense refused, naming the field; a returned act
measured again; other roles refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from viewflow.workflow.status import PROCESS

from billing.models import ChargeLine, Invoice, Recalculation
from supply.models import QualityCase
from supply.services.quality import quality_recalculate
from tests.core.test_russian_pages import problems, visible_text
from tests.supply.conftest import (  # noqa: F401 — the supply fixtures
    archive_dir,
    billed_december,
    billing_user,
    group,
    make_contract,
    manager,
    now,
    organization,
    period_dec,
    run_period,
    technician,
    town,
    vat_rates,
)
from workflows.models import QualityProcess
from workflows.quality import QualityFlow as Flow

from .conftest import open_task, run_background_handles

pytestmark = pytest.mark.django_db


def url(node, process, action="execute"):
    return node.reverse(action, args=[process.pk, open_task(process, node).pk])


def russian(response):
    assert response.status_code == 200, response.status_code
    text = visible_text(response.content.decode())
    assert not problems(text), problems(text)
    return response.content.decode()


def take(client, user, node, process):
    client.force_login(user)
    if open_task(process, node).owner_id is None:
        assert client.get(url(node, process, "assign")).status_code == 302
    assert open_task(process, node).owner == user


def post(client, user, node, process, data, status=302):
    take(client, user, node, process)
    russian(client.get(url(node, process)))
    response = client.post(url(node, process), data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def registered(client, technician, obj, *, service="heating", number="Д-2025/0153", at="10.12.2025 08:00"):  # noqa: F811 — the supply fixtures
    client.force_login(technician)
    start_url = Flow.start.reverse("execute")
    russian(client.get(start_url))
    response = client.post(start_url, {
        "object_code": obj.code, "source": "complaint", "service": service, "complaint_number": number,
        "complaint_at": at, "complaint_text": "в квартире холодно", "reporter": "Иванова М.П., кв. 15",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    case = QualityCase.objects.get(complaint_number=number)
    return QualityProcess.objects.get(artifact_object_id=case.pk, flow_class=Flow)


def measurement(**changes) -> dict:
    return {
        "checked_at": "10.12.2025 11:30", "participants": "Петров С.Н., инженер\nИванова М.П., собственник кв. 15",
        "thermometer_model": "Testo 905-T1", "thermometer_number": "45123987",
        "thermometer_verified_on": "15.03.2025", "thermometer_valid_until": "14.03.2026",
        "point_1": "кв. 15, комната, центр, 1,1 м", "value_1": "15,0",
        "point_2": "кв. 15, спальня, центр, 1,1 м", "value_2": "15,4",
        "point_3": "", "value_3": "", "outdoor_c": "-18", "supply_c": "68", "return_c": "45",
        "supply_pressure_mpa": "0,55", "return_pressure_mpa": "0,38", "norm_c": "", "period": "day",
        "restored_at": "12.12.2025 10:00", "conclusion": "температура воздуха ниже норматива",
        **changes,
    }


def measured(client, technician, process, **changes):  # noqa: F811 — the supply fixtures
    post(client, technician, Flow.measure, process, measurement(**changes))
    assert run_background_handles(process) == 1
    return QualityCase.objects.get(pk=process.artifact_object_id)


def approved(client, manager, process):  # noqa: F811 — the supply fixtures
    post(client, manager, Flow.approve, process, {"decision": "approve", "comment": ""})
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    return QualityCase.objects.get(pk=process.artifact_object_id)


def test_residential_heating_and_hot_water_through_the_worked_examples_billed_once(
        client, billed_december, technician, manager, run_period):  # noqa: F811 — the supply fixtures
    world = billed_december
    # heating: both points read 15 °C against 18 °C by day, 10.12 08:00 – 12.12 10:00 = 50 h
    heating = registered(client, technician, world.house)
    case = measured(client, technician, heating, value_2="15,0")
    assert case.act.template_code == "supply.quality_act" and case.act.context["deviation"]["hours"] == "50,00"
    # a technician may not approve; the manager approves
    client.force_login(technician)
    assert client.get(url(Flow.approve, heating, "assign")).status_code == 403
    case = approved(client, manager, heating)
    # hot water: 52 °C by day for 100 h (01.12 08:00 – 05.12 12:00)
    water = registered(client, technician, world.house, service="hot_water", number="Д-2025/0100", at="01.12.2025 08:00")
    measured(client, technician, water, checked_at="01.12.2025 12:00", value_1="52", point_2="", value_2="",
             restored_at="05.12.2025 12:00")
    water_case = approved(client, manager, water)
    # each act queued its reduction once, naming the act
    lines = {r.resource: r for r in Recalculation.objects.filter(source="quality")}
    assert lines["heat_energy"].amount == Decimal("-675.00")
    assert lines["hot_water"].amount == Decimal("-120.00")
    assert case.act.number in lines["heat_energy"].reason and water_case.act.number in lines["hot_water"].reason
    # a second recalculation of an approved case adds nothing
    assert quality_recalculate(case=case, actor=manager) == [lines["heat_energy"]]
    assert Recalculation.objects.filter(source="quality").count() == 2
    # the next run bills them once; a re-run of the period too
    run_period(world.january)
    run_period(world.january)
    invoice = Invoice.objects.get(period=world.january, contract=world.house_contract)
    corrections = invoice.lines.filter(kind=ChargeLine.Kind.RECALCULATION).order_by("position")
    assert sorted(line.amount for line in corrections) == [Decimal("-675.00"), Decimal("-120.00")]


def test_a_shop_without_a_meter_loses_hours_times_load(client, billed_december, technician, manager):  # noqa: F811 — the supply fixtures
    world = billed_december
    process = registered(client, technician, world.shop, number="Д-2025/0200")
    measured(client, technician, process, value_1="14", value_2="14")
    approved(client, manager, process)
    line = Recalculation.objects.get(source="quality")
    # 50 h × 0.2 Гкал/ч = 10.000 Гкал out of the calculated volume, at December's 2 500.00
    assert (line.quantity, line.rate, line.amount) == (Decimal("-10.000000"), Decimal("2500.00"), Decimal("-25000.00"))
    assert line.basis["rule"] == "contract"


def test_bad_input_refused_naming_the_field_and_a_returned_act_measured_again(
        client, billed_december, technician, manager):  # noqa: F811 — the supply fixtures
    world = billed_december
    process = registered(client, technician, world.house, number="Д-2025/0300")
    # an expired thermometer: refused on its field, nothing written
    page = post(client, technician, Flow.measure, process, measurement(thermometer_valid_until="01.12.2025"), status=200)
    assert "срок поверки истек 01.12.2025" in page.content.decode()
    # a room at 95 °C is a typing error
    page = post(client, technician, Flow.measure, process, measurement(value_1="95"), status=200)
    assert "вне физически возможных значений" in page.content.decode()
    # restoration before the complaint
    page = post(client, technician, Flow.measure, process, measurement(restored_at="09.12.2025 10:00"), status=200)
    assert "не позже обращения" in page.content.decode()
    case = QualityCase.objects.get(pk=process.artifact_object_id)
    assert case.status == QualityCase.Status.REGISTERED and not case.measurements.exists()
    # measured; the manager returns the act: measured again, a new act replaces the first
    first = measured(client, technician, process).act
    post(client, manager, Flow.approve, process, {"decision": "return", "comment": "нет третьей точки"})
    client.force_login(technician)
    assert "нет третьей точки" in russian(client.get(url(Flow.measure, process)))
    case = measured(client, technician, process, point_3="кв. 15, кухня", value_3="15,1")
    assert case.act.replaces_id == first.pk and case.measurements.count() == 3
    assert not Recalculation.objects.exists()


def test_other_roles_refused(client, billed_december, technician, billing_user, make_user):  # noqa: F811 — the supply fixtures
    from accounts.roles import LEGAL

    client.force_login(make_user(LEGAL))
    assert client.get(Flow.start.reverse("execute")).status_code == 403
    client.force_login(billing_user)
    assert client.get(Flow.start.reverse("execute")).status_code == 403
    assert date(2026, 1, 20)  # the pinned day of the fixtures
