"""Demo case files: the courts of the demo city, and cases at each stage — a claim paid
after it was sent, a claim awaiting its 30 days, an arbitration court order filed, an
arbitration lawsuit with a hearing and a judgment, and a police statement registered.

Runs after settlements' seed (INSTALLED_APPS order): the cases cover its overdue debts, all
through the services (audited as a lawyer's work). With no lawyer or no overdue debts it
does nothing and says so.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.roles import LEGAL
from settlements.models import Debt
from settlements.selectors import debts_with_balance, money
from subscribers.models import Consumer

from . import services
from .models import Case, Court, Judgment

CITY = "Светлоборск"
TREASURY = {
    "duty_recipient": "Казначейство России (ФНС России)", "duty_inn": "7727406020", "duty_kpp": "770801001",
    "duty_bank": "ОКЦ № 7 ГУ Банка России по ЦФО//УФК по Тульской области, г. Тула", "duty_bik": "017003983",
    "duty_account": "03100643000000018500", "duty_correspondent_account": "40102810445370000059",
    "duty_kbk": "18210801000011050110", "duty_oktmo": "45000000",
}
COURTS = (
    ("Арбитражный суд Светлоборской области", Court.Kind.ARBITRATION, f"г. {CITY}, ул. Судебная, д. 1",
     "вся область"),
    ("Светлоборский районный суд", Court.Kind.GENERAL, f"г. {CITY}, пр. Ленина, д. 40", f"г. {CITY}"),
    ("Судебный участок № 1 Светлоборского судебного района", Court.Kind.MAGISTRATE,
     f"г. {CITY}, ул. Мира, д. 12", f"г. {CITY}: улицы Центральная, Мира, Садовая"),
    ("Судебный участок № 2 Светлоборского судебного района", Court.Kind.MAGISTRATE,
     f"г. {CITY}, ул. Мира, д. 12", f"г. {CITY}: улицы Лесная, Заводская, Речная"),
)
ORDER_LIMIT = Decimal("450000")  # a court order's claim, with its penalty, stays under 500 000 ₽


def _lawyer(ctx):
    users = ctx.data.get("users") or {}
    return users.get(LEGAL) or get_user_model().objects.filter(groups__name=LEGAL, is_active=True).order_by("pk").first()


def _courts() -> dict[str, Court]:
    courts = {}
    for name, kind, address, territory in COURTS:
        court, _ = Court.objects.get_or_create(name=name, defaults={"kind": kind, "address": address,
                                                                   "jurisdiction": territory, **TREASURY})
        courts.setdefault(kind, court)
    return courts


def _overdue_by_contract(today) -> dict[int, list[Debt]]:
    found: dict[int, list[Debt]] = {}
    rows = debts_with_balance(as_of=today).filter(settled_on__isnull=True, due_date__lt=today - timedelta(days=30)) \
        .exclude(case_links__active=True).select_related("consumer", "contract")
    for debt in rows:
        if money(debt.outstanding) > 0:
            found.setdefault(debt.contract_id, []).append(debt)
    return found


def seed(ctx) -> None:
    lawyer = _lawyer(ctx)
    courts = _courts()
    today = ctx.today
    by_contract = _overdue_by_contract(today)
    organisations = [debts for debts in by_contract.values()
                     if debts[0].consumer.kind in (Consumer.Kind.LEGAL, Consumer.Kind.ENTREPRENEUR)]
    if lawyer is None or len(organisations) < 4:
        ctx.notes.append(f"Претензии и суды: {len(courts)} судов; нет юриста или просроченных долгов — дела не созданы")
        return
    small = [debts for debts in organisations if sum(money(d.outstanding) for d in debts) < ORDER_LIMIT]
    made = []

    def open_case(debts, **extra) -> Case:
        case = services.case_open(consumer=debts[0].consumer, contract=debts[0].contract, debts=debts,
                                  kind=Case.Kind.CLAIM, actor=lawyer, **extra)
        case = services.amounts_refresh(case=case, as_of=today, actor=lawyer)  # the refreshed amounts
        made.append(case)
        return case

    # a court order in the arbitration court, filed after the claim's 30 days
    order_debts = (small or organisations)[0]
    case = open_case(order_debts)
    services.claim_sent_record(case=case, sent_on=today - timedelta(days=45), tracking="80082301234567", actor=lawyer)
    if case.claim_amount <= Decimal("500000"):
        services.case_route_set(case=case, kind=Case.Kind.ORDER_ARBITRATION, court=courts[Court.Kind.ARBITRATION],
                                actor=lawyer)
        services.case_file(case=case, court=courts[Court.Kind.ARBITRATION], court_case_number=f"А{today:%y}-1021/{today:%Y}",
                           filed_on=today - timedelta(days=7), actor=lawyer)

    rest = [debts for debts in organisations if debts is not order_debts]
    # an arbitration lawsuit with a hearing and a judgment
    lawsuit_debts = rest[0]
    case = open_case(lawsuit_debts)
    services.claim_sent_record(case=case, sent_on=today - timedelta(days=75), tracking="80082301234568", actor=lawyer)
    services.case_route_set(case=case, kind=Case.Kind.LAWSUIT_ARBITRATION, court=courts[Court.Kind.ARBITRATION],
                            actor=lawyer, reason="должник в ответе на претензию оспорил объем потребления")
    case = services.case_file(case=case, court=courts[Court.Kind.ARBITRATION],  # the duty of its route
                              court_case_number=f"А{today:%y}-877/{today:%Y}", filed_on=today - timedelta(days=40),
                              actor=lawyer)
    services.hearing_add(case=case, starts_at=timezone.make_aware(datetime.combine(today - timedelta(days=20), time(10, 30))),
                         place="зал 305", result="исковые требования удовлетворены полностью", actor=lawyer)
    services.judgment_record(case=case, kind=Judgment.Kind.DECISION, decided_on=today - timedelta(days=20), actor=lawyer,
                             principal_awarded=case.principal, penalty_awarded=case.penalty,
                             duty_awarded=case.state_duty, enters_into_force=today + timedelta(days=10))

    # a claim awaiting its 30 days
    case = open_case(rest[1])
    services.claim_sent_record(case=case, sent_on=today - timedelta(days=10), tracking="80082301234569", actor=lawyer)

    # a claim paid: the debtor paid after it, the case is closed
    case = open_case(rest[2])
    services.claim_sent_record(case=case, sent_on=today - timedelta(days=25), tracking="80082301234570", actor=lawyer)
    services.case_close(case=case, closed_on=today, outcome=Case.Outcome.PAID, actor=lawyer,
                        note="Оплачено после претензии (платежное поручение поступит с выпиской)")

    # a police statement about an unauthorised connection, registered
    police = Case.objects.filter(kind=Case.Kind.POLICE).exists()
    if not police:
        case = services.case_open(consumer=rest[0][0].consumer, debts=[], kind=Case.Kind.POLICE, actor=lawyer,
                                  note="Самовольное подключение к тепловой сети (акт осмотра)")
        services.police_registration_record(case=case, kusp_number=f"КУСП № {ctx.rng.randrange(1000, 9999)}",
                                            actor=lawyer)
        made.append(case)
    ctx.notes.append(f"Претензии и суды: {len(courts)} судов, {len(made)} дел на разных стадиях")
