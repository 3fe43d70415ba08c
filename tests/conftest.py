"""Shared test configuration: one deterministic hypothesis profile for the whole suite, and one
warm server per pytest worker to run examples in fresh processes (``warm_python.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from warm_python import WarmPython

# Deterministic (derandomize) and fast: tiny modules, a modest number of examples, no deadline
# (the first call into torch is slow on a loaded machine and would trip a per-example deadline).
settings.register_profile(
    "lstm_outputs",
    derandomize=True,
    deadline=None,
    max_examples=40,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("lstm_outputs")


@pytest.fixture(scope="session")
def warm_python() -> Iterator[WarmPython]:
    runner = WarmPython()
    yield runner
    runner.close()
