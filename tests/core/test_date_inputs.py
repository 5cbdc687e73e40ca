"""One date box for the whole project (core.forms.DateInput, ДД.ММ.ГГГГ): no form or page asks
for a browser date input, which shows the browser's own format (mm/dd/yyyy in an English
browser) and an empty box for a formatted value."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BROWSER_DATE = re.compile(r"""type=["']date["']|["']type["']\s*:\s*["']date["']""")
QUOTED = re.compile(r"``.*?``")  # a docstring naming the browser's box is not a form using it
SKIPPED = {".venv", "var", "tests", "node_modules", ".git"}


def sources() -> list[Path]:
    return [
        path for pattern in ("*.py", "*.html") for path in ROOT.rglob(pattern)
        if not set(path.relative_to(ROOT).parts) & SKIPPED
    ]


def test_no_form_or_page_uses_the_browsers_date_input():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BROWSER_DATE.search(QUOTED.sub("", line))
    ]
    assert found == []


def test_the_scan_finds_one():
    assert BROWSER_DATE.search('widget=forms.DateInput(attrs={"type": "date"})')
    assert BROWSER_DATE.search('<input type="date" name="as_of">')
    assert not BROWSER_DATE.search('<input type="text" name="date">')
