"""``POST /api/calc/<kind>/`` — the ``calc`` command over HTTP (token authentication).

Request: the JSON object of the kind (issue 6, item 6); numbers may be strings or JSON
numbers (read as exact decimals); size, depth, numbers, dates and strings are bounded by
``core.bounds`` and a field the kind does not know is refused. Response 200: the result,
decimals as strings, with a top-level ``"total"``. Response 400: ``{"error", "code", "field"}``
naming the field; 404: an unknown kind; 401 without credentials; 403 without ``reference.use_legal_calculator``.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core import bounds
from core.errors import ApplicationError
from core.parsers import BoundedJSONParser

from . import schema
from .service import KIND_TITLES, KINDS, calculation_run
from .views import PERMISSION


class CanCalculate(BasePermission):
    message = "Правовые расчеты доступны юристам, расчетчикам и руководителям"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(PERMISSION))


ERROR = inline_serializer("CalcError", {"error": serializers.CharField(), "code": serializers.CharField(),
                                        "field": serializers.CharField(allow_null=True)})
RESULT = inline_serializer("CalcResult", {"total": serializers.CharField(help_text="итог расчета, десятичная строка")})

EXAMPLES = [
    OpenApiExample("penalty", request_only=True, value={
        "category": "managing_org", "as_of": "2026-05-29",
        "debts": [{"id": "2026-01", "amount": "100000.00", "due_date": "2026-02-10"}],
        "payments": [{"date": "2026-05-29", "amount": "100000.00"}],
    }),
    OpenApiExample("heating-volume", request_only=True, value={
        "load_gcal_h": "0.5", "t_inside": "20", "t_outside_design": "-26", "periods": [{"days": 31, "t_out": "-8.6"}],
    }),
    OpenApiExample("hot-water-volume", request_only=True, value={"load_avg_gcal_h": "0.08", "days": 31}),
    OpenApiExample("contractless", request_only=True, value={
        "load_gcal_h": "0.15", "t_inside": "20", "t_outside_design": "-25", "periods": [{"days": 92, "t_out": "-10"}],
        "tariff_per_gcal": "2500", "vat_percent": "22",
    }),
    OpenApiExample("quality-recalc", request_only=True, value={
        "service": "heating", "monthly_charge": "3000.00", "interruptions": [{"hours": 40}],
        "temperature_deviations": [{"hours": 50, "measured_c": 15, "norm_c": 18, "period": "day"}],
    }),
    OpenApiExample("state-duty", request_only=True, value={
        "court": "arbitration", "claim_amount": "250000", "procedure": "claim",
    }),
]


class CalculationView(APIView):
    parser_classes = [BoundedJSONParser]
    permission_classes = [CanCalculate]

    @extend_schema(
        operation_id="calc",
        summary="Правовой расчет",
        description="Виды: " + "; ".join(f"`{kind}` — {title}" for kind, title in KIND_TITLES.items())
        + ". Входные данные и результат — как у команды `manage.py calc`.",
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(KINDS))],
        request={"application/json": schema.REQUEST},
        responses={200: RESULT, 400: ERROR, 404: ERROR, 401: OpenApiResponse(description="нет токена"),
                   403: OpenApiResponse(description="нет права на правовые расчеты"),
                   429: OpenApiResponse(description="превышена частота запросов или неверных токенов с адреса")},
        examples=EXAMPLES,
        tags=["calc"],
    )
    def post(self, request, kind: str):
        if kind not in KINDS:
            return Response({"error": f"kind: неизвестный вид расчета «{bounds.shown(kind)}»", "code": "not_found",
                             "field": "kind"},
                            status=status.HTTP_404_NOT_FOUND)
        try:
            result = calculation_run(kind=kind, payload=request.data, source="api", actor=request.user)
        except ApplicationError as exc:
            return Response({"error": exc.message, "code": exc.code, "field": exc.field}, status=status.HTTP_400_BAD_REQUEST)
        return Response(result)
