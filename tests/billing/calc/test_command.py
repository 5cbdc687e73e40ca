"""``manage.py calc``: every worked example, exit codes, and bad input naming the field."""

import json
import subprocess
import sys

import pytest
from django.conf import settings

from audit.models import AuditEvent

from .examples import OTHER_KINDS, PENALTY


@pytest.mark.parametrize(("payload", "total", "lines"), PENALTY)
def test_penalty_worked_examples(calc, payload, total, lines):
    # when
    code, result = calc("penalty", payload)
    # then
    assert code == 0
    assert result["total"] == total
    assert [(line["days"], line["fraction"], line["amount"]) for line in result["lines"]] == lines
    assert {line["rate_percent"] for line in result["lines"]} == {"9.5"}
    assert set(result["lines"][0]) >= {"debt_id", "date_from", "date_to", "days", "base", "fraction",
                                       "rate_percent", "amount"}


@pytest.mark.parametrize(("kind", "payload", "total"), OTHER_KINDS)
def test_worked_examples_of_every_other_kind(calc, kind, payload, total):
    code, result = calc(kind, payload)
    assert code == 0
    assert result["total"] == total


def test_input_from_stdin(calc):
    code, result = calc("hot-water-volume", {"load_avg_gcal_h": "0.08", "days": 31}, via="stdin")
    assert (code, result["total"]) == (0, "59.520")


def test_penalty_lines_carry_dates_and_the_moratorium(calc):
    # given a debt overdue before the ПП № 497 moratorium, unpaid at the end of 2022
    code, result = calc("penalty", {"category": "other", "as_of": "2022-12-31",
                                    "debts": [{"id": "d", "amount": "1000.00", "due_date": "2022-03-10"}]})
    # then two lines around the moratorium and the excluded days
    assert code == 0
    assert [(line["date_from"], line["date_to"]) for line in result["lines"]] == [
        ("2022-03-11", "2022-03-31"), ("2022-10-02", "2022-12-31"),
    ]
    assert result["excluded"][0]["days"] == 184
    assert result["total"] == "64.62"  # 12.12 + 52.50 at 7.5 % (the key rate on 31.12.2022)


def test_rate_percent_replaces_the_table(calc):
    payload = PENALTY[2].values[0] | {"rate_percent": "20"}
    code, result = calc("penalty", payload)
    assert (code, result["total"]) == (0, "13846.15")


def test_contractless_adds_vat_by_the_date_when_no_rate_is_given(calc):
    payload = {"load_gcal_h": "0.15", "t_inside": "20", "t_outside_design": "-25",
               "periods": [{"days": 92, "t_out": "-10"}], "tariff_per_gcal": "2500", "date": "2026-03-01"}
    code, result = calc("contractless", payload)
    assert code == 0
    assert (result["volume_gcal"], result["cost"], result["surcharge"], result["vat_percent"], result["vat"]) == (
        "220.800", "552000.00", "276000.00", "22", "182160.00")
    assert result["total"] == "1010160.00"


PENALTY_OK = {"category": "other", "as_of": "2026-04-24",
              "debts": [{"id": "d", "amount": "200000.00", "due_date": "2026-03-10"}]}


