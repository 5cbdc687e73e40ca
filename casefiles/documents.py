"""Context builders of the case-file templates (``doc_templates/casefiles/manifest.toml``):
plain dicts of formatted values from a case — one builder per template.

The figures come from the case's amounts as of their date (``services.amounts_refresh``:
principal by the ledger, penalty by ``regulations.penalties``, state duty by
``regulations.state_duty``); the debt table from the ledger's debts and their allocations as of
that date; the annexes from the case's documents, each with its sheets counted in its PDF
(``document_sheets``). Issuing them is ``casefiles.services`` (``claim_issue``,
``application_issue``, ``police_statement_issue``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum

from core.errors import ApplicationError
from documents import formatting, storage
from documents.documents import consumer_addressee, executor_block, organization_requisites, signer_block
from documents.models import ArchivedDocument
from reference import selectors as reference
from regulations import court_route
from regulations.errors import RuleError
from regulations.state_duty import state_duty
from settlements.models import Allocation, Debt
from subscribers.models import Consumer, Contract, Organization, Signatory

from . import selectors
from .models import Case, CaseDocument
from .package_sources import ArchivedSource, Source, checked_pdf, upload_source

DASH = "—"
MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
          "декабрь")
# the applications a case's documents go with, never an annex (the claim is one of a court application)
APPLICATION_KINDS = (CaseDocument.Kind.COURT_APPLICATION, CaseDocument.Kind.STATEMENT_OF_CLAIM,
                     CaseDocument.Kind.POLICE_STATEMENT)
# the annexes of a pre-trial claim (the penalty statement goes first, issued with it)
CLAIM_ANNEX_KINDS = (CaseDocument.Kind.INVOICE, CaseDocument.Kind.RECONCILIATION, CaseDocument.Kind.CALCULATION)
RESTRICTION_WARNING = (
    "Одновременно предупреждаем, что при неоплате задолженности подача тепловой энергии может быть ограничена "
    "в порядке, установленном ст. 22 Федерального закона от 27.07.2010 № 190-ФЗ «О теплоснабжении» и Правилами "
    "организации теплоснабжения (постановление Правительства РФ от 08.08.2012 № 808), с предварительным уведомлением."
)
MOTIONS = {
    "arbitration": "Рассмотреть дело в отсутствие представителя истца, если ответчик не представит возражений "
                   "(ч. 2 ст. 156 АПК РФ).",
    "general": "Рассмотреть дело в отсутствие представителя истца (ч. 5 ст. 167 ГПК РФ).",
}


# --- pieces ----------------------------------------------------------------------------------

def case_signer(organization: Organization) -> Signatory:
    """Who signs a claim or a court application: the signatory named for claims and suits,
    else the head."""
    active = Signatory.objects.filter(organization=organization, active=True)
    signer = (active.filter(signs_for__icontains="претенз").first() or active.filter(signs_for__icontains="иск").first()
              or active.order_by("-is_head", "last_name", "first_name").first())
    if signer is None:
        raise ApplicationError("Нет действующего подписанта нашей организации", code="signer_missing", field="signer")
    return signer


def bank_block(organization: Organization) -> dict:
    return {"name": organization.bank_name, "bik": organization.bik, "account": organization.settlement_account,
            "correspondent_account": organization.correspondent_account}


def payment_term(contract: Contract | None) -> str:
    """The contract's payment term in one phrase."""
    if contract is None:
        return DASH
    final = f"до {contract.final_payment_day}-го числа месяца, следующего за расчетным"
    advances = [
        f"{formatting.plain_number(percent)} % — до {day}-го числа расчетного месяца"
        for percent, day in ((contract.advance1_percent, contract.advance1_day),
                             (contract.advance2_percent, contract.advance2_day))
        if percent and day
    ]
    return "; ".join([*advances, f"окончательный расчет — {final}"]) if advances else final


