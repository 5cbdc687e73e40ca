"""The project's locale (locale/ru/LC_MESSAGES): the committed .mo is the compiled .po, and
it wins over the libraries' catalogues (docs/setup.md «Язык интерфейса»)."""

from __future__ import annotations

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"


def read_po(path: Path) -> dict:
    """msgid → msgstr of a .po without contexts (what this project's files hold); a plural entry's
    forms as gettext keeps them: (msgid, n) → msgstr[n]."""
    entries: dict = {}
    key = None
    current: dict[str, str] = {}

    def close(entry: dict[str, str]) -> None:
        if "msgid_plural" in entry:
            entries.update({(entry["msgid"], int(k[7:-1])): v for k, v in entry.items() if k.startswith("msgstr[")})
        elif "msgid" in entry:
            entries[entry["msgid"]] = entry.get("msgstr", "")

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#") or not line:
            continue
        if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[")):
            key, _, literal = line.partition(" ")
            if key == "msgid" and "msgid" in current:
                close(current)
                current = {}
            current[key] = ast.literal_eval(literal)
        else:
            current[key] += ast.literal_eval(line)
    close(current)
    entries.pop("", None)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_is_the_source(domain):
    po = read_po(LOCALE / f"{domain}.po")
    with (LOCALE / f"{domain}.mo").open("rb") as handle:
        mo = {k: v for k, v in gettext.GNUTranslations(handle)._catalog.items() if k}
    assert mo == po, f"locale/ru/LC_MESSAGES/{domain}.mo is stale: compile {domain}.po (docs/setup.md «Язык интерфейса»)"


def test_the_project_catalogue_wins_over_viewflow():
    with translation.override("ru"):
        assert translation.gettext("Start and continue") == "Запустить и продолжить"
        assert translation.gettext("Next tasks") == "Следующие задачи"
        assert translation.gettext("No next tasks") == "Нет следующих задач"
        assert "иммет" not in translation.gettext("%(user)s have no rights to access this page")


def test_the_scripts_catalogue_speaks_russian_to_everyone():
    # viewflow's base template loads it on every page, the login page too: no sign-in needed
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").get(reverse("javascript-catalog"))
    assert response.status_code == 200
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)[1])
    # a list's ticked rows: viewflow's gettext reads the first form (Django admin's «Выбран %(sel)s из %(cnt)s» before)
    assert catalog["%(sel)s of %(cnt)s selected"][0] == "Выбрано: %(sel)s из %(cnt)s"
    assert catalog["%(sel)s selected"] == "Выбрано: %(sel)s"
