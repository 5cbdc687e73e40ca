"""Russian registration identifiers with their check digits (ИНН, КПП, ОГРН, ОГРНИП, СНИЛС).

Each ``validate_*`` raises ``django.core.exceptions.ValidationError`` with a Russian message
that names the identifier and the problem; the ``is_valid_*`` twins return a bool.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from stdnum.ru import inn as _inn
from stdnum.ru import ogrn as _ogrn

_KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def _digits(value: str, name: str, lengths: tuple[int, ...]) -> str:
    value = (value or "").strip()
    if not value.isdigit():
        raise ValidationError(f"{name} {value}: должен состоять только из цифр", code="format")
    if len(value) not in lengths:
        allowed = " или ".join(str(n) for n in lengths)
        raise ValidationError(f"{name} {value}: должен содержать {allowed} цифр", code="length")
    return value


def validate_inn(value: str, *, lengths: tuple[int, ...] = (10, 12)) -> None:
    """ИНН: 10 digits for organisations, 12 for individuals; check digits per ФНС."""
    value = _digits(value, "ИНН", lengths)
    if not _inn.is_valid(value):
        raise ValidationError(f"ИНН {value}: неверная контрольная сумма", code="checksum")


def validate_inn_legal(value: str) -> None:
    validate_inn(value, lengths=(10,))


def validate_inn_person(value: str) -> None:
    validate_inn(value, lengths=(12,))


def validate_kpp(value: str) -> None:
    value = (value or "").strip()
    if not _KPP_RE.match(value):
        raise ValidationError(
            f"КПП {value}: должен содержать 9 знаков (4 цифры, 2 цифры или латинские буквы, 3 цифры)",
            code="format",
        )


def validate_ogrn(value: str) -> None:
    """ОГРН of a legal entity: 13 digits, check digit = (first 12 mod 11) mod 10."""
    value = _digits(value, "ОГРН", (13,))
    if not _ogrn.is_valid(value):
        raise ValidationError(f"ОГРН {value}: неверная контрольная сумма", code="checksum")


def validate_ogrnip(value: str) -> None:
    """ОГРНИП of a sole trader: 15 digits starting with 3 or 4, check digit = (first 14 mod 13) mod 10.

    Computed here rather than by python-stdnum, which compares the whole remainder (10–12)
    with the last digit and so rejects valid numbers whose remainder is 10, 11 or 12.
    """
    value = _digits(value, "ОГРНИП", (15,))
    if value[0] not in "34":
        raise ValidationError(f"ОГРНИП {value}: должен начинаться с 3 или 4", code="format")
    if ogrnip_check_digit(value[:14]) != value[14]:
        raise ValidationError(f"ОГРНИП {value}: неверная контрольная сумма", code="checksum")


def inn_legal_check_digit(first9: str) -> str:
    """Check digit of an organisation's ИНН from its first nine digits (ФНС algorithm)."""
    return _inn.calc_company_check_digit(first9)


def inn_person_check_digits(first10: str) -> str:
    """Two check digits of a person's ИНН from its first ten digits (ФНС algorithm)."""
    return _inn.calc_personal_check_digits(first10)


def ogrn_check_digit(first12: str) -> str:
    """Check digit of an ОГРН: (first 12 digits mod 11) mod 10."""
    return str(int(first12) % 11 % 10)


def ogrnip_check_digit(first14: str) -> str:
    """Check digit of an ОГРНИП: (first 14 digits mod 13) mod 10."""
    return str(int(first14) % 13 % 10)


def snils_check_digits(first9: str) -> str:
    """Control number of a СНИЛС from its first nine digits (ПФР algorithm)."""
    total = sum(int(d) * (9 - i) for i, d in enumerate(first9))
    if total > 101:
        total %= 101
    return "00" if total in (100, 101) else f"{total:02d}"


def normalize_snils(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def format_snils(value: str) -> str:
    """СНИЛС in its printed form ``123-456-789 01``; anything not of 11 digits is returned as is."""
    digits = normalize_snils(value)
    if not (digits.isdigit() and len(digits) == 11):
        return value
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def validate_snils(value: str) -> None:
    digits = normalize_snils(value)
    if not digits.isdigit() or len(digits) != 11:
        raise ValidationError(f"СНИЛС {value}: должен содержать 11 цифр", code="format")
    if snils_check_digits(digits[:9]) != digits[9:]:
        raise ValidationError(f"СНИЛС {value}: неверная контрольная сумма", code="checksum")


def _as_bool(validator):
    def check(value: str) -> bool:
        try:
            validator(value)
        except ValidationError:
            return False
        return True

    return check


is_valid_inn = _as_bool(validate_inn)
is_valid_kpp = _as_bool(validate_kpp)
is_valid_ogrn = _as_bool(validate_ogrn)
is_valid_ogrnip = _as_bool(validate_ogrnip)
is_valid_snils = _as_bool(validate_snils)
