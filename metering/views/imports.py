"""«Загрузка показаний»: the upload of a meter-data system's file with its report, and the
sources with their column mappings.

Thin: the forms take the input, ``metering.imports`` does everything else. The upload needs
``metering.import_readings``; a source's page ``metering.add_readingimportsource`` (new) or
``metering.change_readingimportsource`` (Расчетчик, Администратор); others get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.errors import ApplicationError
from core.forms import apply_errors
from metering.forms import ReadingImportForm, ReadingSourceForm
from metering.imports.problems import ImportRefused
from metering.imports.readings import IMPORT_PERMISSION, readings_import
from metering.imports.sources import reading_source_save
from metering.models import ReadingColumn, ReadingImport, ReadingImportSource


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def reading_import_page(request):
    form = ReadingImportForm(initial={"source": request.GET.get("source")})
    result, refused = None, None
    if request.method == "POST":
        form = ReadingImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = readings_import(
                    source=form.cleaned_data["source"], data=upload.file, filename=upload.name, actor=request.user,
                )
            except ImportRefused as exc:
                refused = exc
            else:
                messages.success(request, result.summary())
    return render(request, "metering/reading_import.html", {
        "form": form, "result": result, "refused": refused,
        "sources": _sources_with_mappings(),
        "recent": ReadingImport.objects.select_related("source", "imported_by")[:10],
        "may_add_source": request.user.has_perm("metering.add_readingimportsource"),
        "may_change_source": request.user.has_perm("metering.change_readingimportsource"),
    })


def _sources_with_mappings() -> list[tuple[ReadingImportSource, list[ReadingColumn]]]:
    """Each source with its mapping lines in the order of the fields (unit, period, Q, …)."""
    order = {value: i for i, value in enumerate(ReadingColumn.Field.values)}
    return [
        (source, sorted(source.columns.all(), key=lambda c: order.get(c.field, len(order))))
        for source in ReadingImportSource.objects.prefetch_related("columns")
    ]


@permission_required("metering.add_readingimportsource", raise_exception=True)
def reading_source_add(request):
    return _source_page(request, ReadingImportSource())


@permission_required("metering.change_readingimportsource", raise_exception=True)
def reading_source_change(request, pk: int):
    return _source_page(request, get_object_or_404(ReadingImportSource, pk=pk))


def _source_page(request, source: ReadingImportSource):
    form = ReadingSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        try:
            saved = reading_source_save(
                source=source if source.pk else None, columns=form.columns(), actor=request.user,
                **form.source_data(),
            )
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Источник «{saved}» и сопоставление столбцов сохранены")
            return redirect(f"{reverse('metering:reading_import:index')}?source={saved.pk}")
    return render(request, "metering/reading_source.html", {"form": form, "source": source})
