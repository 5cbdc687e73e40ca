"""The export REST API for billing centres (read only).

``GET /api/billing/export/`` — records (consumer × period): volumes by resource and method,
supply mode, quality deviations (empty for now), charges; filters ``period`` (ГГГГ-ММ),
``consumer`` (абонентский № or ИНН), ``updated_since`` (ISO 8601); paginated.
``GET /api/billing/periods/`` — billing periods with their status and last change.

Who may read: a scoped token with ``billing_export``; a logged-in user (session or a
personal DRF token) holding ``billing.export_billing`` (billing specialists,
administrators). Anything else: 401 without credentials, 403 with the wrong ones. Every
page read is an audit event (the export carries consumers' personal data).
"""

from __future__ import annotations

from django.db.models import Count, Max
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission

from audit.services import record_event
from billing.models import BillingPeriod
from core import bounds

from ..export import records
from . import serializers as out
from .authentication import ScopedTokenAuthentication
from .models import ApiToken

SCOPE = "billing_export"
PERMISSION = "billing.export_billing"


class CanReadBillingExport(BasePermission):
    message = "Выгрузка доступна расчетчикам и API-токенам с областью billing_export"

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiToken):
            return request.auth.has_scope(SCOPE)
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(PERMISSION))


class ExportPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ExportView(GenericAPIView):
    authentication_classes = [ScopedTokenAuthentication, TokenAuthentication, SessionAuthentication]
    permission_classes = [CanReadBillingExport]
    pagination_class = ExportPagination

    def audit(self, request, what: str, count: int) -> None:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        record_event(
            action="billing.export.api_read", actor=request.user, target=token,
            data={"endpoint": what, "query": _audited_query(request), "records": count,
                  "token": token.prefix if token else None},
        )


PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description="месяц ГГГГ-ММ, например 2026-01")
CONSUMER = OpenApiParameter("consumer", OpenApiTypes.STR, description="абонентский номер или ИНН абонента")
UPDATED = OpenApiParameter(
    "updated_since", OpenApiTypes.DATETIME,
    description="только записи, измененные с этого момента (ISO 8601, например 2026-02-01T00:00:00+03:00)",
)
ERRORS = {
    400: OpenApiResponse(out.ErrorSerializer, description="неверный параметр"),
    401: OpenApiResponse(out.ErrorSerializer, description="нет или неверный токен"),
    403: OpenApiResponse(out.ErrorSerializer, description="нет права или области доступа billing_export"),
    429: OpenApiResponse(out.ErrorSerializer, description="превышена частота запросов токена или неверных токенов с адреса"),
}


FILTERS = ("period", "consumer", "updated_since")
AUDITED = (*FILTERS, "page", "page_size")  # the query parameters the audit records


def _filters(request) -> dict:
    """The filters of the query, each through ``core.bounds``; a bad one raises
    ``ApplicationError`` → 400 ``{"error", "code", "field"}`` naming it
    (``core.api_errors.exception_handler``)."""
    params = request.query_params
    result = {}
    for name in FILTERS:
        bounds.text(params.get(name, ""), field=name, max_length=100)
    if params.get("period"):
        result["period"] = records.parse_period(params["period"])
    if params.get("consumer"):
        result["consumer"] = params["consumer"].strip()
    if params.get("updated_since"):
        result["updated_since"] = bounds.moment(params["updated_since"].replace(" ", "+"), field="updated_since")
    return result


def _audited_query(request) -> dict:
    """The known parameters of the query as given (each at most 100 characters): an unknown
    parameter, however long, is not written to the audit."""
    params = request.query_params
    return {name: bounds.safe_text(params[name][:100]) for name in AUDITED if name in params}


class ExportRecordsView(ExportView):
    @extend_schema(
        operation_id="billing_export_list",
        summary="Выгрузка в расчетные центры: объемы, режим подачи, качество, начисления",
        parameters=[PERIOD, CONSUMER, UPDATED],
        responses={200: out.RecordSerializer(many=True), **ERRORS},
        tags=["billing-export"],
    )
    def get(self, request):
        keys = records.record_keys(records.invoices(**_filters(request)))
        page = self.paginate_queryset(keys)
        data = records.build_records([records.Key(row["period_id"], row["consumer_id"]) for row in page])
        self.audit(request, "export", len(data))
        return self.get_paginated_response(data)


class PeriodsView(ExportView):
    @extend_schema(
        operation_id="billing_periods_list",
        summary="Расчетные периоды: статус, число счетов, последнее изменение",
        parameters=[UPDATED],
        responses={200: out.PeriodSerializer(many=True), **ERRORS},
        tags=["billing-export"],
    )
    def get(self, request):
        filters = _filters(request)
        qs = BillingPeriod.objects.annotate(invoices_count=Count("invoices"), updated=Max("invoices__updated_at"))
        if "updated_since" in filters:
            qs = qs.filter(updated__gte=filters["updated_since"])
        page = self.paginate_queryset(qs.order_by("-month"))
        data = [
            {"period": f"{p.month:%Y-%m}", "status": p.status, "invoices": p.invoices_count,
             "updated_at": p.updated.isoformat() if p.updated else None,
             "closed_at": p.closed_at.isoformat() if p.closed_at else None}
            for p in page
        ]
        self.audit(request, "periods", len(data))
        return self.get_paginated_response(data)

