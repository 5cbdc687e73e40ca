"""A hostile or oversized registry file is refused before its rows are read, with the same
Russian message on the page and from ``manage.py import_registry``; nothing is written."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.roles import BILLING
from subscribers.models import Consumer
from tests.core import hostile_files

from . import files

MB = 2**20
PAGE = "subscribers:import:index"


def consumers_csv(count: int, **encoding) -> bytes:
    return files.csv_file(files.consumer_rows(count), **encoding)


def bad_byte() -> bytes:
    data = consumers_csv(3, encoding="cp1251").splitlines(keepends=True)
    return b"".join([*data[:2], data[2].replace(b";", b";\x98", 1), *data[3:]])


CASES = {  # name → (file, its name, the one message)
    "bomb": (lambda: hostile_files.shared_string_bomb([["Наименование"]], megabytes=8), "reestr.xlsx",
             "файл XLSX распаковывается в 8 МБ, допустимо не больше 2 МБ: слишком много данных или это «zip-бомба»; "
             "разделите его на несколько файлов"),
    "entities": (lambda: hostile_files.entity_workbook([["Наименование"]]), "reestr.xlsx",
                 "в файле XLSX (часть xl/sharedStrings.xml) объявлены DTD или сущности XML (<!DOCTYPE, <!ENTITY): "
                 "такой файл не читается; сохраните его заново в Excel"),
    "rows": (lambda: consumers_csv(6), "abonenty.csv", "в файле больше 5 строк: разделите его на несколько файлов"),
    "size": (lambda: consumers_csv(1) + b" " * (3 * MB), "abonenty.csv",
             "файл слишком большой: 3 МБ, допустимо не больше 2 МБ; разделите его на несколько файлов"),
    "byte": (bad_byte, "abonenty.csv",
             "строка 3: неверная кодировка: байт 0x98 не читается ни как UTF-8, ни как Windows-1251"),
}


@pytest.fixture
def limits(settings):
    settings.IMPORT_MAX_FILE_BYTES = 2 * MB
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * MB
    settings.IMPORT_MAX_ROWS = 5
    settings.IMPORT_MAX_CELL_SHOWN = 20


@pytest.mark.parametrize("case", CASES)
def test_the_page_refuses_the_file_naming_the_problem(client, make_user, reference_data, limits, case):
    build, name, message = CASES[case]
    client.force_login(make_user(BILLING))

    response = client.post(reverse(PAGE), {"file": SimpleUploadedFile(name, build())})

    assert response.status_code == 200
    assert [str(p) for p in response.context["refused"].problems] == [message]
    assert "Файл не загружен: 1 ошибка, ничего не записано" in response.content.decode()
    assert not Consumer.objects.exists()


@pytest.mark.parametrize("case", CASES)
def test_the_command_refuses_the_file_naming_the_problem(reference_data, limits, tmp_path, case):
    build, name, message = CASES[case]
    path = tmp_path / name
    path.write_bytes(build())
    err = StringIO()

    with pytest.raises(CommandError, match="Файл не загружен: 1 ошибка, ничего не записано"):
        call_command("import_registry", str(path), "--kind", "consumers", stderr=err)

    assert err.getvalue().splitlines() == [message]
    assert not Consumer.objects.exists()


def test_a_huge_cell_is_quoted_cut_on_the_page_and_from_the_command(client, make_user, reference_data, limits,
                                                                  tmp_path):
    # given a consumer whose «Вид абонента» is 100 000 characters long
    rows = files.consumer_rows(2)
    rows[1]["Вид абонента"] = "Юр" * 50_000
    data = files.csv_file(rows)
    shown = "Абоненты, строка 3, Вид абонента «ЮрЮрЮрЮрЮрЮрЮрЮрЮрЮр… (100\u00a0000 знаков)»: недопустимое значение"
    client.force_login(make_user(BILLING))
    path = tmp_path / "abonenty.csv"
    path.write_bytes(data)
    err = StringIO()

    # when
    page = client.post(reverse(PAGE), {"file": SimpleUploadedFile("abonenty.csv", data)})
    with pytest.raises(CommandError):
        call_command("import_registry", str(path), stderr=err)

    # then
    [problem] = page.context["refused"].problems
    assert str(problem).startswith(shown)
    assert len(page.content) < 50_000
    assert err.getvalue().startswith(shown)
    assert not Consumer.objects.exists()
