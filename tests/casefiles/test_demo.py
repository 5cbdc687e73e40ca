"""The demo's case files: courts and cases at each stage, through the services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from accounts.roles import LEGAL
from casefiles import demo
from casefiles.models import Case, Court, Hearing, Judgment
from core.demo import DemoContext

from .factories import ContractFactory, DebtFactory, OrganizationFactory


def test_the_demo_has_courts_and_cases_at_each_stage(make_user, today):
    # given overdue debts of five organisations
    OrganizationFactory()
    for n in range(5):
        DebtFactory(contract=ContractFactory(), period=(today - timedelta(days=100)).replace(day=1),
                    amount=D(50000 + n * 1000), due_date=today - timedelta(days=60))
    ctx = DemoContext(today=today)
    ctx.data["users"] = {LEGAL: make_user(LEGAL)}
    # when
    demo.seed(ctx)
    # then
    assert Court.objects.count() == len(demo.COURTS)
    stages = set(Case.objects.values_list("kind", "stage"))
    assert {(Case.Kind.ORDER_ARBITRATION, Case.Stage.FILED), (Case.Kind.LAWSUIT_ARBITRATION, Case.Stage.JUDGMENT),
            (Case.Kind.CLAIM, Case.Stage.CLAIM_SENT), (Case.Kind.CLAIM, Case.Stage.CLOSED),
            (Case.Kind.POLICE, Case.Stage.FILED)} <= stages
    assert Hearing.objects.count() == 1 and Judgment.objects.count() == 1
    # the lawsuit is «satisfied in full»: the judgment awards the case's own amounts, not zeros
    judgment = Judgment.objects.select_related("case").get()
    assert judgment.principal_awarded == judgment.case.principal > 0
    assert (judgment.penalty_awarded, judgment.duty_awarded) == (judgment.case.penalty, judgment.case.state_duty)
    assert judgment.duty_awarded > 0
    assert Case.objects.get(kind=Case.Kind.CLAIM, stage=Case.Stage.CLOSED).outcome == Case.Outcome.PAID
    assert "дел на разных стадиях" in ctx.notes[-1]


def test_without_debts_the_demo_says_so(db, today):
    ctx = DemoContext(today=today)
    demo.seed(ctx)
    assert "дела не созданы" in ctx.notes[-1]
