"""The search page puts the page that answers a query first, at both base URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sitecheck import search_results

# A query a reader types, and the page (from the site map) that must be the FIRST result.
QUERIES = {
    "h_n": "explain/final-states.html",
    "h_n order": "explain/final-states.html",
    "which row of h_n": "explain/final-states.html",
    "batch_first h_n": "explain/final-states.html",
    "summary vector": "explain/output-tensor.html",
    "proj_size": "auto_examples/basics/plot_proj_size.html",
    "pack_padded_sequence": "auto_examples/variable_length/plot_packing.html",
    "merge_mode": "explain/cheat-sheet.html",
    "input.size(-1) must be equal to input_size": "questions/error-messages.html",
    "CUBLAS_WORKSPACE_CONFIG": "questions/on-a-gpu.html",
}


@pytest.mark.parametrize("query", list(QUERIES))
def test_search_puts_the_answer_first(
    browser: Any, base_url: str, site_dir: Path, query: str
) -> None:
    found, problems = search_results(browser, base_url, site_dir, query)
    assert found, f"no results for {query!r}"
    assert found[0] == QUERIES[query], f"{query!r} finds {found[:5]} first, not {QUERIES[query]}"
    assert not problems, "\n".join(problems)
