"""Process proxies of the flows, one per flow; each flow module names its own.

A proxy gives a flow its own permissions (``view_…``, ``manage_…``: see each flow's
``roles``) while the rows stay in viewflow's process table. Domain records hang on
``process.artifact``.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, DateField, Exists, F, Func, Max, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from viewflow.workflow.models import Process

# Each process with ``task_due_date(task)`` also gives ``due_expression()``: the same date as an
# SQL expression over a Task row (the dashboard counts overdue tasks with it in one grouped query;
# tests/workflows/test_due_expressions.py checks both agree). ARTIFACT is the process's artifact id.
ARTIFACT = OuterRef("process__artifact_object_id")


class AddDays(Func):
    """A date plus a whole number of days, a date (PostgreSQL ``date + integer``; SQLite ``date(…, '+N days')``)."""

    arity = 2
    output_field = DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, arg_joiner=" + (", template="(%(expressions)s)::integer)",
                           **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="date(%(expressions)s || ' days')",
                           arg_joiner=", '+' || ", **extra_context)


def plus_days(expression, days):
    """``expression`` (a date) plus ``days`` (a number or an expression of a whole number) as a date."""
    return AddDays(expression, Value(days) if isinstance(days, int) else days)


def step(name: str) -> Q:
    """The task is the flow's node ``name`` (a task's reference ends with ``.name``)."""
    return Q(flow_task__endswith=f".{name}")


def first(queryset, field: str):
    return Subquery(queryset.values(field)[:1])

FLOW_PERMISSIONS = ("add", "change", "delete", "view", "manage")
ACT_APPROVAL_DAYS = 3  # an inspection act is approved (or returned) within 3 days of the inspection


class ReadingReviewProcess(Process):
    class Meta:
        proxy = True
        verbose_name = "проверка показаний"
        verbose_name_plural = "проверки показаний"
        default_permissions = FLOW_PERMISSIONS

    @property
    def reading(self):
        return self.artifact

    def task_due_date(self, task):
        entered = timezone.localdate(self.artifact.entered_at)
        return entered + timedelta(days=settings.METERING_REVIEW_DAYS)

    @classmethod
    def due_expression(cls):
        from metering.models import Reading

        entered = first(Reading.objects.filter(pk=ARTIFACT).annotate(day=TruncDate("entered_at")), "day")
        return plus_days(entered, settings.METERING_REVIEW_DAYS)


class CommissioningProcess(Process):
    """Commissioning of a metering unit; the artifact is the consumer's application."""

    class Meta:
        proxy = True
        verbose_name = "ввод узла учета в эксплуатацию"
        verbose_name_plural = "вводы узлов учета в эксплуатацию"
        default_permissions = FLOW_PERMISSIONS

    @property
    def application(self):
        return self.artifact

    @property
    def inspection(self):
        return self.artifact.current_inspection if self.artifact else None

    @property
    def inspections(self):
        return self.artifact.inspections.order_by("round") if self.artifact else []

    @property
    def commissioned(self) -> bool:
        from metering.models import Inspection

        return self.inspection is not None and self.inspection.result == Inspection.Result.PASSED

    def task_due_date(self, task):
        inspection, name = self.inspection, task.flow_task.name
        if name == "schedule":
            return self.artifact.received_on + timedelta(days=settings.METERING_SCHEDULE_DAYS)
        if name == "inspect":
            return inspection.scheduled_on
        if name == "approve" and inspection.inspected_on:
            return inspection.inspected_on + timedelta(days=ACT_APPROVAL_DAYS)
        if name == "await_fix":
            deadlines = [item.fix_deadline for item in inspection.defects if item.fix_deadline]
            return max(deadlines) if deadlines else None
        return None

    @classmethod
    def due_expression(cls):
        from metering.models import CommissioningRequest, Inspection, InspectionItem

        def current(outer):
            return Inspection.objects.filter(request_id=outer).order_by("-round")

        deadline = (InspectionItem.objects.filter(inspection=Subquery(current(OuterRef(ARTIFACT)).values("pk")[:1]),
                                                  conforms=False, fix_deadline__isnull=False)
                    .order_by().values("inspection").annotate(latest=Max("fix_deadline")))
        return Case(
            When(step("schedule"), then=plus_days(first(CommissioningRequest.objects.filter(pk=ARTIFACT), "received_on"),
                                                  settings.METERING_SCHEDULE_DAYS)),
            When(step("inspect"), then=first(current(ARTIFACT), "scheduled_on")),
            When(step("approve"), then=plus_days(first(current(ARTIFACT), "inspected_on"), ACT_APPROVAL_DAYS)),
            When(step("await_fix"), then=first(deadline, "latest")),
            default=None, output_field=DateField())


