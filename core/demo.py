"""Demo data pipeline: every app may have a ``demo.py`` with ``seed(ctx: DemoContext)``.

``manage.py seed_demo`` calls them in INSTALLED_APPS order (which is dependency order),
each inside its own transaction. Seeds go through services, so the demo database carries
the same audit events and archived documents that real work would leave.

A ``demo.py`` may also have ``seeding(ctx, *, log)``, a context manager held around the
whole seed (the documents' warm PDF pool): core names no app (docs/architecture.md).
"""

from __future__ import annotations

import calendar
import importlib
import random
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db import transaction

# The demo's dates are written for this day; ``DemoContext.shift_months`` / ``shift_years``
# move them to the day the demo is seeded, so its pages agree with the machine's clock.
REFERENCE_TODAY = date(2026, 11, 26)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day of the month clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass
class DemoContext:
    """Shared state between app seeds: a seeded RNG, the demo "today" (the day it is seeded
    unless given), and notes to print."""

    seed: int = 20261126
    today: date = field(default_factory=date.today)
    rng: random.Random = field(init=False)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # role, username, password
    notes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    pdf_pool: bool = True  # documents' ``seeding``: a warm LibreOffice pool for the seed's PDFs

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    @property
    def month(self) -> date:
        """The first day of the demo's current (open) month."""
        return self.today.replace(day=1)

    def shift_months(self, day: date) -> date:
        """A date written for ``REFERENCE_TODAY`` moved by the months between it and the demo's today."""
        months = (self.today.year - REFERENCE_TODAY.year) * 12 + self.today.month - REFERENCE_TODAY.month
        return add_months(day, months)

    def shift_years(self, day: date) -> date:
        """A calendar-year date (a power of attorney, a yearly contract) moved to the demo's year."""
        return add_months(day, 12 * (self.today.year - REFERENCE_TODAY.year))

    def heating_seasons(self, since: date) -> list[tuple[date, date | None]]:
        """Heating seasons from the autumn before ``since`` to the demo's today (the last one
        open when it is still going): from the 28th of September to the 8th of May."""
        seasons: list[tuple[date, date | None]] = []
        for year in range(since.year - 1, self.today.year + 1):
            starts, ends = date(year, 9, 28), date(year + 1, 5, 8)
            if starts > self.today or ends < since:
                continue
            seasons.append((starts, ends if ends < self.today else None))
        return seasons


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
