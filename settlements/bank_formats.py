"""Bank statement file formats → plain records (pure: no Django, no database).

Two formats are read:

* **1CClientBankExchange** (the text exchange format of 1С:Предприятие and Russian banks,
  version 1.02/1.03): ``key=value`` lines, sections ``СекцияРасчСчет … КонецРасчСчет`` and
  ``СекцияДокумент=<kind> … КонецДокумента``, ended by ``КонецФайла``. The header declares
  ``Кодировка=Windows`` (windows-1251) or ``Кодировка=DOS`` (cp866); many banks write UTF-8
  and still declare ``Windows``, so the bytes decide: valid UTF-8 is read as UTF-8, anything
  else by the declared code page.
* **CSV** with a header row (delimiter ``;`` or ``,``, UTF-8 with or without BOM, or
  windows-1251); the columns are listed in ``CSV_COLUMNS`` with their accepted titles.

Both give a ``ParsedStatement`` of ``PaymentRecord`` rows. Every problem of the file is
collected with its line number, then ``StatementFormatError`` is raised with all of them,
so the user sees the whole list at once and nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from stdnum.ru import inn as stdnum_inn

from core import bounds
from core.errors import ApplicationError

ONE_C_SIGNATURE = "1CClientBankExchange"
ONE_C_ENCODINGS = {"windows": "cp1251", "dos": "cp866"}
# Keys that every 1C statement carries; if none of them is readable after decoding, the
# file was written in a code page we were not told about (KOI8-R, UTF-16, …).
ONE_C_KNOWN_KEYS = ("ВерсияФормата", "Кодировка", "СекцияДокумент", "КонецФайла")
DOCUMENT_REQUIRED = ("Номер", "Дата", "Сумма", "ПлательщикИНН", "НазначениеПлатежа")


class StatementFormatError(ApplicationError):
    """The file cannot be read as a statement; ``problems`` lists every one found."""

    def __init__(self, problems: list[str], *, field: str = "file"):
        self.problems = problems
        head = problems[0] if len(problems) == 1 else f"{len(problems)} ошибок в файле выписки"
        message = head if len(problems) == 1 else head + ": " + "; ".join(problems[:20])
        super().__init__(message, code="statement_unreadable", field=field, extra={"problems": problems})


@dataclass(frozen=True)
class PaymentRecord:
    """One payment order of a statement, as the bank wrote it (only light normalisation)."""

    line: int  # line of the file where the document starts (for error reports)
    number: str
    doc_date: date
    amount: Decimal
    payer_inn: str
    payer_kpp: str
    payer_name: str
    payer_account: str
    payer_bik: str
    recipient_inn: str
    recipient_account: str
    recipient_name: str
    purpose: str
    received_on: date | None = None  # ДатаПоступило: the day the money reached our account
    kind: str = "Платежное поручение"

    @property
    def value_date(self) -> date:
        """The payment date for settlements: the day the money reached our account."""
        return self.received_on or self.doc_date


@dataclass
class ParsedStatement:
    format: str  # "1c" | "csv"
    encoding: str
    account: str = ""
    date_from: date | None = None
    date_to: date | None = None
    total_received: Decimal | None = None
    payments: list[PaymentRecord] = field(default_factory=list)


def parse_statement(data: bytes, *, filename: str = "") -> ParsedStatement:
    """Read a statement file of either format; the content decides, the name only hints."""
    if not data or not data.strip():
        raise StatementFormatError(["файл пуст"])
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(ONE_C_SIGNATURE.encode()):
        return parse_1c(data)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise StatementFormatError(
            ["неверная кодировка: файл в UTF-16, ожидается windows-1251 или UTF-8"], field="encoding"
        )
    if filename.lower().endswith(".csv") or _looks_like_csv(data):
        return parse_csv(data)
    raise StatementFormatError(
        [
            "формат не распознан: ожидается выписка 1CClientBankExchange "
            "(первая строка «1CClientBankExchange») или CSV с заголовком"
        ],
        field="format",
    )


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes, declared: str) -> tuple[str, str]:
    """Bytes → text: valid UTF-8 wins (a BOM is dropped), else the declared code page. A
    NUL byte (a binary file, or UTF-16) is refused: no text field of a payment may hold it."""
    if b"\x00" in data:
        at = data.index(b"\x00")
        line = data.count(b"\n", 0, at) + 1
        raise StatementFormatError(
            [f"строка {line}: нулевой байт 0x00 в позиции {at} — "
             "файл не текстовая выписка (двоичный файл или UTF-16)"],
            field="encoding",
        )
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(declared), declared
    except UnicodeDecodeError as exc:
        raise StatementFormatError(
            [f"неверная кодировка: байт 0x{data[exc.start]:02x} в позиции {exc.start} не читается "
             f"ни как UTF-8, ни как {declared}"],
            field="encoding",
        ) from exc


_ENCODING_KEY = re.compile(
    rb"(?:^|\n)\s*(?:"
    + b"|".join(re.escape("Кодировка".encode(codec)) for codec in ("cp1251", "utf-8", "cp866"))
    + rb")\s*=\s*(\w+)"
)


def _declared_1c_encoding(data: bytes) -> str:
    """The code page named by ``Кодировка=`` (the key itself may be in cp1251, UTF-8 or cp866);
    windows-1251 when absent, as the format prescribes."""
    match = _ENCODING_KEY.search(data[:2048])
    if not match:
        return "cp1251"
    return ONE_C_ENCODINGS.get(match.group(1).decode("ascii", "replace").lower(), "cp1251")


# --------------------------------------------------------------------------- 1C format


def parse_1c(data: bytes) -> ParsedStatement:
    """Parse a 1CClientBankExchange file (see the module docstring)."""
    text, encoding = _decode(data, _declared_1c_encoding(data))
    lines = text.splitlines()
    if not lines or lines[0].strip().lstrip("\ufeff") != ONE_C_SIGNATURE:
        raise StatementFormatError(["формат не распознан: первая строка должна быть «1CClientBankExchange»"],
                                   field="format")
    keys_seen = {line.split("=", 1)[0].strip() for line in lines[1:40]}
    if not any(key in keys_seen for key in ONE_C_KNOWN_KEYS):
        raise StatementFormatError(
            ["неверная кодировка: служебные ключи (ВерсияФормата, Кодировка, СекцияДокумент) не читаются; "
             "сохраните выписку в windows-1251 или UTF-8"],
            field="encoding",
        )

    statement = ParsedStatement(format="1c", encoding=encoding)
    problems: list[str] = []
    section: str | None = None  # None | "account" | "document"
    doc: dict[str, str] = {}
    doc_line = 0
    ended = False

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if number == 1 or not line:
            continue
        if ended:
            problems.append(f"строка {number}: данные после «КонецФайла»")
            break
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if key == "КонецФайла":
            if section:
                problems.append(f"строка {number}: файл закончился внутри незакрытой секции")
            ended = True
            continue
        if key == "СекцияРасчСчет":
            section = "account"
            continue
        if key == "КонецРасчСчет":
            section = None
            continue
        if key == "СекцияДокумент":
            if section == "document":
                problems.append(f"строка {doc_line}: документ не закрыт строкой «КонецДокумента»")
            section, doc, doc_line = "document", {"__kind": value}, number
            continue
        if key == "КонецДокумента":
            if section != "document":
                problems.append(f"строка {number}: «КонецДокумента» без «СекцияДокумент»")
            else:
                record = _document_from_1c(doc, doc_line, problems)
                if record:
                    statement.payments.append(record)
            section = None
            continue
        if not sep:
            problems.append(f"строка {number}: ожидается «ключ=значение», получено «{line[:60]}»")
            continue
        if section == "document":
            doc[key] = value
        elif section == "account":
            if key == "РасчСчет":
                statement.account = value
            elif key == "ВсегоПоступило":
                statement.total_received = _decimal(value, f"строка {number}, ВсегоПоступило", problems)
        elif section is None:
            if key == "РасчСчет" and not statement.account:
                statement.account = value
            elif key in ("ДатаНачала", "ДатаКонца"):
                parsed = _date(value, f"строка {number}, {key}", problems)
                if key == "ДатаНачала":
                    statement.date_from = parsed
                else:
                    statement.date_to = parsed
    if not ended:
        problems.append("файл оборван: нет строки «КонецФайла»")
    if section == "document":
        problems.append(f"строка {doc_line}: документ не закрыт строкой «КонецДокумента»")
    if problems:
        raise StatementFormatError(problems)
    return statement


def _document_from_1c(doc: dict[str, str], line: int, problems: list[str]) -> PaymentRecord | None:
    where = f"строка {line}, документ № {doc.get('Номер') or '?'}"
    missing = [key for key in DOCUMENT_REQUIRED if not doc.get(key)]
    if missing:
        problems.append(f"{where}: не заполнено {', '.join(missing)}")
        return None
    before = len(problems)
    amount = _amount(doc["Сумма"], where, problems)
    doc_date = _date(doc["Дата"], f"{where}, Дата", problems)
    received = _date(doc["ДатаПоступило"], f"{where}, ДатаПоступило", problems) if doc.get("ДатаПоступило") else None
    payer_inn = _inn(doc["ПлательщикИНН"], f"{where}, ПлательщикИНН", problems)
    if len(problems) > before:
        return None
    return PaymentRecord(
        line=line,
        kind=doc.get("__kind", ""),
        number=doc["Номер"],
        doc_date=doc_date,
        amount=amount,
        payer_inn=payer_inn,
        payer_kpp=_kpp(doc.get("ПлательщикКПП", "")),
        payer_name=doc.get("Плательщик1") or _strip_inn_prefix(doc.get("Плательщик", "")),
        payer_account=doc.get("ПлательщикСчет") or doc.get("ПлательщикРасчСчет", ""),
        payer_bik=doc.get("ПлательщикБИК", ""),
        recipient_inn=doc.get("ПолучательИНН", ""),
        recipient_account=doc.get("ПолучательСчет") or doc.get("ПолучательРасчСчет", ""),
        recipient_name=doc.get("Получатель1") or _strip_inn_prefix(doc.get("Получатель", "")),
        purpose=" ".join(doc["НазначениеПлатежа"].split()),
        received_on=received,
    )


def _kpp(value: str) -> str:
    """1С writes ``0`` or nothing for a payer without КПП (a sole trader, a citizen)."""
    value = value.strip()
    return "" if value in ("", "0") else value


def _strip_inn_prefix(name: str) -> str:
    return re.sub(r"^ИНН\s*\d+\s*", "", name).strip()


# --------------------------------------------------------------------------- CSV format

# field → accepted column titles (compared case-insensitively, spaces collapsed)
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("номер", "номер документа", "№ п/п", "№"),
    "doc_date": ("дата", "дата документа"),
    "received_on": ("дата поступления", "дата зачисления"),
    "amount": ("сумма", "сумма поступления", "приход"),
    "payer_inn": ("инн плательщика", "плательщик инн"),
    "payer_kpp": ("кпп плательщика", "плательщик кпп"),
    "payer_name": ("плательщик", "наименование плательщика"),
    "payer_account": ("счет плательщика", "счёт плательщика"),
    "payer_bik": ("бик плательщика", "бик банка плательщика"),
    "recipient_inn": ("инн получателя", "получатель инн"),
    "recipient_account": ("счет получателя", "счёт получателя"),
    "recipient_name": ("получатель", "наименование получателя"),
    "purpose": ("назначение платежа", "назначение"),
}
CSV_REQUIRED = ("number", "doc_date", "amount", "payer_inn", "purpose")


def _looks_like_csv(data: bytes) -> bool:
    first = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.count(b";") >= 3 or first.count(b",") >= 3


def _csv_rows(text: str, delimiter: str) -> Iterator[list[str]]:
    """The rows of CSV text; a record the csv module cannot read (a field over its size
    limit…) is a format error naming the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error:
        raise StatementFormatError(
            [f"строка {reader.line_num}: запись CSV не читается (поле длиннее {csv.field_size_limit()} "
             "символов или неверные кавычки)"],
            field="format",
        ) from None


