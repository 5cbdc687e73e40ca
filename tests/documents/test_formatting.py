from datetime import date
from decimal import Decimal

import pytest

from documents import formatting as f

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.89"), f"1{NB}234{NB}567,89{NB}₽"),
        (Decimal("0"), f"0,00{NB}₽"),
        (Decimal("999.995"), f"1{NB}000,00{NB}₽"),  # half-up to the kopeck
        (Decimal("0.005"), f"0,01{NB}₽"),
        (Decimal("-1500"), f"-1{NB}500,00{NB}₽"),
        (125430, f"125{NB}430,00{NB}₽"),
        ("125430.5", f"125{NB}430,50{NB}₽"),
    ],
)
def test_money(value, expected):
    assert f.money(value) == expected


def test_money_in_roubles_style_and_bare():
    assert f.money(Decimal("125430.50"), currency="руб.") == f"125{NB}430,50{NB}руб."
    assert f.money(Decimal("125430.50"), currency="") == f"125{NB}430,50"


def test_floats_never_touch_money():
    with pytest.raises(TypeError):
        f.money(0.1)
    with pytest.raises(TypeError):
        f.gcal(1.5)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.89"),
         "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек"),
        (Decimal("1.01"), "Один рубль 01 копейка"),
        (Decimal("2.02"), "Два рубля 02 копейки"),
        (Decimal("5.05"), "Пять рублей 05 копеек"),
        (Decimal("11.11"), "Одиннадцать рублей 11 копеек"),
        (Decimal("21.21"), "Двадцать один рубль 21 копейка"),
        (Decimal("112.14"), "Сто двенадцать рублей 14 копеек"),
        (Decimal("2000"), "Две тысячи рублей 00 копеек"),
        (Decimal("0.50"), "Ноль рублей 50 копеек"),
        (Decimal("125430.50"), "Сто двадцать пять тысяч четыреста тридцать рублей 50 копеек"),
    ],
)
def test_money_in_words(value, expected):
    assert f.money_words(value) == expected


def test_money_in_words_refuses_negative():
    with pytest.raises(ValueError):
        f.money_words(Decimal("-1"))


@pytest.mark.parametrize(
    ("day", "quoted", "long", "short"),
    [
        (date(2026, 11, 26), f"«26» ноября 2026{NB}г.", f"26 ноября 2026{NB}г.", "26.11.2026"),
        (date(2026, 3, 5), f"«05» марта 2026{NB}г.", f"5 марта 2026{NB}г.", "05.03.2026"),
        (date(2016, 6, 5), f"«05» июня 2016{NB}г.", f"5 июня 2016{NB}г.", "05.06.2016"),
    ],
)
def test_dates(day, quoted, long, short):
    assert f.date_quoted(day) == quoted
    assert f.date_long(day) == long
    assert f.date_short(day) == short


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Иванов Иван Иванович", "Иванова Ивана Ивановича"),
        ("Волкова Марина Сергеевна", "Волковой Марины Сергеевны"),
        ("Шевчук Анна Петровна", "Шевчук Анны Петровны"),
        ("Шевчук Олег Петрович", "Шевчука Олега Петровича"),
        ("Кузнецов-Петров Андрей Ильич", "Кузнецова-Петрова Андрея Ильича"),
        ("Мамедов Рашид Али оглы", "Мамедова Рашида Али оглы"),
    ],
)
def test_full_name_in_genitive(name, expected):
    surname, first, *patronymic = name.split()
    assert f.genitive(surname, first, " ".join(patronymic)) == expected


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("Генеральный директор", "генерального директора"),
        ("директор", "директора"),
        ("начальник абонентского отдела", "начальника абонентского отдела"),
        ("Индивидуальный предприниматель", "индивидуального предпринимателя"),
    ],
)
def test_position_in_genitive(position, expected):
    assert f.position_genitive(position) == expected


def test_in_the_person_of_phrase():
    phrase = f"в лице {f.position_genitive('Директор')} {f.genitive('Иванов', 'Иван', 'Иванович')}"
    assert phrase == "в лице директора Иванова Ивана Ивановича"


def test_addressee_in_dative():
    assert f.position_dative("Генеральный директор") == "Генеральному директору"
    assert f.dative_initials("Волкова", "Марина", "Сергеевна") == f"М.С.{NB}Волковой"
    assert f.dative_surname_initials("Савина", "Мария", "Викторовна") == f"Савиной{NB}М.В."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.3456"), "12,346"),
        (Decimal("1234.5675"), f"1{NB}234,568"),
        (Decimal("0.0004"), "0,000"),
        (Decimal("0.0005"), "0,001"),
        (7, "7,000"),
    ],
)
def test_gcal_to_three_decimals_half_up(value, expected):
    assert f.gcal(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.56"), f"1{NB}234,56"),
        (Decimal("1234567.891"), f"1{NB}234{NB}567,89"),
        (Decimal("0.005"), "0,01"),
        (Decimal("-1500"), f"-1{NB}500,00"),
        ("125430.5", f"125{NB}430,50"),
    ],
)
def test_amount_is_money_without_currency(value, expected):
    assert f.amount(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("12345.6"), 3, f"12{NB}345,600"),
        (Decimal("1234567.8915"), 3, f"1{NB}234{NB}567,892"),  # half-up
        (Decimal("744"), 2, "744,00"),
        (Decimal("5.25"), 1, "5,3"),
        (Decimal("-1234.5"), 1, f"-1{NB}234,5"),
        ("0", 3, "0,000"),
    ],
)
def test_number_rounds_half_up_and_groups_digits(value, places, expected):
    assert f.number(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("9.5000"), "9,5"),
        (Decimal("0.123400"), "0,1234"),
        (Decimal("100"), "100"),
        (Decimal("1E+2"), "100"),
        (Decimal("12345.6"), "12345,6"),  # no digit groups
        (Decimal("0.000"), "0"),
    ],
)
def test_plain_number_drops_trailing_zeros(value, expected):
    assert f.plain_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("9.5"), f"9,5{NB}%"), (Decimal("22.00"), f"22{NB}%"), (Decimal("0"), f"0{NB}%")],
)
def test_percent_has_a_no_break_space_before_the_sign(value, expected):
    assert f.percent(value) == expected


def test_signed_money_in_words_reads_minus():
    assert f.money_words_signed(Decimal("1000")) == "Одна тысяча рублей 00 копеек"
    assert f.money_words_signed(Decimal("-1000.5")) == "Минус одна тысяча рублей 50 копеек"


def test_moved_formatters_refuse_floats():
    for function in (f.amount, f.number, f.plain_number, f.percent, f.money_words_signed):
        with pytest.raises(TypeError):
            function(1.5)
