"""Every audit action code recorded anywhere in the code has a Russian name (audit/actions.py),
and the audit pages show names and a readable detail, never codes or a Python dict."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from audit.actions import action_name, is_named

APPS = ["accounts", "audit", "billing", "config", "core", "documents", "metering", "reference", "settlements",
        "subscribers", "workflows"]
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# an f-string's placeholders take these values (the kinds of billing's output jobs, an admin model/verb)
PLACEHOLDERS = {"kind": "upd", "job.kind": "upd", "meta.model_name": "consumer", "verb": "change"}


def recorded_codes() -> set[str]:
    """Action codes in modules that record audit events: ``action=`` arguments, ``*ACTION*``
    constants, and dotted strings ending in an event word in those modules."""
    codes: set[str] = set()
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            if "record_event" not in source and "ACTION" not in source:
                continue
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.keyword) and node.arg == "action" and isinstance(node.value, ast.JoinedStr):
                    codes.add(expand(node.value))
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                    last = node.value.rsplit(".", 1)[1]
                    if last.endswith(("ed", "_set")) or last in {"set", "run", "login", "logout", "made"}:
                        codes.add(node.value)
    return codes


def expand(value: ast.JoinedStr) -> str:
    parts = []
    for piece in value.values:
        if isinstance(piece, ast.Constant):
            parts.append(piece.value)
        else:
            expression = ast.unparse(piece.value)
            parts.append(PLACEHOLDERS.get(expression, "failed"))
    return "".join(parts)


def test_every_recorded_action_has_a_russian_name():
    codes = recorded_codes()
    assert {"auth.login", "calc.run", "consumer.created", "billing.output_job.upd_started"} <= codes
    unnamed = sorted(code for code in codes if not is_named(code))
    assert not unnamed, "audit actions without a Russian name (audit/actions.py):\n" + "\n".join(unnamed)


def test_names():
    assert action_name("auth.login") == "Вход в систему"
    assert action_name("calc.run") == "Расчет выполнен"
    assert action_name("contract.updated") == "Изменение договора"
    assert action_name("no.such_code") == "no.such_code"


@pytest.mark.django_db
def test_the_audit_pages_show_names_and_a_readable_detail(make_user):
    from accounts.roles import MANAGER
    from audit.services import record_event

    event = record_event(action="calc.run", data={"kind": "penalty", "result": {"sum": "12.50", "days": 3}})
    client = Client()
    client.force_login(make_user(MANAGER))
    listing = client.get("/documents/audit/").content.decode()
    assert "Расчет выполнен" in listing and ">calc.run<" not in listing
    detail = client.get(f"/documents/audit/{event.pk}/detail/").content.decode()
    assert "Расчет выполнен" in detail
    assert "{&#x27;" not in detail and "{'" not in detail  # no Python dict
    assert "<th" in detail and "result.sum" in detail and "12.50" in detail
