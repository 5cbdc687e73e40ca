"""Demo data pipeline: every app may have a ``demo.py`` with ``seed(ctx: DemoContext)``.

``manage.py seed_demo`` calls them in INSTALLED_APPS order (which is dependency order),
each inside its own transaction. Seeds go through services, so the demo database carries
the same audit events and archived documents that real work would leave.

A ``demo.py`` may also have ``seeding(ctx, *, log)``, a context manager held around the
whole seed (the documents' warm PDF pool): core names no app (docs/architecture.md).
"""

from __future__ import annotations

import importlib
import random
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db import transaction


@dataclass
class DemoContext:
    """Shared state between app seeds: a seeded RNG, the demo "today", and notes to print."""

    seed: int = 20261126
    today: date = date(2026, 11, 26)
    rng: random.Random = field(init=False)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # role, username, password
    notes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    pdf_pool: bool = True  # documents' ``seeding``: a warm LibreOffice pool for the seed's PDFs

    def __post_init__(self):
        self.rng = random.Random(self.seed)


def demo_modules():
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "seed") and module is not importlib.import_module(__name__):
            yield config.name, module


def seed_all(ctx: DemoContext, *, log=print) -> DemoContext:
    modules = list(demo_modules())
    with ExitStack() as around:
        for _name, module in modules:
            if hasattr(module, "seeding"):
                around.enter_context(module.seeding(ctx, log=log))
        for name, module in modules:
            started = time.perf_counter()
            with transaction.atomic():
                module.seed(ctx)
            # after the commit: the PDF conversions queued on commit count to the app that issued
            log(f"… {name}: {time.perf_counter() - started:.1f} с")
    return ctx
