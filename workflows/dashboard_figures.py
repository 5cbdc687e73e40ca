"""The dashboard's figures of the domain apps (docs/reception.md, «Dashboard»): debts and their
aging, penalties, case files, devices due for verification, metering coverage.

Each figure reads its app's own aggregate selector — a few SQL queries, never a loop over rows
— and links to the list it equals: the debtors list, the case list, the verification list, the
coverage report, filtered by query parameters the same way. A figure is shown to the roles
that may open its list (managers hold every right).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from core.formatting import money, percent

from .dashboard import Bar, Figure, dashboard_figure, month_start

DEBTS = "settlements.view_debt"
CASES = "casefiles.view_case"
DEVICES = "metering.view_device"
UNITS = "metering.view_meteringunit"


def _url(name: str, **query) -> str:
    query = {key: value for key, value in query.items() if value is not None}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


@dashboard_figure("debts", "Задолженность и ее возраст")
def debts_figure(user, today: date) -> Figure | None:
    """The debtors list's total debt; the bars split it by days overdue (a contract by its oldest
    unpaid debt, as the list counts days), each bar linking to the list filtered to its days."""
    from settlements.selectors import debtor_aging

    if not user.has_perm(DEBTS):
        return None
    buckets = debtor_aging(as_of=today)
    contracts = sum(b.contracts for b in buckets)
    total = sum((b.outstanding for b in buckets), Decimal("0.00"))
    return Figure(
        "Задолженность по договорам", f"{money(total)} ({contracts} дог.)", _url("settlements:debtors"),
        bars=[Bar(b.title, b.outstanding, _url("settlements:debtors", min_days=b.min_days or None, max_days=b.max_days),
                  f"{money(b.outstanding)} ({b.contracts})") for b in buckets],
    )


@dashboard_figure("penalties", "Пени")
def penalties_figure(user, today: date) -> Figure | None:
    """Penalties by the latest done accrual: on the debtors' contracts (the debtors list's
    «Пени» total), accrued in all, and accrued this month (the latest accrual of the month
    less the latest one before it)."""
    from settlements.selectors import debtor_totals, debtors, latest_accrual, penalty_accrued

    if not user.has_perm(DEBTS):
        return None
    accrual = latest_accrual(today)
    before = latest_accrual(month_start(today) - timedelta(days=1))
    on_debtors = debtor_totals(debtors(as_of=today, accrual=accrual)).penalty
    accrued = penalty_accrued(accrual=accrual)
    this_month = Decimal("0.00")
    if accrual is not None and accrual.as_of >= month_start(today):
        this_month = accrued - penalty_accrued(accrual=before)
    return Figure(
        "Пени по должникам", money(on_debtors), _url("settlements:debtors", order="-penalty"),
        bars=[Bar("У должников", on_debtors, _url("settlements:debtors", order="-penalty"), money(on_debtors)),
              Bar("Начислено всего", accrued, None, money(accrued)),
              Bar("Начислено в месяце", max(this_month, 0), None, money(this_month))],
    )


@dashboard_figure("cases", "Дела по стадиям")
def cases_figure(user, today: date) -> Figure | None:
    """The open case files, and every case by stage, each stage linking to the case list filtered to it."""
    from casefiles.models import Case
    from casefiles.selectors import cases_by_stage

    if not user.has_perm(CASES):
        return None
    stages = cases_by_stage(user=user)
    open_ = sum(n for stage, _label, n in stages if stage != Case.Stage.CLOSED)
    return Figure("Открытые дела (претензии, суды)", open_, _url("casefiles:index", open_only="on"),
                  bars=[Bar(label, n, _url("casefiles:index", stage=stage)) for stage, label, n in stages])


@dashboard_figure("recovered", "Взыскано по делам")
def recovered_figure(user, today: date) -> Figure | None:
    """Money recovered under the cases (their enforcement payments) against the price of their
    claims — the case list's totals line."""
    from casefiles.selectors import case_list, case_totals

    if not user.has_perm(CASES):
        return None
    totals = case_totals(case_list(user=user))
    return Figure("Взыскано по делам", money(totals.recovered), _url("casefiles:index"),
                  bars=[Bar("Цена требований", totals.claimed, None, money(totals.claimed)),
                        Bar("Взыскано", totals.recovered, None, money(totals.recovered))])


@dashboard_figure("verification", "Поверка приборов")
def verification_figure(user, today: date) -> Figure | None:
    """Devices in service whose verification has expired, and those expiring within 30, 60, 90
    days (with the expired ones, as the verification list's filter counts them)."""
    from metering.selectors import VERIFICATION_WINDOWS, verification_counts

    if not user.has_perm(DEVICES):
        return None
    counts = verification_counts(on=today)
    name = "metering:verification:index"
    return Figure(
        "Поверка истекла (истекает в 90 дней)", f"{counts['expired']} ({counts['within_90']})",
        _url(name, within="expired"),
        bars=[Bar("Истекла", counts["expired"], _url(name, within="expired")),
              *(Bar(f"Истекла или в {days} дней", counts[f"within_{days}"], _url(name, within=days))
                for days in VERIFICATION_WINDOWS)],
    )


@dashboard_figure("coverage", "Охват коммерческим учетом")
def coverage_figure(user, today: date) -> Figure | None:
    """The share of supply points (heated objects of active consumers) metered commercially
    today — the coverage report's «Всего» line."""
    from metering.coverage import coverage_totals

    if not user.has_perm(UNITS):
        return None
    total = coverage_totals(today)
    url = _url("metering:coverage:index", on=today.isoformat())
    return Figure("Охват коммерческим учетом", f"{percent(total.objects_share)} ({total.metered_objects} из {total.objects})",
                  url, bars=[Bar("С учетом", total.metered_objects, url),
                             Bar("Без учета", total.objects - total.metered_objects, url)])