def contract_block(case: Case) -> dict:
    contract = case.contract or next((d.contract for d in selectors.case_debts(case)), None)
    if contract is None:
        return {"number": DASH, "date": DASH, "payment_term": DASH}
    return {"number": contract.number, "date": formatting.date_short(contract.signed_on),
            "payment_term": payment_term(contract)}


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _invoice_text(debt: Debt) -> str:
    """The УПД of the debt's month (the issued document of its invoice), else the month."""
    if debt.invoice_id:
        upd = (ArchivedDocument.objects.filter(template_code="billing.upd", subject_type__model="invoice",
                                               subject_type__app_label="billing", subject_id=debt.invoice_id)
               .order_by("-issued_at").first())
        if upd is not None:
            return f"УПД № {upd.number} от {formatting.date_short(upd.issued_at.date())}"
    return f"УПД за {MONTHS[debt.period.month - 1]} {debt.period.year} г."


def debt_table(case: Case, as_of: date) -> tuple[list[dict], dict, dict]:
    """The rows of the debt table (period, УПД, charged, due date, paid by ``as_of``, debt),
    their totals and the period the debts cover."""
    debts = selectors.case_debts(case)
    paid = dict(Allocation.objects.filter(debt__in=debts, paid_on__lte=as_of).values("debt")
                .annotate(total=Sum("amount")).values_list("debt", "total"))
    rows, charged_total, paid_total = [], Decimal("0.00"), Decimal("0.00")
    for debt in debts:
        paid_amount = paid.get(debt.pk) or Decimal("0.00")
        charged_total += debt.amount
        paid_total += paid_amount
        rows.append({
            "period": f"{MONTHS[debt.period.month - 1]} {debt.period.year} г.",
            "invoice": _invoice_text(debt),
            "charged": formatting.amount(debt.amount),
            "due_date": formatting.date_short(debt.due_date),
            "paid": formatting.amount(paid_amount),
            "debt": formatting.amount(debt.amount - paid_amount),
        })
    totals = {"charged": formatting.amount(charged_total), "paid": formatting.amount(paid_total),
              "debt": formatting.amount(charged_total - paid_total)}
    period = ({"first": formatting.date_short(debts[0].period), "last": formatting.date_short(_month_end(debts[-1].period))}
              if debts else {"first": DASH, "last": DASH})
    return rows, totals, period


def _require_amounts(case: Case) -> date:
    if case.amounts_as_of is None:
        raise ApplicationError("Сначала рассчитайте суммы дела на дату", code="amounts_missing", field="as_of")
    return case.amounts_as_of


def amounts_block(case: Case) -> dict:
    """The case's amounts as of their date: principal, penalty (from the day after the first
    overdue due date), total — with «руб.», as a figure for tables and in words."""
    as_of = _require_amounts(case)
    overdue = [d.due_date for d in selectors.case_debts(case) if d.due_date < as_of]
    total = case.principal + case.penalty
    return {
        "as_of": formatting.date_short(as_of),
        "principal": formatting.money(case.principal, "руб."),
        "principal_figure": formatting.amount(case.principal),
        "principal_words": formatting.money_words(case.principal),
        "penalty_from": formatting.date_short(min(overdue) + timedelta(days=1)) if overdue else DASH,
        "penalty_to": formatting.date_short(as_of),
        "penalty_next": formatting.date_short(as_of + timedelta(days=1)),
        "penalty": formatting.money(case.penalty, "руб."),
        "penalty_figure": formatting.amount(case.penalty),
        "penalty_words": formatting.money_words(case.penalty),
        "total": formatting.money(total, "руб."),
        "total_figure": formatting.amount(total),
        "total_words": formatting.money_words(total),
    }


def penalty_basis(case: Case) -> str:
    """The norm of the debtor's penalty, as the penalty statement cites it."""
    from settlements.selectors import penalty_on  # the statement's own calculation and norms

    statement = penalty_on(consumer=case.consumer, as_of=_require_amounts(case))
    return statement.basis or DASH


def route_duty(kind: str, claim_amount: Decimal, on: date):
    """The state duty of route ``kind`` on ``claim_amount`` (``regulations.state_duty``)."""
    facts = court_route.ROUTES[kind]
    try:
        return state_duty(court=facts.duty_court, procedure=facts.duty_procedure, claim_amount=claim_amount, on=on,
                          scales=reference.duty_scales())
    except RuleError as exc:
        raise ApplicationError(exc.message, code="rule_refused", field="as_of") from exc


