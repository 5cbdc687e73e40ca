"""The dashboard's figures of the domain apps (workflows/dashboard_figures.py): each figure and
each of its bars equals the list it links to, opened by the same user on seeded data — the
debtors list (debt by days overdue, penalties), the case list (stages, money recovered), the
verification list, the coverage report — and each is shown only to the roles that may open
its list."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import MANAGER, ROLES
from casefiles.models import Case, EnforcementPayment
from metering.coverage import coverage_report
from metering.models import Device, UnitPurpose, UnitStatus
from settlements.models import PenaltyAccrual, PenaltyLine
from tests.casefiles.factories import CaseFactory
from tests.metering.factories import (
    DeviceFactory,
    HeatedObjectFactory,
    HeatLoadFactory,
    MeteringUnitFactory,
    StatusChangeFactory,
)
from tests.settlements.factories import AllocationFactory, ContractFactory, DebtFactory
from workflows import dashboard, dashboard_figures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_instant")]


@pytest.fixture
def manager(make_user):
    return make_user(MANAGER)


def _debt(days_overdue: int, amount: str, contract=None, **extra):
    """A debt ``days_overdue`` days past its due date today (negative: due later)."""
    due = timezone.localdate() - timedelta(days=days_overdue)
    return DebtFactory(contract=contract or ContractFactory(), period=due.replace(day=1), due_date=due,
                       amount=Decimal(amount), **extra)


@pytest.fixture
def debtors():
    """Six contracts, one in each bucket of days overdue, one paid in part, one settled."""
    today = timezone.localdate()
    _debt(-5, "1000.00")                                   # not yet due
    _debt(10, "2000.00")                                   # до 30
    older = _debt(200, "5000.00")                          # 181–365, paid in part …
    AllocationFactory(debt=older, amount=Decimal("1000.00"), payment__doc_date=today - timedelta(days=100))
    _debt(20, "700.00", contract=older.contract, kind="final")  # … the same contract, a younger debt
    _debt(45, "3000.00")                                   # 31–90
    _debt(120, "3500.00")                                  # 91–180
    _debt(400, "6000.00")                                  # свыше 365
    _debt(90, "999.00", settled_on=today - timedelta(days=60))  # settled: not a debtor
    return today


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context


def test_the_debt_and_its_aging_equal_the_debtors_list(client, manager, debtors):
    figure = dashboard_figures.debts_figure(manager, debtors)
    listed = _get(client, manager, figure.url)["totals"]
    assert listed.contracts == 6 and listed.outstanding == Decimal("20200.00")
    assert figure.value == "20\xa0200,00\xa0₽ (6 дог.)"
    expected = {"срок не наступил": (1, "1000.00"), "до 30 дней": (1, "2000.00"), "31–90 дней": (1, "3000.00"),
                "91–180 дней": (1, "3500.00"), "181–365 дней": (1, "4700.00"), "свыше 365 дней": (1, "6000.00")}
    assert {bar.label: (int(bar.text.rsplit("(", 1)[1][:-1]), str(bar.value)) for bar in figure.bars} == expected
    for bar in figure.bars:  # each bar: the debtors list filtered to its days overdue
        totals = _get(client, manager, bar.url)["totals"]
        assert (totals.contracts, str(totals.outstanding)) == expected[bar.label], bar.url
        assert "days" in bar.url or bar.label == "срок не наступил"


def _line(accrual, debt, amount: str):
    today = timezone.localdate()
    return PenaltyLine.objects.create(accrual=accrual, debt=debt, date_from=today - timedelta(days=30), date_to=today,
                                      days=30, base=debt.amount, denominator=300, rate_percent=Decimal("16"),
                                      amount=Decimal(amount))


def test_the_penalties_equal_the_debtors_list(client, manager, debtors):
    from settlements.models import Debt

    today = debtors
    first = today.replace(day=1)
    earlier = PenaltyAccrual.objects.create(as_of=first - timedelta(days=1), status=PenaltyAccrual.Status.DONE)
    latest = PenaltyAccrual.objects.create(as_of=today, status=PenaltyAccrual.Status.DONE)
    oldest = Debt.objects.get(amount=Decimal("6000.00"))
    settled = Debt.objects.get(settled_on__isnull=False)
    _line(earlier, oldest, "100.00")
    _line(latest, oldest, "150.00")
    _line(latest, settled, "20.00")  # a paid-off contract's penalty: accrued, not on the debtors list
    figure = dashboard_figures.penalties_figure(manager, today)
    context = _get(client, manager, figure.url)
    assert context["totals"].penalty == Decimal("150.00")
    assert figure.value == "150,00\xa0₽"
    bars = {bar.label: bar.value for bar in figure.bars}
    assert bars == {"У должников": Decimal("150.00"), "Начислено всего": Decimal("170.00"),
                    "Начислено в месяце": Decimal("70.00")}
    assert context["page"][0]["penalty"] == Decimal("150.00")  # sorted by the penalty, largest first


def test_the_cases_equal_the_case_list(client, manager):
    today = timezone.localdate()
    contract = ContractFactory()
    consumer = contract.consumer
    CaseFactory(consumer=consumer, stage=Case.Stage.PREPARATION, principal=Decimal("1000.00"))
    CaseFactory(consumer=consumer, stage=Case.Stage.PREPARATION, principal=Decimal("500.00"), penalty=Decimal("50.00"))
    enforced = CaseFactory(consumer=consumer, kind=Case.Kind.LAWSUIT_ARBITRATION, stage=Case.Stage.ENFORCEMENT,
                           principal=Decimal("20000.00"))
    closed = CaseFactory(consumer=consumer, kind=Case.Kind.ORDER_ARBITRATION, stage=Case.Stage.CLOSED,
                         closed_on=today, principal=Decimal("3000.00"), recovered=Decimal("3000.00"))
    EnforcementPayment.objects.create(case=enforced, paid_on=today, amount=Decimal("7000.50"), document="п/п 1")
    EnforcementPayment.objects.create(case=closed, paid_on=today, amount=Decimal("3000.00"), document="п/п 2")

    figure = dashboard_figures.cases_figure(manager, today)
    assert figure.value == 3 == _get(client, manager, figure.url)["page"].paginator.count
    bars = {bar.label: bar for bar in figure.bars}
    assert [bars[str(label)].value for label in Case.Stage.labels] == [2, 0, 0, 0, 0, 1, 1]
    for bar in figure.bars:
        assert _get(client, manager, bar.url)["page"].paginator.count == bar.value, bar.url

    recovered = dashboard_figures.recovered_figure(manager, today)
    totals = _get(client, manager, recovered.url)["totals"]
    assert totals.recovered == Decimal("10000.50") and totals.claimed == Decimal("24550.00")
    assert recovered.value == "10\xa0000,50\xa0₽"
    assert {bar.label: bar.value for bar in recovered.bars} == {"Цена требований": totals.claimed,
                                                                "Взыскано": totals.recovered}


def _device(unit, days_left: int, **extra):
    device = DeviceFactory(unit=unit, **extra)
    Device.objects.filter(pk=device.pk).update(next_verification_on=timezone.localdate() + timedelta(days=days_left))
    return device


def test_the_devices_due_equal_the_verification_list(client, manager):
    today = timezone.localdate()
    unit = MeteringUnitFactory()
    for days in (-400, -1, 0, 10, 30, 31, 45, 60, 75, 90, 91, 500):
        _device(unit, days)
    _device(unit, -10, removed_on=today - timedelta(days=20))  # removed: not in service
    _device(MeteringUnitFactory(status=UnitStatus.DECOMMISSIONED), -10)
    figure = dashboard_figures.verification_figure(manager, today)
    bars = {bar.label: bar.value for bar in figure.bars}
    assert bars == {"Истекла": 3, "Истекла или в 30 дней": 5, "Истекла или в 60 дней": 8, "Истекла или в 90 дней": 10}
    assert figure.value == "3 (10)"
    assert len(_get(client, manager, figure.url)["rows"]) == 3
    for bar in figure.bars:
        assert len(_get(client, manager, bar.url)["rows"]) == bar.value, bar.url


def test_the_coverage_equals_the_coverage_report(client, manager):
    today = timezone.localdate()
    since = today - timedelta(days=400)

    def point(purpose=UnitPurpose.BOTH, status=UnitStatus.COMMERCIAL, load=True, **load_values):
        heated_object = HeatedObjectFactory()
        if load:
            HeatLoadFactory(heated_object=heated_object, valid_from=since, **load_values)
        if purpose is not None:
            unit = MeteringUnitFactory(heated_object=heated_object, purpose=purpose)
            if status is not None:
                StatusChangeFactory(unit=unit, status=status, effective_from=since)
        return heated_object

    point()                                                         # metered
    point(status=None)                                              # a unit never commissioned
    point(purpose=None)                                             # no unit
    point(purpose=UnitPurpose.HOT_WATER, hot_water_avg=Decimal("0"))  # meters a load the object has not
    point(load=False)                                               # no load, a commercial unit: metered
    faulty = point()
    StatusChangeFactory(unit=faulty.metering_units.get(), status=UnitStatus.FAULTY, reason="нет пломбы",
                        effective_from=today - timedelta(days=3))
    ended = point()                                                 # an old load ended, the new one starts later
    ended.loads.update(valid_to=today - timedelta(days=1))
    HeatLoadFactory(heated_object=ended, valid_from=today + timedelta(days=1))
    later = point(purpose=UnitPurpose.HEATING)                      # commercial only from tomorrow
    later.metering_units.get().status_changes.update(effective_from=today + timedelta(days=1))
    gone = point()
    gone.consumer.is_active = False
    gone.consumer.save()

    figure = dashboard_figures.coverage_figure(manager, today)
    report = _get(client, manager, figure.url)["report"]
    assert report.on == today
    assert (report.total.objects, report.total.metered_objects) == (8, 3)
    assert {bar.label: bar.value for bar in figure.bars} == {"С учетом": 3, "Без учета": 5}
    assert figure.value == "37,5\xa0% (3 из 8)"
    assert coverage_report(today).total.objects_share == Decimal("37.5")


@pytest.mark.parametrize("role", ROLES)
def test_each_figure_only_for_the_roles_that_may_open_its_list(make_user, role):
    user = make_user(role)
    today = timezone.localdate()
    rights = {"debts": "settlements.view_debt", "penalties": "settlements.view_debt", "cases": "casefiles.view_case",
              "recovered": "casefiles.view_case", "verification": "metering.view_device",
              "coverage": "metering.view_meteringunit"}
    for key, right in rights.items():
        _title, function = dashboard.FIGURES[key]
        assert (function(user, today) is not None) == user.has_perm(right), (role, key)
        if role == MANAGER:
            assert function(user, today) is not None, key


def test_the_page_draws_each_figure_with_its_links(client, manager, debtors):
    client.force_login(manager)
    page = client.get("/reception/dashboard/").content.decode()
    for key in ("debts", "penalties", "cases", "recovered", "verification", "coverage"):
        _title, function = dashboard.FIGURES[key]
        figure = function(manager, debtors)
        assert f'href="{figure.url.replace("&", "&amp;")}"' in page, key
    assert page.count('class="dashboard-chart"') >= 8
    assert 'class="dashboard-bar"' in page and "/settlements/debtors/?min_days=31&amp;max_days=90" in page


def test_each_figure_is_a_few_queries_whatever_the_rows(manager, debtors, django_assert_max_num_queries):
    unit = MeteringUnitFactory()
    for days in range(-20, 100, 7):
        _device(unit, days)
    for key in ("debts", "penalties", "cases", "recovered", "verification", "coverage"):
        _title, function = dashboard.FIGURES[key]
        manager = type(manager).objects.get(pk=manager.pk)  # a fresh permission cache
        with django_assert_max_num_queries(6):  # the rights, then the figure's own aggregates
            function(manager, debtors)
