"""The using-the-library page: its padding-contamination claim and its assertion agree.

The page claims that a bidirectional model run on a padded, unpacked batch has read the padding
at each shorter sequence's last real step, and asserts it by comparing with the sequence run
alone. A comparison proves the claim only if it would *not* fire without padding. This test runs
the page's own cells up to that one, then repeats the page's comparison on an unpadded batch:
the page's comparison says "no padding read" there, while the comparison the page used before
(the backward half against the backward final state, which is the state at step 0) still
"finds" contamination, which is why it proved nothing.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

import pytest
import torch

PAGE = Path(__file__).resolve().parents[1] / "docs" / "using-the-library.md"
CELL = re.compile(r"```\{code-cell\} ipython3\n(.*?)```", re.DOTALL)


@pytest.fixture(scope="module")
def page() -> dict[str, Any]:
    """The page's namespace after its cells up to and including the contamination cell."""
    namespace: dict[str, Any] = {"__name__": "using_the_library"}
    for source in CELL.findall(PAGE.read_text(encoding="utf-8")):
        exec(compile(source, str(PAGE), "exec"), namespace)
        if "def read_padding" in source:
            return namespace
    raise AssertionError("the page has no contamination cell (def read_padding)")


def test_page_comparison_is_silent_without_padding_and_the_old_one_is_not(
    page: dict[str, Any],
) -> None:
    lstm, last_valid_step, summary_vector = (
        page["lstm"],
        page["last_valid_step"],
        page["summary_vector"],
    )
    T, N, H = page["T"], page["N"], page["H"]
    page["lengths"] = torch.full((N,), T)  # no sequence is padded
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("error")  # no padding: last_valid_step has nothing to warn about
        clean = last_valid_step(lstm(page["padded_x"])[0], page["lengths"], rnn=lstm)
        for n in range(N):
            for half in (page["FORWARD"], page["BACKWARD"]):
                assert not page["read_padding"](clean, n, half)
        # The page's old comparison: backward half at the last step vs. the backward final
        # state of the sequence alone (its state at step 0). It "detects" padding even here.
        _, (h_alone, _) = lstm(page["padded_x"][:, 1])
        old_claims_padding = not torch.allclose(
            clean[1, H:], summary_vector(h_alone, lstm)[H:], atol=1e-4
        )
    assert old_claims_padding
