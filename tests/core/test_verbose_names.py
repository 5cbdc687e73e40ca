"""Labels keep their abbreviations (core/verbose_names.py): viewflow capitalises verbose names."""

from viewflow.utils import get_object_data
from viewflow.views.list import ModelFieldColumn

from core.verbose_names import KeepCase
from subscribers.models import Consumer


def test_a_list_header_keeps_the_abbreviation():
    assert ModelFieldColumn(Consumer._meta.get_field("inn")).header() == "ИНН"


def test_a_detail_label_keeps_the_abbreviation():
    consumer = Consumer(name="ООО «Тест»", inn="7701234567")
    labels = {field.name: label for field, label, _value in get_object_data(consumer)}
    assert labels["inn"] == "ИНН"


def test_keep_case_raises_only_the_first_letter():
    assert KeepCase("сумма без НДС").capitalize() == "Сумма без НДС"
    assert KeepCase("сумма без НДС") == "сумма без НДС"
