"""manage.py import_registry FILE: counts on success, the report on stderr and exit code 1 otherwise."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from subscribers.models import Consumer
from tests.subscribers.imports import files


def test_a_good_file_is_imported_with_its_counts(reference_data, tmp_path):
    path = tmp_path / "reestr.xlsx"
    path.write_bytes(files.xlsx(files.registry(2)))
    out = StringIO()

    call_command("import_registry", str(path), stdout=out)

    assert Consumer.objects.count() == 2
    assert "Абоненты: новых 2, изменено 0, без изменений 0" in out.getvalue()


def test_a_bad_file_writes_nothing_and_reports_on_stderr(reference_data, tmp_path):
    rows = files.consumer_rows(3)
    rows[1]["ИНН"] = "7707083894"
    path = tmp_path / "abonenty.csv"
    path.write_bytes(files.csv_file(rows, encoding="cp1251"))
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_registry", str(path), "--kind", "consumers", stderr=err)

    assert caught.value.returncode == 1
    assert "ничего не записано" in str(caught.value)
    assert err.getvalue().splitlines() == ["Абоненты, строка 3, ИНН 7707083894: неверная контрольная сумма"]
    assert Consumer.objects.count() == 0


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="не читается"):
        call_command("import_registry", str(tmp_path / "nope.xlsx"))
