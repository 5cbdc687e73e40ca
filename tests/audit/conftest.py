"""Fixtures for the audit tests."""

import pytest

from .attacker import Attacker


@pytest.fixture
def attacker() -> Attacker:
    return Attacker()
