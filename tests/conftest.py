"""Shared test configuration: one deterministic hypothesis profile for the whole suite."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

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
