"""The recovery of a debtor's debts: the pre-trial claim, the court, the enforcement
(docs/casefiles.md, «Процесс взыскания»; АПК РФ ст. 4 ч. 5, 125, 126, 229.2; ГПК РФ ст. 121,
131, 132).

A lawyer chooses debts on the debt selection page (debtors by amount and age; one or many
debtors at once): one case and one process per debtor → the claim is issued («Претензия»
with «Расчет пени» as of the date) → registered as sent (date, tracking number, the postal
receipt if scanned) → the timer waits out the claim's term (30 calendar days after sending
unless the contract sets another, ``casefiles.selectors.claim_term_over_on``; fired by the
beat task ``workflows.tasks.fire_due_timers``) → paid by the ledger: the case is closed «Долг
оплачен», end «Оплачено после претензии» → unpaid: the lawyer confirms or changes the
proposed route and court (a reason for another route; a court order over the limit refused)
→ the court application is issued (court order or lawsuit, the current penalty and the duty)
→ the package is built (refused naming what the checklist misses; the documents are uploaded
on that task's page) → a manager approves or returns it with a comment (back to the package)
→ filed (not before the claim's term ends) → the court stage: hearings recorded, then the
judgment → the writ of execution → the enforcement: payments recorded, then the case closed
with the amounts recovered.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import generic
from viewflow import this
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow import flow, lock

from casefiles import selectors as cases
from casefiles.models import Case
from casefiles.services import case_close, claim_cases_open
from core.days import day_start
from core.errors import ApplicationError
from core.forms import apply_errors
from regulations.court_route import DEFAULT_CLAIM_TERM_DAYS
from settlements.models import Debt

from .claim_steps import (
    ApplicationView,
    CourtView,
    EnforcementView,
    FileView,
    IssueClaimView,
    PackageApprovalView,
    PackageView,
    RouteView,
    SendClaimView,
    WritView,
)
from .dashboard import dashboard_flow
from .models import ClaimProcess
from .taking import TakeView

CONDUCT = "casefiles.change_case"  # the legal staff's steps
APPROVE = "casefiles.approve_package"  # the manager's
OPEN = "casefiles.add_case"  # who chooses debts and starts the claims
PAID_NOTE = "Оплачено после претензии"


@dashboard_flow("claim_flows")
class ClaimFlow(flow.Flow):
    """Взыскание задолженности

    Претензия с расчетом пени, ожидание срока ответа, при неоплате — выбор порядка и суда,
    заявление о выдаче судебного приказа или иск, пакет документов с утверждением
    руководителем, подача, заседания и решение, исполнительный лист, поступления, закрытие.
    """

    process_class = ClaimProcess
    lock_impl = lock.select_for_update_lock
    process_summary_template = "{{ process.artifact }}"

    start = flow.StartHandle(this.start_case).Annotation(title="Дело открыто по выбранным долгам").Next(this.issue_claim)

    issue_claim = (
        TakeView(IssueClaimView.as_view())
        .Annotation(title="Выпустить претензию с расчетом пени", summary_template="Претензия: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.send_claim)
    )

    send_claim = (
        TakeView(SendClaimView.as_view())
        .Annotation(title="Отметить отправку претензии", summary_template="Отправка претензии: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.claim_term)
    )

    claim_term = flow.Timer(this.claim_term_over).Annotation(title="Срок ответа на претензию").Next(this.is_paid)

    is_paid = (
        flow.If(lambda activation: activation.process.debts_paid)
        .Annotation(title="Долг оплачен?")
        .Then(this.close_paid)
        .Else(this.choose_route)
    )

    close_paid = flow.Function(this.close_as_paid).Annotation(title="Закрыть дело: долг оплачен").Next(this.paid)

    paid = flow.End().Annotation(title=PAID_NOTE)

    choose_route = (
        TakeView(RouteView.as_view())
        .Annotation(title="Выбрать порядок обращения и суд", summary_template="Порядок и суд: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.issue_application)
    )

    issue_application = (
        TakeView(ApplicationView.as_view())
        .Annotation(title="Выпустить заявление в суд", summary_template="Заявление в суд: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.build_package)
    )

    build_package = (
        TakeView(PackageView.as_view())
        .Annotation(title="Сформировать пакет документов", summary_template="Пакет документов: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.approve)
    )

    approve = (
        TakeView(PackageApprovalView.as_view())
        .Annotation(title="Утвердить пакет документов", summary_template="Утвердить пакет: {{ process.artifact }}")
        .Permission(APPROVE)
        .Next(this.is_approved)
    )

    is_approved = (
        flow.If(lambda activation: activation.process.package_approved)
        .Annotation(title="Пакет утвержден?")
        .Then(this.file)
        .Else(this.build_package)
    )

    file = (
        TakeView(FileView.as_view())
        .Annotation(title="Отметить подачу в суд", summary_template="Подача в суд: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.court)
    )

    court = (
        TakeView(CourtView.as_view())
        .Annotation(title="Заседания и решение суда", summary_template="Рассмотрение в суде: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.writ)
    )

    writ = (
        TakeView(WritView.as_view())
        .Annotation(title="Внести исполнительный лист", summary_template="Исполнительный лист: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.enforcement)
    )

    enforcement = (
        TakeView(EnforcementView.as_view())
        .Annotation(title="Исполнение и закрытие дела", summary_template="Исполнение: {{ process.artifact }}")
        .Permission(CONDUCT)
        .Assign(this.lawyer)
        .Next(this.closed)
    )

    closed = flow.End().Annotation(title="Дело закрыто")

    def start_case(self, activation, case: Case):
        activation.process.artifact = case
        return activation.process

    def lawyer(self, activation):
        """The lawyer who opened the case conducts it."""
        return activation.process.case.opened_by

    def claim_term_over(self, activation):
        """The moment the claim's term is over: the start of the first day the case may go to court."""
        day = cases.claim_term_over_on(activation.process.case)
        return day_start(day)

    def close_as_paid(self, activation):
        case = activation.process.case
        case_close(case=case, closed_on=timezone.localdate(), outcome=Case.Outcome.PAID, note=PAID_NOTE,
                   actor=case.opened_by)


