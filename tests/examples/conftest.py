"""The examples' shared fixture: one warm server per pytest worker (see ``warm_python``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from warm_python import WarmPython


@pytest.fixture(scope="session")
def warm_python() -> Iterator[WarmPython]:
    runner = WarmPython()
    yield runner
    runner.close()
