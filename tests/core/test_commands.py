"""The file-import commands' shared refusals (core/commands.py)."""

import pytest
from django.core.management.base import CommandError

from core.commands import acting_user, input_file


def test_the_file_is_opened_as_a_stream_with_its_name(tmp_path):
    path = tmp_path / "показания.csv"
    path.write_bytes(b"a;b\n")
    with input_file(str(path)) as (stream, name):
        assert (stream.read(), name) == (b"a;b\n", "показания.csv")
    assert stream.closed


def test_a_missing_file_is_refused_by_its_path(tmp_path):
    missing = tmp_path / "нет.csv"
    with pytest.raises(CommandError, match=f"Файл {missing} не читается"):
        with input_file(str(missing)):
            pass


@pytest.mark.django_db
def test_the_acting_user_is_found_by_name_and_an_unknown_one_refused(make_user):
    billing = make_user("Расчетчик", username="ivanova")
    assert acting_user("ivanova") == billing
    assert acting_user(None) is None and acting_user("") is None
    with pytest.raises(CommandError, match="Пользователь petrov не найден"):
        acting_user("petrov")
