"""The supply demo: interruptions written through the dispatch log (``demo_interruptions``),
then a quality complaint with its act and a restriction for debt (``demo_quality``)."""

from __future__ import annotations

from . import demo_interruptions, demo_quality


def seed(ctx) -> None:
    demo_interruptions.seed(ctx)
    demo_quality.seed(ctx)
