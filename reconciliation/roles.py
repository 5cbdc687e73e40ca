"""What each role may do with reconciliations (see accounts.roles).

Technicians reconcile readings; billing specialists reconcile settlements and run the
quarter's bulk statements; managers see everything; lawyers see the settlements acts (a
signed one interrupts the limitation of the debts they recover).
"""

from accounts.roles import BILLING, LEGAL, MANAGER, TECHNICIAN

READINGS = ["reconciliation.view_readingsreconciliation", "reconciliation.conduct_readings_reconciliation"]
SETTLEMENTS = ["reconciliation.view_settlementsreconciliation", "reconciliation.conduct_settlements_reconciliation",
               "reconciliation.view_bulkjob", "reconciliation.run_bulk_reconciliation"]

PERMISSIONS = {
    TECHNICIAN: READINGS,
    BILLING: SETTLEMENTS + ["reconciliation.view_readingsreconciliation"],
    LEGAL: ["reconciliation.view_settlementsreconciliation"],
    MANAGER: ["reconciliation.view_*"],
}