class PeriodicCheckProcess(Process):
    """A periodic check of one unit before the heating season; the artifact is the inspection."""

    class Meta:
        proxy = True
        verbose_name = "периодическая проверка узла учета"
        verbose_name_plural = "периодические проверки узлов учета"
        default_permissions = FLOW_PERMISSIONS

    @property
    def inspection(self):
        """The inspection, read afresh like a commissioning's current one: the steps change its
        row (an approval re-issues the act, a return takes it off), the cached artifact would
        not see it."""
        from metering.models import Inspection

        return Inspection.objects.filter(pk=self.artifact_object_id).first() if self.artifact_object_id else None

    @property
    def inspections(self):
        inspection = self.inspection
        return [inspection] if inspection else []

    def task_due_date(self, task):
        inspection = self.inspection
        if task.flow_task.name == "approve" and inspection and inspection.inspected_on:
            return inspection.inspected_on + timedelta(days=ACT_APPROVAL_DAYS)
        return inspection.campaign.deadline if inspection and inspection.campaign_id else None

    @classmethod
    def due_expression(cls):
        from metering.models import Inspection

        inspection = Inspection.objects.filter(pk=ARTIFACT)
        inspected = first(inspection, "inspected_on")
        return Case(
            When(step("approve") & Exists(inspection.filter(inspected_on__isnull=False)),
                 then=plus_days(inspected, ACT_APPROVAL_DAYS)),
            default=first(inspection, "campaign__deadline"), output_field=DateField())


class VerificationFollowUpProcess(Process):
    """A technician's follow-up of a verification notice; the artifact is the notice."""

    class Meta:
        proxy = True
        verbose_name = "уведомление о поверке: работа с абонентом"
        verbose_name_plural = "уведомления о поверке: работа с абонентами"
        default_permissions = FLOW_PERMISSIONS

    @property
    def notice(self):
        return self.artifact

    def task_due_date(self, task):
        return min((line.due_on for line in self.artifact.lines.all()), default=None)

    @classmethod
    def due_expression(cls):
        from metering.models import VerificationNoticeLine

        return first(VerificationNoticeLine.objects.filter(notice_id=ARTIFACT).order_by()
                     .values("notice").annotate(earliest=Min("due_on")), "earliest")


TEMPLATE_REVIEW_DAYS = 5  # a manager decides on a proposed template version within


class TemplateChangeProcess(Process):
    """A lawyer's change of a document template; the artifact is the proposed
    ``documents.TemplateVersion`` (the corrected one after a return)."""

    class Meta:
        proxy = True
        verbose_name = "изменение шаблона документа"
        verbose_name_plural = "изменения шаблонов документов"
        default_permissions = FLOW_PERMISSIONS

    @property
    def proposal(self):
        return self.artifact

    @property
    def decision(self) -> str | None:
        """The latest decision on the proposal: approved, returned, withdrawn, or None (awaits one)."""
        if self.artifact is None:
            return None
        return self.artifact.decisions.order_by("-pk").values_list("kind", flat=True).first()

    def task_due_date(self, task):
        if task.flow_task.name == "review" and self.artifact is not None:
            return timezone.localdate(self.artifact.created_at) + timedelta(days=TEMPLATE_REVIEW_DAYS)
        return None

    @classmethod
    def due_expression(cls):
        from documents.models import TemplateVersion

        created = first(TemplateVersion.objects.filter(pk=ARTIFACT).annotate(day=TruncDate("created_at")), "day")
        return Case(When(step("review"), then=plus_days(created, TEMPLATE_REVIEW_DAYS)), default=None,
                    output_field=DateField())


CLAIM_APPROVAL_DAYS = 3  # a manager decides on a built package within


class ClaimProcess(Process):
    """The recovery of a debtor's debts from the pre-trial claim to the money recovered; the
    artifact is the case (``casefiles.Case``)."""

    class Meta:
        proxy = True
        verbose_name = "взыскание задолженности"
        verbose_name_plural = "взыскания задолженности"
        default_permissions = FLOW_PERMISSIONS

    @property
    def case(self):
        """The case, read afresh: every step changes its row."""
        from casefiles.models import Case

        return Case.objects.select_related("consumer", "contract", "court").filter(pk=self.artifact_object_id).first()

    @property
    def package(self):
        """The case's newest package (None before the first is built)."""
        case = self.case
        return case.packages.order_by("-version").first() if case else None

    @property
    def debts_paid(self) -> bool:
        from casefiles.selectors import case_debts_paid

        return case_debts_paid(case=self.case, as_of=timezone.localdate())

    @property
    def package_approved(self) -> bool:
        package = self.package
        return package is not None and package.approved_at is not None

    def task_due_date(self, task):
        from casefiles.selectors import claim_term_over_on

        case, name = self.case, task.flow_task.name
        if case is None:
            return None
        if name in ("choose_route", "issue_application"):
            return claim_term_over_on(case)
        if name == "approve" and self.package is not None:
            return timezone.localdate(self.package.built_at) + timedelta(days=CLAIM_APPROVAL_DAYS)
        return None

    @classmethod
    def due_expression(cls):
        """``claim_term_over_on``: the day after the claim's term (court_route.filing_allowed_from)."""
        from casefiles.models import Case as CaseFile
        from casefiles.models import CasePackage

        over = first(CaseFile.objects.filter(pk=ARTIFACT, claim_sent_on__isnull=False).annotate(
            over=plus_days(F("claim_sent_on"), F("claim_term_days") + 1)), "over")
        built = first(CasePackage.objects.filter(case_id=ARTIFACT).order_by("-version")
                      .annotate(day=TruncDate("built_at")), "day")
        return Case(
            When(step("choose_route") | step("issue_application"), then=over),
            When(step("approve"), then=plus_days(built, CLAIM_APPROVAL_DAYS)),
            default=None, output_field=DateField())


