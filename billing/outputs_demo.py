"""Demo of billing's outputs, called at the end of ``billing.demo.seed`` (after the demo
periods are billed and closed):

- the УПД and счета на оплату of every closed period for the first ``DEMO_INVOICES``
  contracts (a city's worth would take minutes of DOCX and PDF work at every ``make run``;
  the period page's issue job does the rest); the last closed period printed as one PDF;
- this month's consumption plans frozen (the ПП 808 planned cost);
- a billing centre's service account with an API token of scope ``billing_export`` (its
  key is printed with the demo logins: a demo key, never a real one).

Everything goes through the services, so the demo carries their archive rows and audit
events. Without our organisation's requisites nothing is issued and a note says so.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.roles import ADMINISTRATOR, BILLING
from subscribers.selectors import our_organization

from .api.models import ApiToken
from .api.tokens import api_token_create
from .forecast.services import plans_freeze
from .invoices.models import InvoiceDocument, OutputJob
from .invoices.printing import print_job_process
from .invoices.services import invoice_documents_issue, output_job_start
from .models import BillingPeriod, Invoice

SERVICE_ACCOUNT = "irc-demo"
DEMO_INVOICES = 12  # per closed period, by contract number


def _user(ctx, role):
    user = (ctx.data.get("users") or {}).get(role)
    return user or get_user_model().objects.filter(is_superuser=True).order_by("pk").first() or \
        get_user_model().objects.filter(is_active=True).order_by("pk").first()


def seed(ctx) -> None:
    actor = _user(ctx, BILLING)
    if actor is None:
        return
    if our_organization() is None:
        ctx.notes.append("Документы и выгрузка: нет реквизитов нашей организации — УПД и счета не выпущены")
    else:
        _documents(ctx, actor)
    result = plans_freeze(month=ctx.today, actor=actor)
    ctx.notes.append(
        f"Прогноз: планы потребления на {ctx.today:%m.%Y} зафиксированы по {result.frozen} договорам"
        + (f", без полного прогноза — {len(result.incomplete)}" if result.incomplete else "")
    )
    _token(ctx)


def _documents(ctx, actor) -> None:
    closed = list(BillingPeriod.objects.filter(status=BillingPeriod.Status.CLOSED, invoices__isnull=False)
                  .distinct().order_by("month"))
    for period in closed:
        if InvoiceDocument.objects.filter(period=period).exists():
            continue
        for invoice in Invoice.objects.filter(period=period).order_by("contract__number", "id")[:DEMO_INVOICES]:
            invoice_documents_issue(invoice=invoice, actor=actor)
    if closed:
        last = closed[-1]
        if not last.printouts.exists():
            job = output_job_start(period=last, actor=actor, kind=OutputJob.Kind.PRINT)
            print_job_process(job_id=job.pk)
        ctx.notes.append(
            f"Документы и выгрузка: УПД и счета за {', '.join(p.label for p in closed)} выпущены по первым "
            f"{DEMO_INVOICES} договорам ({InvoiceDocument.objects.count()} документов; остальные — кнопкой "
            f"«Выпустить УПД и счета» на странице периода), {last.label} распечатан одним PDF"
        )


def _token(ctx) -> None:
    if ApiToken.objects.filter(user__username=SERVICE_ACCOUNT).exists():
        return
    admin = _user(ctx, ADMINISTRATOR)
    if admin is None or not admin.has_perm("billing.add_apitoken"):
        return
    account = get_user_model().objects.create_user(username=SERVICE_ACCOUNT, first_name="ИРЦ «Город»",
                                                   password=None)
    token, key = api_token_create(name="ИРЦ «Город» — выгрузка начислений (демо)", user=account,
                                  scopes=["billing_export"], actor=admin)
    ctx.notes.append(
        f"API выгрузки: curl -H 'Authorization: Token {key}' "
        f"'http://127.0.0.1:8000/api/billing/export/?period={ctx.today:%Y-%m}'"
    )
