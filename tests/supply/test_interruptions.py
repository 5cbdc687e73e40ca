"""supply.services.interruptions: the affected set from the section and below, the dispatch
log's order of times, overlaps, the hot-water reduction of ПП 354 (20 h against 1 200.00 →
21.60) and the report."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import LEGAL, MANAGER, TECHNICIAN
from core.errors import ApplicationError
from regulations import quality
from supply.models import DispatchEntry, Interruption, SectionPlacement
from supply.report import interruption_report, report_svg, report_xlsx
from supply.services.interruptions import affected_edit, interruption_log, interruption_register
from tests.billing.factories import HeatedObjectFactory, HeatLoadFactory, NetworkSectionFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 20, 10, 0)  # naive: made aware in Moscow time by ``now``  # noqa: DTZ001


@pytest.fixture
def now(time_machine):
    time_machine.move_to(timezone.make_aware(NOW), tick=False)
    return timezone.make_aware(NOW)


@pytest.fixture
def network():
    """A main from the boiler house and a branch below it, an object on each; one elsewhere."""
    from supply.models import HeatSource

    source = HeatSource.objects.create(code="К1", name="Котельная № 1")
    main, branch, other = NetworkSectionFactory(code="М1"), NetworkSectionFactory(code="О1"), NetworkSectionFactory(code="М2")
    SectionPlacement.objects.create(section=main, source=source, owner="АО «ЭТСК»")
    SectionPlacement.objects.create(section=branch, source=source, parent=main)
    SectionPlacement.objects.create(section=other, source=source)
    objects = [HeatedObjectFactory(network_section=s) for s in (main, branch, other)]
    for obj in objects:
        HeatLoadFactory(heated_object=obj, valid_from=date(2025, 1, 1), heating=Decimal("0.2"), ventilation=Decimal("0"))
    return main, branch, objects


def emergency(section, actor, at, **extra):
    return interruption_register(kind="emergency", service="heating", section=section, cause="разрыв",
                                 stopped_at=at, actor=actor, **extra)


def test_the_affected_set_is_the_section_and_below_and_editable_with_a_reason(now, network, make_user):
    main, branch, (on_main, on_branch, elsewhere) = network
    technician = make_user(TECHNICIAN)
    interruption = emergency(main, technician, now - timedelta(hours=5))
    assert {a.heated_object for a in interruption.affected.all()} == {on_main, on_branch}
    assert all(a.load_gcal_h == Decimal("0.2") for a in interruption.affected.all())
    with pytest.raises(ApplicationError) as exc:
        affected_edit(interruption=interruption, heated_object=elsewhere, included=True, reason=" ", actor=technician)
    assert exc.value.field == "reason"
    affected_edit(interruption=interruption, heated_object=elsewhere, included=True, reason="общий ввод",
                  actor=technician)
    assert interruption.affected.filter(included=True).count() == 3
    # the branch alone reaches only its own object
    assert [a.heated_object for a in emergency(branch, technician, now - timedelta(days=3)).affected.all()] == [on_branch]


def test_the_dispatch_logs_times_are_checked_and_nothing_partial_is_written(now, network, make_user):
    main, _, _ = network
    technician = make_user(TECHNICIAN)
    stop = now - timedelta(hours=10)
    interruption = emergency(main, technician, stop)
    cases = [
        ("restoration", stop - timedelta(minutes=1), "restored_at"),
        ("localisation", stop - timedelta(minutes=1), "localised_at"),
        ("restoration", now + timedelta(hours=1), "restored_at"),
    ]
    for kind, at, field in cases:
        with pytest.raises(ApplicationError) as exc:
            interruption_log(interruption=interruption, kind=kind, happened_at=at, actor=technician)
        assert exc.value.field == field
    interruption_log(interruption=interruption, kind="restoration", happened_at=stop + timedelta(hours=5),
                     actor=technician)
    with pytest.raises(ApplicationError) as exc:
        interruption_log(interruption=interruption, kind="localisation", happened_at=stop + timedelta(hours=6),
                         actor=technician)
    assert exc.value.field == "localised_at"
    assert list(interruption.log.values_list("kind", flat=True)) == ["call", "stop", "restoration"]
    # an overlapping interruption of the section is refused, nothing of it written
    with pytest.raises(ApplicationError) as exc:
        emergency(main, technician, stop + timedelta(hours=1))
    assert exc.value.field == "stopped_at"
    assert Interruption.objects.count() == 1 and DispatchEntry.objects.count() == 3


def test_a_lawyer_may_not_register(now, network, make_user):
    with pytest.raises(ApplicationError):
        emergency(network[0], make_user(LEGAL), now - timedelta(hours=1))


def test_the_hot_water_reduction_of_20_hours(now):
    """ПП 354, прил. 1, п. 4: 8 h allowed, 12 h over × 0.15 % × 1 200.00 = 21.60 — the rule the
    recalculation applies to residential hot water (its heating twin is driven through the flow)."""
    result = quality.hot_water_reduction(monthly_charge=Decimal("1200.00"),
                                         interruptions=[quality.Interruption(Decimal("12")),
                                                        quality.Interruption(Decimal("8"))])
    assert result.total == Decimal("21.60")


def test_the_report_per_month_and_section(now, network, make_user):
    main, branch, _ = network
    manager = make_user(MANAGER)
    first = emergency(main, manager, now - timedelta(days=2, hours=10))
    interruption_log(interruption=first, kind="localisation", happened_at=first.stopped_at + timedelta(hours=2),
                     actor=manager)
    interruption_log(interruption=first, kind="restoration", happened_at=first.stopped_at + timedelta(hours=6),
                     actor=manager)
    second = emergency(main, manager, now - timedelta(days=1, hours=10))
    interruption_log(interruption=second, kind="restoration", happened_at=second.stopped_at + timedelta(hours=4),
                     actor=manager)
    [row] = interruption_report(date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    assert (row.count, row.total_hours, row.longest_hours) == (2, Decimal("10.00"), Decimal("6.00"))
    assert (row.consumer_count, row.load_gcal_h) == (2, Decimal("0.8"))
    assert (row.mean_localise, row.mean_restore) == (Decimal("2.00"), Decimal("5.00"))
    sheet = load_workbook(BytesIO(report_xlsx([row]))).active
    assert sheet.cell(row=1, column=1).value == "Месяц" and sheet.cell(row=2, column=3).value == 2
    assert "<rect" in report_svg([row]) and "январь 2026" in report_svg([row])


def test_the_report_page_and_its_export(client, now, network, make_user):
    from django.urls import reverse

    import config.urls  # noqa: F401 — the site's URLs

    manager = make_user(MANAGER)
    first = emergency(network[0], manager, now - timedelta(hours=10))
    interruption_log(interruption=first, kind="restoration", happened_at=now - timedelta(hours=4), actor=manager)
    client.force_login(manager)
    page = client.get(reverse("supply_flows:interruption_report:index")).content.decode()
    assert "interruptions-chart" in page and "6,00" in page
    export = client.get(reverse("supply_flows:interruption_report:export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(make_user(LEGAL))
    assert client.get(reverse("supply_flows:interruption_report:index")).status_code == 403
