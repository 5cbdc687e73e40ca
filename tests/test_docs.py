"""The documentation cites only what exists: links and repository paths in README.md and
docs/*.md, the docs/*.md files (and their sections) named in code, and nothing outside the
repository.

A repository path is a token in inline code that starts with a top-level directory of the
repository (``billing/run/compute.py``, ``tests/documents/pdf/``); placeholders
(``doc_templates/<area>/manifest.toml``) are not paths, globs (``tests/*/role_matrix.py``)
must match something. Directories ignored by git (``var/``, ``.venv``) hold what the system
writes at run time, so paths under them are not checked.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import unicodedata
from pathlib import Path

import pytest

pytestmark = pytest.mark.dateless  # the repository's text: no date is read

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SKIP_DIRS = {".git", "__pycache__"}

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
INLINE_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
FENCE = re.compile(r"^\s*```")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
DOCS_MENTION = re.compile(r"\bdocs/[\w.-]+\.md\b")
DOCS_SECTION = re.compile(r"\b(docs/[\w.-]+\.md), \"([^\"]+)\"")
PLACEHOLDER = re.compile(r"[<>{}…|]")


def ignored_by_git() -> set[str]:
    names = set()
    for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines():
        line = line.strip().rstrip("/")
        if line and not line.startswith("#") and not any(c in line for c in "*?[/"):
            names.add(line)
    return names


TOP_DIRS = {
    p.name for p in ROOT.iterdir() if p.is_dir() and p.name not in SKIP_DIRS | ignored_by_git()
}


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """Lines outside fenced code blocks, with their numbers."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
    kept = "".join(
        c for c in text
        if c in " -_" or unicodedata.category(c)[0] in "LN"
    )
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    for _, line in prose_lines(path):
        match = HEADING.match(line)
        if match:
            base = slug(match.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            result.add(base if count == 0 else f"{base}-{count}")
    return result


def has_section(path: Path, section: str) -> bool:
    """A heading named ``section``, or ``section`` followed by a parenthesis (its paths)."""
    return any(
        m.group(2) == section or m.group(2).startswith(f"{section} (")
        for _, line in prose_lines(path)
        if (m := HEADING.match(line))
    )


def repository_paths(code: str) -> list[str]:
    """The tokens of an inline code span that are repository paths."""
    paths = []
    for token in code.split():
        token = token.strip("\"'(),;:")
        first = token.split("/", 1)[0]
        if "/" in token and first in TOP_DIRS and not PLACEHOLDER.search(token):
            paths.append(token)
    return paths


def exists(relative: str) -> bool:
    if "*" in relative:
        return any(ROOT.glob(relative))
    return (ROOT / relative).exists()


def python_files() -> list[Path]:
    return [
        p for p in ROOT.rglob("*.py")
        if not (set(p.relative_to(ROOT).parts[:-1]) & (SKIP_DIRS | ignored_by_git()))
    ]


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_of_the_docs_leads_somewhere(doc):
    # given the markdown links of the document (web addresses aside)
    broken = []
    for number, line in prose_lines(doc):
        for target in LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):
                continue
            # when the link is followed: its file, then its anchor
            file_part, _, anchor = target.partition("#")
            linked = (doc.parent / file_part).resolve() if file_part else doc
            # then the file exists and, for a markdown file, so does the heading
            if not linked.exists():
                broken.append(f"{doc.name}:{number}: {target} — no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{doc.name}:{number}: {target} — no such heading")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_path_the_docs_cite_exists(doc):
    # given every repository path in the document's inline code
    missing = [
        f"{doc.name}:{number}: {path}"
        for number, line in prose_lines(doc)
        for code in INLINE_CODE.findall(line)
        for path in repository_paths(code)
        if not exists(path)
    ]
    # then each is in the repository
    assert not missing, "\n".join(missing)


