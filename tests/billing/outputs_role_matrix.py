"""Who may open billing's outputs (included in tests/billing/role_matrix.py).

Документы и выгрузка: everyone who sees charges opens the pages (billing specialists,
lawyers, managers, administrators); billing specialists and administrators issue, print
and export. API tokens: administrators only. The export API: billing specialists and
administrators (by session here; tokens are tests/billing/api).
"""

from datetime import date

from accounts.roles import ADMINISTRATOR, BILLING, LEGAL, MANAGER
from tests.accounts.matrix import API, Access

VIEWERS = {BILLING, LEGAL, MANAGER, ADMINISTRATOR}
ISSUERS = {BILLING, ADMINISTRATOR}
ADMINS = {ADMINISTRATOR}


def samples(world):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from billing.api.models import ApiToken
    from billing.invoices.models import InvoicePrintout, OutputJob
    from billing.models import BillingPeriod

    from .factories import BillingPeriodFactory

    # a period of its own, closed, without invoices: issuing and exporting are refused
    # with a message (nothing is written), whoever is allowed to try
    world.outputs_period = BillingPeriodFactory(month=date(2024, 1, 1))
    BillingPeriod.objects.filter(pk=world.outputs_period.pk).update(status=BillingPeriod.Status.CLOSED)
    user = get_user_model().objects.create_user(username="matrix-outputs", password=None)
    world.outputs_job = OutputJob.objects.create(kind=OutputJob.Kind.PRINT, period=world.outputs_period,
                                                 status=OutputJob.Status.DONE, created_by=user)
    world.outputs_printout = InvoicePrintout.objects.create(
        period=world.outputs_period, job=world.outputs_job, storage_name="printouts/matrix-missing.pdf",
        sha256="0" * 64, size=1, pages=1, documents=[], created_by=user, created_at=timezone.now(),
    )
    world.outputs_token = ApiToken.objects.create(name="матрица", user=user, prefix="tsk_matrix00",
                                                  key_hash="0" * 64, scopes=["billing_export"], created_by=user)


def period(w):
    return {"pk": w.outputs_period.pk}


ACCESS = [
    Access("billing:outputs:index", allowed=VIEWERS),
    Access("billing:outputs:period", allowed=VIEWERS, kwargs=period),
    Access("billing:outputs:issue", allowed=ISSUERS, kwargs=period,
           note="an empty POST is an invalid form: 200 with its errors"),
    Access("billing:outputs:print", allowed=ISSUERS, kwargs=period,
           note="an empty POST is an invalid form: 200 with its errors"),
    Access("billing:outputs:export", allowed=ISSUERS, kwargs=lambda w: {"pk": w.outputs_period.pk, "fmt": "csv"},
           note="no invoices: refused with a message, a redirect to the period page"),
    Access("billing:outputs:job", allowed=VIEWERS, kwargs=lambda w: {"pk": w.outputs_job.pk}),
    Access("billing:outputs:printout", allowed=VIEWERS, kwargs=lambda w: {"pk": w.outputs_printout.pk},
           note="the sample's file is missing: refused with a message, a redirect"),
    Access("billing:api_tokens:index", allowed=ADMINS),
    Access("billing:api_tokens:add", allowed=ADMINS, note="an empty POST is an invalid form: 200 with its errors"),
    Access("billing:api_tokens:revoke", allowed=ADMINS, kwargs=lambda w: {"pk": w.outputs_token.pk},
           note="an empty POST is an invalid form: nothing revoked"),
    Access("api-billing-export", allowed=ISSUERS, anonymous=API),
    Access("api-billing-periods", allowed=ISSUERS, anonymous=API),
]
