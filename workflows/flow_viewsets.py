"""The flows' pages as the department sees them: viewflow's, with the process list newest
first (viewflow's own list has no order, so its pages could repeat or skip processes)."""

from viewflow.workflow.flow import FlowViewset
from viewflow.workflow.flow.views import DashboardProcessListView


class NewestFirstProcessListView(DashboardProcessListView):
    ordering = ("-created", "-pk")


class DepartmentFlowViewset(FlowViewset):
    process_list_view_class = NewestFirstProcessListView
