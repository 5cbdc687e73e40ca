import io
import json

import pytest
from django.core.management import call_command


@pytest.fixture
def calc(db, tmp_path, monkeypatch):
    """``calc(kind, payload)`` → (exit code, decoded stdout) through ``manage.py calc``.

    The payload goes through a file (``--input FILE``) or stdin (``via="stdin"``);
    a string payload is passed as it is (for broken JSON).
    """

    def run(kind: str, payload, *, via: str = "file"):
        text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        out = io.StringIO()
        if via == "stdin":
            monkeypatch.setattr("sys.stdin", io.StringIO(text))
            source = "-"
        else:
            path = tmp_path / "input.json"
            path.write_text(text, encoding="utf-8")
            source = str(path)
        try:
            call_command("calc", kind, "--input", source, stdout=out)
            code = 0
        except SystemExit as exc:
            code = exc.code
        return code, json.loads(out.getvalue())

    return run
