"""The admin's yes/no icons with a Russian text (core/templatetags/admin_ru.py) and any value as
pages write it (``shown`` in core/templatetags/ru_format.py)."""

from datetime import date

from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.utils.safestring import mark_safe

from core.templatetags.admin_ru import russian_booleans
from core.templatetags.ru_format import shown


def test_the_admin_icons_say_yes_and_no_in_russian():
    cell = mark_safe(f"<td class='field-confirmed'>{_boolean_icon(True)}{_boolean_icon(False)}{_boolean_icon(None)}</td>")
    result = russian_booleans(cell)
    assert 'alt="Да"' in result and 'alt="Нет"' in result and 'alt="Не указано"' in result
    assert "True" not in result and "False" not in result and "None" not in result


def test_other_text_is_left_as_it_is():
    assert russian_booleans(mark_safe('<td>alt="True"</td>')) == '<td>alt="True"</td>'  # not an admin icon
    assert russian_booleans("<b>True</b>") == "<b>True</b>"  # not safe HTML: escaped later, untouched here


def test_shown_writes_values_as_the_pages_do():
    assert [shown(None), shown(True), shown(False), shown(date(2026, 12, 31)), shown("x")] == [
        "—", "да", "нет", "31.12.2026", "x"]
