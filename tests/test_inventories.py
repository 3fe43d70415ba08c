"""The committed intersphinx inventories (docs/_inventories) are what tools/inventories.py writes
from the installed (locked) packages: after a change of the lock, ``nox -s inventories``."""

from __future__ import annotations

import zlib

import pytest

from tools.inventories import FOLDER, inventories


@pytest.mark.parametrize("name", ["pytorch.inv", "python.inv", "numpy.inv", "matplotlib.inv"])
def test_each_committed_inventory_is_what_the_tool_writes(name: str) -> None:
    header, lines = inventories()[name]
    committed = (FOLDER / name).read_bytes()
    assert committed.startswith(header), f"{name}: another version; run `nox -s inventories`"
    body = zlib.decompress(committed[len(header) :]).decode()
    assert body == lines, (
        f"{name} differs from what tools/inventories.py writes: run `nox -s inventories`"
    )
    assert "torch.nn.LSTM py:class" in lines or name != "pytorch.inv"