class UnmeteredProcess(Process):
    """A violation found at a field inspection, from the act to the demand paid or passed to the
    legal staff; the artifact is the inspection (``inspections.FieldInspection``), the step's
    figures in ``data`` (the calculation's inputs, the manager's decision, the demand's term)."""

    class Meta:
        proxy = True
        verbose_name = "бездоговорное или безучетное потребление"
        verbose_name_plural = "бездоговорное и безучетное потребление"
        default_permissions = FLOW_PERMISSIONS

    @property
    def inspection(self):
        from inspections.models import FieldInspection

        return FieldInspection.objects.filter(pk=self.artifact_object_id).first()

    @property
    def act(self):
        from inspections.models import ViolationAct

        return ViolationAct.objects.filter(inspection_id=self.artifact_object_id).first()

    @property
    def act_returned(self) -> bool:
        act = self.act
        return act is not None and act.status == act.Status.RETURNED

    @property
    def calculation_approved(self) -> bool:
        return bool((self.data or {}).get("approved"))

    @property
    def demand_paid(self) -> bool:
        from inspections.selectors import demand_paid

        return demand_paid(act=self.act, since=date.fromisoformat(self.data["demand"]["date"]),
                           total=Decimal(self.data["demand"]["total"]))


CONTRACT_RESPONSE_DAYS = 30  # the consumer's answer to a sent contract is expected within (internal term)
CONTRACT_STEP_DAYS = 5  # each internal step of the preparation (draft, review, approval, answer) within


class ContractProcess(Process):
    """The preparation of a heat-supply contract or a supplementary agreement, from the
    consumer's application to the contract signed or refused; the artifact is the
    application (``contracts.ContractApplication``)."""

    class Meta:
        proxy = True
        verbose_name = "заключение договора"
        verbose_name_plural = "заключение договоров"
        default_permissions = FLOW_PERMISSIONS

    @property
    def application(self):
        """The application, read afresh: every step changes its row."""
        from contracts.models import ContractApplication

        return (ContractApplication.objects.select_related("consumer", "base_contract", "package")
                .filter(pk=self.artifact_object_id).first())

    @property
    def documents_complete(self) -> bool:
        from contracts.services import missing_documents

        return not missing_documents(self.application)

    def status_is(self, *statuses: str) -> bool:
        application = self.application
        return application is not None and application.status in statuses

    def task_due_date(self, task):
        application, name = self.application, task.flow_task.name
        if application is None:
            return None
        if name == "receive" or name == "overdue":
            return application.documents_due
        if name == "response" and application.sent_on:
            return application.sent_on + timedelta(days=CONTRACT_RESPONSE_DAYS)
        if name in ("draft", "review", "approve", "answer", "send"):
            return timezone.localdate(task.created) + timedelta(days=CONTRACT_STEP_DAYS)
        return None

    @classmethod
    def due_expression(cls):
        from contracts.models import ContractApplication

        application = ContractApplication.objects.filter(pk=ARTIFACT)
        return Case(
            When(~Exists(application), then=None),
            When(step("receive") | step("overdue"), then=first(application, "documents_due")),
            When(step("response"), then=plus_days(first(application, "sent_on"), CONTRACT_RESPONSE_DAYS)),
            When(step("draft") | step("review") | step("approve") | step("answer") | step("send"),
                 then=plus_days(TruncDate("created"), CONTRACT_STEP_DAYS)),
            default=None, output_field=DateField())


