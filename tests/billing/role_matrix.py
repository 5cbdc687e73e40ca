"""Who may open the billing pages (see tests/accounts/matrix.py).

The legal calculator ("Правовые расчеты") and ``POST /api/calc/<kind>/``: lawyers, billing
specialists and managers (``reference.use_legal_calculator``).
"""

from accounts.roles import BILLING, LEGAL, MANAGER
from tests.accounts.matrix import API, Access

from .outputs_role_matrix import ACCESS as OUTPUTS_ACCESS
from .outputs_role_matrix import samples as samples  # noqa: PLC0414 — billing's outputs (the only samples yet)

CALCULATORS = {LEGAL, BILLING, MANAGER}

ACCESS = [
    Access("legal_calc:index", allowed=CALCULATORS),
    Access("legal_calc:*:index", allowed=CALCULATORS,
           note="an empty POST is an invalid form: the page answers 200 with the errors"),
    Access("api-calc", allowed=CALCULATORS, anonymous=API, kwargs=lambda w: {"kind": "penalty"}, ok=(400,),
           note="GET is 405; an empty POST is 400 naming the first missing field"),
    *OUTPUTS_ACCESS,
]
