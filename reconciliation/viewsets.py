"""The bulk reconciliation pages as a viewset of the «Сверки» application (config/site.py)."""

from django.urls import path
from viewflow.urls import Viewset
from viewflow.urls.sites import AppMenuMixin

from . import views


class BulkJobViewset(AppMenuMixin, Viewset):
    app_name = "bulk"
    title = "Сверка расчетов за квартал"
    icon = "library_books"

    index_path = path("", views.index, name="index")
    job_path = path("jobs/<int:pk>/", views.job_detail, name="job")
    file_path = path("jobs/<int:pk>/file.<str:kind>", views.job_download, name="file")

    def has_view_permission(self, user, obj=None):
        return user.has_perm(views.VIEW)
