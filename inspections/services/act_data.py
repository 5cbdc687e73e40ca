"""What a technician records in an act of contract-less or unmetered consumption (the input of
``act_fill``) and the checks of it by kind, before anything is written.

Every refusal names its field; all the problems of one submission are gathered into one
``ApplicationError`` (``extra["errors"]``: field → messages), so the phone page shows each at
its place. The mandatory fields follow the forms of these acts as the department keeps them
(docs/inspections.md): for both kinds the place and time, the basis of the inspection, the
object, where and how heat is taken, the connected loads each with its basis (contract,
technical conditions, or by building volume — the load-setting method; a load "по аналогии"
is rejected by experts), and the signature or the refusal with two disinterested witnesses
(Обзор ВС РФ от 22.12.2021: courts reject an act witnessed by the supplier's own staff);
contract-less use (190-ФЗ ст. 2 п. 29) adds the person with its identifiers and title to the
object, the building volume and area; unmetered use (ПП РФ № 1034) adds the consumer from the
register, the meters, the seals as recorded and as found for a seal breach, the date of the
previous inspection and the order to restore the unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.errors import ApplicationError
from core.identifiers import validate_inn, validate_ogrn, validate_ogrnip
from subscribers.models import Consumer

from ..models import ActLoad, ActPerson, ViolationAct

CONTRACTLESS_VIOLATIONS = (
    ViolationAct.Violation.NO_CONTRACT, ViolationAct.Violation.UNLAWFUL_CONNECTION,
    ViolationAct.Violation.ABOVE_LIMIT, ViolationAct.Violation.AFTER_DEMAND,
)
UNMETERED_VIOLATIONS = (
    ViolationAct.Violation.SEAL_BROKEN, ViolationAct.Violation.BYPASS, ViolationAct.Violation.INTERFERENCE,
    ViolationAct.Violation.VERIFICATION_EXPIRED, ViolationAct.Violation.OUT_OF_LIMITS,
)
VIOLATIONS = {ViolationAct.Kind.CONTRACTLESS: CONTRACTLESS_VIOLATIONS, ViolationAct.Kind.UNMETERED: UNMETERED_VIOLATIONS}
WITNESSES_NEEDED = 2


@dataclass(frozen=True)
class LoadRow:
    use: str
    load: Decimal | None
    basis: str
    basis_detail: str = ""


@dataclass(frozen=True)
class MeterRow:
    device: str
    serial_number: str
    reading: str = ""
    verification_valid_until: date | None = None
    state: str = ""


@dataclass(frozen=True)
class SealRow:
    number_recorded: str
    place: str
    found: str


@dataclass(frozen=True)
class PersonRow:
    side: str
    name: str
    position: str = ""
    authority: str = ""


@dataclass(frozen=True)
class WitnessRow:
    last_name: str
    first_name: str
    middle_name: str = ""
    address: str = ""
    passport: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


@dataclass(frozen=True)
class ActData:
    """The act as the technician filled it; text fields are stripped by the checks."""

    kind: str
    violation: str
    found_on: date | None
    found_at: time | None
    place: str
    basis: str
    object_address: str
    object_use: str
    intake_place: str
    intake_method: str
    signature: str
    consumer: Consumer | None = None
    person_kind: str = ""
    person_name: str = ""
    person_inn: str = ""
    person_ogrn: str = ""
    person_passport: str = ""
    person_address: str = ""
    title_to_object: str = ""
    representative: str = ""
    object_volume: Decimal | None = None
    object_area: Decimal | None = None
    meters_note: str = ""
    failure_at: str = ""
    failed_on: date | None = None
    previous_inspection_on: date | None = None
    explanations: str = ""
    objections: str = ""
    orders: str = ""
    signed_by: str = ""
    refusal_reason: str = ""
    copies: int = 2
    loads: list[LoadRow] = field(default_factory=list)
    meters: list[MeterRow] = field(default_factory=list)
    seals: list[SealRow] = field(default_factory=list)
    persons: list[PersonRow] = field(default_factory=list)
    witnesses: list[WitnessRow] = field(default_factory=list)


# the names of the fields as the act (and the page) calls them
LABELS = {
    "kind": "вид нарушения", "violation": "нарушение", "found_on": "дата составления", "found_at": "время составления",
    "place": "место составления", "basis": "основание обследования", "object_address": "адрес объекта",
    "object_use": "назначение объекта", "intake_place": "место потребления", "intake_method": "способ потребления",
    "signature": "подписание", "consumer": "потребитель из реестра", "person_kind": "лицо",
    "person_name": "наименование / ФИО лица", "person_inn": "ИНН", "person_ogrn": "ОГРН / ОГРНИП",
    "person_passport": "паспорт", "title_to_object": "право на объект", "object_volume": "строительный объем, м³",
    "object_area": "площадь, м²", "failed_on": "дата отказа по архиву прибора",
    "previous_inspection_on": "дата предыдущей проверки",
    "orders": "выданные предписания (требование восстановить учет)", "signed_by": "подписал за потребителя",
    "refusal_reason": "причина отказа или неявки", "loads": "подключенные нагрузки", "meters": "приборы учета",
    "seals": "пломбы (по акту допуска и при проверке)", "persons": "присутствовавшие лица",
    "witnesses": "незаинтересованные свидетели",
}


class Problems:
    """The problems of one submission, field by field."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def missing(self, name: str, why: str = "") -> None:
        self.add(name, f"Не заполнено поле «{LABELS[name]}»{why}")

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        first = next(iter(self.errors))
        summary = "; ".join(m for messages in self.errors.values() for m in messages)
        raise ApplicationError(f"Акт не записан: {summary}", code="act_invalid", field=first,
                               extra={"errors": self.errors})