def court_addressee(case: Case) -> dict:
    court = case.court
    if court is None:
        raise ApplicationError("Выберите суд, в который подается дело", code="required", field="court")
    name = court.name
    if name.startswith("Мировой судья"):
        addressee = "Мировому судье" + name.removeprefix("Мировой судья")
    elif name.startswith("Судебный участок"):
        addressee = "Мировому судье судебного участка" + name.removeprefix("Судебный участок")
    else:
        addressee = f"В {name}"
    return {"arbitration": court.kind == court.Kind.ARBITRATION, "addressee": addressee, "address": court.address}


def debtor_block(consumer: Consumer) -> dict:
    """The debtor (defendant) as a court application names it (АПК ст. 125 ч. 2 п. 2; ГПК ст. 131 ч. 2 п. 3)."""
    citizen = consumer.kind == court_route.CITIZEN
    if citizen and consumer.last_name:
        genitive = formatting.genitive(consumer.last_name, consumer.first_name, consumer.middle_name)
    else:
        genitive = consumer.short_name or consumer.name
    if consumer.kind == court_route.ENTREPRENEUR:
        requisites = ", ".join(p for p in (consumer.inn and f"ИНН {consumer.inn}",
                                           consumer.ogrnip and f"ОГРНИП {consumer.ogrnip}") if p)
    else:
        requisites = ", ".join(p for p in (consumer.inn and f"ИНН {consumer.inn}", consumer.kpp and f"КПП {consumer.kpp}",
                                           consumer.ogrn and f"ОГРН {consumer.ogrn}") if p)
    identifier = ", ".join(p for p in (consumer.snils and f"СНИЛС {consumer.snils}",
                                       consumer.inn and f"ИНН {consumer.inn}") if p)
    contacts = ", ".join(p for p in (consumer.phone and f"тел.: {consumer.phone}",
                                     consumer.email and f"e-mail: {consumer.email}") if p)
    return {
        "citizen": citizen, "name": consumer.name, "genitive": genitive,
        "address": consumer.legal_address or consumer.postal_address or DASH,
        "requisites": requisites or DASH, "contacts": contacts,
        "birth_date": formatting.date_short(consumer.birth_date) if consumer.birth_date else "не известна",
        "birth_place": consumer.birth_place or "не известно", "identifier": identifier or "не известен",
    }


def claim_block(case: Case, *, with_basis: bool = False) -> dict:
    """The pre-trial claim (its number and date, how and when it was sent, the term's end);
    empty when no claim was sent."""
    claim = (CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.CLAIM, archived__isnull=False)
             .select_related("archived").order_by("-added_at").first())
    if case.claim_sent_on is None or claim is None or claim.archived is None:
        return {}
    block = {
        "number": claim.archived.number,
        "date": formatting.date_short(claim.archived.issued_at.date()),
        "sent_on": formatting.date_short(case.claim_sent_on),
        "proof": f"заказное письмо, почтовый идентификатор {case.claim_tracking}",
        "term_end": formatting.date_short(case.claim_sent_on + timedelta(days=case.claim_term_days)),
    }
    if with_basis:
        block["term_basis"] = f"{case.claim_term_days} календарных дней, {term_block(case)['basis']}"
    return block


def term_block(case: Case) -> dict:
    default = case.claim_term_days == court_route.DEFAULT_CLAIM_TERM_DAYS
    return {"days": case.claim_term_days,
            "basis": "ч. 5 ст. 4 АПК РФ" if default else f"договор № {contract_block(case)['number']}"}


def duty_block(case: Case) -> dict:
    """The state duty of the case's route on its amounts and how it was paid (the payment
    order among the case's documents)."""
    as_of = _require_amounts(case)
    result = route_duty(case.kind, case.claim_amount, as_of)
    order = CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.DUTY_PAYMENT).order_by("-added_at").first()
    return {"amount": formatting.money(result.amount, "руб."),
            "payment": f"согласно приложенному документу «{order.title}»" if order else "до подачи заявления",
            "norm": result.norm}


# --- annexes ---------------------------------------------------------------------------------

def document_source(item: CaseDocument) -> Source:
    """Where a case document's PDF comes from: the archived document, or the uploaded file
    (checked against its SHA-256)."""
    if item.archived is not None:
        return ArchivedSource(item.archived)
    content = storage.read(item.storage_name or "")
    if storage.sha256(content) != item.sha256:
        raise ApplicationError(f"Файл документа «{item.title}» в архиве изменен (SHA-256 не совпадает)",
                               code="file_tampered", field="documents")
    return upload_source(content, filename=item.original_name or item.title)


