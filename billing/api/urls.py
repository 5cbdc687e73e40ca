"""URLs of the billing export API (included under /api/ by config/api_urls.py)."""

from django.urls import path

from .views import ExportRecordsView, PeriodsView

urlpatterns = [
    path("billing/export/", ExportRecordsView.as_view(), name="api-billing-export"),
    path("billing/periods/", PeriodsView.as_view(), name="api-billing-periods"),
]