class ReadingsReconciliationProcess(Process):
    """A readings reconciliation with a consumer; the artifact is the act
    (``reconciliation.ReadingsReconciliation``)."""

    class Meta:
        proxy = True
        verbose_name = "сверка показаний приборов учета"
        verbose_name_plural = "сверки показаний приборов учета"
        default_permissions = FLOW_PERMISSIONS

    @property
    def act(self):
        from reconciliation.models import ReadingsReconciliation

        return ReadingsReconciliation.objects.select_related("consumer").filter(pk=self.artifact_object_id).first()

    @property
    def disputed(self) -> bool:
        act = self.act
        return act is not None and act.status == "disputed"


class SettlementsReconciliationProcess(Process):
    """A settlements reconciliation under a contract; the artifact is the act
    (``reconciliation.SettlementsReconciliation``)."""

    class Meta:
        proxy = True
        verbose_name = "сверка взаимных расчетов"
        verbose_name_plural = "сверки взаимных расчетов"
        default_permissions = FLOW_PERMISSIONS

    @property
    def act(self):
        from reconciliation.models import SettlementsReconciliation

        return (SettlementsReconciliation.objects.select_related("contract", "consumer")
                .filter(pk=self.artifact_object_id).first())

    @property
    def disputed(self) -> bool:
        act = self.act
        return act is not None and act.status == "disputed"


class InterruptionProcess(Process):
    """An interruption of heat supply from its registration (or announcement) to the approved
    act and its recalculation; the artifact is the interruption (``supply.Interruption``)."""

    class Meta:
        proxy = True
        verbose_name = "перерыв теплоснабжения"
        verbose_name_plural = "перерывы теплоснабжения"
        default_permissions = FLOW_PERMISSIONS

    @property
    def interruption(self):
        from supply.models import Interruption

        return Interruption.objects.filter(pk=self.artifact_object_id).first()

    @property
    def is_planned(self) -> bool:
        return self.interruption.is_planned

    @property
    def act_returned(self) -> bool:
        return bool((self.data or {}).get("returned"))

    @property
    def on_consumer_side(self) -> bool:
        return self.interruption.on_consumer_side


class QualityProcess(Process):
    """A breach of the quality of supply from the complaint to the recalculation; the artifact
    is the case (``supply.QualityCase``)."""

    class Meta:
        proxy = True
        verbose_name = "нарушение качества теплоснабжения"
        verbose_name_plural = "нарушения качества теплоснабжения"
        default_permissions = FLOW_PERMISSIONS

    @property
    def case(self):
        from supply.models import QualityCase

        return QualityCase.objects.filter(pk=self.artifact_object_id).first()

    @property
    def act_approved(self) -> bool:
        case = self.case
        return case is not None and case.status == case.Status.APPROVED


class RestrictionProcess(Process):
    """A restriction of supply for a debt from the warning to the lifting (ПП РФ № 808, п. 92–93);
    the artifact is the restriction (``supply.SupplyRestriction``)."""

    class Meta:
        proxy = True
        verbose_name = "ограничение подачи за долги"
        verbose_name_plural = "ограничения подачи за долги"
        default_permissions = FLOW_PERMISSIONS

    @property
    def restriction(self):
        """The restriction, read afresh: every step changes its row."""
        from supply.models import SupplyRestriction

        return SupplyRestriction.objects.select_related("contract__consumer", "heated_object").filter(
            pk=self.artifact_object_id).first()

    @property
    def grounds_hold(self) -> bool:
        """The overdue debt still exceeds the restriction's ground today."""
        from supply.services.restrictions import restriction_grounds_hold

        return restriction_grounds_hold(restriction=self.restriction, on=timezone.localdate())

    @property
    def restricted(self) -> bool:
        """The step «Ввести ограничение» imposed the restriction (not withdrew the warning)."""
        return self.restriction.restriction_act_id is not None


class AppealProcess(Process):
    """An appeal from its registration to the answer sent and the appeal closed; the artifact is
    the appeal (``reception.Appeal``)."""

    class Meta:
        proxy = True
        verbose_name = "обращение потребителя"
        verbose_name_plural = "обращения потребителей"
        default_permissions = FLOW_PERMISSIONS

    @property
    def appeal(self):
        """The appeal, read afresh: every step changes its row."""
        from reception.models import Appeal

        return Appeal.objects.select_related("consumer", "contract", "executor").filter(
            pk=self.artifact_object_id).first()

    @property
    def answer_signed(self) -> bool:
        appeal = self.appeal
        return appeal is not None and appeal.answer_id is not None

    def task_due_date(self, task):
        # a list of tasks prefetches the artifacts (workflows.start.inbox): the due date is read from it
        artifact = Process._meta.get_field("artifact")
        appeal = self.artifact if artifact.is_cached(self) else self.appeal
        return appeal.due_on if appeal is not None else None

    @classmethod
    def due_expression(cls):
        from reception.models import Appeal

        return first(Appeal.objects.filter(pk=ARTIFACT), "due_on")
