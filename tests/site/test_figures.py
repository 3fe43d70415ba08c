"""Every diagram on every page, measured in Chromium as a reader sees it, in both themes.

For each figure the page shows (``figure.lstm-diagram``, drawn by ``lstm_outputs.diagrams``):
exactly one picture is visible per theme, it is not dimmed by the theme, it links to its own SVG
file (full size), and its SVG is read back to measure

- the effective size of its smallest text: the font size in the SVG's units times the width the
  page shows the picture at, over the SVG's own width (its viewBox): at least 11 CSS px on a
  1280 px desktop and 9 px on a 390 px phone (where the figure may scroll sideways instead);
- the contrast of every text colour against every background-like fill of the picture (its card
  and the light, or in the dark theme dark, fills of its boxes): at least 4.5:1.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from sitecheck import DESKTOP, PHONE, SITE_DIR, site_pages

MIN_PX = {"desktop": 11.0, "phone": 9.0}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
MIN_CONTRAST = 4.5


def _pages_with_figures() -> list[str]:
    return [
        page
        for page in site_pages()
        if 'class="lstm-diagram"' in (SITE_DIR / page).read_text(encoding="utf-8")
    ]


FIGURE_PAGES = _pages_with_figures()

FIGURES_JS = """
() => {
const backdrop = (element) => {  // the colour painted behind the picture: the first opaque one
  for (let e = element; e; e = e.parentElement) {
    const colour = getComputedStyle(e).backgroundColor;
    if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
  }
  return 'rgb(255, 255, 255)';
};
return Array.from(document.querySelectorAll('figure.lstm-diagram')).map((figure) => {
  const shown = Array.from(figure.querySelectorAll('img'))
    .filter((img) => img.getClientRects().length > 0);
  return shown.map((img) => ({
    src: img.currentSrc || img.src,
    width: img.getBoundingClientRect().width,
    filter: getComputedStyle(img).filter,
    link: img.closest('a') ? img.closest('a').href : null,
    complete: img.complete && img.naturalWidth > 0,
    backdrop: backdrop(img),
  }));
});
}
"""


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def measure_svg(svg: str) -> dict[str, Any]:
    """The SVG's width in its own units, its text (size, colour) and its background fills."""
    root = ET.fromstring(svg)
    view_box = root.get("viewBox")
    assert view_box is not None, "no viewBox"
    classes = dict(re.findall(r"\.([\w-]+)\{([^}]*)\}", svg))
    texts: list[tuple[float, str, str]] = []
    fills: set[str] = set()

    def prop(css: str, name: str) -> str | None:
        match = re.search(rf"(?:^|;|\s){name}:\s*([^;]+)", css)
        return match.group(1).strip() if match else None

    def walk(element: ET.Element, size: float, fill: str) -> None:
        css = (element.get("style") or "") + ";" + classes.get(element.get("class", ""), "")
        size_text = prop(css, "font-size")
        if size_text is not None:
            size = float(size_text.removesuffix("px"))
        own_fill = prop(css, "fill") or element.get("fill")
        tag = element.tag.rsplit("}", 1)[-1]
        if own_fill and own_fill.startswith("#") and len(own_fill) == 7:
            fill = own_fill.upper()
            if tag in ("path", "rect"):
                fills.add(fill)
        if tag in ("text", "tspan") and (element.text or "").strip():
            texts.append((size, fill, element.text.strip()))
        for child in element:
            walk(child, size, fill)

    walk(root, 16.0, "#000000")  # SVG's defaults: 16 px, black
    card = root.find(".//*[@id='card']")
    assert card is not None, "no card"
    card_fills = set()
    for element in card.iter():
        css = (element.get("style") or "") + ";" + classes.get(element.get("class", ""), "")
        colour = prop(css, "fill")
        if colour and colour.startswith("#"):
            card_fills.add(colour.upper())
    assert len(card_fills) == 1, card_fills
    return {
        "width": float(view_box.split()[2]),
        "texts": texts,
        "fills": fills,
        "card": card_fills.pop(),
    }


def test_the_site_has_figures() -> None:
    """The suite below is not vacuous: the explanation pages show their diagrams."""
    assert len(FIGURE_PAGES) >= 5, FIGURE_PAGES


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page_file", FIGURE_PAGES or ["no-figures"])
def test_figures_are_readable(
    browser: Any, servers: dict[str, str], page_file: str, theme: str, viewport: str
) -> None:
    url = servers["root"] + page_file
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme="light")
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(url, wait_until="load")
        page.evaluate(
            f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}')"
        )
        page.reload(wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        figures = page.evaluate(FIGURES_JS)
        assert figures, f"{page_file}: no figure found"
        for k, shown in enumerate(figures):
            where = f"{page_file} figure {k + 1} ({theme}, {viewport})"
            if len(shown) != 1:
                problems.append(f"{where}: {len(shown)} pictures visible, expected 1")
                continue
            img = shown[0]
            if not img["complete"]:
                problems.append(f"{where}: the picture did not load ({img['src']})")
                continue
            if img["filter"] != "none":
                problems.append(f"{where}: dimmed by the theme (filter {img['filter']})")
            backdrop = "#" + "".join(
                f"{int(v):02X}" for v in re.findall(r"\d+", img["backdrop"])[:3]
            )
            if (luminance(backdrop) > 0.5) != (theme == "light"):
                problems.append(f"{where}: shown on {backdrop}, a backdrop for the other theme")
            if img["link"] != img["src"] or not img["src"].endswith(".svg"):
                problems.append(f"{where}: links to {img['link']}, not to its SVG file")
            response = page.request.get(img["src"])
            assert response.ok, f"{where}: {img['src']} answered {response.status}"
            svg = measure_svg(response.text())
            scale = img["width"] / svg["width"]
            size, _, text = min(svg["texts"])
            if size * scale < MIN_PX[viewport] - 0.05:
                problems.append(f"{where}: {text!r} shows at {size * scale:.1f} px")
            card = svg["card"]
            grounds = {
                f
                for f in svg["fills"]
                if (luminance(f) > 0.5 if theme == "light" else luminance(f) < 0.05)
            }
            if (luminance(card) > 0.5) != (theme == "light"):
                problems.append(f"{where}: card {card} is not drawn for the {theme} theme")
            for _, ink, text in svg["texts"]:
                for ground in grounds:
                    if contrast(ink, ground) < MIN_CONTRAST:
                        problems.append(
                            f"{where}: {text!r} in {ink} on {ground}: "
                            f"{contrast(ink, ground):.2f}:1"
                        )
                        break
    finally:
        context.close()
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize(("edition", "suffix"), [("", ""), ("zh_CN", "-zh_CN")])
def test_cheat_sheet_page_offers_the_printable_sheet(edition: str, suffix: str) -> None:
    """The cheat-sheet page links the one-page PDF and PNG of its language, and they are real."""
    page = SITE_DIR / edition / "explain" / "cheat-sheet.html"
    html = page.read_text(encoding="utf-8")
    links = re.findall(rf'href="([^"]*lstm-outputs-cheat-sheet{suffix}\.(pdf|png))"', html)
    assert sorted(kind for _, kind in links) == ["pdf", "png"]
    magic = {"pdf": b"%PDF", "png": b"\x89PNG"}
    for href, kind in links:
        target = (page.parent / href).resolve()
        assert target.is_file(), href
        assert target.read_bytes().startswith(magic[kind])
