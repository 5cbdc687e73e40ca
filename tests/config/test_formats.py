"""The project's ``ru`` output formats (config/formats/ru): a date a template or a record page
writes through Django's localization reads ДД.ММ.ГГГГ, a moment ДД.ММ.ГГГГ ЧЧ:ММ — as the
rest of the interface, not «8 декабря 2026 г. 6:32»."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import formats, translation

from core.display import display_value


def test_a_date_and_a_moment_localize_as_the_interface_writes_them():
    with translation.override("ru"):
        assert formats.localize(date(2026, 12, 8)) == "08.12.2026"
        assert Template("{{ day }} {{ day|date }}").render(Context({"day": date(1976, 8, 19)})) == "19.08.1976 19.08.1976"


def test_an_aware_moment_is_shown_in_moscow_time():
    moment = datetime(2026, 12, 8, 3, 32, tzinfo=ZoneInfo("UTC"))
    with translation.override("ru"):
        assert display_value(moment) == "08.12.2026 06:32"
        assert Template("{{ moment }}").render(Context({"moment": moment})) == "08.12.2026 06:32"


def test_input_formats_stay_djangos():
    with translation.override("ru"):
        assert "%d.%m.%Y" in formats.get_format("DATE_INPUT_FORMATS")
        assert formats.get_format("DECIMAL_SEPARATOR") == ","
