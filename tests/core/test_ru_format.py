"""Numbers and dates on pages as people write them: the template filters, the date box and
the Russian decimal field of ``core``."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms
from django.template import Context, Template

from core.display import display_value
from core.forms import DateField, DateInput, DecimalField
from documents import formatting as document_formatting


def render(text: str, **context) -> str:
    return Template("{% load ru_format %}" + text).render(Context(context))


def test_money_has_no_break_spaces_between_groups_and_a_comma():
    assert render("{{ v|amount }}", v=Decimal("78713019.2700000")) == "78\xa0713\xa0019,27"
    assert render("{{ v|amount }}", v=Decimal("501610.2")) == "501\xa0610,20"
    assert render("{{ v|money }}", v=Decimal("-1234.565")) == "-1\xa0234,57\xa0₽"
    assert render("{{ v|amount }}", v=1234.5) == "1\xa0234,50"  # a float of a database aggregate


def test_heat_percent_numbers_and_dates():
    assert render("{{ v|gcal }}", v=Decimal("1234.5675")) == "1\xa0234,568"
    assert render("{{ v|percent }}", v=Decimal("9.50")) == "9,5\xa0%"
    assert render("{{ v|plain_number }}", v=Decimal("0.123400")) == "0,1234"
    assert render("{{ v|number:2 }}", v=Decimal("12345.678")) == "12\xa0345,68"
    assert render("{{ v|date_short }}", v=date(2026, 6, 5)) == "05.06.2026"
    moment = datetime(2026, 6, 4, 22, 30, tzinfo=ZoneInfo("UTC"))  # 05.06 in Moscow
    assert render("{{ v|date_short }}", v=moment) == "05.06.2026"


def test_nothing_is_a_dash_and_a_text_stays_as_it_is():
    assert render("{{ v|amount }}|{{ w|date_short }}", v=None, w="") == "—|—"
    assert render("{{ v|amount }}", v="нет данных") == "нет данных"


def test_documents_formatting_re_exports_the_core_formatters():
    from core import formatting

    assert document_formatting.money is formatting.money and document_formatting.date_short is formatting.date_short


def test_display_value_writes_money_with_two_places():
    assert display_value(Decimal("501610.20")) == "501\xa0610,20"
    assert display_value(Decimal("9.500")) == "9,5"
    assert display_value(Decimal("71034.200")) == "71\xa0034,2"  # other decimals keep digit groups too
    assert display_value(Decimal("1775.855000")) == "1\xa0775,855"
    assert display_value(Decimal("100.000")) == "100"


def test_a_temperature_has_one_place_and_the_minus_of_print():
    from core import formatting

    assert formatting.temperature(Decimal("-5.9")) == "\u22125,9"
    assert formatting.temperature(Decimal("-25")) == "\u221225,0"
    assert formatting.temperature(Decimal("20.04")) == "20,0"
    assert document_formatting.temperature is formatting.temperature


def test_an_empty_json_field_is_nothing():
    assert display_value({}) == "—"


class Sample(forms.Form):
    day = DateField()
    amount = DecimalField(max_digits=12, decimal_places=2)


def test_the_date_box_shows_and_accepts_dd_mm_yyyy_and_iso():
    html = str(Sample(initial={"day": date(2026, 12, 5)})["day"])
    assert 'type="text"' in html and 'value="05.12.2026"' in html and 'placeholder="ДД.ММ.ГГГГ"' in html
    assert 'type="date"' not in html
    for typed in ("05.12.2026", "2026-12-05"):
        form = Sample({"day": typed, "amount": "1"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2026, 12, 5)
    assert not Sample({"day": "12/05/2026", "amount": "1"}).is_valid()
    assert 'type="date"' not in DateInput(attrs={"type": "date"}).render("d", date(2026, 1, 2))


def test_the_decimal_field_accepts_spaces_and_a_comma_and_shows_them():
    for typed in ("1 234,56", "1\xa0234,56", "1234.56", "1234,56"):
        form = Sample({"day": "01.01.2026", "amount": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == Decimal("1234.56")
    html = str(Sample(initial={"amount": Decimal("1234567.50")})["amount"])
    assert 'value="1\xa0234\xa0567,50"' in html and 'type="text"' in html and 'inputmode="decimal"' in html
    assert not Sample({"day": "01.01.2026", "amount": "1,2,3"}).is_valid()


def test_the_material_lists_write_money_and_dates_the_russian_way(client, make_user):
    from django.urls import reverse

    from accounts.roles import BILLING
    from tests.billing.factories import TariffFactory

    TariffFactory(energy_rate=Decimal("2512345.60"))
    client.force_login(make_user(BILLING))
    html = client.get(reverse("billing:tariffs:index")).content.decode()
    assert "2\xa0512\xa0345,60" in html and "2512345" not in html
    assert "01.01.2025" in html and "31.12.2025" in html


def test_a_list_and_a_user_read_as_words(django_user_model, db):
    assert display_value(["addressee", "signer"]) == "addressee, signer"
    assert display_value(("да", True, date(2026, 3, 1))) == "да, да, 01.03.2026"
    assert display_value({"b", "a"}) == "a, b"
    assert display_value([]) == "—"
    named = django_user_model(username="ivanova", first_name="Анна", last_name="Иванова")
    assert display_value(named) == "Иванова Анна"  # surname first, as names are kept
    assert display_value(django_user_model(username="ivanov")) == "ivanov"


def test_a_user_reads_as_a_person_wherever_str_writes_it(django_user_model):
    """viewflow's task lists, the Material lists' columns and the choices of a user write ``str(user)``."""
    named = django_user_model(username="tech", first_name="Сергей", last_name="Петров")
    assert str(named) == "Петров Сергей"
    assert str(django_user_model(username="ivanov")) == "ivanov"
