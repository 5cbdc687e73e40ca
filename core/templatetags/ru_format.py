"""Template filters: numbers and dates on pages as people write them (``core.formatting``).

``{% load ru_format %}`` then ``{{ debt|amount }}`` → ``78 713 019,27``, ``{{ debt|money }}``
→ ``78 713 019,27 ₽``, ``{{ heat|gcal }}`` → ``1 234,568``, ``{{ rate|percent }}`` →
``9,5 %``, ``{{ rate|plain_number }}`` → ``9,5``, ``{{ day|date_short }}`` → ``05.06.2026``,
``{{ value|shown }}`` → any value as ``core.display`` writes it (``True`` → ``да``).
Nothing (``None``, ``""``) shows as a dash; a value that is not a number is shown as it is.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

from core import formatting
from core.display import display_value

register = template.Library()

EMPTY = "—"


def _safe(function):
    def wrapper(value, arg=None):
        if value is None or value == "":
            return EMPTY
        try:
            return function(value) if arg is None else function(value, arg)
        except (TypeError, ValueError, ArithmeticError):
            return value

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def _decimal(value):
    if isinstance(value, float):  # a float from an aggregate of the database: its shortest text is exact enough
        return formatting.to_decimal(repr(value))
    return formatting.to_decimal(value)


@register.filter
@_safe
def money(value):
    return formatting.money(_decimal(value))


@register.filter
@_safe
def amount(value):
    return formatting.amount(_decimal(value))


@register.filter
@_safe
def number(value, places=3):
    return formatting.number(_decimal(value), int(places))


@register.filter
@_safe
def gcal(value):
    return formatting.gcal(_decimal(value))


@register.filter
@_safe
def plain_number(value):
    return formatting.plain_number(_decimal(value))


@register.filter
@_safe
def percent(value):
    return formatting.percent(_decimal(value))


@register.filter
@_safe
def date_short(value):
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formatting.date_short(value)


@register.filter
def shown(value):
    """A value of any type as pages write it: да/нет, a dash for nothing, dates and numbers in Russian."""
    return display_value(value)