@pytest.mark.parametrize(
    ("kind", "payload", "field"),
    [
        ("penalty", PENALTY_OK | {"as_of": "24.04.2026"}, "as_of"),
        ("penalty", {"category": "other", "as_of": "2026-04-24"}, "debts"),
        ("penalty", PENALTY_OK | {"category": "firm"}, "category"),
        ("penalty", PENALTY_OK | {"debts": [{"id": "d", "amount": "-1", "due_date": "2026-03-10"}]}, "debts[0].amount"),
        ("penalty", PENALTY_OK | {"debts": [{"id": "d", "amount": "1.005", "due_date": "2026-03-10"}]},
         "debts[0].amount"),
        ("penalty", PENALTY_OK | {"debts": [{"id": "d", "amount": "12", "due_date": "2026-02-30"}]},
         "debts[0].due_date"),
        ("penalty", PENALTY_OK | {"payments": [{"date": "2026-04-01", "amount": "10", "debt_id": "x"}]},
         "payments[0].debt_id"),
        ("penalty", PENALTY_OK | {"payments": [{"date": "2026-05-01", "amount": "10"}]}, "payments[0].date"),
        ("penalty", PENALTY_OK | {"payments": [{"amount": "10"}]}, "payments[0].date"),
        ("penalty", PENALTY_OK | {"as_of": "2021-12-31",
                                  "debts": [{"id": "d", "amount": "1", "due_date": "2021-12-01"}]}, "as_of"),
        ("penalty", PENALTY_OK | {"rate_percent": "nine"}, "rate_percent"),
        ("heating-volume", {"load_gcal_h": "0.5", "t_inside": "20", "t_outside_design": "-26",
                            "periods": [{"days": "x", "t_out": "-8.6"}]}, "periods[0].days"),
        ("heating-volume", {"load_gcal_h": "0.5", "t_inside": "20", "t_outside_design": "-26"}, "periods"),
        ("hot-water-volume", {"load_avg_gcal_h": "-0.08", "days": 31}, "load_avg_gcal_h"),
        ("contractless", {"load_gcal_h": "0.15", "t_inside": "20", "t_outside_design": "-25",
                          "periods": [{"days": 92, "t_out": "-10"}], "tariff_per_gcal": "-1"}, "tariff_per_gcal"),
        ("quality-recalc", {"service": "gas", "monthly_charge": "1"}, "service"),
        ("quality-recalc", {"service": "heating", "monthly_charge": "1",
                            "temperature_deviations": [{"hours": 1, "measured_c": 15, "period": "dusk"}]},
         "temperature_deviations[0].period"),
        ("state-duty", {"court": "supreme", "claim_amount": "1"}, "court"),
        ("state-duty", {"court": "general", "claim_amount": "0"}, "claim_amount"),
        ("state-duty", {"court": "general", "claim_amount": "600000", "procedure": "court_order"}, "claim_amount"),
        ("pension", {}, "kind"),
        ("penalty", "{not json", "input"),
        ("penalty", "[1, 2]", "input"),
    ],
)
def test_bad_input_exits_2_naming_the_field(calc, kind, payload, field):
    code, result = calc(kind, payload)
    assert code == 2
    assert result["field"] == field
    assert result["error"].startswith(f"{field}: ")


def _manage(*args, stdin: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "calc", *args], input=stdin, capture_output=True, text=True,
        cwd=settings.BASE_DIR, timeout=120, check=False, env=env,
    )


def test_as_a_process_it_exits_0_with_json_on_stdout(process_env):
    done = _manage("hot-water-volume", "--input", "-", stdin='{"load_avg_gcal_h": "0.08", "days": 31}',
                   env=process_env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == "59.520"


def test_as_a_process_bad_input_exits_2_with_the_error_on_stdout(process_env):
    done = _manage("penalty", "--input", "-", stdin='{"category": "other", "as_of": "31.12.2026", "debts": []}',
                   env=process_env)
    assert done.returncode == 2
    result = json.loads(done.stdout)
    assert (result["code"], result["field"]) == ("invalid_date", "as_of")
    assert result["error"].startswith("as_of: ")


def test_a_run_is_audited_as_the_system(calc):
    # when
    code, result = calc("hot-water-volume", {"load_avg_gcal_h": "0.08", "days": 31})
    # then one calc.run event without an actor, with the kind, the input and the total
    assert code == 0
    event = AuditEvent.objects.get(action="calc.run")
    assert event.actor is None
    assert event.data == {"kind": "hot-water-volume", "source": "command",
                          "input": {"load_avg_gcal_h": "0.08", "days": 31}, "total": "59.520"}


def test_bad_input_is_not_audited(calc):
    code, _ = calc("penalty", {"category": "other", "as_of": "31.12.2026", "debts": []})
    assert code == 2
    assert not AuditEvent.objects.filter(action="calc.run").exists()