def parse_csv(data: bytes) -> ParsedStatement:
    """Parse a CSV statement: header row first, one payment per row."""
    text, encoding = _decode(data, "cp1251")
    sample = text[:4096]
    delimiter = ";" if sample.split("\n", 1)[0].count(";") >= sample.split("\n", 1)[0].count(",") else ","
    reader = _csv_rows(text, delimiter)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise StatementFormatError(["CSV: нет строки заголовка"], field="format") from exc
    titles = {" ".join(h.lower().replace("ё", "е").split()): i for i, h in enumerate(header)}
    index: dict[str, int] = {}
    for name, accepted in CSV_COLUMNS.items():
        for title in accepted:
            if title.replace("ё", "е") in titles:
                index[name] = titles[title.replace("ё", "е")]
                break
    missing = [CSV_COLUMNS[name][0] for name in CSV_REQUIRED if name not in index]
    if "recipient_inn" not in index and "recipient_account" not in index:
        missing.append("ИНН получателя или счет получателя")
    if missing:
        if not any(ch.isalpha() and "а" <= ch.lower() <= "я" for ch in "".join(header)):
            raise StatementFormatError(
                ["неверная кодировка или формат: заголовок CSV не читается как русский текст "
                 "в windows-1251 или UTF-8"],
                field="encoding",
            )
        raise StatementFormatError([f"CSV: нет колонок: {', '.join(missing)}"], field="format")

    statement = ParsedStatement(format="csv", encoding=encoding)
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row=row) -> str:
            i = index.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        where = f"строка {number}"
        missing_cells = [CSV_COLUMNS[name][0] for name in CSV_REQUIRED if not cell(name)]
        if missing_cells:
            problems.append(f"{where}: не заполнено: {', '.join(missing_cells)}")
            continue
        before = len(problems)
        amount = _amount(cell("amount"), where, problems)
        doc_date = _date(cell("doc_date"), f"{where}, дата", problems)
        received = _date(cell("received_on"), f"{where}, дата поступления", problems) if cell("received_on") else None
        payer_inn = _inn(cell("payer_inn"), f"{where}, ИНН плательщика", problems)
        if len(problems) > before:
            continue
        statement.payments.append(
            PaymentRecord(
                line=number,
                number=cell("number"),
                doc_date=doc_date,
                amount=amount,
                payer_inn=payer_inn,
                payer_kpp=cell("payer_kpp"),
                payer_name=cell("payer_name"),
                payer_account=cell("payer_account"),
                payer_bik=cell("payer_bik"),
                recipient_inn=cell("recipient_inn"),
                recipient_account=cell("recipient_account"),
                recipient_name=cell("recipient_name"),
                purpose=" ".join(cell("purpose").split()),
                received_on=received,
            )
        )
    if problems:
        raise StatementFormatError(problems)
    if not statement.payments:
        raise StatementFormatError(["CSV: нет ни одного платежа"], field="format")
    dates = [p.value_date for p in statement.payments]
    statement.date_from, statement.date_to = min(dates), max(dates)
    statement.total_received = sum((p.amount for p in statement.payments), Decimal("0"))
    return statement