def normalized_name(name: str) -> str:
    """A person's name compared case- and «ё»-blind, spaces collapsed."""
    return " ".join(name.replace("ё", "е").replace("Ё", "Е").lower().split())


def check_act(data: ActData, *, staff_names: set[str]) -> None:
    """Refuse ``data`` unless every mandatory field of its kind is there and consistent.

    ``staff_names`` — the normalized full names («фамилия имя», «фамилия имя отчество») of the
    organisation's staff: a witness among them is refused."""
    problems = Problems()
    if data.kind not in VIOLATIONS:
        problems.missing("kind")
        problems.raise_if_any()
    kind = ViolationAct.Kind(data.kind)
    if not data.violation:
        problems.missing("violation")
    elif data.violation not in VIOLATIONS[kind]:
        problems.add("violation", f"Нарушение «{ViolationAct.Violation(data.violation).label}» не относится к виду "
                                  f"«{kind.label}»" if data.violation in ViolationAct.Violation.values
                     else "Неизвестное нарушение")
    for name in ("found_on", "found_at", "place", "basis", "object_address", "object_use", "intake_place",
                 "intake_method"):
        value = getattr(data, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.missing(name)
    if data.previous_inspection_on and data.found_on and data.previous_inspection_on >= data.found_on:
        problems.add("previous_inspection_on", "Дата предыдущей проверки должна быть раньше даты акта")
    if data.failed_on and data.found_on and data.failed_on > data.found_on:
        problems.add("failed_on", "Дата отказа по архиву прибора не может быть позже даты акта")
    _check_loads(data, problems)
    _check_persons(data, problems)
    _check_signature(data, problems, staff_names)
    if kind == ViolationAct.Kind.CONTRACTLESS:
        _check_contractless(data, problems)
    else:
        _check_unmetered(data, problems)
    problems.raise_if_any()


def _check_loads(data: ActData, problems: Problems) -> None:
    if not data.loads:
        problems.missing("loads", ": укажите хотя бы одну нагрузку с основанием")
        return
    for n, row in enumerate(data.loads, start=1):
        use = ActLoad.Use(row.use).label.lower() if row.use in ActLoad.Use.values else ""
        where = f"Нагрузка {n}{f' ({use})' if use else ''}"
        if not use:
            problems.add("loads", f"{where}: не указан вид потребления")
        if row.load is None or row.load <= 0:
            problems.add("loads", f"{where}: нагрузка должна быть больше нуля, Гкал/ч")
        if row.basis not in ActLoad.Basis.values:
            problems.add("loads", f"{where}: не указано основание нагрузки (договор, технические условия "
                                  "или расчет по строительному объему)")
        elif not row.basis_detail.strip():
            problems.add("loads", f"{where}: нагрузка не обоснована — укажите реквизиты основания или расчет")
        if row.basis == ActLoad.Basis.BUILDING_VOLUME and not data.object_volume:
            problems.missing("object_volume", ": нагрузка рассчитана по строительному объему")


def _check_persons(data: ActData, problems: Problems) -> None:
    if not any(p.side == ActPerson.Side.SUPPLIER and p.name.strip() for p in data.persons):
        problems.missing("persons", ": укажите представителя теплоснабжающей организации")
    for n, person in enumerate(data.persons, start=1):
        if person.side not in ActPerson.Side.values or not person.name.strip():
            problems.add("persons", f"Присутствовавший {n}: укажите сторону и ФИО")


def _check_signature(data: ActData, problems: Problems, staff_names: set[str]) -> None:
    if data.signature not in ViolationAct.Signature.values:
        problems.missing("signature")
        return
    if data.signature == ViolationAct.Signature.SIGNED:
        if not data.signed_by.strip():
            problems.missing("signed_by")
        return
    if not data.refusal_reason.strip():
        problems.missing("refusal_reason")
    complete = [w for w in data.witnesses if w.last_name.strip() and w.first_name.strip() and w.address.strip()]
    if len(complete) < WITNESSES_NEEDED or len(complete) != len(data.witnesses):
        problems.add("witnesses", "При отказе от подписи или неявке нужны два незаинтересованных свидетеля: "
                                  "фамилия, имя и адрес каждого")
    names = [normalized_name(w.full_name) for w in data.witnesses]
    if len(set(names)) != len(names):
        problems.add("witnesses", "Свидетели должны быть разными людьми")
    for witness in data.witnesses:
        full = normalized_name(witness.full_name)
        short = normalized_name(f"{witness.last_name} {witness.first_name}")
        if full in staff_names or short in staff_names:
            problems.add("witnesses", f"Свидетель {witness.full_name} — работник нашей организации; свидетелями "
                                      "могут быть только незаинтересованные лица")


def _check_contractless(data: ActData, problems: Problems) -> None:
    if data.consumer is None:
        if data.person_kind not in ViolationAct.PersonKind.values:
            problems.missing("person_kind", ": организация или гражданин, если лица нет в реестре")
        if not data.person_name.strip():
            problems.missing("person_name")
        if data.person_kind == ViolationAct.PersonKind.ORGANIZATION:
            _identifier(problems, "person_inn", data.person_inn, validate_inn)
            _identifier(problems, "person_ogrn", data.person_ogrn,
                        lambda v: validate_ogrn(v) if len(v) == 13 else validate_ogrnip(v))
        elif data.person_kind == ViolationAct.PersonKind.CITIZEN and not data.person_passport.strip():
            problems.missing("person_passport")
        if not data.title_to_object.strip():
            problems.missing("title_to_object")
    for name in ("object_volume", "object_area"):
        value = getattr(data, name)
        if value is None:
            if name not in problems.errors:
                problems.missing(name)
        elif value <= 0:
            problems.add(name, f"Поле «{LABELS[name]}» должно быть больше нуля")


def _identifier(problems: Problems, name: str, value: str, validate: Callable[[str], None]) -> None:
    value = value.strip()
    if not value:
        problems.missing(name)
        return
    try:
        validate(value)
    except ValidationError as exc:  # core.identifiers: a Russian message naming the identifier
        problems.add(name, " ".join(exc.messages))


def _check_unmetered(data: ActData, problems: Problems) -> None:
    if data.consumer is None:
        problems.missing("consumer", ": безучетное потребление выявляется у абонента с договором")
    if not data.meters:
        problems.missing("meters", ": опишите приборы узла учета и их показания")
    for n, meter in enumerate(data.meters, start=1):
        if not meter.device.strip() or not meter.serial_number.strip():
            problems.add("meters", f"Прибор {n}: укажите тип и заводской номер")
    if data.violation == ViolationAct.Violation.SEAL_BROKEN and not data.seals:
        problems.missing("seals", ": при нарушении пломбы укажите номер по акту допуска и что обнаружено")
    for n, seal in enumerate(data.seals, start=1):
        if not (seal.number_recorded.strip() and seal.place.strip() and seal.found.strip()):
            problems.add("seals", f"Пломба {n}: укажите номер по акту допуска, место и состояние при проверке")
    if data.previous_inspection_on is None and "previous_inspection_on" not in problems.errors:
        problems.missing("previous_inspection_on", ": с нее начинается расчетный период")
    if not data.orders.strip():
        problems.missing("orders")
