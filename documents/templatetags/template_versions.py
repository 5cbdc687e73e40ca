"""``{% load template_versions %}``: a template version as people read it on the flow pages."""

from __future__ import annotations

from django import template

from documents.models import TemplateVersion
from documents.selectors import VariableMeaning, version_variables

register = template.Library()


@register.simple_tag
def variables_of(version) -> list[VariableMeaning]:
    """``{% variables_of process.artifact as rows %}``: the version's variables with their meanings."""
    return version_variables(version) if isinstance(version, TemplateVersion) else []
