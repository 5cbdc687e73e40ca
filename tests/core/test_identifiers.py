import pytest
from django.core.exceptions import ValidationError

from core import identifiers


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (identifiers.validate_inn_legal, "7707083893"),
        (identifiers.validate_inn_person, "500100732259"),
        (identifiers.validate_kpp, "773601001"),
        (identifiers.validate_ogrn, "1027700132195"),
        (identifiers.validate_ogrnip, "304500116000157"),
        (identifiers.validate_snils, "112-233-445 95"),
    ],
)
def test_valid_identifiers_pass(validator, value):
    validator(value)


@pytest.mark.parametrize(
    ("validator", "value", "message"),
    [
        (identifiers.validate_inn_legal, "7707083894", "ИНН 7707083894: неверная контрольная сумма"),
        (identifiers.validate_inn_legal, "77070838", "ИНН 77070838: должен содержать 10 цифр"),
        (identifiers.validate_inn, "77O7083893", "ИНН 77O7083893: должен состоять только из цифр"),
        (identifiers.validate_ogrn, "1027700132194", "ОГРН 1027700132194: неверная контрольная сумма"),
        (identifiers.validate_snils, "112-233-445 96", "СНИЛС 112-233-445 96: неверная контрольная сумма"),
        (identifiers.validate_kpp, "77360100", "КПП 77360100: должен содержать 9 знаков"),
    ],
)
def test_invalid_identifiers_name_the_identifier_and_the_problem(validator, value, message):
    with pytest.raises(ValidationError) as exc:
        validator(value)
    assert exc.value.messages[0].startswith(message)


def test_an_ogrnip_whose_remainder_is_ten_or_more_is_valid():
    # (30450011600018 mod 13) = 10 → check digit 0; python-stdnum rejects it
    first14 = "30450011600018"
    assert int(first14) % 13 == 10
    identifiers.validate_ogrnip(first14 + "0")
    with pytest.raises(ValidationError, match="неверная контрольная сумма"):
        identifiers.validate_ogrnip(first14 + "1")


def test_check_digits_complete_valid_identifiers():
    assert identifiers.is_valid_inn("770708389" + identifiers.inn_legal_check_digit("770708389"))
    assert identifiers.is_valid_inn("5001007322" + identifiers.inn_person_check_digits("5001007322"))
    assert identifiers.is_valid_ogrn("102770013219" + identifiers.ogrn_check_digit("102770013219"))
    assert identifiers.is_valid_ogrnip("30450011600015" + identifiers.ogrnip_check_digit("30450011600015"))


def test_snils_is_printed_in_its_usual_form():
    assert identifiers.format_snils("11223344595") == "112-233-445 95"
    assert identifiers.format_snils("112 233 445 95") == "112-233-445 95"
