"""Billing: tariffs, billing periods and runs, charge lines, invoices, recalculations.

Row invariants live here; every write goes through ``billing.services``. A closed billing
period is never edited: the model layer refuses (``PeriodClosedError``) and database
triggers (migration ``0002``) refuse raw SQL as well.

Units and rounding (documented once, used everywhere):
- volumes in Гкал and м³ are rounded half-up to 0.001; capacity (Гкал/ч) is kept as given;
- money is rounded half-up to the kopeck at three points per line: amount without VAT
  (quantity × rate), VAT (amount × rate %), amount with VAT (the sum of the two).
"""

from .charges import ChargeLine, Invoice, Recalculation
from .choices import (
    MONTHS_NOMINATIVE,
    ONE_DAY,
    UNIT_OF_COMPONENT,
    Component,
    Method,
    Resource,
    days_between,
    month_end,
    month_start,
)
from .periods import (
    BillingPeriod,
    BillingProblem,
    BillingRun,
    BillingRunChunk,
    PeriodClosedError,
    RefusedRecalculation,
    period_closed_message,
)
from .tariffs import Tariff

__all__ = [
    "MONTHS_NOMINATIVE", "ONE_DAY", "UNIT_OF_COMPONENT", "BillingPeriod", "BillingProblem", "BillingRun",
    "BillingRunChunk", "ChargeLine", "Component", "Invoice", "Method", "PeriodClosedError", "Recalculation",
    "RefusedRecalculation", "Resource", "Tariff", "days_between", "month_end", "month_start", "period_closed_message",
]

# Models of the billing outputs (billing/invoices, billing/api, billing/forecast), registered here
from billing.api.models import ApiToken  # noqa: E402, F401, I001
from billing.forecast.models import ConsumptionPlan  # noqa: E402, F401
from billing.invoices.models import InvoiceDocument, InvoicePrintout, OutputJob  # noqa: E402, F401