# --------------------------------------------------------------------------- values


def _amount(value: str, where: str, problems: list[str]) -> Decimal | None:
    amount = _decimal(value, f"{where}, сумма", problems)
    if amount is None:
        return None
    if amount <= 0:
        problems.append(f"{where}: сумма {value} должна быть больше нуля")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        problems.append(f"{where}: сумма {value} точнее копейки")
        return None
    return amount.quantize(Decimal("0.01"))


def _decimal(value: str, where: str, problems: list[str]) -> Decimal | None:
    """A number within ``core.bounds``, or None with the problem noted."""
    cleaned = value.strip()
    if cleaned.count("-") == 1 and "-" in cleaned[1:]:  # "22000-00": kopecks after a dash
        cleaned = cleaned.replace("-", ".")
    try:
        return bounds.decimal(cleaned, field=where)
    except ApplicationError as exc:
        problems.append(exc.message)
        return None


def _date(value: str, where: str, problems: list[str]) -> date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            parsed = datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        try:
            return bounds.day_in_range(parsed, field=where)
        except ApplicationError as exc:
            problems.append(exc.message)
            return None
    problems.append(f"{where}: «{bounds.shown(value)}» не дата ДД.ММ.ГГГГ")
    return None


def _inn(value: str, where: str, problems: list[str]) -> str:
    value = value.strip()
    if not value.isdigit() or len(value) not in (10, 12):
        problems.append(f"{where}: ИНН {value} должен содержать 10 или 12 цифр")
    elif not stdnum_inn.is_valid(value):
        problems.append(f"{where}: ИНН {value}: неверная контрольная сумма")
    return value
