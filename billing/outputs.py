"""The pages of billing's outputs as viewflow viewsets, mounted in the «Расчеты» application
(config/site.py): the documents of a period (УПД, счета, printing, export files) and the
API tokens of billing centres."""

from __future__ import annotations

from django.urls import path
from viewflow.urls import Viewset
from viewflow.urls.sites import AppMenuMixin

from .api import pages as token_pages
from .export import views as export_views
from .invoices import views


class PeriodOutputsViewset(AppMenuMixin, Viewset):
    app_name = "outputs"
    title = "Документы и выгрузка"
    icon = "print"

    index_path = path("", views.index, name="index")
    period_path = path("periods/<int:pk>/", views.period_detail, name="period")
    issue_path = path("periods/<int:pk>/issue/", views.period_issue, name="issue")
    print_path = path("periods/<int:pk>/print/", views.period_print, name="print")
    export_path = path("periods/<int:pk>/export.<str:fmt>", export_views.period_export, name="export")
    job_path = path("jobs/<int:pk>/", views.job_detail, name="job")
    printout_path = path("printouts/<int:pk>/", views.printout_file, name="printout")

    def has_view_permission(self, user, obj=None):
        return user.has_perm(views.VIEW)


class ApiTokensViewset(AppMenuMixin, Viewset):
    app_name = "api_tokens"
    title = "API-токены"
    icon = "key"

    index_path = path("", token_pages.token_list, name="index")
    add_path = path("add/", token_pages.token_create, name="add")
    revoke_path = path("<int:pk>/revoke/", token_pages.token_revoke, name="revoke")

    def has_view_permission(self, user, obj=None):
        return user.has_perm(token_pages.PERMISSION)
