"""Downloading a period's export files from the «Расчеты» pages."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect

from billing.models import BillingPeriod
from core.errors import ApplicationError

from .services import export_period_file


@permission_required("billing.export_billing", raise_exception=True)
def period_export(request, pk: int, fmt: str):
    period = get_object_or_404(BillingPeriod, pk=pk)
    try:
        exported = export_period_file(period=period, fmt=fmt, actor=request.user,
                                      consumer=request.GET.get("consumer", "").strip(),
                                      header=request.GET.get("header", "ru"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("billing:outputs:period", pk=period.pk)
    if exported.stream is not None:
        response = StreamingHttpResponse(exported.stream, content_type=exported.content_type)
    else:
        response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{exported.filename}\"; filename*=UTF-8''{quote(exported.filename)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
