"""manage.py import_readings FILE --source NAME: the same import from the command line."""

import pytest
from django.core.management import CommandError, call_command

from metering.models import Reading, ReadingImport

from . import files
from .conftest import january_rows

pytestmark = pytest.mark.django_db


def test_a_file_is_imported_in_the_name_of_the_system_account(units, source, tmp_path, capsys):
    path = tmp_path / "vzlet.csv"
    path.write_bytes(files.csv_file(january_rows()))

    call_command("import_readings", str(path), "--source", "взлет сп")

    assert "Файл vzlet.csv загружен: показаний 2" in capsys.readouterr().out
    assert Reading.objects.count() == 2
    assert ReadingImport.objects.get().imported_by.username == "system"


def test_a_refused_file_prints_every_problem_and_fails(units, source, tmp_path, capsys):
    rows = january_rows()
    rows[0]["Тепло, ГДж"] = "abc"
    path = tmp_path / "vzlet.csv"
    path.write_bytes(files.csv_file(rows))

    with pytest.raises(CommandError, match="Файл не загружен: 1 ошибка"):
        call_command("import_readings", str(path), "--source", "Взлет СП")

    assert "строка 2, столбец «Тепло, ГДж»: «abc» — не число" in capsys.readouterr().err
    assert not Reading.objects.exists()


def test_an_unknown_source_is_named(units, source, tmp_path):
    with pytest.raises(CommandError, match="Источник «Пульсар» не найден; источники: Взлет СП"):
        call_command("import_readings", str(tmp_path / "x.csv"), "--source", "Пульсар")


def test_a_user_without_the_right_is_refused_naming_it(units, source, tmp_path, make_user):
    path = tmp_path / "vzlet.csv"
    path.write_bytes(files.csv_file(january_rows()))
    make_user(username="ivanov")

    with pytest.raises(CommandError, match="Нет права metering.import_readings"):
        call_command("import_readings", str(path), "--source", "Взлет СП", "--user", "ivanov")

    assert not Reading.objects.exists()
