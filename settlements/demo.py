"""Demo settlements: debts for the demo months, a bank statement of payments imported
through the real importer (some partial, some late, one unmatched), the monthly penalty
accrual, and one penalty statement — so debts and penalties show on the demo cards.

Runs after the register's and billing's seeds (INSTALLED_APPS order). The debts come from
the invoices of billing's closed demo periods; when billing closed none, each demo contract
is charged a deterministic amount for the three months before the demo's through ``debts_for_period``.
With no organisation or no contracts it does nothing and says so.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.roles import BILLING, LEGAL
from subscribers.models import Contract
from subscribers.selectors import our_organization

from .models import Debt
from .services import debts_for_period, statement_import
from .services.accrual import accrue_penalties
from .services.invoices import debts_from_invoices

MONTHS = (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1))
CONTRACTS = 24
UNKNOWN_PAYER = ("7707083893", "ПАО «Неизвестный плательщик»")


def _users(ctx) -> dict:
    users = ctx.data.get("users") or {}
    if not users:
        anyone = get_user_model().objects.filter(is_active=True).order_by("pk").first()
        users = {BILLING: anyone, LEGAL: anyone} if anyone else {}
    return users


def seed(ctx) -> None:
    organization = our_organization()
    contracts = list(
        Contract.objects.filter(status=Contract.Status.ACTIVE).exclude(consumer__inn="")
        .select_related("consumer").order_by("number")[:CONTRACTS]
    )
    users = _users(ctx)
    if organization is None or not contracts or not users:
        ctx.notes.append("Взаиморасчеты: нет организации, договоров или пользователей — платежи не созданы")
        return
    rng = ctx.rng
    if not debts_from_invoices(limit=100_000):
        # billing closed no period yet: charge the demo contracts for August–October
        for contract in contracts:
            for month in MONTHS:
                debts_for_period(contract=contract, period=ctx.shift_months(month),
                                 amount=Decimal(rng.randrange(20_000_00, 400_000_00)) / 100)
    charges: dict[tuple[int, date], Decimal] = {}
    for contract_id, period, amount in Debt.objects.values_list("contract_id", "period", "amount"):
        charges[(contract_id, period)] = charges.get((contract_id, period), Decimal("0")) + amount
    contracts = [c for c in contracts if any(key[0] == c.pk for key in charges)] or contracts
    months = sorted({period for _, period in charges})[-3:]

    payments = []
    for n, contract in enumerate(contracts):
        profile = n % 4  # 0: pays in full on time, 1: late, 2: in part, 3: pays nothing for the last month
        for month in months:
            charged = charges.get((contract.pk, month))
            if charged is None or (profile == 3 and month == months[-1]):
                continue
            due = (month + timedelta(days=32)).replace(day=10)
            paid_on = due - timedelta(days=rng.randrange(0, 8))
            amount = charged
            if profile == 1:
                paid_on = due + timedelta(days=rng.randrange(5, 40))
            elif profile == 2:
                amount = (charged * Decimal(rng.randrange(40, 90)) / 100).quantize(Decimal("0.01"))
            paid_on = min(paid_on, ctx.today - timedelta(days=1))
            payments.append((contract, month, amount, paid_on))
    payments.sort(key=lambda p: p[3])
    text = _statement_1c(organization, payments, ctx.today)
    result = statement_import(data=text.encode("cp1251", errors="replace"), filename=f"vypiska-demo-{ctx.today:%Y%m%d}.txt",
                              actor=users[BILLING], accept_unknown_payers=True)
    as_of = ctx.today.replace(day=1) - timedelta(days=1)
    accrue_penalties(as_of=as_of)

    late = next((c for n, c in enumerate(contracts) if n % 4 == 1), None)
    if late is not None and LEGAL in users:
        from .services.statement_document import penalty_statement_issue

        penalty_statement_issue(consumer=late.consumer, as_of=as_of, actor=users[LEGAL])
    ctx.notes.append(f"Взаиморасчеты: {result.summary()}; пени начислены на {as_of:%d.%m.%Y}")


def _statement_1c(organization, payments, today: date) -> str:
    """A 1CClientBankExchange statement of our account with the demo payments and one
    payment of a payer that is not in the register (it waits in the unmatched queue)."""
    account = organization.settlement_account or "40702810000000054321"
    docs = []
    total = Decimal("0")
    for n, (contract, month, amount, paid_on) in enumerate(payments, start=1):
        consumer = contract.consumer
        purpose = (f"Оплата по договору теплоснабжения № {contract.number} за "
                   f"{_MONTHS[month.month - 1]} {month.year} г., в т.ч. НДС")
        docs.append(_document(n, paid_on, amount, consumer.inn, consumer.kpp, consumer.name, organization,
                              account, purpose))
        total += amount
    last = payments[-1][3] if payments else today
    docs.append(_document(len(payments) + 1, last, Decimal("15000.00"), UNKNOWN_PAYER[0], "770701001",
                          UNKNOWN_PAYER[1], organization, account, "Оплата за тепловую энергию по счету 77"))
    total += Decimal("15000.00")
    first = payments[0][3] if payments else today
    head = [
        "1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", "Отправитель=Демо-банк",
        f"ДатаСоздания={today:%d.%m.%Y}", f"ДатаНачала={first:%d.%m.%Y}", f"ДатаКонца={last:%d.%m.%Y}",
        f"РасчСчет={account}", "СекцияРасчСчет", f"РасчСчет={account}", f"ВсегоПоступило={total:.2f}",
        "КонецРасчСчет",
    ]
    return "\r\n".join(head + [line for doc in docs for line in doc] + ["КонецФайла"]) + "\r\n"


_MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
           "ноябрь", "декабрь")


def _document(n, day, amount, inn, kpp, name, organization, account, purpose) -> list[str]:
    return [
        "СекцияДокумент=Платежное поручение", f"Номер={n}", f"Дата={day:%d.%m.%Y}", f"Сумма={amount:.2f}",
        f"ПлательщикСчет=40702810{n:012d}", f"ПлательщикИНН={inn}", f"ПлательщикКПП={kpp}",
        f"Плательщик1={name}", f"ПолучательСчет={account}", f"ДатаПоступило={day:%d.%m.%Y}",
        f"ПолучательИНН={organization.inn}", f"Получатель1={organization.short_name}",
        f"НазначениеПлатежа={purpose}", "КонецДокумента",
    ]
