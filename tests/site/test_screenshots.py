"""Screenshots for a person to look at: artifacts/site/<page>-<width>[-dark].png (not committed).

The home page and one gallery page, on a desktop (1280 px) and a phone (390 px) screen, served
under the GitHub Pages sub-path. The test also fails if a page draws nothing (an empty capture).
"""

from __future__ import annotations

from typing import Any

import pytest
from sitecheck import ARTIFACTS, DESKTOP, PHONE, Visit

SHOTS = {
    "home": "index.html",
    "gallery": "auto_examples/basics/plot_shapes_at_a_glance.html",
}


@pytest.mark.parametrize("name", sorted(SHOTS))
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(browser: Any, servers: dict[str, str], name: str, theme: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit = Visit()
    context = browser.new_context(viewport=DESKTOP, color_scheme=theme)
    try:
        page = context.new_page()
        visit.watch(page)
        page.goto(servers["subpath"] + SHOTS[name], wait_until="load")
        visit.settle(page)
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            page.wait_for_timeout(100)
            suffix = "" if theme == "light" else "-dark"
            path = ARTIFACTS / f"{name}-{size['width']}{suffix}.png"
            page.screenshot(path=str(path), full_page=size is PHONE)
            assert path.stat().st_size > 10_000, f"{path} is suspiciously small"
    finally:
        context.close()
    assert not visit.problems, "\n".join(visit.problems)
