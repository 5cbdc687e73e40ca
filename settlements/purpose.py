"""Payment purpose (назначение платежа) → what the payer says the money is for (pure).

Payers write purposes by hand, so the parser looks for pieces rather than a grammar:

* the contract: ``Договор теплоснабжения № 1024-Т от 01.01.2025``, ``по дог. 2045-Т``,
  ``д-р №3001-Т``, ``дог.№ 3001/Т``;
* the period(s): ``за октябрь 2026 г.``, ``август 2026``, ``за сент. 2026``, ``за 10.2026``,
  ``за 10/2026``, ``за период с 01.10.2026 по 31.10.2026``, ``за август и сентябрь 2026``;
  a month without a year means its latest occurrence not after the payment date;
* a penalty payment: ``пени``, ``пеня``, ``неустойка`` (and the claim it answers,
  ``по претензии № П-2026/000041``);
* the invoice: ``по счету № 5531 от 31.10.2026``.

Dates that belong to the contract, invoice or claim (``от 01.01.2025``) are never read as the
period. Contract numbers are compared after ``normalize_number`` (upper case, Latin look-alike
letters → Cyrillic, spaces and ``№`` removed), since payers type ``1024-T`` with a Latin T.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    1: r"янв(?:ар[ьяе]|\.)?",
    2: r"фев(?:рал[ьяе]|р?\.)?",
    3: r"мар(?:т[аеу]?|\.)?",
    4: r"апр(?:ел[ьяе]|\.)?",
    5: r"ма[йяе]",
    6: r"июн[ьяе]?",
    7: r"июл[ьяе]?",
    8: r"авг(?:уст[аеу]?|\.)?",
    9: r"сен(?:тябр[ьяе]|т?\.)?",
    10: r"окт(?:ябр[ьяе]|\.)?",
    11: r"ноя(?:бр[ьяе]|б?\.)?",
    12: r"дек(?:абр[ьяе]|\.)?",
}
_MONTH_ALT = "|".join(f"(?P<m{n}>{pattern})" for n, pattern in MONTHS.items())
_MONTH = re.compile(rf"(?<![а-яё])(?:{_MONTH_ALT})(?![а-яё])", re.IGNORECASE)
_YEAR_AFTER = re.compile(r"^[\s,.-]*(?P<year>20\d\d|\d\d(?=\s*г))\s*(?:г(?:ода|\.|од)?)?", re.IGNORECASE)

_DATE = r"\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})"
_NUMBER = (
    r"[№N#]?\s*(?P<number>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\\._-]*\d[0-9A-Za-zА-Яа-яЁё/\\-]*"
    r"|\d[0-9A-Za-zА-Яа-яЁё/\\._-]*)"
)
_CONTRACT = re.compile(
    r"(?<![а-яё])(?:договор[а-я]*|дог-?р[уа]?\.?|дог\.?|д-р[уа]?\.?)\s*(?:теплоснабжения|на\s+теплоснабжение|"
    r"поставки\s+тепловой\s+энергии|энергоснабжения)?\s*" + _NUMBER +
    rf"(?:\s*от\s*(?P<date>{_DATE}))?",
    re.IGNORECASE,
)
_INVOICE = re.compile(
    r"(?:сч[её]т[ау]?[-\s]?фактур[аеыу]|с/ф|упд|сч[её]т[ау]?|сч\.)\s*" + _NUMBER + rf"(?:\s*от\s*(?P<date>{_DATE}))?",
    re.IGNORECASE,
)
_CLAIM = re.compile(r"претензи[иейя]\s*" + _NUMBER + rf"(?:\s*от\s*(?P<date>{_DATE}))?", re.IGNORECASE)
_PENALTY = re.compile(r"(?<![а-яё])(?:пен[иья]|пеней|неустойк[аиуе])(?![а-яё])", re.IGNORECASE)
_VAT = re.compile(r"(?:в\s*т\.?\s*ч\.?\s*)?ндс[^,;]*", re.IGNORECASE)
_FROM_DATE = re.compile(rf"\bот\s*{_DATE}", re.IGNORECASE)
_RANGE = re.compile(rf"(?:за\s+период\s+)?с\s*(?P<from>{_DATE})\s*(?:г\.?)?\s*по\s*(?P<to>{_DATE})", re.IGNORECASE)
_MONTH_YEAR_DIGITS = re.compile(r"(?<![\d./])(?P<month>0?[1-9]|1[0-2])[./](?P<year>20\d\d)(?![\d./])")

_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def normalize_number(value: str) -> str:
    """A contract or claim number in a comparable form: ``1024-t`` → ``1024-Т`` (Cyrillic)."""
    value = value.upper().replace("Ё", "Е").translate(_LATIN_TO_CYRILLIC)
    return re.sub(r"[\s№#]", "", value).rstrip(".,;:-")


@dataclass(frozen=True)
class ParsedPurpose:
    contract_numbers: tuple[str, ...] = ()  # normalised, in order of appearance
    periods: tuple[date, ...] = ()  # first day of each named month, in order
    is_penalty: bool = False
    claim_number: str = ""
    invoice_numbers: tuple[str, ...] = ()

    @property
    def contract_number(self) -> str:
        return self.contract_numbers[0] if self.contract_numbers else ""


def parse_purpose(text: str, *, paid_on: date | None = None) -> ParsedPurpose:
    """Extract the contract, period(s), penalty mark, claim and invoice from a purpose text.

    ``paid_on`` resolves a month written without a year (its latest occurrence not after
    the payment date's month).
    """
    text = " ".join((text or "").split())
    rest = text
    contracts: list[str] = []
    invoices: list[str] = []
    claim = ""

    for match in _CLAIM.finditer(text):
        claim = claim or normalize_number(match.group("number"))
    rest = _CLAIM.sub(" ", rest)
    for match in _INVOICE.finditer(rest):
        invoices.append(normalize_number(match.group("number")))
    rest = _INVOICE.sub(" ", rest)
    for match in _CONTRACT.finditer(rest):
        number = normalize_number(match.group("number"))
        if number and number not in contracts:
            contracts.append(number)
    rest = _CONTRACT.sub(" ", rest)
    rest = _VAT.sub(" ", rest)
    rest = _FROM_DATE.sub(" ", rest)

    periods = _periods(rest, paid_on)
    return ParsedPurpose(
        contract_numbers=tuple(contracts),
        periods=tuple(periods),
        is_penalty=bool(_PENALTY.search(text)),
        claim_number=claim,
        invoice_numbers=tuple(invoices),
    )


def _periods(text: str, paid_on: date | None) -> list[date]:
    found: list[tuple[int, date]] = []  # (position, month) to keep the payer's order

    for match in _RANGE.finditer(text):
        start = _parse_date(match.group("from"))
        end = _parse_date(match.group("to"))
        if start and end and start <= end:
            month = date(start.year, start.month, 1)
            while month <= end:
                found.append((match.start(), month))
                month = _next_month(month)
    text = _RANGE.sub(lambda m: " " * len(m.group(0)), text)

    for match in _MONTH_YEAR_DIGITS.finditer(text):
        found.append((match.start(), date(int(match.group("year")), int(match.group("month")), 1)))
    text = _MONTH_YEAR_DIGITS.sub(lambda m: " " * len(m.group(0)), text)

    # Month names: "август и сентябрь 2026" — a year applies to the months written before it
    # that have none of their own.
    pending: list[tuple[int, int]] = []  # (position, month number) waiting for a year
    for match in _MONTH.finditer(text):
        number = next(int(k[1:]) for k, v in match.groupdict().items() if v)
        pending.append((match.start(), number))
        year_match = _YEAR_AFTER.match(text[match.end():])
        if year_match:
            year = int(year_match.group("year"))
            year = year + 2000 if year < 100 else year
            found.extend((pos, date(year, month, 1)) for pos, month in pending)
            pending = []
    for pos, month in pending:
        if paid_on is not None:
            year = paid_on.year if month <= paid_on.month else paid_on.year - 1
            found.append((pos, date(year, month, 1)))

    result: list[date] = []
    for _, month in sorted(found, key=lambda item: item[0]):
        if month not in result:
            result.append(month)
    return result


def _parse_date(value: str) -> date | None:
    parts = re.split(r"[./]", value)
    try:
        day, month, year = (int(p) for p in parts)
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)
