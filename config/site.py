"""The viewflow Material site: one Application per area of the department's work."""

from viewflow.urls import Site
from viewflow.workflow.flow import FlowViewset, WorkflowAppViewset

from billing.calc.viewsets import LegalCalculationsApp
from documents.viewsets import DocumentsApp
from metering.viewsets import MeteringApp
from settlements.viewsets import SettlementsApp
from subscribers.viewsets import SubscribersApp
from workflows.reading_review import ReadingReviewFlow
from workflows.workload import WorkloadViewset

site = Site(
    title="Абонентский отдел",
    viewsets=[
        SubscribersApp(),
        DocumentsApp(),
        MeteringApp(),
        WorkflowAppViewset(
            app_name="metering_flows",
            title="Процессы учета",
            icon="engineering",
            flow_viewsets=[
                FlowViewset(ReadingReviewFlow, icon="fact_check"),
            ],
            viewsets=[WorkloadViewset()],
        ),
        LegalCalculationsApp(),
        SettlementsApp(),
    ],
)
