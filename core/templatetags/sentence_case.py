"""Headings as the names are written: «Ставки НДС», «Узлы учета», not «Ставки Ндс», «Узлы Учета».

viewflow's templates write a model's plural name with Django's ``|title`` filter (a list's heading,
the breadcrumbs of its forms and record pages, the delete and import pages) and the first line of a
diagram's node with it too («Проверить Показания»). English capitalises every word of a title;
Russian only the first letter. This library, a template builtin of the project
(``config/settings/base.py``, ``TEMPLATES["OPTIONS"]["builtins"]``), replaces ``|title`` in every
template with Django's ``capfirst``: the first letter raised, the others as written.
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.text import capfirst

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def title(value: str) -> str:
    """The first letter capital, the rest as written (a Russian heading)."""
    return str(capfirst(value))
