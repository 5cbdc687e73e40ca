"""Bank statement import: parse → take only payments to us → match → write → allocate.

All or nothing: every problem of the file (format, encoding, amounts, ИНН, unknown payers)
is collected first and reported together; nothing is written unless there is none. The
same file imported again (same SHA-256) creates nothing; a payment already loaded from
another, overlapping statement (same payer, number, date and amount) is skipped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from audit.services import record_event
from core.errors import ApplicationError
from core.permissions import require
from core.types import Actor
from core.validation import validated
from subscribers.selectors import our_organization

from ..bank_formats import PaymentRecord, StatementFormatError, parse_statement
from ..matching import PayerDirectory
from ..models import BankStatement, Payment
from .allocation import allocate_contract

IMPORT_PERMISSION = "settlements.add_bankstatement"
NO_ORGANIZATION = "Не заполнены реквизиты нашей организации (ИНН и расчетный счет): выписку не с чем сверить"
NOTHING_FOR_US = (
    "В выписке нет поступлений на счет {account} / ИНН {inn} нашей организации: "
    "проверьте, что загружается выписка нашего счета"
)


@dataclass
class StatementImportResult:
    statement: BankStatement | None
    already_imported: bool = False
    created: list[Payment] = field(default_factory=list)
    skipped_not_ours: int = 0
    duplicates: int = 0

    @property
    def unmatched(self) -> list[Payment]:
        return [p for p in self.created if p.status == Payment.Status.UNMATCHED]

    def summary(self) -> str:
        if self.already_imported and self.statement is not None:
            return (
                f"Выписка «{self.statement.filename}» уже загружена "
                f"{self.statement.imported_at:%d.%m.%Y}: ничего не изменено"
            )
        if self.already_imported:
            return f"Все платежи выписки ({self.duplicates}) уже загружены: ничего не изменено"
        total = sum((p.amount for p in self.created), 0)
        return (
            f"Принято платежей: {len(self.created)} на {total} ₽; не выяснено: {len(self.unmatched)}; "
            f"уже загруженных: {self.duplicates}; не на наш счет: {self.skipped_not_ours}"
        )


def bank_key(record: PaymentRecord) -> str:
    """Identity of a payment order across statements: payer, its account, number, date, amount."""
    return "|".join(
        [record.payer_inn, record.payer_account, record.number, record.doc_date.isoformat(), str(record.amount)]
    )


def statement_import(
    *, data: bytes, filename: str, actor: Actor = None, accept_unknown_payers: bool = False
) -> StatementImportResult:
    """Import a bank statement (1CClientBankExchange or CSV).

    ``accept_unknown_payers=False`` (the default) refuses a file with a payer whose ИНН is not
    in the register, naming each; ``True`` takes such payments into the queue of unmatched
    payments for a billing specialist to resolve by hand.
    """
    require(actor, IMPORT_PERMISSION, system=True)
    digest = hashlib.sha256(data).hexdigest()
    existing = BankStatement.objects.filter(sha256=digest).first()
    if existing:
        return StatementImportResult(statement=existing, already_imported=True)

    parsed = parse_statement(data, filename=filename)
    organization = our_organization()
    if organization is None or not organization.inn:
        raise ApplicationError(NO_ORGANIZATION, code="organization_missing", field="organization")

    ours = [
        r for r in parsed.payments
        if r.recipient_inn == organization.inn
        or (organization.settlement_account and r.recipient_account == organization.settlement_account)
    ]
    skipped = len(parsed.payments) - len(ours)
    if not ours:
        raise ApplicationError(
            NOTHING_FOR_US.format(account=organization.settlement_account, inn=organization.inn),
            code="nothing_for_us", field="file",
        )

    keys = {bank_key(r): r for r in ours}
    known = set(Payment.objects.filter(bank_key__in=keys).values_list("bank_key", flat=True))
    fresh = [r for key, r in keys.items() if key not in known]
    duplicates = len(ours) - len(fresh)

    directory = PayerDirectory({r.payer_inn for r in fresh})
    problems: list[str] = []
    rows: list[Payment] = []
    for record in fresh:
        match = directory.match(inn=record.payer_inn, kpp=record.payer_kpp, purpose=record.purpose,
                                paid_on=record.value_date)
        if match.consumer is None and not accept_unknown_payers:
            problems.append(f"строка {record.line}, документ № {record.number}: {match.reason}")
            continue
        rows.append(
            Payment(
                bank_key=bank_key(record),
                number=record.number,
                doc_date=record.doc_date,
                paid_on=record.value_date,
                amount=record.amount,
                payer_inn=record.payer_inn,
                payer_kpp=record.payer_kpp,
                payer_name=record.payer_name[:500],
                payer_account=record.payer_account,
                purpose=record.purpose,
                kind=Payment.Kind.PENALTY if match.is_penalty else Payment.Kind.PRINCIPAL,
                status=Payment.Status.MATCHED if match.matched else Payment.Status.UNMATCHED,
                unmatched_reason=match.reason[:500],
                consumer=match.consumer,
                contract=match.contract,
                periods=[p.isoformat() for p in match.periods],
                claim_number=match.claim_number[:50],
            )
        )
    if problems:
        raise StatementFormatError(problems, field="payer_inn")
    if not rows:
        return StatementImportResult(statement=None, already_imported=True, duplicates=duplicates,
                                     skipped_not_ours=skipped)

    with transaction.atomic():
        statement = BankStatement(
            sha256=digest,
            filename=filename[:255],
            format=parsed.format,
            encoding=parsed.encoding,
            account=parsed.account,
            date_from=parsed.date_from,
            date_to=parsed.date_to,
            total_received=parsed.total_received,
            payments_count=len(rows),
            skipped_count=skipped,
            duplicates_count=duplicates,
            unmatched_count=sum(1 for p in rows if p.status == Payment.Status.UNMATCHED),
            imported_by=actor,
        )
        validated(statement)
        statement.save()
        for payment in rows:
            payment.statement = statement
            validated(payment, exclude=["statement"])
        created = Payment.objects.bulk_create(rows)
        for contract_id in sorted({p.contract_id for p in created if p.contract_id}):
            allocate_contract(contract_id=contract_id)
        record_event(
            action="settlements.statement_imported",
            actor=actor,
            target=statement,
            data={
                "file": statement.filename,
                "sha256": digest,
                "payments": len(created),
                "unmatched": statement.unmatched_count,
                "duplicates": duplicates,
                "skipped_not_ours": skipped,
                "total": str(sum((p.amount for p in created), 0)),
            },
        )
    return StatementImportResult(statement=statement, created=created, skipped_not_ours=skipped, duplicates=duplicates)
