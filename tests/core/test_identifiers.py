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
