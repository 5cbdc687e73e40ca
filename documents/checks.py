"""Startup check: every template file is the one its manifest records (docs/documents.md,
"Changing a template"). A mismatch is reported here at once and refused when the version is
registered (``documents.services.register_manifest_version``)."""

from __future__ import annotations

from django.core import checks


@checks.register("documents")
def template_files_match_manifest(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from core.errors import ApplicationError

    from .registry import manifest
    from .template_source import file_problem

    try:
        specs = manifest()
    except ApplicationError as exc:
        return [checks.Error(str(exc), id="documents.E001")]
    found = []
    for spec in specs.values():
        problem = file_problem(spec)
        if problem:
            found.append(checks.Warning(problem, id="documents.W001"))
    return found
