"""Who may open the billing pages (see tests/accounts/matrix.py).

«Расчеты»: billing specialists, lawyers, managers and administrators see periods, runs,
tariffs, charges and recalculations; billing specialists and administrators open, run and
close periods, resume or cancel a stalled run, keep tariffs, recompute a closed period and cancel a queued recalculation;
technicians do not bill.

The legal calculator ("Правовые расчеты") and ``POST /api/calc/<kind>/``: lawyers, billing
specialists and managers (``reference.use_legal_calculator``).
"""

from datetime import date
from decimal import Decimal

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER
from tests.accounts.matrix import API, Access, admin_entries

from .outputs_role_matrix import ACCESS as OUTPUTS_ACCESS
from .outputs_role_matrix import samples as outputs_samples

CALCULATORS = {LEGAL, BILLING, MANAGER}
VIEWERS = {BILLING, LEGAL, MANAGER, ADMINISTRATOR}
KEEPERS = {BILLING, ADMINISTRATOR}


def samples(world):
    from billing.models import BillingRun, ChargeLine, Invoice, Recalculation
    from tests.subscribers.factories import ContractFactory

    from .factories import BillingPeriodFactory, TariffFactory

    outputs_samples(world)
    world.billing_period = BillingPeriodFactory(month=date(2024, 2, 1))
    world.billing_run = BillingRun.objects.create(period=world.billing_period, status=BillingRun.Status.DONE)
    world.tariff = TariffFactory()
    contract = ContractFactory()
    world.invoice = Invoice.objects.create(
        period=world.billing_period, contract=contract, consumer=contract.consumer, shipment_date=date(2024, 2, 29),
        vat_rate=Decimal("20.00"), amount=Decimal("100.00"), vat_amount=Decimal("20.00"),
        amount_with_vat=Decimal("120.00"), lines_digest="0" * 32,
    )
    ChargeLine.objects.create(
        invoice=world.invoice, position=1, kind=ChargeLine.Kind.RECALCULATION, resource="heat_energy",
        component="energy", method="adjustment", date_from=date(2024, 2, 1), date_to=date(2024, 2, 29),
        amount=Decimal("100.00"), vat_rate=Decimal("20"), vat_amount=Decimal("20.00"), amount_with_vat=Decimal("120.00"),
    )
    world.recalculation = Recalculation.objects.create(
        contract=contract, resource="heat_energy", component="energy", corrected_period=world.billing_period,
        source="quality", reason="матрица ролей", amount=Decimal("-10.00"),
    )


def pk(attribute):
    return lambda w: {"pk": getattr(w, attribute).pk}


ACCESS = [
    Access("billing:index", allowed=VIEWERS),
    Access("billing:period_open", allowed=KEEPERS, note="an empty POST is an invalid form: 200"),
    Access("billing:period", allowed=VIEWERS, kwargs=pk("billing_period")),
    Access("billing:period_run", allowed=KEEPERS, kwargs=pk("billing_period"),
           note="an empty POST lacks the confirmation: 200, nothing started"),
    Access("billing:period_close", allowed=KEEPERS, kwargs=pk("billing_period"),
           note="an empty POST lacks the confirmation: 200, nothing closed"),
    Access("billing:run", allowed=VIEWERS, kwargs=pk("billing_run")),
    Access("billing:run_resume", allowed=KEEPERS, kwargs=pk("billing_run"),
           note="an empty POST lacks the confirmation: 200, nothing queued"),
    Access("billing:run_cancel", allowed=KEEPERS, kwargs=pk("billing_run"),
           note="an empty POST lacks the confirmation: 200, nothing cancelled"),
    Access("billing:tariffs:index", allowed=VIEWERS),
    Access("billing:tariffs:list", allowed=VIEWERS),
    Access("billing:tariffs:detail", allowed=VIEWERS, kwargs=pk("tariff")),
    Access("billing:tariffs:add", allowed=KEEPERS, note="an empty POST is an invalid form: 200"),
    Access("billing:tariffs:change", allowed=KEEPERS, kwargs=pk("tariff"), note="an empty POST is an invalid form: 200"),
    Access("billing:invoices:index", allowed=VIEWERS),
    Access("billing:invoices:list", allowed=VIEWERS),
    Access("billing:invoices:detail", allowed=VIEWERS, kwargs=pk("invoice")),
    Access("billing:recalculations:index", allowed=VIEWERS),
    Access("billing:recalculations:list", allowed=VIEWERS),
    Access("billing:recalculations:detail", allowed=VIEWERS, kwargs=pk("recalculation")),
    Access("billing:recalculations:recompute", allowed=KEEPERS, note="an empty POST is an invalid form: 200"),
    Access("billing:recalculations:cancel", allowed=KEEPERS, kwargs=pk("recalculation"),
           note="an empty POST lacks the confirmation: 200, nothing cancelled"),
    # periods, runs and charges are written by the billing run only: their admin is read-only
    *admin_entries("billing", readonly=("billingperiod", "billingrun", "invoice", "chargeline", "recalculation")),
    Access("legal_calc:index", allowed=CALCULATORS),
    Access("legal_calc:*:index", allowed=CALCULATORS,
           note="an empty POST is an invalid form: the page answers 200 with the errors"),
    Access("api-calc", allowed=CALCULATORS, anonymous=API, kwargs=lambda w: {"kind": "penalty"}, ok=(400,),
           note="GET is 405; an empty POST is 400 naming the first missing field"),
    *OUTPUTS_ACCESS,
]
