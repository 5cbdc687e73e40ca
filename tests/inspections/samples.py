"""Photos and act data for the inspection tests."""

from __future__ import annotations

import struct
import zlib
from datetime import time, timedelta
from decimal import Decimal

from inspections.models import ActLoad, ActPerson, ViolationAct
from inspections.services.act_data import ActData, LoadRow, MeterRow, PersonRow, SealRow, WitnessRow
from inspections.services.photos import PhotoUpload


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + _chunk(
        b"IEND", b"")


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"


def photo(name: str = "врезка.png", caption: str = "врезка в подающий трубопровод") -> PhotoUpload:
    return PhotoUpload(name=name, content=png(), caption=caption)


WITNESSES = [
    WitnessRow(last_name="Кузнецова", first_name="Анна", middle_name="Петровна", address="ул. Садовая, д. 16, кв. 4",
               passport="паспорт 4510 123456"),
    WitnessRow(last_name="Белов", first_name="Олег", middle_name="Игоревич", address="ул. Садовая, д. 12, кв. 9"),
]


def contractless(today, **changes) -> ActData:
    """A complete contract-less act against a company outside the register, signed."""
    values = dict(
        kind=ViolationAct.Kind.CONTRACTLESS, violation=ViolationAct.Violation.UNLAWFUL_CONNECTION,
        found_on=today, found_at=time(10, 35), place="г. Энск, ул. Садовая, д. 14",
        basis="сообщение диспетчера о подключении без договора",
        person_kind=ViolationAct.PersonKind.ORGANIZATION, person_name="ООО «Торговый дом „Садовый“»",
        person_inn="7707083893", person_ogrn="1027700132195", person_address="ул. Садовая, д. 14",
        title_to_object="собственник здания, выписка из ЕГРН",
        object_address="ул. Садовая, д. 14, г. Энск", object_use="магазин", object_volume=Decimal("3600.0"),
        object_area=Decimal("820.0"), intake_place="тепловая камера ТК-14",
        intake_method="врезка в подающий и обратный трубопроводы без узла учета",
        previous_inspection_on=today - timedelta(days=365), explanations="здание куплено с подключенным отоплением",
        orders="заключить договор теплоснабжения", signature=ViolationAct.Signature.SIGNED,
        signed_by="И.П. Садовников",
        loads=[LoadRow(use=ActLoad.Use.HEATING, load=Decimal("0.215"), basis=ActLoad.Basis.BUILDING_VOLUME,
                       basis_detail="V = 3 600 м³, q₀ = 0,38")],
        persons=[PersonRow(side=ActPerson.Side.SUPPLIER, name="Петров Сергей Николаевич", position="инженер"),
                 PersonRow(side=ActPerson.Side.CONSUMER, name="Садовников Игорь Павлович", position="завхоз")],
    )
    values.update(changes)
    return ActData(**values)


def unmetered(today, consumer, **changes) -> ActData:
    """A complete unmetered-consumption act of a consumer of the register: a broken seal, signed."""
    values = dict(
        kind=ViolationAct.Kind.UNMETERED, violation=ViolationAct.Violation.SEAL_BROKEN, consumer=consumer,
        found_on=today, found_at=time(14, 10), place="г. Энск, ул. Мира, д. 5", basis="плановый обход",
        object_address="ул. Мира, д. 5", object_use="производственный корпус", intake_place="ИТП, подвал",
        intake_method="пломба на фланце расходомера сорвана", previous_inspection_on=today - timedelta(days=50),
        orders="восстановить узел учета и предъявить к допуску", signature=ViolationAct.Signature.SIGNED,
        signed_by="П.П. Сидоров",
        loads=[LoadRow(use=ActLoad.Use.HEATING, load=Decimal("0.85"), basis=ActLoad.Basis.CONTRACT,
                       basis_detail="договор № 102-Т, приложение 2")],
        meters=[MeterRow(device="Расходомер ПРЭМ", serial_number="654321", reading="V1 = 35 410,220 м³",
                         state="пломба сорвана")],
        seals=[SealRow(number_recorded="0012346", place="фланец расходомера", found="отсутствует")],
        persons=[PersonRow(side=ActPerson.Side.SUPPLIER, name="Петров Сергей Николаевич", position="инженер")],
    )
    values.update(changes)
    return ActData(**values)
