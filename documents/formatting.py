"""Russian formatting for documents: money, amounts in words, dates, names, Гкал.

Pure functions over ``Decimal``/``date``/``str``, also registered as Jinja filters of the
rendering environment (``documents.rendering``). Context builders call them so that
templates receive ready strings. Numbers and dates live in ``core.formatting`` (pages use
them too) and are re-exported here, so documents keep importing them from this module.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from functools import lru_cache

from num2words import num2words

from core.formatting import (  # noqa: F401 — re-exported for documents and their callers
    KOPECK,
    MONTHS_GENITIVE,
    NBSP,
    _as_date,
    _grouped,
    amount,
    date_long,
    date_quoted,
    date_short,
    gcal,
    money,
    number,
    percent,
    plain_number,
    temperature,
    to_decimal,
)
from core.wording import plural  # documents' callers take it from here too


def money_words(value) -> str:
    """``1234567.89`` → ``Один миллион двести тридцать четыре тысячи пятьсот шестьдесят
    семь рублей 89 копеек``: roubles in words, kopecks in figures (two digits)."""
    amount = to_decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("Сумма прописью не бывает отрицательной")
    roubles = int(amount)
    kopecks = int((amount - roubles) * 100)
    words = num2words(roubles, lang="ru")
    words = words[:1].upper() + words[1:]
    return (
        f"{words} {plural(roubles, 'рубль', 'рубля', 'рублей')} "
        f"{kopecks:02d} {plural(kopecks, 'копейка', 'копейки', 'копеек')}"
    )


def money_words_signed(value) -> str:
    """``money_words``, and a negative amount (a recalculation larger than the month) as
    ``Минус одна тысяча рублей 00 копеек``."""
    if to_decimal(value) < 0:
        words = money_words(-to_decimal(value))
        return f"Минус {words[:1].lower()}{words[1:]}"
    return money_words(value)


# --- names -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _petrovich():
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _gender(first: str, middle: str):
    from pytrovich.enums import Gender

    if middle.endswith(("вич", "ьич", "ич", "оглы")):
        return Gender.MALE
    if middle.endswith(("вна", "чна", "кызы")):
        return Gender.FEMALE
    maker, detector = _petrovich()
    try:
        detected = detector.detect(firstname=first or None, middlename=middle or None)
    except (KeyError, ValueError, AttributeError):
        detected = None
    return detected if detected in (Gender.MALE, Gender.FEMALE) else Gender.MALE


def _case(name: str):
    from pytrovich.enums import Case

    return {"genitive": Case.GENITIVE, "dative": Case.DATIVE}[name]


@lru_cache(maxsize=4096)
def _decline_name(surname: str, name: str, patronymic: str, case: str) -> tuple[str, ...]:
    from pytrovich.enums import NamePart

    surname, name, patronymic = (surname or "").strip(), (name or "").strip(), (patronymic or "").strip()
    if not surname:
        return ()
    gender = _gender(name, patronymic)
    maker, _ = _petrovich()
    result = [maker.make(NamePart.LASTNAME, gender, _case(case), surname)]
    result.append(maker.make(NamePart.FIRSTNAME, gender, _case(case), name) if name else "")
    result.append(maker.make(NamePart.MIDDLENAME, gender, _case(case), patronymic) if patronymic else "")
    return tuple(result)


def genitive(surname: str, name: str = "", patronymic: str = "") -> str:
    """``("Иванов", "Иван", "Иванович")`` → ``Иванова Ивана Ивановича`` (фамилия имя отчество order),
    for "в лице директора Иванова Ивана Ивановича". The gender comes from the patronymic,
    else from the first name."""
    return person_full(*_decline_name(surname, name, patronymic, "genitive")) or person_full(surname, name, patronymic)


def dative_initials(surname: str, name: str = "", patronymic: str = "") -> str:
    """``("Иванов", "Иван", "Иванович")`` → ``И.И. Иванову``: the addressee line of a letter."""
    declined = _decline_name(surname, name, patronymic, "dative")
    return person_short(*declined) if declined else person_full(surname, name, patronymic)


def dative_surname_initials(surname: str, name: str = "", patronymic: str = "") -> str:
    """``("Савина", "Мария", "Викторовна")`` → ``Савиной М.В.``: «Индивидуальному предпринимателю Савиной М.В.»."""
    declined = _decline_name(surname, name, patronymic, "dative")
    return person_short(*declined, surname_first=True) if declined else person_full(surname, name, patronymic)


@lru_cache(maxsize=1024)
def _position(position: str, case: str) -> str:
    morph = _morph()
    grammeme = {"genitive": "gent", "dative": "datv"}[case]
    result, done = [], False
    for word in position.split():
        if done:
            result.append(word)
            continue
        parse = next(
            (p for p in morph.parse(word) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF")),
            None,
        )
        inflected = parse.inflect({grammeme}) if parse else None
        result.append(inflected.word if inflected else word.lower())
        if parse and parse.tag.POS == "NOUN":
            done = True
    return " ".join(result)


def position_genitive(position: str) -> str:
    """``Генеральный директор`` → ``генерального директора``; ``начальник абонентского
    отдела`` → ``начальника абонентского отдела``: the words up to the head noun change
    case, the rest (already dependent) stays. Lower case, for use mid-sentence."""
    return _position(position, "genitive")


def position_dative(position: str) -> str:
    """``Генеральный директор`` → ``Генеральному директору`` (capitalised: it opens the
    addressee block of a letter)."""
    text = _position(position, "dative")
    return text[:1].upper() + text[1:]


def person_short(surname: str, name: str = "", patronymic: str = "", *, surname_first: bool = False) -> str:
    """The one way a person's name is shortened: ``("Петров", "Сергей", "Николаевич")`` →
    ``С.Н. Петров`` (signature line, ГОСТ Р 7.0.97 п. 5.23) or, with ``surname_first``,
    ``Петров С.Н.`` (lists, «исполнитель»). A non-breaking space keeps initials with the surname."""
    surname, name, patronymic = (surname or "").strip(), (name or "").strip(), (patronymic or "").strip()
    initials = "".join(f"{part[0].upper()}." for part in (name, patronymic) if part)
    if not surname or not initials:
        return surname or initials
    return f"{surname}{NBSP}{initials}" if surname_first else f"{initials}{NBSP}{surname}"


def person_full(surname: str, name: str = "", patronymic: str = "") -> str:
    """``Петров Сергей Николаевич``: surname, name, patronymic — the order every stored name is kept in."""
    return " ".join(part.strip() for part in (surname, name, patronymic) if part and part.strip())


def user_full_name(user) -> str:
    """A user's name as stored names are kept — ``Петров Сергей`` (surname first), never Django's
    ``get_full_name()`` order (``Сергей Петров``), which the initials functions would swap."""
    return person_full(getattr(user, "last_name", ""), getattr(user, "first_name", "")) or user.get_username()


def split_person_name(text: str) -> tuple[str, str, str] | None:
    """``Петров Сергей Николаевич`` → ``("Петров", "Сергей", "Николаевич")``: a name written in one
    line, surname first (as registries and old records write it), into the three stored parts.
    ``Мамедов Эльдар Рашид оглы``: everything after the first name is the patronymic. ``None`` when
    it cannot be split (one word, or initials instead of the name): the caller asks for the parts."""
    parts = (text or "").split()
    if len(parts) < 2 or any("." in part for part in parts[1:]):
        return None
    return parts[0], parts[1], " ".join(parts[2:])


def unbroken(text: str) -> str:
    """An e-mail or a code that a line must not break at its hyphens: non-breaking hyphens (U+2011)."""
    return (text or "").replace("-", "\u2011")


def time_hm(value) -> str:
    """``10:35`` → ``10 ч 35 мин``: a time in acts (ГОСТ practice)."""
    return f"{value.hour}{NBSP}ч {value.minute:02d}{NBSP}мин"


def lower_words(text: str) -> str:
    """``Отопление, вентиляция и ГВС`` → ``отопление, вентиляция и ГВС``: lower case mid-sentence,
    abbreviations (ГВС, ИТП, ЦТП) kept in capitals."""
    return " ".join(word if sum(ch.isupper() for ch in word) > 1 else word.lower() for word in text.split(" "))


FILTERS = {
    "money": money,
    "amount": amount,
    "money_words": money_words,
    "money_words_signed": money_words_signed,
    "number": number,
    "plain_number": plain_number,
    "percent": percent,
    "date_quoted": date_quoted,
    "date_long": date_long,
    "date_short": date_short,
    "gcal": gcal,
    "genitive": genitive,
    "position_genitive": position_genitive,
    "position_dative": position_dative,
    "dative_initials": dative_initials,
    "person_short": person_short,
    "person_full": person_full,
    "dative_surname_initials": dative_surname_initials,
    "time_hm": time_hm,
}
