"""The «Претензии и суды» application of the site (viewflow Material frontend): legal staff
and managers only."""

from django.urls import path
from viewflow.urls import Application

from . import views
from .police_views import PoliceStatementView
from .selectors import VIEW_PERMISSION


class CasefilesApp(Application):
    title = "Претензии и суды"
    icon = "gavel"
    app_name = "casefiles"
    menu_template_name = "casefiles/app_menu.html"

    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.has_perm(VIEW_PERMISSION)

    index_path = path("", views.case_list, name="index")
    card_path = path("case/<int:case_id>/", views.case_card, name="card")
    document_path = path("case/<int:case_id>/documents/<int:document_id>/", views.document_file, name="document")
    package_path = path("case/<int:case_id>/packages/<int:package_id>/", views.package_file, name="package")
    limitation_path = path("limitation/", views.limitation, name="limitation")
    police_path = path("police/new/", PoliceStatementView.as_view(), name="police_new")
