from datetime import date
from decimal import Decimal

import pytest

from settlements.bank_formats import StatementFormatError, parse_statement


def test_the_real_sample_statement_is_read_in_windows_1251(sample_statement):
    # when
    statement = parse_statement(sample_statement, filename="bank_statement_1c.txt")
    # then
    assert statement.format == "1c"
    assert statement.encoding == "cp1251"
    assert statement.account == "40702810000000054321"
    assert (statement.date_from, statement.date_to) == (date(2026, 11, 1), date(2026, 11, 1))
    assert [p.number for p in statement.payments] == ["1012", "77", "2230", "15"]
    assert sum(p.amount for p in statement.payments) == Decimal("188881.65") == statement.total_received
    first = statement.payments[0]
    assert first.payer_inn == "7712345671"
    assert first.payer_kpp == "771201001"
    assert first.payer_name == 'ООО "Тепловик-Сервис"'
    assert first.recipient_inn == "7729123451"
    assert first.value_date == date(2026, 11, 1)
    assert first.purpose.startswith("Договор теплоснабжения № 1024-Т от 01.01.2025")
    assert statement.payments[3].payer_inn == "500100732964"
    assert statement.payments[3].payer_kpp == ""


def test_the_same_statement_in_utf8_reads_the_same(sample_statement):
    # given the sample re-encoded to UTF-8, header still saying "Кодировка=Windows" as banks do
    utf8 = sample_statement.decode("cp1251").encode("utf-8")
    # when
    cp1251_payments = parse_statement(sample_statement).payments
    utf8_statement = parse_statement(utf8)
    # then
    assert utf8_statement.encoding == "utf-8"
    assert utf8_statement.payments == cp1251_payments


def test_a_dos_statement_is_read_as_cp866(sample_statement):
    dos = sample_statement.decode("cp1251").replace("Кодировка=Windows", "Кодировка=DOS").encode("cp866")
    assert parse_statement(dos).payments[1].payer_name == 'ТСЖ "Лесная 12"'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "файл пуст"),
        (b"%PDF-1.4 binary", "формат не распознан"),
        ("1CClientBankExchange\nЧто-то\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_wrong_format_or_encoding_is_named(data, message):
    with pytest.raises(StatementFormatError, match=message):
        parse_statement(data)


def test_a_koi8_statement_is_refused_as_wrong_encoding(sample_statement):
    koi8 = sample_statement.decode("cp1251").encode("koi8_r", errors="replace")
    with pytest.raises(StatementFormatError, match="неверная кодировка") as error:
        parse_statement(koi8)
    assert (error.value.code, error.value.field) == ("statement_unreadable", "encoding")


def test_every_bad_document_is_reported_with_its_line(sample_statement):
    # given a negative amount in document 77 and a broken ИНН in document 2230
    text = sample_statement.decode("cp1251")
    text = text.replace("Сумма=55000.00", "Сумма=-55000.00").replace("ПлательщикИНН=7724555666", "ПлательщикИНН=7724555667")
    # when
    with pytest.raises(StatementFormatError) as error:
        parse_statement(text.encode("cp1251"))
    # then both problems are listed, each naming the line and the document
    problems = error.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("строка 41, документ № 77") and "сумма -55000.00 должна быть больше нуля" in problems[0]
    assert "документ № 2230" in problems[1] and "ИНН 7724555667: неверная контрольная сумма" in problems[1]


def test_a_truncated_file_is_refused(sample_statement):
    truncated = sample_statement[: sample_statement.rindex(b"\xca\xee\xed\xe5\xf6\xc4\xee\xea")]  # before КонецДокумента
    with pytest.raises(StatementFormatError, match="не закрыт|КонецФайла"):
        parse_statement(truncated)


CSV = (
    "Дата;Номер;Сумма;ИНН плательщика;КПП плательщика;Плательщик;Счет плательщика;ИНН получателя;"
    "Счет получателя;Назначение платежа\n"
    "01.11.2026;1012;122000,00;7712345671;771201001;ООО Тепловик-Сервис;40702810400000012345;7729123451;"
    "40702810000000054321;Договор № 1024-Т, оплата за октябрь 2026\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1251"])
def test_csv_statement_in_either_encoding(encoding):
    statement = parse_statement(CSV.encode(encoding), filename="vypiska.csv")
    assert statement.format == "csv"
    [payment] = statement.payments
    assert payment.amount == Decimal("122000.00")
    assert payment.payer_inn == "7712345671"
    assert payment.purpose == "Договор № 1024-Т, оплата за октябрь 2026"


def test_csv_without_required_columns_names_them():
    with pytest.raises(StatementFormatError, match="нет колонок: сумма"):
        parse_statement("Дата;Номер;ИНН плательщика;Назначение платежа;ИНН получателя\n1;2;3;4;5\n".encode())


def test_csv_with_a_negative_amount_names_the_row():
    bad = CSV.replace("122000,00", "-5,00")
    with pytest.raises(StatementFormatError, match="строка 2: сумма -5,00 должна быть больше нуля"):
        parse_statement(bad.encode(), filename="x.csv")


@pytest.mark.parametrize(("amount", "problem"), [
    ("1e400", "число слишком велико"),
    ("1234567890123456789012345678901234,00", "число слишком велико"),
    ("0,0000000000001", "знаков после запятой"),
    ("Infinity", "не число"),
])
def test_an_amount_out_of_bounds_names_the_row_not_a_traceback(amount, problem):
    with pytest.raises(StatementFormatError, match=f"строка 2, сумма: .*{problem}"):
        parse_statement(CSV.replace("122000,00", amount).encode(), filename="x.csv")


def test_a_1c_amount_of_1e400_is_reported_with_its_line(sample_statement):
    text = sample_statement.decode("cp1251").replace("Сумма=55000.00", "Сумма=1e400")
    with pytest.raises(StatementFormatError) as error:
        parse_statement(text.encode("cp1251"))
    [problem] = error.value.problems
    assert problem.startswith("строка 41, документ № 77, сумма: число слишком велико")


def test_a_date_in_year_9999_is_refused():
    with pytest.raises(StatementFormatError, match="строка 2, дата: дата 31.12.9999 вне допустимого диапазона"):
        parse_statement(CSV.replace("01.11.2026", "31.12.9999").encode(), filename="x.csv")


def test_a_nul_byte_is_refused_with_its_line():
    data = CSV.replace("ООО Тепловик-Сервис", "ООО Тепловик\x00Сервис").encode()
    with pytest.raises(StatementFormatError, match="строка 2: нулевой байт") as error:
        parse_statement(data, filename="x.csv")
    assert error.value.field == "encoding"


def test_a_carriage_return_inside_a_row_is_a_listed_problem_not_a_csv_error():
    # found by the fuzz test: a lone "\r" in the payer's name ended the csv module with an error
    with pytest.raises(StatementFormatError, match="строка"):
        parse_statement(CSV.replace("ООО Тепловик-Сервис", "ООО\rТепловик").encode(), filename="x.csv")


def test_a_field_over_the_csv_size_limit_names_its_line():
    with pytest.raises(StatementFormatError, match="строка 2: запись CSV не читается"):
        parse_statement(CSV.replace("ООО Тепловик-Сервис", '"' + "x" * 200_000 + '"').encode(), filename="x.csv")