def test_the_path_rule_takes_repository_paths_only():
    # given code spans with paths, placeholders, addresses and paths under ignored directories
    # when the repository paths are picked out
    # then only the paths under a top-level directory of the repository are
    assert repository_paths("billing/run/compute.py") == ["billing/run/compute.py"]
    assert repository_paths("manage.py import_readings metering/samples/x.csv --source N") == [
        "metering/samples/x.csv"
    ]
    assert repository_paths("doc_templates/<area>/manifest.toml") == []
    assert repository_paths("/api/billing/export/") == []
    assert repository_paths("var/preview/a.docx") == []
    assert repository_paths("run/inputs.py") == []
    assert not exists("billing/run/no_such_module.py")
    assert exists("tests/*/role_matrix.py")


TOP_DIR_NAMES = "|".join(sorted(map(re.escape, TOP_DIRS)))
CODE_PATH = re.compile(rf"(?<![\w./-])((?:{TOP_DIR_NAMES})/[\w./*-]*[\w*/])")


def docstrings_and_comments(path: Path) -> list[tuple[int, str]]:
    """The module's, classes' and functions' docstrings and the comments, with their lines."""
    source = path.read_text(encoding="utf-8")
    texts = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                texts.append((getattr(node, "lineno", 1), docstring))
    return texts


def cited_in_code_exists(relative: str) -> bool:
    """A path, or a template name (``core/record_detail.html``) under some app's templates/."""
    if exists(relative):
        return True
    return relative.endswith(".html") and any(ROOT.glob(f"*/templates/{relative}"))


def test_every_repository_path_docstrings_and_comments_cite_exists():
    # given the repository paths named in docstrings and comments (migrations aside: they are
    # history and keep the names of their day)
    missing = sorted(
        f"{path.relative_to(ROOT)}:{number}: {cited}"
        for path in python_files()
        if "migrations" not in path.parts
        for number, text in docstrings_and_comments(path)
        for match in CODE_PATH.finditer(text)
        if not PLACEHOLDER.search(cited := match.group(1).rstrip("."))
        and not cited_in_code_exists(cited)
    )
    # then each is in the repository
    assert not missing, "\n".join(missing)


def test_a_docstring_citing_a_missing_path_is_caught(tmp_path):
    # given a module whose docstring and comment cite one real and two missing paths
    module = tmp_path / "cites.py"
    module.write_text(
        '"""Built by billing/run/compute.py and by billing/run/gone.py."""\n'
        "# see core/record_detail.html and core/no_such.html\n",
        encoding="utf-8",
    )
    # when the cited paths are checked
    cited = [m.group(1) for _, t in docstrings_and_comments(module) for m in CODE_PATH.finditer(t)]
    # then the missing ones, and only they, fail
    assert sorted(c for c in cited if not cited_in_code_exists(c)) == [
        "billing/run/gone.py", "core/no_such.html"
    ]


def test_every_docs_file_named_in_code_exists():
    # given the docs/*.md files named in the code's docstrings and comments
    missing = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files()
        for name in DOCS_MENTION.findall(path.read_text(encoding="utf-8"))
        if not (ROOT / name).exists()
    )
    # then each exists
    assert not missing, "\n".join(missing)


def test_every_docs_section_named_in_code_exists():
    # given the sections named in code as «docs/law.md, "Penalties"»
    missing = sorted(
        f"{path.relative_to(ROOT)}: {name}, \"{section}\""
        for path in python_files()
        for name, section in DOCS_SECTION.findall(path.read_text(encoding="utf-8"))
        if (ROOT / name).exists() and not has_section(ROOT / name, section)
    )
    # then the file has a heading of that name
    assert not missing, "\n".join(missing)


def test_nothing_cites_files_outside_the_repository():
    # given the docs and the code
    outside = re.compile("|".join([
        re.escape("regulations" + ".md"),        # the team's notes, not part of the repository
        re.escape("documents" + ".md §"),
        re.escape("/work/" + "shared"),
        re.escape("../" + "shared/"),
    ]))
    # then none of them points at a file the repository does not hold
    found = sorted(
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in [*MARKDOWN, *python_files()]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    )
    assert not found, "\n".join(found)
