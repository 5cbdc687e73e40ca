"""The interruptions report and an interruption's affected set in the «Режим теплоснабжения»
application of the site."""

from django.urls import path
from viewflow.urls import AppMenuMixin, Viewset

from . import views


class InterruptionReportViewset(AppMenuMixin, Viewset):
    app_name = "interruption_report"
    title = "Отчет о перерывах"
    icon = "bar_chart"

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm(views.PERMISSION)

    index_path = path("", views.report, name="index")
    export_path = path("export/", views.report_export, name="export")


class AffectedViewset(Viewset):
    """An interruption's affected set (no menu item: reached from the interruption's task pages)."""

    app_name = "affected"

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm(views.REGISTER)

    edit_path = path("<int:pk>/", views.affected, name="edit")
