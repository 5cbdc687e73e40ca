"""The billing run end to end (eager Celery): methods, VAT by shipment date, idempotency,
bad input, chunks."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from billing.models import BillingProblem, BillingRun, ChargeLine, Invoice, Method
from billing.services.runs import billing_run_start, plan_chunks
from core.errors import ApplicationError
from subscribers.models import Contract, HeatLoad

from ..conftest import january_2026, winter
from ..factories import (
    BillingPeriodFactory,
    MeteringUnitFactory,
    ReadingFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


def snapshot(period):
    """What a run produced, ids included."""
    invoices = list(
        Invoice.objects.filter(period=period).order_by("id").values_list("id", "contract_id", "amount_with_vat", "lines_digest")
    )
    lines = list(
        ChargeLine.objects.filter(invoice__period=period).order_by("id")
        .values_list("id", "invoice_id", "position", "method", "quantity", "amount_with_vat", "basis")
    )
    return invoices, lines


def test_an_unmetered_object_is_billed_by_calculation_per_the_regulations_example(town, make_contract, period_jan, run_period):
    # given an object without a meter, heating load 0.5 Гкал/ч, 20 °C inside, design −26 °C,
    # and January 2026 averaging −8.6 °C outside
    town.temperatures(january_2026())
    contract, obj = make_contract(heating="0.5")
    # when the period is billed
    run = run_period(period_jan)
    # then one line by calculation: 231.287 Гкал × 2 600.00 with VAT 22 %
    line = ChargeLine.objects.get(invoice__contract=contract)
    assert (line.method, line.quantity, line.heated_object_id) == (Method.CALCULATION, Decimal("231.287"), obj.pk)
    assert (line.amount, line.vat_rate, line.vat_amount, line.amount_with_vat) == (
        Decimal("601346.20"), Decimal("22"), Decimal("132296.16"), Decimal("733642.36")
    )
    assert line.basis["t_out_mean"] == "-8.6" and line.basis["reason"] == "no_meter"
    assert (line.date_from, line.date_to) == (date(2026, 1, 1), date(2026, 1, 31))
    invoice = Invoice.objects.get(contract=contract)
    assert (invoice.amount_with_vat, invoice.shipment_date, invoice.vat_rate) == (
        line.amount_with_vat, date(2026, 1, 31), Decimal("22")
    )
    assert (run.contracts_total, run.contracts_billed, run.amount_with_vat) == (1, 1, Decimal("733642.36"))
    assert AuditEvent.objects.filter(action="billing.run.completed", target_id=str(run.pk)).exists()


def test_vat_switches_from_20_to_22_percent_with_the_shipment_date_01_01_2026(
    town, make_contract, period_dec, period_jan, run_period
):
    # given the same object billed for December 2025 and January 2026
    town.temperatures(winter(date(2025, 12, 1), date(2026, 1, 31)))
    contract, _ = make_contract(heating="0.2")
    # when
    run_period(period_dec)
    run_period(period_jan)
    # then
    december = ChargeLine.objects.get(invoice__period=period_dec)
    january = ChargeLine.objects.get(invoice__period=period_jan)
    assert (december.vat_rate, january.vat_rate) == (Decimal("20"), Decimal("22"))
    assert december.vat_amount == (december.amount * Decimal("0.20")).quantize(Decimal("0.01"))
    assert january.vat_amount == (january.amount * Decimal("0.22")).quantize(Decimal("0.01"))
    assert (december.rate, january.rate) == (Decimal("2500.00"), Decimal("2600.00"))


def test_running_the_same_period_twice_changes_nothing(town, make_contract, period_jan, run_period):
    # given a billed period
    town.temperatures(january_2026())
    for heating in ("0.5", "0.3", "0.1"):
        make_contract(heating=heating, hot_water="0.02")
    run_period(period_jan)
    before = snapshot(period_jan)
    # when it is billed again with the same inputs
    second = run_period(period_jan)
    # then not a row changed: same ids, same lines, nothing written
    assert snapshot(period_jan) == before
    assert (second.invoices_changed, second.lines_written, second.contracts_billed) == (0, 0, 3)


def test_a_rerun_after_a_change_rewrites_only_the_changed_invoice(town, make_contract, period_jan, run_period):
    town.temperatures(january_2026())
    changed, obj = make_contract(heating="0.5")
    same, _ = make_contract(heating="0.3")
    run_period(period_jan)
    same_before = ChargeLine.objects.filter(invoice__contract=same).values_list("id", flat=True).get()
    invoice_id = Invoice.objects.get(contract=changed).pk
    # when a load is corrected and the period billed again
    HeatLoad.objects.filter(heated_object=obj).update(heating=Decimal("0.6"))
    run = run_period(period_jan)
    # then the changed contract keeps its invoice row with new lines, the other is untouched
    assert run.invoices_changed == 1
    assert Invoice.objects.get(contract=changed).pk == invoice_id
    assert ChargeLine.objects.get(invoice__contract=changed).quantity == Decimal("277.544")
    assert ChargeLine.objects.filter(invoice__contract=same).values_list("id", flat=True).get() == same_before


def test_bad_input_is_listed_per_contract_and_the_rest_is_billed(town, make_contract, group, period_jan, run_period):
    # given a good contract, one with an object without loads, one of a group without tariffs
    temperatures = january_2026()
    del temperatures[date(2026, 1, 15)]
    town.temperatures(temperatures)
    good, _ = make_contract(heating="0.5")
    no_loads, no_loads_object = make_contract(loads=False)
    from ..factories import TariffGroupFactory

    no_tariff, _ = make_contract(tariff_group=TariffGroupFactory(code="EMPTY"))
    metered, metered_object = make_contract()
    unit = MeteringUnitFactory(heated_object=metered_object, purpose="both", is_open_system=True)
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    ReadingFactory(unit=unit, period=date(2026, 1, 1), q=Decimal("60.000"), m1=Decimal("500"), m2=Decimal("500"))
    # when
    run = run_period(period_jan)
    # then the metered contract is billed; the others are not, each with what is missing
    assert set(Invoice.objects.filter(period=period_jan).values_list("contract_id", flat=True)) == {metered.pk}
    problems: dict[int, list[BillingProblem]] = {}
    for problem in BillingProblem.objects.filter(run=run):
        problems.setdefault(problem.contract_id, []).append(problem)
    assert set(problems) == {good.pk, no_loads.pk, no_tariff.pk}
    [missing_day] = problems[good.pk]
    assert missing_day.code == BillingProblem.Code.NO_TEMPERATURES and "15.01.2026" in missing_day.message
    [no_load] = problems[no_loads.pk]
    assert (no_load.code, no_load.heated_object_id) == (BillingProblem.Code.NO_LOADS, no_loads_object.pk)
    assert BillingProblem.Code.NO_TARIFF in {p.code for p in problems[no_tariff.pk]}
    assert (run.contracts_total, run.contracts_billed, run.contracts_with_problems) == (4, 1, 3)


def test_a_contract_that_turns_bad_loses_its_preview_invoice(town, make_contract, period_jan, run_period):
    town.temperatures(january_2026())
    contract, obj = make_contract()
    run_period(period_jan)
    assert Invoice.objects.filter(contract=contract).exists()
    HeatLoad.objects.filter(heated_object=obj).delete()
    run = run_period(period_jan)
    assert not Invoice.objects.filter(contract=contract).exists()
    assert not ChargeLine.objects.filter(heated_object=obj).exists()
    assert BillingProblem.objects.filter(run=run, contract=contract).exists()


def test_a_contract_no_longer_active_is_dropped_from_the_open_period(town, make_contract, period_jan, run_period):
    town.temperatures(january_2026())
    contract, _ = make_contract()
    run_period(period_jan)
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.SUSPENDED)
    run_period(period_jan)
    assert not Invoice.objects.filter(contract=contract).exists()


def test_many_small_chunks_give_the_same_result_as_one(town, make_contract, period_jan, run_period):
    town.temperatures(january_2026())
    for n in range(6):
        make_contract(heating=f"0.{n + 1}", hot_water="0.01")
    one = run_period(period_jan, objects_per_chunk=10_000)
    whole = snapshot(period_jan)[1]
    Invoice.objects.filter(period=period_jan).delete()
    many = run_period(period_jan, objects_per_chunk=1)
    assert (one.chunks_total, many.chunks_total) == (1, 6)
    strip = [line[2:] for line in whole]
    assert [line[2:] for line in snapshot(period_jan)[1]] == strip


def test_chunks_cover_every_consumer_id(town, make_contract, period_jan):
    for _ in range(5):
        make_contract()
    plan = plan_chunks(period_jan, 2)
    assert plan[0][0] == -1 and plan[-1][1] >= 2**62
    assert all(a[1] == b[0] for a, b in zip(plan, plan[1:], strict=False))
    assert sum(objects for _, _, objects in plan) == 5


def test_a_run_needs_a_vat_rate_for_the_shipment_date(db, billing_user):
    period = BillingPeriodFactory(month=date(2017, 1, 1))
    with pytest.raises(ApplicationError) as exc:
        billing_run_start(period=period, actor=billing_user)
    assert (exc.value.code, exc.value.field) == ("vat_rate_missing", "vat")


def test_a_second_run_cannot_start_while_one_is_active(vat_rates, period_jan, billing_user):
    BillingRun.objects.create(period=period_jan, status=BillingRun.Status.RUNNING)
    with pytest.raises(ApplicationError) as exc:
        billing_run_start(period=period_jan, actor=billing_user)
    assert (exc.value.code, exc.value.field) == ("run_active", "period")



def test_without_validation_settings_a_metered_contract_is_a_problem_not_a_guess(
    town, make_contract, period_jan, run_period
):
    from metering.models import ValidationSettings

    # given a metered closed system and no validation settings for January 2026
    town.temperatures(january_2026())
    contract, obj = make_contract()
    unit = MeteringUnitFactory(heated_object=obj, purpose="heating", is_open_system=False)
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    ReadingFactory(unit=unit, period=date(2026, 1, 1), q=Decimal("60.000"), m1=Decimal("3000"), m2=Decimal("2900"))
    ValidationSettings.objects.all().delete()
    # when
    run = run_period(period_jan)
    # then nothing is billed on a guessed tolerance: the run names what is missing
    [problem] = BillingProblem.objects.filter(run=run, contract=contract)
    assert problem.code == BillingProblem.Code.NO_VALIDATION_SETTINGS
    assert not Invoice.objects.filter(contract=contract).exists()


def test_a_month_in_progress_bills_the_days_to_come_at_the_climate_normal_as_an_estimate(
    town, make_contract, period_jan, run_period, time_machine
):
    # given the 20th of January 2026: the 1st–19th measured (−8.6 °C), January 2025 on record (−10.0 °C)
    time_machine.move_to(date(2026, 1, 20))
    town.temperatures({d: t for d, t in january_2026().items() if d < date(2026, 1, 20)})
    town.temperatures(winter(date(2025, 1, 1), date(2025, 1, 31), Decimal("-10.0")))
    contract, _ = make_contract(heating="0.5")
    # when the month is previewed
    run = run_period(period_jan)
    # then the contract is charged, the run and the line's basis say the rest is an estimate
    assert (run.contracts_billed, run.contracts_with_problems) == (1, 0)
    assert "20.01–31.01.2026" in run.estimate and "-10,0 °C" in run.estimate
    line = ChargeLine.objects.get(invoice__contract=contract)
    assert "климатической норме" in str(line.basis)
    # and the final run, every day measured, replaces the estimate
    time_machine.move_to(date(2026, 2, 2))
    town.temperatures({d: t for d, t in january_2026().items() if d >= date(2026, 1, 20)})
    final = run_period(period_jan)
    assert final.estimate == "" and final.contracts_billed == 1
    line = ChargeLine.objects.get(invoice__contract=contract)
    assert line.basis["t_out_mean"] == "-8.6" and "климатической норме" not in str(line.basis)


def test_a_past_day_without_a_measurement_is_still_a_problem_not_an_estimate(
    town, make_contract, period_jan, run_period, time_machine
):
    time_machine.move_to(date(2026, 1, 20))
    temperatures = {d: t for d, t in january_2026().items() if d < date(2026, 1, 20)}
    del temperatures[date(2026, 1, 15)]
    town.temperatures(temperatures)
    town.temperatures(winter(date(2025, 1, 1), date(2025, 1, 31), Decimal("-10.0")))
    make_contract(heating="0.5")
    run = run_period(period_jan)
    assert run.contracts_with_problems == 1
    assert BillingProblem.objects.get(run=run).code == BillingProblem.Code.NO_TEMPERATURES


def _metered(make_contract, *, reading: bool):
    """A contract whose object's heating is metered by a commercial unit (its January reading: Q 150 Гкал)."""
    contract, obj = make_contract(heating="0.5")
    unit = MeteringUnitFactory(heated_object=obj, purpose="heating", is_open_system=False, number="УУ-0701")
    StatusChangeFactory(unit=unit, effective_from=date(2024, 1, 1))
    if reading:
        ReadingFactory(unit=unit, period=date(2026, 1, 1), q=Decimal("150.000"), m1=Decimal("3000"), m2=Decimal("2999"))
    return contract


