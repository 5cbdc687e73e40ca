"""The template registry: ``doc_templates/manifest.toml`` plus any
``doc_templates/<area>/manifest.toml`` (one per area, so areas never edit the same file).

Each ``[[template]]`` entry::

    [[template]]
    code = "common.letter"                  # <area>.<name>, unique
    title = "Исходящее письмо"              # Russian title, shown in the archive
    file = "common/letter.docx"             # relative to the manifest's folder
    version = 1                             # version of that file (bump on every change)
    sha256 = "1cb1…"                        # SHA-256 of the committed file (64 hex digits)
    history = [{ version = 1, sha256 = "1cb1…" }]  # every committed (version, sha256), oldest first
    number_prefix = "ИСХ"                   # registration number ИСХ-2026/000001
    builder = "documents.documents:letter_context"  # the context builder (module:function)
    variables = ["organization", "addressee", ...]  # top-level names the template may use

    [template.sample]                       # preview and test data: exactly the variables
    organization = { short_name = "...", ... }

    [template.help]                         # one line in Russian per variable: what it holds
    organization = "Наша организация: наименование, адрес, реквизиты"

Besides its variables every template may use ``document`` (``document.number``,
``document.date``, ``document.date_long``, ``document.date_quoted``, and
``document.replaces`` — the number and date of the document a correction replaces, or
empty), which ``issue_document`` fills in.

The committed ``.docx`` is the source (docs/documents.md, "Changing a template"): a file
that no longer matches its ``sha256`` is refused at registration, and
``documents.template_source.file_problem`` says what to put in the manifest.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from core.errors import ApplicationError

ENGINE_VARIABLES = frozenset({"document"})
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
PREFIX_RE = re.compile(r"^[A-ZА-ЯЁ0-9]{1,10}$")
IDENTIFIER_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
REQUIRED = ("code", "title", "file", "version", "sha256", "number_prefix", "variables", "sample")


class ManifestError(ApplicationError):
    pass


@dataclass(frozen=True)
class TemplateSpec:
    code: str
    title: str
    file: Path
    version: int
    number_prefix: str
    variables: frozenset[str]
    sample: dict = field(hash=False, compare=False)
    builder: str = ""
    manifest: Path | None = None
    sha256: str = ""  # of the committed file; with ``history``: docs/documents.md, "Changing a template"
    history: tuple[tuple[int, str], ...] = ()  # every committed (version, sha256), oldest first
    help: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def load_builder(self):
        """The context builder named by ``builder`` (``module:function``)."""
        module, _, name = self.builder.partition(":")
        return getattr(importlib.import_module(module), name)


def templates_dir() -> Path:
    return Path(getattr(settings, "DOC_TEMPLATES_DIR", settings.BASE_DIR / "doc_templates"))


def manifest_files(root: Path | None = None) -> list[Path]:
    root = root or templates_dir()
    files = [root / "manifest.toml"] if (root / "manifest.toml").exists() else []
    return files + sorted(root.glob("*/manifest.toml"))


def parse_entry(entry: dict, manifest: Path) -> TemplateSpec:
    where = f"{manifest.name if manifest.parent.name == 'doc_templates' else manifest}"
    code = entry.get("code", "?")
    problems = [f"нет ключа «{key}»" for key in REQUIRED if key not in entry]
    if problems:
        raise ManifestError(f"Манифест {where}, шаблон {code}: " + "; ".join(problems), code="manifest_invalid", field="manifest")
    if not CODE_RE.match(str(code)):
        problems.append("код должен иметь вид «область.имя» латиницей в нижнем регистре")
    if not str(entry["title"]).strip():
        problems.append("пустое название")
    path = (manifest.parent / entry["file"]).resolve()
    if not path.is_file():
        problems.append(f"файл {entry['file']} не найден")
    if not isinstance(entry["version"], int) or entry["version"] < 1:
        problems.append("версия должна быть целым числом ≥ 1")
    if not SHA256_RE.match(str(entry["sha256"])):
        problems.append("sha256 — SHA-256 файла: 64 шестнадцатеричные цифры в нижнем регистре")
    history = _history(entry.get("history", []), entry["version"], problems)
    if not PREFIX_RE.match(str(entry["number_prefix"])):
        problems.append("префикс номера — до 10 заглавных букв или цифр")
    variables = entry["variables"]
    if not isinstance(variables, list) or not all(IDENTIFIER_RE.match(str(v)) for v in variables):
        problems.append("variables — список имен латиницей")
        variables = []
    if ENGINE_VARIABLES & set(variables):
        problems.append(f"имена {sorted(ENGINE_VARIABLES)} заполняются при выпуске, не объявляйте их")
    sample = entry["sample"]
    if not isinstance(sample, dict):
        problems.append("sample — таблица с примером данных")
    elif set(sample) != set(variables):
        missing, extra = set(variables) - set(sample), set(sample) - set(variables)
        if missing:
            problems.append(f"в sample нет переменных: {', '.join(sorted(missing))}")
        if extra:
            problems.append(f"в sample лишние переменные: {', '.join(sorted(extra))}")
    help_ = entry.get("help", {})
    if not isinstance(help_, dict) or not all(isinstance(v, str) and v.strip() for v in help_.values()):
        problems.append("help — таблица «переменная = смысл одной строкой»")
        help_ = {}
    elif set(help_) - set(variables):
        problems.append(f"в help лишние переменные: {', '.join(sorted(set(help_) - set(variables)))}")
    builder = entry.get("builder", "")
    if builder and ":" not in builder:
        problems.append("builder — «модуль:функция»")
    if problems:
        raise ManifestError(f"Манифест {where}, шаблон {code}: " + "; ".join(problems), code="manifest_invalid", field="manifest")
    return TemplateSpec(
        code=code, title=str(entry["title"]).strip(), file=path, version=entry["version"],
        number_prefix=entry["number_prefix"], variables=frozenset(variables), sample=sample,
        builder=builder, manifest=manifest, sha256=entry["sha256"], history=history,
        help={name: " ".join(text.split()) for name, text in help_.items()},
    )


def _history(history: object, version: object, problems: list[str]) -> tuple[tuple[int, str], ...]:
    """``history = [{ version = 1, sha256 = "…" }, …]``: versions rising, none above ``version``."""
    pairs = []
    if isinstance(history, list):
        for item in history:
            if not (isinstance(item, dict) and set(item) == {"version", "sha256"} and isinstance(item["version"], int)
                    and item["version"] >= 1 and SHA256_RE.match(str(item["sha256"]))):
                break
            pairs.append((item["version"], item["sha256"]))
        else:
            versions = [v for v, _ in pairs]
            if versions == sorted(set(versions)) and (not versions or not isinstance(version, int) or versions[-1] <= version):
                return tuple(pairs)
    problems.append("history — список { version = N, sha256 = \"…\" } по возрастанию версий, не выше version")
    return ()


def load_manifest(root: Path | None = None) -> dict[str, TemplateSpec]:
    specs: dict[str, TemplateSpec] = {}
    for manifest in manifest_files(root):
        try:
            data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ManifestError(
                f"Манифест {manifest}: ошибка TOML — {exc}", code="manifest_unreadable", field="manifest"
            ) from exc
        for entry in data.get("template", []):
            spec = parse_entry(entry, manifest)
            if spec.code in specs:
                raise ManifestError(f"Шаблон {spec.code} объявлен дважды ({manifest})", code="duplicate", field="manifest")
            specs[spec.code] = spec
    return specs


@lru_cache(maxsize=1)
def manifest() -> dict[str, TemplateSpec]:
    return load_manifest()


def file_sha256(spec: TemplateSpec) -> str:
    """The SHA-256 of the template's file in the repository as it is now (cached while
    the file's size and modification time stay the same)."""
    stat = spec.file.stat()
    return _file_sha256(str(spec.file), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _file_sha256(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def get_spec(code: str) -> TemplateSpec:
    try:
        return manifest()[code]
    except KeyError:
        raise ApplicationError(f"Шаблон «{code}» не зарегистрирован в манифесте", code="not_found", field="template") from None