def document_sheets(item: CaseDocument) -> int:
    """The sheets of a case document: the pages of its PDF (an archived one converted once
    through the pool and its rendition archived)."""
    return len(checked_pdf(document_source(item).pdf(), title=item.title).pages)


def annexes(items: list[CaseDocument], *, kinds: bool = True) -> list[dict]:
    rows = []
    for item in items:
        row: dict = {"name": item.title, "sheets": document_sheets(item), "copies": item.copies}
        if kinds:
            row["kind"] = "оригинал" if item.is_original else "копия"
        rows.append(row)
    return rows


def annex_items(case: Case, *, only: tuple[str, ...] | None = None, first: CaseDocument | None = None
                ) -> list[CaseDocument]:
    """The case's documents that go with a letter or an application: ``first`` (the penalty
    statement issued with it) and then the others in the order they were added — the
    applications themselves never, and of the penalty statements only the newest."""
    items = (CaseDocument.objects.filter(case=case).exclude(kind__in=APPLICATION_KINDS).select_related("archived")
             .order_by("added_at", "id"))
    if only is not None:
        items = items.filter(kind__in=only)
    chosen = list(items)
    statements = [i for i in chosen if i.kind == CaseDocument.Kind.PENALTY_STATEMENT]
    newest = first if first is not None else (statements[-1] if statements else None)
    rest = [i for i in chosen if i.kind != CaseDocument.Kind.PENALTY_STATEMENT or (i == newest and first is None)]
    return ([first] if first is not None else []) + rest


# --- the builders ----------------------------------------------------------------------------

def _common(case: Case, *, organization: Organization, actor) -> dict:
    as_of = _require_amounts(case)
    rows, totals, period = debt_table(case, as_of)
    return {
        "organization": organization_requisites(organization),
        "contract": contract_block(case),
        "period": period,
        "debts": rows,
        "debt_totals": totals,
        "penalty_basis": penalty_basis(case),
        "signer": signer_block(case_signer(organization)),
        "executor": executor_block(actor, phone=organization.phone),
    }


def claim_context(case: Case, *, organization: Organization, actor, statement: CaseDocument) -> dict:
    """``casefiles.claim``: Претензия о погашении задолженности и уплате пени, with the
    penalty statement first among the annexes."""
    as_of = _require_amounts(case)
    amounts = amounts_block(case)
    proposal = selectors.route_proposal(case=case, on=as_of)
    duty = route_duty(proposal.kind, case.claim_amount, as_of) if case.claim_amount > 0 else None
    contract = contract_block(case)
    citizen = case.consumer.kind == court_route.CITIZEN
    common = _common(case, organization=organization, actor=actor)
    return {
        **common,
        "bank": bank_block(organization),
        "addressee": consumer_addressee(case.consumer),
        "debtor": {"name": case.consumer.short_name or case.consumer.name},
        "amounts": {key: amounts[key] for key in ("as_of", "principal", "principal_words", "penalty_from", "penalty_to",
                                                  "penalty", "penalty_words", "total", "total_words")},
        "term": term_block(case),
        "purpose": f"Оплата задолженности и пени по договору № {contract['number']} от {contract['date']} по претензии",
        "court_kind": (case.court.name if case.court is not None
                       else "суд общей юрисдикции" if citizen else "арбитражный суд"),
        "duty_estimate": formatting.money(duty.amount, "руб.") if duty is not None else "",
        "limitation": "" if citizen else RESTRICTION_WARNING,
        "attachments": annexes(annex_items(case, only=CLAIM_ANNEX_KINDS, first=statement), kinds=False),
    }


def court_order_application_context(case: Case, *, organization: Organization, actor) -> dict:
    """``casefiles.court_order_application``: Заявление о выдаче судебного приказа (АПК ст. 229.3;
    ГПК ст. 124)."""
    amounts = amounts_block(case)
    return {
        **_common(case, organization=organization, actor=actor),
        "bank": bank_block(organization),
        "court": court_addressee(case),
        "debtor": debtor_block(case.consumer),
        "amounts": {key: amounts[key] for key in ("as_of", "principal", "principal_words", "penalty_from", "penalty_to",
                                                  "penalty", "penalty_words", "total", "total_words")},
        "claim": claim_block(case),
        "duty": duty_block(case),
        "attachments": annexes(annex_items(case)),
    }