@pytest.mark.parametrize("measured", [True, False], ids=["days-measured-and-normals", "no-temperature-at-all"])
def test_a_metered_object_in_a_month_in_progress_is_charged_from_its_reading_not_estimated(
    town, make_contract, period_jan, run_period, time_machine, measured
):
    # given the 20th of January 2026 and the month's reading of a metered object; either the
    # station measured the 1st–19th and has January 2025 on record (a normal for the rest), or
    # the station has no temperature at all
    time_machine.move_to(date(2026, 1, 20))
    if measured:
        town.temperatures({d: t for d, t in january_2026().items() if d < date(2026, 1, 20)})
        town.temperatures(winter(date(2025, 1, 1), date(2025, 1, 31), Decimal("-10.0")))
    contract = _metered(make_contract, reading=True)
    # when the month in progress is previewed
    run = run_period(period_jan)
    # then the object is charged from its reading, needs no temperature, and nothing is an estimate
    assert (run.contracts_billed, run.contracts_with_problems) == (1, 0)
    line = ChargeLine.objects.get(invoice__contract=contract)
    assert (line.method, line.quantity) == (Method.METER, Decimal("150.000"))
    assert "оценка" not in str(line.basis) and "климатическ" not in str(line.basis)
    assert run.estimate == ""


def test_a_metered_object_without_its_reading_yet_is_estimated_by_load_until_the_reading(
    town, make_contract, period_jan, run_period, time_machine
):
    # given the 20th of January 2026, the 1st–19th measured, January 2025 on record, and a
    # metered object whose January reading is not in yet (it is taken after the month ends)
    time_machine.move_to(date(2026, 1, 20))
    town.temperatures({d: t for d, t in january_2026().items() if d < date(2026, 1, 20)})
    town.temperatures(winter(date(2025, 1, 1), date(2025, 1, 31), Decimal("-10.0")))
    contract = _metered(make_contract, reading=False)
    # when the month in progress is previewed
    run = run_period(period_jan)
    # then it is charged by the contractual load as an estimate, and the line and the run say why
    assert (run.contracts_billed, run.contracts_with_problems) == (1, 0)
    line = ChargeLine.objects.get(invoice__contract=contract)
    assert line.method == Method.CALCULATION and line.basis["reason"] == "reading_pending"
    assert "показаний узла учета № УУ-0701 за 01.2026 еще нет" in line.basis["reason_text"]
    assert "узлы учета без показаний за 01.2026" in run.estimate
    assert "20.01–31.01.2026" in run.estimate  # the calculation took the normal for the days to come
    # and after the month, the reading in, the final run bills the reading and estimates nothing
    time_machine.move_to(date(2026, 2, 2))
    town.temperatures({d: t for d, t in january_2026().items() if d >= date(2026, 1, 20)})
    ReadingFactory(unit=contract.objects_covered.get().metering_units.get(), period=date(2026, 1, 1),
                   q=Decimal("150.000"), m1=Decimal("3000"), m2=Decimal("2999"))
    final = run_period(period_jan)
    line = ChargeLine.objects.get(invoice__contract=contract)
    assert (line.method, line.quantity, final.estimate) == (Method.METER, Decimal("150.000"), "")


def test_after_the_month_a_missing_reading_is_billed_by_calculation_not_as_an_estimate(
    town, make_contract, period_jan, run_period, time_machine
):
    time_machine.move_to(date(2026, 2, 2))
    town.temperatures(january_2026())
    contract = _metered(make_contract, reading=False)
    run = run_period(period_jan)
    line = ChargeLine.objects.get(invoice__contract=contract)
    assert line.basis["reason"] == "no_reading" and run.estimate == ""


def test_the_run_says_estimate_only_for_what_its_lines_took(town, make_contract, period_jan, run_period, time_machine):
    # given a month in progress: an unmetered object (the normal for the days to come) and a
    # metered one with its reading
    time_machine.move_to(date(2026, 1, 20))
    town.temperatures({d: t for d, t in january_2026().items() if d < date(2026, 1, 20)})
    town.temperatures(winter(date(2025, 1, 1), date(2025, 1, 31), Decimal("-10.0")))
    make_contract(heating="0.5")
    _metered(make_contract, reading=True)
    run = run_period(period_jan)
    assert run.contracts_billed == 2
    assert "20.01–31.01.2026" in run.estimate and "узлы учета без показаний" not in run.estimate
