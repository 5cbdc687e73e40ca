"""Every refusal carries a stable code: an ``ApplicationError(...)`` (or a call of
``core.bounds.fail`` or a plain subclass) without ``code=`` is a finding
(docs/input-limits.md, "Ошибки и их коды")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {"tests", ".venv", "var", "migrations", "node_modules"}
# Calls that build an ApplicationError from their arguments: each must name the code.
# (Subclasses with an ``__init__`` of their own — ImportRefused, StatementFormatError,
# PeriodClosedError, ConversionError — set their code there.)
BUILDERS = {"ApplicationError", "ManifestError", "fail"}

def _sources(root: Path):
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if not SKIPPED.intersection(relative.parts):
            yield relative


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _uncoded(root: Path, relative: Path) -> list[str]:
    source = (root / relative).read_text(encoding="utf-8")
    if "ApplicationError" not in source and "bounds" not in source and "ManifestError" not in source:
        return []
    found = []
    for function, node in _calls(ast.parse(source)):
        if _name(node) not in BUILDERS:
            continue
        keywords = {keyword.arg for keyword in node.keywords}
        if _name(node) == "fail" and len(node.args) != 2:
            continue  # an import plan's ``fail(record, field, message)``, not a refusal built here
        if "code" in keywords or None in keywords:  # ``**kwargs`` passes the code through
            continue
        found.append((str(relative), function, f"{relative}:{node.lineno} {_name(node)}(…) без code="))
    return found


def _calls(tree: ast.AST, function: str = ""):
    """Every call of the tree with the name of the function that holds it."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Call):
            yield function, node
        inner = node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        yield from _calls(node, inner)


def test_every_application_error_names_its_code():
    # when
    found = [finding for relative in _sources(ROOT) for finding in _uncoded(ROOT, relative)]
    # then
    assert [shown for _, _, shown in found] == []


def test_the_scan_finds_a_raise_without_a_code(tmp_path):
    # given
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "services.py").write_text(
        "from core.errors import ApplicationError\n"
        "def check():\n"
        "    raise ApplicationError('нет', field='x')\n"
        "def coded():\n"
        "    raise ApplicationError('нет', code='not_found', field='x')\n",
        encoding="utf-8",
    )
    # when
    found = [finding for relative in _sources(tmp_path) for finding in _uncoded(tmp_path, relative)]
    # then
    assert found == [("app/services.py", "check", "app/services.py:3 ApplicationError(…) без code=")]
