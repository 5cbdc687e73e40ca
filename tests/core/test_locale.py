"""The project's locale (locale/ru/LC_MESSAGES): the committed .mo is the compiled .po, and
it wins over the libraries' catalogues (docs/setup.md «Язык интерфейса»)."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po without plurals or contexts (what this project's file holds)."""
    entries: dict[str, str] = {}
    key = None
    current: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#") or not line:
            continue
        if line.startswith(("msgid ", "msgstr ")):
            key, _, literal = line.partition(" ")
            if key == "msgid" and "msgid" in current:
                entries[current["msgid"]] = current.get("msgstr", "")
                current = {}
            current[key] = ast.literal_eval(literal)
        else:
            current[key] += ast.literal_eval(line)
    if "msgid" in current:
        entries[current["msgid"]] = current.get("msgstr", "")
    entries.pop("", None)
    return entries


def test_the_compiled_catalogue_is_the_source():
    po = read_po(LOCALE / "django.po")
    with (LOCALE / "django.mo").open("rb") as handle:
        mo = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}
    assert mo == po, "locale/ru/LC_MESSAGES/django.mo is stale: compile django.po (docs/setup.md «Язык интерфейса»)"


def test_the_project_catalogue_wins_over_viewflow():
    with translation.override("ru"):
        assert translation.gettext("Start and continue") == "Запустить и продолжить"
        assert translation.gettext("Next tasks") == "Следующие задачи"
        assert translation.gettext("No next tasks") == "Нет следующих задач"
        assert "иммет" not in translation.gettext("%(user)s have no rights to access this page")
