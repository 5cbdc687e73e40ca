"""Analytics fixtures: the forecast's metered history (three closed months)."""

from tests.billing.forecast.conftest import metered_history  # noqa: F401