def lawsuit_context(case: Case, *, organization: Organization, actor, copy_sent: dict | None = None) -> dict:
    """``casefiles.lawsuit``: Исковое заявление (АПК ст. 125–126; ГПК ст. 131–132)."""
    court = court_addressee(case)
    reconciliations = CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.RECONCILIATION).exists()
    return {
        **_common(case, organization=organization, actor=actor),
        "court": court,
        "debtor": debtor_block(case.consumer),
        "evidence": "актами сверки взаимных расчетов" if reconciliations else "",
        "amounts": amounts_block(case),
        "claim": claim_block(case, with_basis=True),
        "duty": duty_block(case),
        "copy_sent": copy_sent or {},
        "motions": [MOTIONS["arbitration" if court["arbitration"] else "general"]],
        "attachments": annexes(annex_items(case)),
    }


@dataclass(frozen=True)
class PoliceFacts:
    """What the lawyer states in a police statement that no record of the system holds: the
    police department, the incident and its damage by the calculation, the qualification."""

    police_addressee: str
    police_address: str
    found_on: date
    incident_address: str
    incident_kind: str
    method: str
    act: str
    period_from: date
    period_to: date
    damage_method: str
    volume: Decimal
    damage: Decimal
    vat_rate: Decimal
    qualification: str
    police_head: str = ""
    owner: str = ""
    demands: str = ""


def representative(signer: Signatory) -> str:
    """Who files, in the genitive: «представителя по доверенности № 12 от 09.01.2026 Крыловой Анны Сергеевны»."""
    name = formatting.genitive(signer.last_name, signer.first_name, signer.middle_name)
    if signer.authority_basis == "poa" and signer.poa_number:
        when = f" от {formatting.date_short(signer.poa_date)}" if signer.poa_date else ""
        return f"представителя по доверенности № {signer.poa_number}{when} {name}"
    return f"{formatting.position_genitive(signer.position)} {name}"


def police_statement_context(case: Case, *, organization: Organization, actor, facts: PoliceFacts) -> dict:
    """``casefiles.police_statement``: Заявление в полицию (УПК ст. 141, 144; КоАП ст. 7.19)."""
    consumer = case.consumer
    signer = case_signer(organization)
    vat = (facts.damage * facts.vat_rate / (Decimal("100") + facts.vat_rate)).quantize(Decimal("0.01"))
    if consumer is not None:
        name = consumer.short_name or consumer.name
        details = ", ".join(p for p in (consumer.inn and f"ИНН {consumer.inn}", consumer.ogrn and f"ОГРН {consumer.ogrn}",
                                        consumer.legal_address or consumer.postal_address) if p)
    else:  # someone not in the register, as the act names them
        name = case.party_name
        details = ", ".join(p for p in (case.party_details, case.party_address) if p)
    return {
        "organization": organization_requisites(organization),
        "police": {"addressee": facts.police_addressee, "head": facts.police_head, "address": facts.police_address},
        "representative": representative(signer),
        "incident": {"found_on": formatting.date_short(facts.found_on), "address": facts.incident_address,
                     "kind": facts.incident_kind, "method": facts.method, "act": facts.act,
                     "period_from": formatting.date_short(facts.period_from),
                     "period_to": formatting.date_short(facts.period_to)},
        "offender": {"name": name, "details": details, "owner": facts.owner},
        "damage": {"method": facts.damage_method, "volume": formatting.number(facts.volume, 3),
                   "amount": formatting.money(facts.damage, "руб."), "amount_words": formatting.money_words(facts.damage),
                   "vat_rate": f"{formatting.plain_number(facts.vat_rate)} %", "vat": formatting.money(vat, "руб.")},
        "demands": facts.demands,
        "qualification": facts.qualification,
        "attachments": annexes(annex_items(case), kinds=False),
        "signer": signer_block(signer),
        "executor": executor_block(actor, phone=organization.phone),
    }
