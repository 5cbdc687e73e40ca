"""The committed .docx is the source of a template (docs/documents.md, "Changing a template"):
the manifest records its SHA-256 and the history of (version, sha256); a file changed without
a version bump fails here with the lines to write, and is refused at registration."""

import hashlib
import shutil

import pytest
from docx import Document

from documents import registry
from documents.checks import template_files_match_manifest
from documents.models import TemplateVersion
from documents.registry import ManifestError, load_manifest, manifest
from documents.services import current_template_version
from documents.template_source import file_problem

CODES = sorted(manifest())


@pytest.mark.parametrize("code", CODES)
def test_every_committed_template_is_the_file_its_manifest_records(code):
    # a failure names the template and the exact manifest lines to write
    problem = file_problem(manifest()[code])
    assert problem is None, problem


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def edit_in_word(path, old: str, new: str) -> str:
    """Change the wording the way Word would: open the file, change a run, save it."""
    document = Document(str(path))
    cells = [c for t in document.tables for r in t.rows for c in r.cells]
    paragraphs = document.paragraphs + [p for c in cells for p in c.paragraphs]
    runs = [run for p in paragraphs for run in p.runs if old in run.text]
    assert runs, old
    runs[0].text = runs[0].text.replace(old, new)
    document.save(str(path))
    return sha(path.read_bytes())


@pytest.fixture
def area(tmp_path, settings):
    """A copy of common.letter with its own manifest, as the registry's only template."""
    spec = manifest()["common.letter"]
    names = sorted(spec.variables)
    shutil.copy(spec.file, tmp_path / "letter.docx")
    original = sha((tmp_path / "letter.docx").read_bytes())

    def write(*, version: int = 1, digest: str = original, history: list[tuple[int, str]] | None = None):
        pairs = history if history is not None else [(1, original)]
        entries = ", ".join(f'{{ version = {v}, sha256 = "{h}" }}' for v, h in pairs)
        (tmp_path / "manifest.toml").write_text(
            "[[template]]\n"
            'code = "common.letter"\ntitle = "Исходящее письмо"\nfile = "letter.docx"\n'
            f'version = {version}\nsha256 = "{digest}"\nhistory = [{entries}]\n'
            f'number_prefix = "ИСХ"\nvariables = {names!r}\n[template.sample]\n'.replace("'", '"')
            + "".join(f'{name} = "x"\n' for name in names),
            encoding="utf-8",
        )
        registry.manifest.cache_clear()
        return load_manifest(tmp_path)["common.letter"]

    settings.DOC_TEMPLATES_DIR = tmp_path
    registry.manifest.cache_clear()
    write.path = tmp_path / "letter.docx"
    write.original = original
    yield write
    registry.manifest.cache_clear()


def test_the_copy_agrees_with_its_manifest(area):
    assert file_problem(area()) is None


def test_a_file_edited_without_a_version_bump_says_bump_and_record(area):
    # given the file edited in Word and the manifest left as it was
    new = edit_in_word(area.path, "Приложение:", "Приложения:")
    problem = file_problem(area())
    # then the message says to bump the version and record the new hash
    assert "версия — нет" in problem
    assert "version = 2" in problem and f'sha256 = "{new}"' in problem
    assert f'{{ version = 2, sha256 = "{new}" }}' in problem


def test_a_bumped_version_without_the_new_hash_says_record_it(area):
    new = edit_in_word(area.path, "Приложение:", "Приложения:")
    problem = file_problem(area(version=2))
    assert "не записана с хешем файла" in problem and "version = 3" not in problem
    assert f'sha256 = "{new}"' in problem and f'{{ version = 2, sha256 = "{new}" }}' in problem


def test_a_new_hash_without_a_version_bump_says_bump(area):
    new = edit_in_word(area.path, "Приложение:", "Приложения:")
    problem = file_problem(area(digest=new))
    assert "sha256 обновлен, а версия — нет" in problem
    assert "version = 2" in problem and f'{{ version = 2, sha256 = "{new}" }}' in problem


def test_a_version_missing_from_the_history_says_add_it(area):
    new = edit_in_word(area.path, "Приложение:", "Приложения:")
    problem = file_problem(area(version=2, digest=new))
    assert "не записана в history" in problem and f'{{ version = 2, sha256 = "{new}" }}' in problem


def test_a_complete_record_of_the_new_version_agrees(area):
    new = edit_in_word(area.path, "Приложение:", "Приложения:")
    assert file_problem(area(version=2, digest=new, history=[(1, area.original), (2, new)])) is None


def test_a_changed_file_is_refused_at_registration_not_registered(area, db):
    # given the file edited in Word without a version bump
    area()
    new = edit_in_word(area.path, "Приложение:", "Приложения:")
    # when the version is registered on first use
    with pytest.raises(ManifestError) as exc:
        current_template_version(code="common.letter")
    # then it is refused, naming what to write, and nothing is registered
    assert (exc.value.code, exc.value.field) == ("template_file_changed", "template")
    assert f'sha256 = "{new}"' in str(exc.value)
    assert not TemplateVersion.objects.filter(code="common.letter").exists()
    # and once the manifest records it, the new file is version 2
    area(version=2, digest=new, history=[(1, area.original), (2, new)])
    version = current_template_version(code="common.letter")
    assert (version.version, version.sha256) == (2, new)


def test_the_startup_check_warns_of_a_changed_file(area):
    area()
    assert template_files_match_manifest() == []
    edit_in_word(area.path, "Приложение:", "Приложения:")
    [warning] = template_files_match_manifest()
    assert warning.id == "documents.W001" and "common.letter" in warning.msg
