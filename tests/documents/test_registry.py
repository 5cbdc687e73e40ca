import pytest

from documents.registry import ManifestError, load_manifest, manifest

from .conftest import make_docx

GOOD = """
[[template]]
code = "area.thing"
title = "Акт"
file = "thing.docx"
version = 1
sha256 = "abababababababababababababababababababababababababababababababab"
history = [{ version = 1, sha256 = "abababababababababababababababababababababababababababababababab" }]
number_prefix = "АВ"
variables = ["a"]
[template.sample]
a = "x"
"""


@pytest.fixture
def root(tmp_path):
    (tmp_path / "thing.docx").write_bytes(make_docx("{{ a }}"))
    return tmp_path


def test_the_project_manifest_loads_with_the_common_templates():
    specs = manifest()
    assert {"common.letter", "common.notice"} <= set(specs)
    letter = specs["common.letter"]
    assert letter.title == "Исходящее письмо" and letter.number_prefix == "ИСХ"
    assert letter.file.is_file() and set(letter.sample) == letter.variables


def test_every_declared_variable_has_a_meaning():
    """The template page shows each variable with a line on what it holds ([template.help])."""
    for spec in manifest().values():
        missing = sorted(spec.variables - set(spec.help))
        assert not missing, f"{spec.code}: нет пояснения в [template.help] для {', '.join(missing)}"
        assert all(len(text) <= 200 and "\n" not in text for text in spec.help.values()), spec.code


def test_help_is_read(root):
    (root / "manifest.toml").write_text(GOOD + '[template.help]\na = "Что подставить   вместо a"\n', encoding="utf-8")
    assert load_manifest(root)["area.thing"].help == {"a": "Что подставить вместо a"}


def test_builders_named_in_the_manifest_exist():
    for spec in manifest().values():
        if spec.builder:
            assert callable(spec.load_builder()), spec.code


def test_a_good_manifest(root):
    (root / "manifest.toml").write_text(GOOD, encoding="utf-8")
    spec = load_manifest(root)["area.thing"]
    assert spec.variables == frozenset({"a"}) and spec.version == 1


def test_an_area_manifest_is_merged(root):
    (root / "manifest.toml").write_text(GOOD, encoding="utf-8")
    area = root / "metering"
    area.mkdir()
    (area / "act.docx").write_bytes(make_docx("{{ b }}"))
    (area / "manifest.toml").write_text(
        GOOD.replace("area.thing", "metering.act").replace("thing.docx", "act.docx"), encoding="utf-8"
    )
    assert set(load_manifest(root)) == {"area.thing", "metering.act"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("number_prefix = \"АВ\"\n", ""), "нет ключа «number_prefix»"),
        (("code = \"area.thing\"", "code = \"Thing\""), "код должен иметь вид"),
        (("thing.docx", "absent.docx"), "файл absent.docx не найден"),
        (("version = 1", "version = 0"), "версия должна быть"),
        (("number_prefix = \"АВ\"", "number_prefix = \"А/В\""), "префикс номера"),
        (("a = \"x\"", "b = \"x\""), "в sample нет переменных: a; в sample лишние переменные: b"),
        (("variables = [\"a\"]", "variables = [\"a\", \"document\"]"), "заполняются при выпуске"),
        ((f'sha256 = "{"ab" * 32}"\n', ""), "нет ключа «sha256»"),
        ((f'sha256 = "{"ab" * 32}"\n', 'sha256 = "abc"\n'), "sha256 — SHA-256 файла"),
        ((f'sha256 = "{"ab" * 32}"\n', f'sha256 = "{"AB" * 32}"\n'), "sha256 — SHA-256 файла"),
        (("history = [{ version = 1,", "history = [{ version = 2,"), "history — список"),
        (("history = [", f'history = [{{ version = 1, sha256 = "{"cd" * 32}" }}, '), "history — список"),
        (("history = [{ version = 1,", "history = [{ version = 0,"), "history — список"),
        (("history = [", "history = [{ version = 1 }, "), "history — список"),
        (("history = [{ version = 1, sha256 = ", "history = \"1:\" # "), "history — список"),
        (("a = \"x\"\n", "a = \"x\"\n[template.help]\nb = \"что-то\"\n"), "в help лишние переменные: b"),
        (("a = \"x\"\n", "a = \"x\"\n[template.help]\na = \" \"\n"), "help — таблица"),
    ],
)
def test_bad_entries_are_named(root, change, message):
    (root / "manifest.toml").write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ManifestError, match=message) as exc:
        load_manifest(root)
    assert (exc.value.code, exc.value.field) == ("manifest_invalid", "manifest")


def test_the_sha256_and_history_are_parsed(root):
    (root / "manifest.toml").write_text(GOOD.replace("version = 1\n", "version = 2\n"), encoding="utf-8")
    spec = load_manifest(root)["area.thing"]
    assert spec.sha256 == "ab" * 32 and spec.history == ((1, "ab" * 32),)


def test_history_may_be_left_out_of_a_manifest(root):
    (root / "manifest.toml").write_text(
        "\n".join(line for line in GOOD.splitlines() if not line.startswith("history")), encoding="utf-8"
    )
    assert load_manifest(root)["area.thing"].history == ()


def test_duplicate_codes_are_refused(root):
    (root / "manifest.toml").write_text(GOOD + GOOD, encoding="utf-8")
    with pytest.raises(ManifestError) as exc:
        load_manifest(root)
    assert (exc.value.code, exc.value.field) == ("duplicate", "manifest")


def test_toml_errors_are_reported(root):
    (root / "manifest.toml").write_text("[[template]\ncode=", encoding="utf-8")
    with pytest.raises(ManifestError) as exc:
        load_manifest(root)
    assert (exc.value.code, exc.value.field) == ("manifest_unreadable", "manifest")
