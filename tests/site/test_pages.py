"""Every page of the built site, opened in Chromium as a reader would, at both base URLs.

Per page, in one visit: no console error, no uncaught error, no failed or >= 400 request, in the
light theme (a first visit, nothing stored) and again in the dark theme (stored as the theme
switcher stores it); every image loaded with alt text that describes it; every link inside the
site and its #anchor exist; axe-core finds no critical or serious WCAG 2 A/AA violation (light
theme at one base URL, dark at the other); and on a 390 px wide screen nothing scrolls sideways.
Both editions: the English pages at the root, the Chinese ones under zh_CN/, each with
``<html lang>`` naming its language ("zh-CN").
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitecheck import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    SUBPATH,
    Visit,
    check_axe,
    check_images,
    check_language,
    check_links,
    check_math,
    check_overflow,
    site_pages,
)

PAGES = site_pages()
# 404.html is written for GitHub Pages' sub-path (its links start with /lstm-outputs/, see
# notfound_urls_prefix in docs/conf.py) and a host only ever serves it there, for missing paths:
# it is checked under the sub-path, directly and as the answer to a missing path, not at "/".
NOT_FOUND_PAGES = {"404.html", "zh_CN/404.html"}
ROOT_PAGES = [page for page in PAGES if page not in NOT_FOUND_PAGES] or ["site-not-built"]
SUBPATH_PAGES = PAGES or ["site-not-built"]
# Both servers send the same bytes, so axe's verdict on a page cannot depend on the base URL; it
# runs (it is the slow part) in the light theme at "/" and in the dark theme under the sub-path,
# so every page is audited in both themes once. Everything else is checked at both base URLs.
BOTH_THEMES = frozenset({"light", "dark"})
AXE_THEMES = {"root": frozenset({"light"}), "subpath": frozenset({"dark"})}


@pytest.fixture(scope="session")
def tally() -> Iterator[dict[str, Any]]:
    """Counts per check, written to artifacts/site/pages-<worker>.json for the record."""
    counts: dict[str, Any] = {"pages": 0, "images": 0, "links": 0, "minor_axe": []}
    yield counts
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (ARTIFACTS / f"pages-{worker}.json").write_text(json.dumps(counts, indent=2), encoding="utf-8")


def _open(browser: Any, url: str, visit: Visit, *, expect: int = 200) -> tuple[Any, Any]:
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    visit.watch(page)
    visit.expected_status[url] = expect
    response = page.goto(url, wait_until="load")
    assert response is not None
    assert response.status == expect, f"{url} answered {response.status}, expected {expect}"
    visit.settle(page)
    return context, page


def _theme(page: Any) -> str:
    return str(page.evaluate("document.documentElement.dataset.theme"))


def check_page(
    browser: Any,
    url: str,
    base_url: str,
    site_dir: Path,
    page_file: str,
    tally: dict[str, Any],
    axe_themes: frozenset[str],
    expect: int = 200,
) -> list[str]:
    """All the per-page checks in one visit (axe in ``axe_themes``); returns the problems found."""
    visit = Visit()
    context, page = _open(browser, url, visit, expect=expect)
    problems: list[str] = []
    try:
        if _theme(page) != "light":
            problems.append(f"first visit shows the {_theme(page)!r} theme, expected light")
        images, found = check_images(page, page_file)
        problems += found
        links, found = check_links(page, base_url, site_dir)
        problems += found
        problems += check_math(page)
        problems += check_language(page, base_url, page_file)
        other = []
        if "light" in axe_themes:
            blocking, other = check_axe(page, "light")
            problems += blocking

        # The dark theme, stored as the theme switcher stores it, then a fresh load.
        page.evaluate(
            "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark')"
        )
        page.reload(wait_until="load")
        visit.settle(page)
        if _theme(page) != "dark":
            problems.append(f"stored dark mode shows the {_theme(page)!r} theme")
        other_dark = []
        if "dark" in axe_themes:
            blocking, other_dark = check_axe(page, "dark")
            problems += blocking

        page.set_viewport_size(PHONE)
        page.wait_for_timeout(100)  # let the layout settle after the resize
        problems += check_overflow(page)
    finally:
        context.close()
    problems += visit.problems
    tally["pages"] += 1
    tally["images"] += images
    tally["links"] += links
    tally["minor_axe"] += [f"{url}: {line}" for line in other + other_dark]
    return problems


class _PagesAt:
    """Every page, opened at the base URL named by ``base``."""

    base = ""

    def test_page(
        self,
        browser: Any,
        servers: dict[str, str],
        site_dir: Path,
        page_file: str,
        tally: dict[str, Any],
    ) -> None:
        base_url = servers[self.base]
        url = base_url + page_file
        themes = AXE_THEMES[self.base] if page_file not in NOT_FOUND_PAGES else BOTH_THEMES
        problems = check_page(browser, url, base_url, site_dir, page_file, tally, themes)
        assert not problems, f"{url}:\n  " + "\n  ".join(problems)


# One class per base URL, so that `pytest -n 2 --dist loadscope` can give each to its own worker.
@pytest.mark.parametrize("page_file", ROOT_PAGES)
class TestAtRoot(_PagesAt):
    """The site served at the root of a server."""

    base = "root"


@pytest.mark.parametrize("page_file", SUBPATH_PAGES)
class TestUnderSubpath(_PagesAt):
    """The site served under /lstm-outputs/, as GitHub Pages serves a project site."""

    base = "subpath"


def test_every_page_is_visited(site_dir: Path) -> None:
    """The parametrisation above covers the whole build (guards against an empty glob)."""
    expected = {"index.html", "search.html", "genindex.html", "404.html"}
    expected |= {f"zh_CN/{page}" for page in expected}
    assert expected <= set(PAGES), f"missing from the build: {expected - set(PAGES)}"
    for edition in ("", "zh_CN/"):
        assert any(page.startswith(f"{edition}explain/") for page in PAGES)
        assert any(page.startswith(f"{edition}auto_examples/") for page in PAGES)
    english = {page for page in PAGES if not page.startswith("zh_CN/")}
    chinese = {page.removeprefix("zh_CN/") for page in PAGES if page.startswith("zh_CN/")}
    assert chinese == english, f"pages in one edition only: {sorted(chinese ^ english)}"


def test_missing_path_gets_the_404_page(
    browser: Any, servers: dict[str, str], site_dir: Path, tally: dict[str, Any]
) -> None:
    """Under the sub-path, a missing page deep in the tree shows a working, styled 404 page."""
    base_url = servers["subpath"]
    url = base_url + "explain/no/such/page.html"
    problems = check_page(browser, url, base_url, site_dir, "404.html", tally, BOTH_THEMES, 404)
    visit = Visit()
    context, page = _open(browser, url, visit, expect=404)
    try:
        assert "Page not found" in page.title()
        stylesheets = page.evaluate("document.styleSheets.length")
        assert stylesheets >= 3, f"only {stylesheets} stylesheets applied"
        home = page.locator("a", has_text="home page").first.get_attribute("href")
        assert home == f"{SUBPATH}index.html"
    finally:
        context.close()
    problems += visit.problems
    assert not problems, f"{url}:\n  " + "\n  ".join(problems)


def test_theme_switcher_remembers_dark(browser: Any, servers: dict[str, str]) -> None:
    """Choosing Dark in the navbar's switcher applies it, and the next page keeps it."""
    visit = Visit()
    context, page = _open(browser, servers["subpath"] + "index.html", visit)
    try:
        page.locator(".theme-switch-button").first.click()
        page.locator(".theme-change-button[data-mode='dark']").first.click()
        assert _theme(page) == "dark"
        page.goto(servers["subpath"] + "explain/index.html", wait_until="load")
        visit.settle(page)
        assert _theme(page) == "dark"
    finally:
        context.close()
    assert not visit.problems, "\n".join(visit.problems)
