"""core's seed_all names no app: an app's ``demo.py`` may hold ``seeding(ctx, *, log)``, a
context manager around the whole seed (the documents' warm PDF pool)."""

from contextlib import contextmanager
from types import SimpleNamespace

import pytest

from core import demo
from core.demo import DemoContext, seed_all
from documents import demo as documents_demo


@pytest.mark.django_db
def test_the_seeding_hooks_are_held_around_every_seed(monkeypatch):
    # given two apps' demos, the first with a seeding hook
    steps = []

    @contextmanager
    def seeding(ctx, *, log):
        steps.append("enter")
        yield
        steps.append("exit")

    modules = [
        ("first", SimpleNamespace(seed=lambda ctx: steps.append("first"), seeding=seeding)),
        ("second", SimpleNamespace(seed=lambda ctx: steps.append("second"))),
    ]
    monkeypatch.setattr(demo, "demo_modules", lambda: iter(modules))
    # when the demo is seeded
    seed_all(DemoContext(), log=lambda line: None)
    # then the hook is entered before the first seed and left after the last
    assert steps == ["enter", "first", "second", "exit"]


def test_without_the_pool_the_documents_seeding_starts_nothing(monkeypatch):
    # given `seed_demo --no-pdf-pool`
    from documents.pdf import launcher

    monkeypatch.setattr(launcher, "PoolProcess", None)  # would fail if used
    # when the documents' seeding hook is held, then it only yields
    with documents_demo.seeding(DemoContext(pdf_pool=False), log=print):
        pass
