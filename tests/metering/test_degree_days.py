from decimal import Decimal

import pytest

from metering.degree_days import DegreeDayModel, Sample, degree_days, fit, predict


def test_degree_days_count_only_days_colder_than_inside():
    assert degree_days([Decimal("-5"), Decimal("10"), Decimal("25")], Decimal("20")) == Decimal("35")


def test_fit_recovers_base_and_slope_of_exact_data():
    # given months following Q = 0.5 × days + 0.02 × DD exactly
    samples = [
        Sample(days=31, degree_days=Decimal(dd), consumption=Decimal("15.5") + Decimal("0.02") * Decimal(dd))
        for dd in ("900", "700", "400", "0")
    ] + [Sample(days=30, degree_days=Decimal("300"), consumption=Decimal("15") + Decimal("6"))]
    # when
    model = fit(samples)
    # then
    assert model.base_per_day.quantize(Decimal("0.000001")) == Decimal("0.500000")
    assert model.per_degree_day.quantize(Decimal("0.000001")) == Decimal("0.020000")
    assert predict(model, days=31, degree_days=Decimal("1000")) == Decimal("35.500")


def test_summer_only_history_gives_a_flat_daily_base():
    model = fit([Sample(30, Decimal("0"), Decimal("9")), Sample(31, Decimal("0"), Decimal("9.3"))])
    assert model.per_degree_day == 0
    assert predict(model, days=30, degree_days=Decimal("0")) == Decimal("9.000")


@pytest.mark.parametrize(
    "samples",
    [
        [],
        [Sample(31, Decimal("500"), Decimal("20"))],
        [Sample(10, Decimal("100"), Decimal("5")), Sample(20, Decimal("200"), Decimal("9"))],
    ],
)
def test_undetermined_history_gives_no_model(samples):
    assert fit(samples) is None


def test_prediction_is_never_negative():
    model = DegreeDayModel(base_per_day=Decimal("-1"), per_degree_day=Decimal("0.01"), samples=5)
    assert predict(model, days=30, degree_days=Decimal("100")) == Decimal("0.000")
