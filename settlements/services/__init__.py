"""Every write of settlements, split by subdomain (see each module's docstring).

Services take keyword arguments only, check the actor's permission with
``core.permissions.require`` (``actor=None`` is the system — a Celery task, a command, the
demo seed — only for the accrual and the statement import; the others refuse it), validate everything before writing, write
inside ``transaction.atomic`` and record the audit event in the same transaction.
"""

from .allocation import allocate_contract
from .debts import debts_for_period
from .payments import payment_resolve
from .statements import StatementImportResult, statement_import

__all__ = [
    "StatementImportResult",
    "allocate_contract",
    "debts_for_period",
    "payment_resolve",
    "statement_import",
]
