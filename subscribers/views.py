"""Pages of «Абоненты» that are not a model's viewset: the import of the register from a file.

Thin: the form takes the file, ``subscribers.imports`` does everything else. Both pages
need ``subscribers.import_registry`` (billing specialists and administrators); others get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render

from .forms import RegistryImportForm
from .imports.problems import ImportRefused
from .imports.registry import IMPORT_PERMISSION, registry_import
from .imports.template import template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def registry_import_page(request):
    form = RegistryImportForm()
    result, refused = None, None
    if request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = registry_import(
                    data=upload.file, filename=upload.name, actor=request.user,
                    kind=form.cleaned_data["kind"] or None,
                )
            except ImportRefused as exc:
                refused = exc
            else:
                messages.success(request, result.summary())
    return render(request, "subscribers/registry_import.html", {
        "form": form, "result": result, "refused": refused,
    })


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def registry_import_template(request):
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="reestr-abonentov-shablon.xlsx"'
    return response
