"""Registry files for the import tests, built with openpyxl/csv from the register's factories."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook

from tests.subscribers.factories import ConsumerFactory, ContractFactory, HeatedObjectFactory


def consumer_rows(count: int) -> list[dict]:
    return [
        {
            "Абонентский номер": c.code, "Вид абонента": "Юридическое лицо", "Категория для пени": "Прочие",
            "Наименование": c.name, "ИНН": c.inn, "КПП": c.kpp, "ОГРН": c.ogrn, "Юридический адрес": c.legal_address,
        }
        for c in ConsumerFactory.build_batch(count)
    ]


def object_rows(consumers: list[dict]) -> list[dict]:
    return [
        {
            "Код объекта": o.code, "ИНН абонента": c["ИНН"], "КПП абонента": c["КПП"],
            "Наименование объекта": o.name, "Адрес": o.address, "Назначение": "Нежилое",
            "Отапливаемая площадь, м²": "512,5", "Участок сети": "УЧ-01",
        }
        for c, o in zip(consumers, HeatedObjectFactory.build_batch(len(consumers), consumer=None), strict=True)
    ]


def load_rows(objects: list[dict]) -> list[dict]:
    return [
        {
            "Код объекта": o["Код объекта"], "Действует с": "01.01.2026", "Отопление, Гкал/ч": "0,15",
            "Вентиляция, Гкал/ч": "0,02", "ГВС средняя, Гкал/ч": "0,01", "ГВС максимальная, Гкал/ч": "0,024",
        }
        for o in objects
    ]


def contract_rows(objects: list[dict]) -> list[dict]:
    return [
        {
            "Номер договора": c.number, "Дата договора": "20.12.2025", "Действует с": "01.01.2026",
            "Статус": "Действует", "ИНН абонента": o["ИНН абонента"], "КПП абонента": o["КПП абонента"],
            "Объекты": o["Код объекта"], "Тарифная группа": "ПРОЧ",
        }
        for o, c in zip(objects, ContractFactory.build_batch(len(objects), consumer=None, tariff_group=None), strict=True)
    ]


def registry(consumers: int = 3) -> dict[str, list[dict]]:
    """Every sheet: ``consumers`` legal entities, each with one object, its load and a contract."""
    c = consumer_rows(consumers)
    o = object_rows(c)
    return {"Абоненты": c, "Объекты": o, "Нагрузки": load_rows(o), "Договоры": contract_rows(o)}


def xlsx(sheets: dict[str, list[dict]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        headers = list(dict.fromkeys(h for row in rows for h in row))
        ws.append(headers)
        for row in rows:
            ws.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows: list[dict], *, encoding: str = "utf-8-sig", delimiter: str = ";") -> bytes:
    headers = list(dict.fromkeys(h for row in rows for h in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if encoding == "cp1251":  # ² and ³ are not in windows-1251: people write м2, м3
        headers = [h.replace("м²", "м2").replace("м³", "м3") for h in headers]
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(row.get(h)) for h in headers])
    return buffer.getvalue().encode(encoding)


def _cell(value) -> str:
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return "" if value is None else str(value)
