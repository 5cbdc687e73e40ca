"""The interruption flow over HTTP as the real roles (docs/supply.md): an emergency on the
network's side through the dispatch log, the act, signatures with a refusal, the manager's
approval → the residential reduction of ПП 354 (40 h against 3 000.00 → 72.00) and the
non-residential undelivered heat (40 h × 0.2 Гкал/ч = 8.000 Гкал) billed once in the next run;
a planned interruption with its notice; a fault on the consumer's side: no recalculation; hot water:
interruptions totalling 20 h in a month against 1 200.00 → 21.60 (ПП РФ № 354, прил. 1; docs/law.md)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from billing.models import BillingPeriod, ChargeLine, Recalculation
from billing.services.periods import period_close
from core.errors import ApplicationError
from documents.models import ArchivedDocument
from subscribers.models import HeatedObject
from supply.models import DispatchEntry, Interruption
from supply.services.recalculations import interruption_recalculate
from tests.billing import conftest as billing_fixtures
from tests.billing.conftest import winter
from tests.billing.factories import (
    BillingPeriodFactory,
    HeatedObjectFactory,
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
)
from tests.core.test_russian_pages import problems, visible_text
from tests.documents.conftest import archive_dir  # noqa: F401 — every test its own archive
from workflows.interruption import CONSUMER_SIDE, RECALCULATED
from workflows.interruption import InterruptionFlow as Flow
from workflows.models import InterruptionProcess

from .conftest import open_task, run_background_handles

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 20, 10, 0)  # naive: made aware in Moscow time by the ``now`` fixture  # noqa: DTZ001

# the billing town: a billed and closed December (fixtures of tests/billing)
billing_user, group, make_contract = billing_fixtures.billing_user, billing_fixtures.group, billing_fixtures.make_contract
period_dec, run_period, town, vat_rates = (billing_fixtures.period_dec, billing_fixtures.run_period, billing_fixtures.town,
                                           billing_fixtures.vat_rates)


def moment(day: date, hour: int, minute: int = 0) -> str:
    return f"{day:%Y-%m-%d}T{hour:02d}:{minute:02d}"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(timezone.make_aware(NOW), tick=False)


@pytest.fixture
def december(now, town, make_contract, period_dec, run_period, billing_user, organization):
    """A residential house metered at 1.2 Гкал × 2 500.00 = 3 000.00 for December 2025 and a
    non-residential shop by calculation (0.2 Гкал/ч), both on the town's section; December
    billed and closed, January open."""
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    house_contract, house = make_contract(heating="0.1")
    HeatedObject.objects.filter(pk=house.pk).update(purpose=HeatedObject.Purpose.RESIDENTIAL)
    unit = MeteringUnitFactory(heated_object=house, purpose="heating")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q=Decimal("1.200"), m1=Decimal("900"), m2=Decimal("899"))
    shop_contract, shop = make_contract(heating="0.2")
    HeatedObject.objects.filter(pk=shop.pk).update(purpose=HeatedObject.Purpose.NON_RESIDENTIAL)
    run_period(period_dec)
    period_close(period=period_dec, actor=billing_user)
    BillingPeriodFactory(month=date(2026, 1, 1))
    return house, shop


def russian(response):
    assert response.status_code == 200, response.status_code
    text = visible_text(response.content.decode())
    assert not problems(text), problems(text)
    return response.content.decode()


def url(node, process, action="execute"):
    return node.reverse(action, args=[process.pk, open_task(process, node).pk])


def step(client, user, node, process, data, status=302):
    client.force_login(user)
    if open_task(process, node).owner_id is None:
        assert client.get(url(node, process, "assign")).status_code == 302
    russian(client.get(url(node, process)))
    response = client.post(url(node, process), data)
    form = response.context and response.context.get("form")
    assert response.status_code == status, form.errors if form else response.status_code
    return response


def register(client, user, section, **data) -> InterruptionProcess:
    client.force_login(user)
    start = Flow.start.reverse("execute")
    russian(client.get(start))
    response = client.post(start, {"section": section.pk, "service": "heating", "cause": "разрыв трубопровода",
                                   **data})
    assert response.status_code == 302, response.content.decode()[:3000]
    return InterruptionProcess.objects.order_by("-pk").first()


def through_the_act(client, technician, manager, process, fault_side="supplier"):
    step(client, technician, Flow.fill_act, process, {"fault_side": fault_side, "faulty_section": "ТК-7 — ТК-8",
                                                      "faulty_section_owner": "АО «ЭТСК»",
                                                      "outdoor_temperature": "-12,0"})
    assert run_background_handles(process) == 1
    step(client, technician, Flow.sign, process, {
        "supplier_name": "Петров С.Н., мастер", "consumer_organization": "ООО «Уют»",
        "consumer_name": "Иванов И.И., инженер", "consumer_signed": "", "consumer_refusal": "не уполномочен"})
    step(client, manager, Flow.approve, process, {"decision": "approve", "comment": ""})


def test_an_emergency_on_the_networks_side_is_recalculated_once(client, december, town, technician, manager,
                                                                 billing_user, run_period):
    house, shop = december
    day = date(2025, 12, 10)
    process = register(client, technician, town.section, kind="emergency", stopped_at=moment(day, 6),
                       caller="жилец кв. 5")
    interruption = process.interruption
    assert {row.heated_object for row in interruption.affected.all()} == {house, shop}
    # localisation after restoration is refused, naming the field; nothing written
    step(client, technician, Flow.localise, process, {"happened_at": moment(day, 12)})
    response = step(client, technician, Flow.restore, process, {"happened_at": moment(day, 11)}, status=200)
    assert "не может быть позже восстановления" in str(response.context["form"].errors["happened_at"])
    response = step(client, technician, Flow.restore, process, {"happened_at": moment(day, 5)}, status=200)
    assert "раньше прекращения" in str(response.context["form"].errors["happened_at"])
    step(client, technician, Flow.restore, process, {"happened_at": moment(date(2025, 12, 11), 22)})
    interruption.refresh_from_db()
    kinds = list(interruption.log.values_list("kind", flat=True))
    assert kinds == ["call", "stop", "localisation", "restoration"]
    # a technician may not approve
    through_the_act(client, technician, manager, process)
    assert run_background_handles(process) == 1
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and Flow.recalculated.task_title == RECALCULATED
    act = ArchivedDocument.objects.get(template_code="supply.interruption_act")
    assert act.context["rows"][0]["hours"] == "40,00" and act.context["totals"]["undelivered"].startswith("12,000")
    house_line = Recalculation.objects.get(source="supply", heated_object=house)
    shop_line = Recalculation.objects.get(source="supply", heated_object=shop)
    assert house_line.amount == Decimal("-72.00")  # 3 000.00 × 16 h × 0.15 %
    assert (shop_line.amount, shop_line.quantity) == (Decimal("-20000.00"), Decimal("-8.000"))  # 40 h × 0.2 × 2 500
    assert act.number in house_line.reason
    assert ArchivedDocument.objects.filter(template_code="supply.recalculation_statement").count() == 2
    # re-running the recalculation queues nothing; the next run bills each line once, twice run: still once
    assert interruption_recalculate(interruption=interruption, actor=manager) == []
    january = BillingPeriod.objects.get(month=date(2026, 1, 1))
    run_period(january)
    run_period(january)
    lines = ChargeLine.objects.filter(invoice__period=january, kind=ChargeLine.Kind.RECALCULATION)
    assert sorted(line.amount for line in lines) == [Decimal("-20000.00"), Decimal("-72.00")]


@pytest.fixture
def hot_water_house(now, town, make_contract, period_dec, run_period, billing_user, organization):
    """A residential house whose December hot water is metered: 0.400 Гкал × 2 500.00 + 5.000 м³ × 40.00 =
    1 200.00; December billed and closed, January open."""
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    _contract, house = make_contract(heating="0.1")
    HeatedObject.objects.filter(pk=house.pk).update(purpose=HeatedObject.Purpose.RESIDENTIAL)
    unit = MeteringUnitFactory(heated_object=house, purpose="hot_water")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    ReadingFactory(unit=unit, period=date(2025, 12, 1), q=Decimal("0.400"), v1=Decimal("5.000"),
                   m1=Decimal("5.000"), m2=Decimal("0"))
    run_period(period_dec)
    period_close(period=period_dec, actor=billing_user)
    BillingPeriodFactory(month=date(2026, 1, 1))
    return house


def test_hot_water_interruptions_totalling_20_hours_reduce_by_the_rule(client, hot_water_house, town, technician,
                                                                      manager, run_period):
    house = hot_water_house
    charge = ChargeLine.objects.filter(heated_object=house, resource="hot_water", kind=ChargeLine.Kind.CHARGE)
    assert sum(line.amount for line in charge) == Decimal("1200.00")
    # two emergencies of the month, 12 h and 8 h: the 8 h allowance counts once for the month
    for day, start, end in ((date(2025, 12, 3), 6, 18), (date(2025, 12, 17), 9, 17)):
        process = register(client, technician, town.section, service="hot_water", kind="emergency",
                           stopped_at=moment(day, start))
        step(client, technician, Flow.localise, process, {"happened_at": moment(day, start + 1)})
        step(client, technician, Flow.restore, process, {"happened_at": moment(day, end)})
        through_the_act(client, technician, manager, process)
        assert run_background_handles(process) == 1
        process.refresh_from_db()
        assert process.status == PROCESS.DONE
    lines = Recalculation.objects.filter(source="supply", heated_object=house).order_by("pk")
    # 12 h − 8 h = 4 h × 0.15 % × 1 200.00 = 7.20; then 20 h − 8 h = 12 h → 21.60 in all, 14.40 more
    assert [line.amount for line in lines] == [Decimal("-7.20"), Decimal("-14.40")]
    assert all(line.resource == "hot_water" for line in lines)
    january = BillingPeriod.objects.get(month=date(2026, 1, 1))
    run_period(january)
    run_period(january)
    billed = ChargeLine.objects.filter(invoice__period=january, kind=ChargeLine.Kind.RECALCULATION)
    assert sum(line.amount for line in billed) == Decimal("-21.60") and billed.count() == 2


def test_a_planned_interruption_is_announced_in_time(client, december, town, technician, manager):
    start = date(2026, 2, 5)
    process = register(client, technician, town.section, kind="planned", planned_from=moment(start, 9),
                       planned_to=moment(start, 17))
    # too late: 10 days before the start at the latest
    response = step(client, technician, Flow.notify, process, {"sent_on": "2026-01-30"}, status=200)
    assert "не позднее чем за 10" in str(response.context["form"].errors["sent_on"])
    step(client, technician, Flow.notify, process, {"sent_on": "2026-01-20"})
    interruption = Interruption.objects.get(pk=process.interruption.pk)
    assert interruption.status == Interruption.Status.NOTIFIED
    assert ArchivedDocument.objects.filter(template_code="common.letter").count() == 2
    assert interruption.log.filter(kind=DispatchEntry.Kind.NOTICE).exists()


def test_a_fault_on_the_consumers_side_is_recorded_without_recalculation(client, december, town, technician,
                                                                        manager):
    process = register(client, technician, town.section, kind="emergency", stopped_at=moment(date(2025, 12, 20), 8))
    step(client, technician, Flow.localise, process, {"happened_at": moment(date(2025, 12, 20), 9)})
    step(client, technician, Flow.restore, process, {"happened_at": moment(date(2025, 12, 20), 20)})
    client.force_login(technician)
    through_the_act(client, technician, manager, process, fault_side="consumer")
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and Flow.consumer_side.task_title == CONSUMER_SIDE
    assert not Recalculation.objects.filter(source="supply").exists()
    act = ArchivedDocument.objects.get(template_code="supply.interruption_act")
    assert "перерасчет не производится" in act.context["conclusion"]


def test_an_overlapping_interruption_of_the_section_is_refused(client, december, town, technician):
    register(client, technician, town.section, kind="emergency", stopped_at=moment(date(2025, 12, 20), 8))
    client.force_login(technician)
    response = client.post(Flow.start.reverse("execute"), {
        "section": town.section.pk, "service": "heating", "cause": "повтор", "kind": "emergency",
        "stopped_at": moment(date(2025, 12, 20), 10)})
    assert response.status_code == 200 and "пересекается" in str(response.context["form"].errors["stopped_at"])
    assert Interruption.objects.count() == 1


def test_the_affected_set_is_edited_with_a_reason_from_the_tasks_page(client, december, town, technician, manager,
                                                                    billing_user):
    house, shop = december
    process = register(client, technician, town.section, kind="emergency", stopped_at=moment(date(2025, 12, 20), 8))
    interruption = process.interruption
    # the localisation's page shows the affected set and links to its edit page
    client.force_login(technician)
    client.get(url(Flow.localise, process, "assign"))
    page = russian(client.get(url(Flow.localise, process)))
    edit = reverse("supply_flows:affected:edit", args=[interruption.pk])
    assert f'href="{edit}?back=' in page and shop.code in page
    russian(client.get(edit))
    # no reason: refused naming it, nothing changed
    response = client.post(edit, {"heated_object": shop.code, "action": "exclude", "reason": " "})
    assert response.status_code == 200 and "основание" in str(response.context["form"].errors["reason"])
    assert interruption.affected.get(heated_object=shop).included
    # an unknown object: refused naming it
    response = client.post(edit, {"heated_object": "НЕТ-ТАКОГО", "action": "include", "reason": "звонок"})
    assert response.status_code == 200 and "heated_object" in response.context["form"].errors
    # excluded with its reason; an object off the section included with its reason
    assert client.post(edit, {"heated_object": shop.code, "action": "exclude",
                              "reason": "объект отключен от участка"}).status_code == 302
    other = HeatedObjectFactory()
    assert client.post(edit, {"heated_object": other.code, "action": "include",
                              "reason": "запитан по временной схеме"}).status_code == 302
    rows = {row.heated_object: row for row in interruption.affected.all()}
    assert not rows[shop].included and rows[shop].reason == "объект отключен от участка"
    assert rows[other].included and rows[house].included and rows[house].reason == ""
    # billing specialists see the interruption but do not edit its affected set
    client.force_login(billing_user)
    assert client.get(edit).status_code == 403


def test_an_interruption_over_new_year_is_split_between_the_months(client, december, town, technician, manager,
                                                                   billing_user, run_period):
    """Stopped 31.12.2025 22:00, restored 01.01.2026 06:00 (Moscow time): 2 h go to December
    (closed) and 6 h to January (open, billed); the shop loses hours × load in each month at
    that month's rate, the house stays within the 24 h allowance; a re-run duplicates nothing."""
    house, shop = december
    january = BillingPeriod.objects.get(month=date(2026, 1, 1))
    run_period(january)
    process = register(client, technician, town.section, kind="emergency", stopped_at=moment(date(2025, 12, 31), 22))
    step(client, technician, Flow.localise, process, {"happened_at": moment(date(2026, 1, 1), 2)})
    step(client, technician, Flow.restore, process, {"happened_at": moment(date(2026, 1, 1), 6)})
    through_the_act(client, technician, manager, process)
    assert run_background_handles(process) == 1
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    lines = Recalculation.objects.filter(source="supply").order_by("corrected_period__month")
    assert [(line.heated_object, line.corrected_period.month, line.basis["hours"]) for line in lines] == [
        (shop, date(2025, 12, 1), "2.00"), (shop, date(2026, 1, 1), "6.00")]
    rates = [ChargeLine.objects.filter(invoice__period__month=line.corrected_period.month, heated_object=shop,
                                       kind=ChargeLine.Kind.CHARGE, component="energy").first().rate for line in lines]
    assert [line.quantity for line in lines] == [Decimal("-0.400"), Decimal("-1.200")]  # 2 h and 6 h × 0.2 Гкал/ч
    assert [line.amount for line in lines] == [(q * r).quantize(Decimal("0.01")) for q, r in
                                                zip([line.quantity for line in lines], rates, strict=True)]
    act = process.interruption.act
    assert all(line.reason.count(act.number) == 1 for line in lines)
    assert "12.2025" in lines[0].reason and "01.2026" in lines[1].reason
    assert interruption_recalculate(interruption=process.interruption, actor=manager) == []
    run_period(january)
    run_period(january)
    billed = ChargeLine.objects.filter(invoice__period=january, kind=ChargeLine.Kind.RECALCULATION)
    assert sorted(line.amount for line in billed) == sorted(line.amount for line in lines) and billed.count() == 2


def test_a_spanning_interruption_waits_for_every_month_to_be_billed(client, december, town, technician, manager):
    """January not billed yet: the recalculation is refused naming the month, nothing queued."""
    process = register(client, technician, town.section, kind="emergency", stopped_at=moment(date(2025, 12, 31), 22))
    step(client, technician, Flow.localise, process, {"happened_at": moment(date(2026, 1, 1), 2)})
    step(client, technician, Flow.restore, process, {"happened_at": moment(date(2026, 1, 1), 6)})
    through_the_act(client, technician, manager, process)
    interruption = process.interruption
    interruption.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        interruption_recalculate(interruption=interruption, actor=manager)
    assert exc.value.code == "not_billed" and "01.2026" in exc.value.message
    assert not Recalculation.objects.filter(source="supply").exists()
