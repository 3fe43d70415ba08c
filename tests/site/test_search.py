"""The search page puts the page that answers a query first, at both base URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from sitecheck import DESKTOP, Visit, check_links

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
RESULTS_DONE_JS = """
() => /Search finished/.test(document.querySelector("#search-results")?.textContent ?? "")
"""


def _results(browser: Any, base_url: str, site_dir: Path, query: str) -> tuple[list[str], Visit]:
    """The result pages, best first, as paths relative to the site root; the visit's problems."""
    visit = Visit()
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        visit.watch(page)
        page.goto(f"{base_url}search.html?q={quote(query)}", wait_until="load")
        page.wait_for_function(RESULTS_DONE_JS, timeout=30_000)
        visit.settle(page)
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search > li > a", "(links) => links.map((a) => a.href)"
        )
        _, broken = check_links(page, base_url, site_dir)
    finally:
        context.close()
    visit.problems.extend(broken)
    base_path = urlsplit(base_url).path
    return [urlsplit(href).path[len(base_path) :] for href in hrefs], visit


@pytest.mark.parametrize("query", list(QUERIES))
def test_search_puts_the_answer_first(
    browser: Any, base_url: str, site_dir: Path, query: str
) -> None:
    found, visit = _results(browser, base_url, site_dir, query)
    assert found, f"no results for {query!r}"
    assert found[0] == QUERIES[query], f"{query!r} finds {found[:5]} first, not {QUERIES[query]}"
    assert not visit.problems, "\n".join(visit.problems)
