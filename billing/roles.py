"""What each role may do in billing (see accounts.roles).

Tariffs are kept by administrators and billing specialists (with history). Billing
specialists run and close billing periods and queue recalculations; lawyers and managers
see charges and invoices (they go into claims and reports); technicians do not bill.
"""

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER

VIEW_ALL = ["billing.view_*"]

PERMISSIONS = {
    BILLING: VIEW_ALL + [
        "billing.add_tariff",
        "billing.change_tariff",
        "billing.add_billingperiod",
        "billing.run_billing",
        # Closing a period is the billing specialist's routine month-end step (the month's
        # charges are final, later changes go through recalculations), not an approval:
        # "only managers approve" (issue 2) concerns approvals in the flows, and this is none.
        "billing.close_billingperiod",
        "billing.add_recalculation",
        "billing.change_recalculation",
        "billing.issue_invoices",  # УПД, счета на оплату, печать периода (billing/invoices)
        "billing.export_billing",  # выгрузка в расчетные центры: файлы и API (billing/export, billing/api)
    ],
    LEGAL: VIEW_ALL,
    MANAGER: VIEW_ALL,
    ADMINISTRATOR: ["billing.*"],
}
