"""REST API: token authentication, OpenAPI schema by drf-spectacular."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from billing.calc.api import CalculationView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("calc/<str:kind>/", CalculationView.as_view(), name="api-calc"),
    path("", include("billing.api.urls")),
]