def start_claims(*, debts, actor, claim_term_days: int = DEFAULT_CLAIM_TERM_DAYS) -> list[ClaimProcess]:
    """Open one claim case per debtor of ``debts`` (the service) and one process each, all or nothing."""
    with transaction.atomic():
        opened = claim_cases_open(debts=debts, actor=actor, claim_term_days=claim_term_days)
        return [ClaimFlow.start.run(case=case) for case in opened]


# ---------------------------------------------------------------- the debt selection page


class DebtSelectionForm(forms.Form):
    debts = forms.ModelMultipleChoiceField(
        label="Задолженности", queryset=Debt.objects.filter(settled_on__isnull=True), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите хотя бы одну задолженность"},
    )
    claim_term_days = forms.IntegerField(
        label="Срок ответа на претензию, календарных дней", min_value=1, max_value=365,
        help_text="30 дней (АПК РФ ст. 4 ч. 5), если договор не устанавливает иной срок",
    )


class DebtSelectionView(generic.FormView):
    """A lawyer chooses the debts of one or many debtors: a claim case and process for each debtor."""

    form_class = DebtSelectionForm
    template_name = "workflows/claim/select.html"
    permission = OPEN

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"claim_term_days": DEFAULT_CLAIM_TERM_DAYS}

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(debtors=cases.claim_debtors(today=today), today=today, **kwargs)

    def form_valid(self, form):
        try:
            processes = start_claims(actor=self.request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        numbers = ", ".join(f"№ {p.artifact_object_id}" for p in processes)
        messages.success(self.request, f"Открыто дел: {len(processes)} ({numbers}); претензии — в «Моих задачах»")
        return redirect(self.request.path)


class DebtSelectionViewset(AppMenuMixin, Viewset):
    app_name = "debt_selection"
    title = "Выбор долгов для претензии"
    icon = "playlist_add_check"

    def has_view_permission(self, user, obj=None):
        return user.has_perm(DebtSelectionView.permission)

    @property
    def index_path(self):
        return path("", DebtSelectionView.as_view(), name="index")
