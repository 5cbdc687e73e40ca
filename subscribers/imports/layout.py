"""The file layout of a registry import: sheets, their Russian column headers and value kinds.

One sheet per entity in an XLSX workbook («Абоненты», «Объекты», «Нагрузки», «Договоры»),
or one CSV file per entity (its kind chosen on upload or detected from its headers). Row 1
holds the headers; their order is free, letter case and «ё» do not matter. This module is
the single description of the layout: parsing, validation, the template workbook and the
docs/registry.md all follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import AuthorityBasis, Consumer, Contract, HeatedObject

# value kinds of a column
TEXT = "text"
IDENTIFIER = "identifier"  # digits kept as text; a number cell is left-padded with zeros
DECIMAL = "decimal"
INTEGER = "integer"
DATE = "date"
BOOL = "bool"
CHOICE = "choice"
CODES = "codes"  # a list of codes separated by «,» or «;»
REFERENCE = "reference"  # a code (or name) of reference data or of a row of another sheet


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a column of one sheet
class Column:
    header: str
    field: str
    kind: str = TEXT
    required: bool = False  # the cell must not be empty
    choices: dict[str, str] = field(default_factory=dict)  # accepted spelling (lower case) → value
    digits: tuple[int, ...] = ()  # IDENTIFIER: the lengths a number cell is padded to
    help: str = ""


@dataclass(frozen=True)
class Sheet:
    kind: str  # "consumers", "objects", "loads", "contracts"
    title: str  # the sheet's name in a workbook
    columns: tuple[Column, ...]
    required_columns: tuple[str, ...]  # headers that must be present
    one_of: tuple[str, ...] = ()  # at least one of these headers must be present

    def column(self, header: str) -> Column | None:
        return _BY_HEADER[self.kind].get(normalize_header(header))

    def header_of(self, field_name: str) -> str | None:
        return next((c.header for c in self.columns if c.field == field_name), None)


def normalize_header(text: str) -> str:
    text = str(text or "").replace("ё", "е").replace("Ё", "Е").replace("\u00a0", " ")
    text = text.replace("м2", "м²").replace("м3", "м³").replace("°с", "°c")
    return re.sub(r"\s+", " ", text).strip().lower()


def _choices(enum, **aliases: list[str]) -> dict[str, str]:
    """Every value accepted for a choice: its code, its label, the label's part before «(»
    or «:», and the aliases given per code."""
    found: dict[str, str] = {}
    for value, label in enum.choices:
        for spelling in (value, label, re.split(r"[(:]", label)[0], *aliases.get(value, [])):
            found[normalize_header(spelling)] = value
    return found


KIND_CHOICES = _choices(
    Consumer.Kind,
    legal=["ЮЛ", "юрлицо", "юр. лицо", "организация"],
    entrepreneur=["ИП"],
    citizen=["физлицо", "физ. лицо", "физическое лицо"],
)
PENALTY_CHOICES = _choices(
    Consumer.PenaltyCategory,
    other=["прочие", "прочие юрлица", "юрлица и ИП"],
    hoa=["ТСЖ", "ЖК", "ЖСК", "ТСЖ, ЖК, ЖСК"],
    managing_org=["УК", "управляющая организация"],
    citizen=["граждане", "гражданин"],
    budget_44fz=["бюджетные", "бюджетное учреждение", "44-ФЗ", "бюджет 44-ФЗ"],
)
AUTHORITY_CHOICES = _choices(AuthorityBasis, registration=["свидетельство"])
PURPOSE_CHOICES = _choices(HeatedObject.Purpose)
STATUS_CHOICES = _choices(Contract.Status)
SCHEME_CHOICES = _choices(
    Contract.PaymentScheme,
    pp808=["ПП 808", "ПП РФ № 808", "808"],
    citizen=["граждане"],
    managing_org=["УК"],
    custom=["иной", "иной порядок"],
)

_CONSUMER_REF = (
    Column("ИНН абонента", "consumer_inn", IDENTIFIER, digits=(10, 12), help="ссылка на лист «Абоненты» или реестр"),
    Column("КПП абонента", "consumer_kpp", IDENTIFIER, digits=(9,), help="вместе с ИНН абонента"),
    Column("Абонентский номер", "consumer_code", help="для абонента без ИНН (гражданина)"),
)

CONSUMERS = Sheet(
    kind="consumers",
    title="Абоненты",
    columns=(
        Column("Абонентский номер", "code", help="пусто — присвоится; обязателен для гражданина без ИНН"),
        Column("Вид абонента", "kind", CHOICE, required=True, choices=KIND_CHOICES,
               help="Юридическое лицо, ИП или Гражданин"),
        Column("Категория для пени", "penalty_category", CHOICE, choices=PENALTY_CHOICES,
               help="Прочие, ТСЖ, УК, Граждане или Бюджетные (44-ФЗ); для гражданина можно пусто"),
        Column("Наименование", "name", help="для гражданина можно пусто — составится из ФИО"),
        Column("Краткое наименование", "short_name"),
        Column("ИНН", "inn", IDENTIFIER, digits=(10, 12), help="10 цифр у организации, 12 у ИП и гражданина"),
        Column("КПП", "kpp", IDENTIFIER, digits=(9,), help="обязателен для юридического лица"),
        Column("ОГРН", "ogrn", IDENTIFIER, digits=(13,)),
        Column("ОГРНИП", "ogrnip", IDENTIFIER, digits=(15,)),
        Column("Юридический адрес", "legal_address"),
        Column("Почтовый адрес", "postal_address"),
        Column("Телефон", "phone"),
        Column("E-mail", "email"),
        Column("Контактное лицо", "contact_person"),
        Column("Подписант", "signatory_name",
               help="Фамилия Имя Отчество полностью, фамилия первой: хранится тремя частями"),
        Column("Должность подписанта", "signatory_position"),
        Column("Основание полномочий", "authority_basis", CHOICE, choices=AUTHORITY_CHOICES,
               help="Устав, Доверенность, Свидетельство о регистрации ИП, Иное"),
        Column("Документ полномочий", "authority_document"),
        Column("Фамилия", "last_name"),
        Column("Имя", "first_name"),
        Column("Отчество", "middle_name"),
        Column("Дата рождения", "birth_date", DATE),
        Column("Место рождения", "birth_place"),
        Column("СНИЛС", "snils", IDENTIFIER, digits=(11,)),
        Column("Действующий", "is_active", BOOL),
    ),
    required_columns=("Вид абонента", "Наименование", "ИНН"),
)

OBJECTS = Sheet(
    kind="objects",
    title="Объекты",
    columns=(
        Column("Код объекта", "code", required=True, help="ключ: по нему объект обновляется при повторной загрузке"),
        *_CONSUMER_REF,
        Column("Наименование объекта", "name", required=True),
        Column("Адрес", "address", required=True),
        Column("Кадастровый номер", "cadastral_number"),
        Column("Назначение", "purpose", CHOICE, required=True, choices=PURPOSE_CHOICES, help="Жилое или Нежилое"),
        Column("Отапливаемая площадь, м²", "heated_area", DECIMAL),
        Column("Отапливаемый объем, м³", "heated_volume", DECIMAL),
        Column("Расчетная температура воздуха, °C", "design_indoor_temperature", DECIMAL, help="пусто — 20"),
        Column("Участок сети", "network_section", REFERENCE, help="код или наименование участка из справочника"),
    ),
    required_columns=("Код объекта", "Наименование объекта", "Адрес", "Назначение"),
    one_of=("ИНН абонента", "Абонентский номер"),
)

LOADS = Sheet(
    kind="loads",
    title="Нагрузки",
    columns=(
        Column("Код объекта", "heated_object", REFERENCE, required=True, help="ссылка на лист «Объекты» или реестр"),
        Column("Действует с", "valid_from", DATE, required=True),
        Column("Действует по", "valid_to", DATE, help="пусто — до следующей нагрузки объекта или бессрочно"),
        Column("Отопление, Гкал/ч", "heating", DECIMAL),
        Column("Вентиляция, Гкал/ч", "ventilation", DECIMAL),
        Column("ГВС средняя, Гкал/ч", "hot_water_avg", DECIMAL),
        Column("ГВС максимальная, Гкал/ч", "hot_water_max", DECIMAL),
        Column("Основание", "basis"),
    ),
    required_columns=("Код объекта", "Действует с", "Отопление, Гкал/ч"),
)

CONTRACTS = Sheet(
    kind="contracts",
    title="Договоры",
    columns=(
        Column("Номер договора", "number", required=True, help="ключ: по нему договор обновляется"),
        Column("Дата договора", "signed_on", DATE, required=True),
        Column("Действует с", "valid_from", DATE, required=True),
        Column("Действует по", "valid_to", DATE),
        Column("Пролонгация", "auto_renewal", BOOL, help="да / нет; пусто — да"),
        Column("Статус", "status", CHOICE, choices=STATUS_CHOICES,
               help="Проект, Действует, Приостановлен, Расторгнут; пусто — Проект"),
        *_CONSUMER_REF,
        Column("Объекты", "objects_covered", CODES, help="коды объектов абонента через запятую"),
        Column("Тарифная группа", "tariff_group", REFERENCE, required=True, help="код или наименование из справочника"),
        Column("Порядок оплаты", "payment_scheme", CHOICE, choices=SCHEME_CHOICES,
               help="ПП 808, Граждане, УК или Иной; пусто — по категории абонента"),
        Column("Первый аванс, %", "advance1_percent", DECIMAL),
        Column("Срок первого аванса, число", "advance1_day", INTEGER),
        Column("Второй аванс, %", "advance2_percent", DECIMAL),
        Column("Срок второго аванса, число", "advance2_day", INTEGER, help="пусто — последний день месяца"),
        Column("Окончательный расчет, число", "final_payment_day", INTEGER),
        Column("Граница балансовой принадлежности", "balance_boundary"),
        Column("Примечание", "note"),
    ),
    required_columns=("Номер договора", "Дата договора", "Действует с", "Тарифная группа"),
    one_of=("ИНН абонента", "Абонентский номер"),
)

SHEETS: tuple[Sheet, ...] = (CONSUMERS, OBJECTS, LOADS, CONTRACTS)
BY_KIND = {s.kind: s for s in SHEETS}
BY_TITLE = {normalize_header(s.title): s for s in SHEETS}
KIND_CHOICES_FOR_UPLOAD = [("", "Определить по заголовкам"), *((s.kind, s.title) for s in SHEETS)]
_BY_HEADER = {s.kind: {normalize_header(c.header): c for c in s.columns} for s in SHEETS}

# Fields whose empty cell means "the default for a new row, no change for an existing
# one" (a blank cell must not, say, turn an active contract back into a draft).
KEEP_WHEN_EMPTY = {
    "consumers": {"penalty_category", "is_active"},
    "objects": {"design_indoor_temperature"},
    "loads": {"heating", "ventilation", "hot_water_avg", "hot_water_max"},
    "contracts": {
        "auto_renewal", "status", "payment_scheme", "advance1_percent", "advance1_day",
        "advance2_percent", "final_payment_day",
    },
}


def detect_kind(headers: list[str]) -> Sheet | None:
    """The sheet whose columns explain the headers best; ``None`` when none or a tie."""
    names = {normalize_header(h) for h in headers if str(h or "").strip()}
    scores = []
    for sheet in SHEETS:
        known = names & set(_BY_HEADER[sheet.kind])
        required = {normalize_header(h) for h in sheet.required_columns}
        scores.append((len(known) - len(names - known) + 2 * len(required & names), sheet))
    scores.sort(key=lambda pair: pair[0], reverse=True)
    best, runner_up = scores[0], scores[1]
    if best[0] <= 0 or best[0] == runner_up[0]:
        return None
    return best[1]
