"""«Требование об оплате» of contract-less or unmetered consumption: its context builder
(``demand_context``, template ``inspections.payment_demand``) and the service that issues it
(``demand_issue``).

The demand refers to the act, attaches the issued calculation and names the invoice; the sum
is in figures and in words; the term is the statutory one of contract-less consumption (the
dated ``ContractlessRule``: 15 days, 190-ФЗ ст. 22 ч. 10), otherwise the setting
``INSPECTIONS_DEMAND_PAYMENT_DAYS`` (config/settings/base.py: 10 days, as practice sets it) — calendar days
from the demand's date; the bank details are our organisation's, as every payment document
gives them; it warns of court action and of a statement to the police.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.permissions import require
from documents import formatting
from documents.documents import executor_block, organization_requisites, signer_block

from .calculation import CONTRACTLESS, Calculation
from .calculation_documents import Party, act_block, document_signer

TEMPLATE = "inspections.payment_demand"
PERMISSION = "inspections.issue_payment_demand"
STATUTE = "ч. 10 ст. 22 Федерального закона от 27.07.2010 № 190-ФЗ «О теплоснабжении»"
HEADINGS = {
    CONTRACTLESS: "об оплате стоимости бездоговорного потребления тепловой энергии",
    "unmetered": "об оплате стоимости безучетного потребления тепловой энергии",
}
FOUND = {
    CONTRACTLESS: "выявлено бездоговорное потребление тепловой энергии",
    "unmetered": "выявлено потребление тепловой энергии с нарушением порядка коммерческого учета (безучетное потребление)",
}
WARNINGS = (
    "В случае неоплаты в указанный срок {org} взыщет стоимость потребленной тепловой энергии в судебном порядке "
    "с отнесением на Вас судебных расходов, а также проценты за пользование чужими денежными средствами "
    "(ст. 395 Гражданского кодекса Российской Федерации).",
    "Самовольное подключение к тепловым сетям и самовольное (безучетное) использование тепловой энергии влекут "
    "ответственность по ст. 7.19 Кодекса Российской Федерации об административных правонарушениях; {org} вправе "
    "обратиться с заявлением в органы внутренних дел.",
)


def payment_days(result: Calculation) -> tuple[int, str]:
    """The term of payment in days and its basis: the rule's for contract-less consumption,
    the setting otherwise."""
    if result.payment_days is not None:
        return result.payment_days, STATUTE
    days = int(settings.INSPECTIONS_DEMAND_PAYMENT_DAYS)
    return days, "срок, установленный настоящим требованием"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def bank_block(organization) -> dict:
    return {"name": organization.bank_name, "bik": organization.bik, "account": organization.settlement_account,
            "correspondent_account": organization.correspondent_account}


def demand_context(result: Calculation, *, organization, party: Party, object_address: str, act_number: str,
                   act_date: date, calculation_number: str, calculation_date: date, invoice_number: str,
                   invoice_date: date, signer, actor, day: date, calculation_sheets: int = 1) -> dict:
    """``inspections.payment_demand``: Требование об оплате, dated ``day`` (the term runs from it)."""
    kind = result.input.kind
    days, basis = payment_days(result)
    due = day + timedelta(days=days)
    org = organization.short_name or organization.full_name
    calculation_line = (f"расчет объема и стоимости №{formatting.NBSP}{calculation_number} от "
                        f"{formatting.date_short(calculation_date)}")
    invoice_line = f"счет на оплату №{formatting.NBSP}{invoice_number} от {formatting.date_short(invoice_date)}"
    act = act_block(kind, act_number, act_date)
    sheets = f"на{formatting.NBSP}{{}}{formatting.NBSP}л. в{formatting.NBSP}1{formatting.NBSP}экз."
    return {
        "organization": organization_requisites(organization),
        "bank": bank_block(organization),
        "addressee": party.addressee_lines(),
        "heading": HEADINGS[kind],
        "act": act,
        "found": FOUND[kind],
        "object": {"address": object_address},
        "period": {"start": formatting.date_short(result.billed_start),
                   "end": formatting.date_short(result.input.period_end)},
        "amounts": {
            "volume": formatting.gcal(result.volume_gcal),
            "carrier": formatting.gcal(result.carrier_m3) if result.carrier_m3 else "",  # hot water drawn, м³
            "multiplier": formatting.plain_number(result.multiplier) if kind == CONTRACTLESS else "",
            "basis": STATUTE if kind == CONTRACTLESS else "",
            "amount": formatting.money(result.amount_without_vat, "руб."),
            "vat_percent": f"{formatting.plain_number(result.vat_percent)}{formatting.NBSP}%",
            "vat": formatting.money(result.vat, "руб."),
            "total": formatting.money(result.total, "руб."),
            "total_words": formatting.money_words(result.total),
        },
        "calculation": calculation_line,
        "invoice": invoice_line,
        "term": {"days": str(days), "due_date": formatting.date_short(due), "basis": basis},
        "purpose": f"Оплата по требованию: {invoice_line}, акт №{formatting.NBSP}{act_number} от {act['date']}",
        "warnings": [text.format(org=org) for text in WARNINGS],
        "attachments": [f"{_capital(calculation_line)} {sheets.format(calculation_sheets)}",
                        f"{_capital(invoice_line)} {sheets.format(1)}"],
        "signer": signer_block(signer),
        "executor": executor_block(actor, phone=organization.phone),
    }


@transaction.atomic
def demand_issue(*, result: Calculation, party: Party, object_address: str, act_number: str, act_date: date,
                 calculation, invoice_number: str, invoice_date: date, subject: models.Model, actor,
                 process=None, task=None, calculation_sheets: int = 1):
    """Issue «Требование об оплате» of ``result`` with the issued ``calculation``
    (an ``ArchivedDocument`` of ``inspections.violation_calculation``) and the invoice named;
    about ``subject`` (the act; a consumer until acts exist). Returns the ``ArchivedDocument``."""
    from documents.services import issue_document
    from subscribers.selectors import our_organization

    require(actor, PERMISSION)
    if getattr(calculation, "template_code", None) != "inspections.violation_calculation":
        raise ApplicationError("К требованию прилагается выпущенный расчет объема и стоимости", code="invalid",
                               field="calculation")
    if not invoice_number.strip():
        raise ApplicationError("Укажите номер счета на оплату", code="required", field="invoice_number")
    organization = our_organization(required=True)
    context = demand_context(
        result, organization=organization, party=party, object_address=object_address, act_number=act_number,
        act_date=act_date, calculation_number=calculation.number,
        calculation_date=timezone.localdate(calculation.issued_at), invoice_number=invoice_number,
        invoice_date=invoice_date, signer=document_signer(organization), actor=actor, day=timezone.localdate(),
        calculation_sheets=calculation_sheets,
    )
    return issue_document(template=TEMPLATE, context=context, subject=subject, actor=actor, process=process, task=task)
