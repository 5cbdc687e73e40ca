"""The viewflow Material site: one Application per area of the department's work."""

from django.urls import path
from viewflow.urls import Site

from audit.user_views import AdministrationApp
from billing.calc.viewsets import LegalCalculationsApp
from billing.outputs import ApiTokensViewset, PeriodOutputsViewset
from billing.viewsets import BillingApp
from casefiles.viewsets import CasefilesApp
from documents.viewsets import DocumentsApp
from inspections.viewsets import InspectionsApp
from metering.viewsets import MeteringApp
from reception.viewsets import BookingViewset, JournalViewset, LetterViewset
from reconciliation.viewsets import BulkJobViewset
from reference.viewsets import CalendarDayViewset, CalendarYearViewset, VatRateViewset
from settlements.viewsets import SettlementsApp
from subscribers.viewsets import SubscribersApp
from supply.viewsets import AffectedViewset, InterruptionReportViewset
from workflows.appeal import AppealFlow, RegisterViewset
from workflows.claim import ClaimFlow, DebtSelectionViewset
from workflows.commissioning import CommissioningFlow
from workflows.contract import ContractFlow
from workflows.dashboard import DashboardViewset
from workflows.flow_viewsets import DepartmentFlowViewset, DepartmentWorkflowAppViewset
from workflows.interruption import InterruptionFlow
from workflows.performance import PerformanceViewset
from workflows.periodic_check import CampaignViewset, PeriodicCheckFlow
from workflows.quality import QualityFlow
from workflows.reading_review import ReadingReviewFlow
from workflows.reconciliation import ReadingsReconciliationFlow, SettlementsReconciliationFlow
from workflows.restriction import RestrictionFlow
from workflows.start import InboxApp, StartView
from workflows.template_change import TemplateChangeFlow
from workflows.unmetered import UnmeteredFlow
from workflows.verification_followup import VerificationFollowUpFlow
from workflows.workload import WorkloadViewset


class DepartmentSite(Site):
    """The site's start (``/``) is each role's own start page (workflows/start.py), not the first application."""

    @property
    def index_path(self):
        return path("", StartView.as_view(), name="index")


site = DepartmentSite(
    title="Абонентский отдел",
    viewsets=[
        InboxApp(),
        SubscribersApp(),
        DocumentsApp(),
        MeteringApp(),
        DepartmentWorkflowAppViewset(
            app_name="metering_flows",
            title="Процессы учета",
            icon="engineering",
            flow_viewsets=[
                DepartmentFlowViewset(CommissioningFlow, icon="verified"),
                DepartmentFlowViewset(PeriodicCheckFlow, icon="event_repeat"),
                DepartmentFlowViewset(ReadingReviewFlow, icon="fact_check"),
                DepartmentFlowViewset(VerificationFollowUpFlow, icon="mark_email_unread"),
            ],
            viewsets=[WorkloadViewset(), CampaignViewset()],
        ),
        # changes of document templates: legal staff propose, managers approve (docs/documents.md)
        DepartmentWorkflowAppViewset(
            app_name="document_flows",
            title="Согласование шаблонов",
            icon="rule_folder",
            flow_viewsets=[DepartmentFlowViewset(TemplateChangeFlow, icon="edit_document")],
        ),
        # the recovery of debts, from the claim to the enforcement: legal staff conduct it,
        # managers approve the court packages (docs/casefiles.md, «Процесс взыскания»)
        DepartmentWorkflowAppViewset(
            app_name="claim_flows",
            title="Взыскание задолженности",
            icon="balance",
            flow_viewsets=[DepartmentFlowViewset(ClaimFlow, icon="gavel")],
            viewsets=[DebtSelectionViewset()],
        ),
        # heat-supply contracts and supplementary agreements: billing registers, technicians
        # prepare the technical part, legal staff review, managers approve (docs/contracts.md)
        DepartmentWorkflowAppViewset(
            app_name="contract_flows",
            title="Заключение договоров",
            icon="handshake",
            flow_viewsets=[DepartmentFlowViewset(ContractFlow, icon="description")],
        ),
        # contract-less and unmetered consumption: the act, the lawyer's check, the calculation,
        # the manager's approval, the payment demand and its term (docs/inspections.md, «Процесс»)
        DepartmentWorkflowAppViewset(
            app_name="unmetered_flows",
            title="Нарушения потребления",
            icon="report",
            flow_viewsets=[DepartmentFlowViewset(UnmeteredFlow, icon="gpp_maybe")],
        ),
        # reconciliations with consumers: readings (technicians), settlements and the quarter's
        # bulk statements (billing specialists) (docs/reconciliation.md)
        DepartmentWorkflowAppViewset(
            app_name="reconciliation_flows",
            title="Сверки",
            icon="handshake",
            flow_viewsets=[
                DepartmentFlowViewset(ReadingsReconciliationFlow, icon="speed"),
                DepartmentFlowViewset(SettlementsReconciliationFlow, icon="account_balance_wallet"),
            ],
            viewsets=[BulkJobViewset()],
        ),
        # interruptions of heat supply: the dispatch log, the act, signatures, the manager's
        # approval and the recalculation; restrictions of supply for debt: the warning, the
        # lead time, the restriction and lifting acts (docs/supply.md)
        DepartmentWorkflowAppViewset(
            app_name="supply_flows",
            title="Режим теплоснабжения",
            icon="power_off",
            flow_viewsets=[DepartmentFlowViewset(InterruptionFlow, icon="heat_pump"),
                           DepartmentFlowViewset(RestrictionFlow, icon="block")],
            viewsets=[InterruptionReportViewset(), AffectedViewset()],
        ),
        # breaches of the quality of supply: the complaint, the measurement, the act, the manager's
        # approval and the recalculation (docs/supply.md, «Качество теплоснабжения»)
        DepartmentWorkflowAppViewset(
            app_name="quality_flows",
            title="Качество теплоснабжения",
            icon="thermostat",
            flow_viewsets=[DepartmentFlowViewset(QualityFlow, icon="device_thermostat")],
        ),
        # the reception of consumers: appeals registered, answered point by point, signed and sent;
        # the journal of appeals and any letter of the department (docs/reception.md)
        DepartmentWorkflowAppViewset(
            app_name="reception",
            title="Прием потребителей",
            icon="support_agent",
            flow_viewsets=[DepartmentFlowViewset(AppealFlow, icon="contact_mail")],
            viewsets=[DashboardViewset(), PerformanceViewset(), JournalViewset(), RegisterViewset(), LetterViewset(),
                      BookingViewset()],
        ),
        # «Расчеты» with billing's outputs (УПД and счета, export files, API tokens) and the
        # reference data billing specialists keep (VAT rates, the production calendar)
        BillingApp(viewsets=[
            *BillingApp.viewsets, PeriodOutputsViewset(), ApiTokensViewset(),
            VatRateViewset(), CalendarYearViewset(), CalendarDayViewset(),
        ]),
        LegalCalculationsApp(),
        SettlementsApp(),
        # field inspections and acts of contract-less and unmetered use (inspections/roles.py)
        InspectionsApp(),
        # claims and court files: legal staff and managers only (casefiles/roles.py)
        CasefilesApp(),
        AdministrationApp(),
    ],
)
