"""The Chinese figures' font is the library's own file: no system font, no missing glyph.

A machine with Debian's fonts-noto-cjk (a developer's) must catch a regression as surely as a
fresh one: these tests hide every font matplotlib did not ship before drawing, and check which
file each Chinese character is drawn from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from test_diagram_languages import FIGURES

from lstm_outputs.diagrams import _style
from tools.cjk_font import FACES, FONTS, SOURCE_VERSION, needed_characters

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
MPL_FONTS = Path(mpl.get_data_path(), "fonts").resolve()


@pytest.fixture
def only_matplotlibs_own_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """matplotlib as on a fresh machine: only the fonts it ships, whatever the system has."""
    manager = font_manager.fontManager
    own = [e for e in manager.ttflist if Path(e.fname).resolve().is_relative_to(MPL_FONTS)]
    monkeypatch.setattr(manager, "ttflist", own)
    manager._findfont_cached.cache_clear()
    font_manager._get_font.cache_clear()
    yield
    manager._findfont_cached.cache_clear()
    font_manager._get_font.cache_clear()


def _has_glyph(path: str, char: str) -> bool:
    return ord(char) in font_manager.get_font(path).get_charmap()


def _drawn_from(prop: FontProperties, char: str) -> str:
    """The font file matplotlib draws ``char`` with, for text of ``prop`` (its fallback order)."""
    for path in font_manager.fontManager._find_fonts_by_props(prop):
        if _has_glyph(path, char):
            return str(path)
    return "<none>"


def _figure(name: str) -> Figure:
    diagram = FIGURES[name](language="zh_CN")
    fig = diagram.figure
    assert isinstance(fig, Figure)
    return fig


def test_without_system_fonts_matplotlib_has_no_cjk_font_but_ours(
    only_matplotlibs_own_fonts: None,
) -> None:
    def cjk_fonts() -> set[str]:
        # LastResort maps every code point to a placeholder box: tofu, not a Chinese glyph
        return {
            e.fname
            for e in font_manager.fontManager.ttflist
            if _has_glyph(e.fname, "层") and not Path(e.fname).name.startswith("LastResort")
        }

    # the environment of the other tests here: not one font that draws Chinese...
    assert cjk_fonts() == set()
    # ...until the library registers its own files
    _style.ensure_cjk_font()
    cjk = cjk_fonts()
    assert cjk == {str(p) for p in FONTS.glob("*.otf")}
    assert len(cjk) == len(FACES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_chinese_character_is_drawn_from_the_shipped_font(
    name: str, only_matplotlibs_own_fonts: None
) -> None:
    fig = _figure(name)
    # draws every glyph: a missing one warns, which the suite turns into an error
    FigureCanvasAgg(fig).draw()
    chars = 0
    for text in fig.findobj(Text):
        for char in set(CJK.findall(text.get_text())):
            source = Path(_drawn_from(text.get_fontproperties(), char))
            assert source.parent == FONTS, f"{char!r} of {text.get_text()!r} drawn from {source}"
            chars += 1
    assert chars > 0, f"{name}: no Chinese text drawn"


def test_the_font_is_found_by_its_own_name_on_any_machine() -> None:
    # with the system's fonts too (a machine with fonts-noto-cjk): the same files are chosen
    _style.ensure_cjk_font()
    for family, weight in ((_style.CJK_SANS, "normal"), (_style.CJK_SANS, "bold")):
        found = font_manager.findfont(FontProperties(family=family, weight=weight))
        assert Path(found).parent == FONTS
    mono = font_manager.findfont(FontProperties(family=_style.CJK_MONO))
    assert Path(mono).parent == FONTS


@pytest.mark.parametrize(("out", "collection", "index", "style"), FACES)
def test_every_character_the_site_can_draw_is_in_the_font(
    out: str, collection: str, index: int, style: str
) -> None:
    font = TTFont(FONTS / out)
    charmap = font.getBestCmap()
    missing = sorted(c for c in needed_characters() if ord(c) not in charmap)
    assert not missing, (
        f"{out} lacks {''.join(missing)!r}, used by the Chinese text: run `nox -s fonts` "
        "(tools/cjk_font.py) to cut the subset again"
    )
    names = font["name"]
    assert (
        names.getDebugName(1)
        == f"Subset {'Noto Sans Mono CJK SC' if index == 7 else 'Noto Sans CJK SC'}"
    )
    assert names.getDebugName(2) == style
    assert (names.getDebugName(5) or "").startswith(SOURCE_VERSION)
    assert "Adobe" in (names.getDebugName(0) or "")


def test_the_font_ships_with_its_licence_and_stays_small() -> None:
    licence = (FONTS / "LICENSE").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name 'Source'" in licence
    total = sum(p.stat().st_size for p in FONTS.glob("*.otf"))
    assert total < 2_000_000, f"the CJK subsets weigh {total:,} bytes (budget: 2 MB)"
    # every file the package data names exists, so a wheel carries the fonts
    pyproject = (FONTS.parents[3] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"diagrams/fonts/*.otf"' in pyproject
    assert '"diagrams/fonts/LICENSE"' in pyproject


def test_the_characters_come_from_the_catalogs_labels_and_cheat_sheet() -> None:
    from lstm_outputs.diagrams._cheat_sheet import cheat_sheet_page
    from lstm_outputs.diagrams._labels import LABELS

    chars = needed_characters()
    labels = "".join(entry["zh_CN"] for entry in LABELS.values())
    sheet = cheat_sheet_page(language="zh_CN").to_svg()
    catalog = (FONTS.parents[3] / "docs/locale/zh_CN/LC_MESSAGES/index.po").read_text("utf-8")
    for text in (labels, sheet, catalog):
        assert set(CJK.findall(text)) <= chars
    assert {"隐", "，"} <= chars
