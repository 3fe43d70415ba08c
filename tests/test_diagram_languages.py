"""The figures in English and in Simplified Chinese: one table of words, Chinese glyphs, alt text."""

from __future__ import annotations

import html
import re
import string
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from lstm_outputs import diagrams
from lstm_outputs.diagrams import Diagram
from lstm_outputs.diagrams._cheat_sheet import ROWS, cheat_sheet_page
from lstm_outputs.diagrams._labels import LABELS, LANGUAGES, check_language, count

CJK = re.compile(r"[\u4e00-\u9fff]")
HEAT = [np.tril(np.ones((4, 4))), np.ones((4, 4)), np.triu(np.ones((4, 4)))]

#: every figure function, with arguments that reach its conditional words
FIGURES: dict[str, Callable[..., Diagram]] = {
    "cell": lambda **kw: diagrams.cell(**kw),
    "cell-gru": lambda **kw: diagrams.cell("GRU", **kw),
    "unrolled-uni": lambda **kw: diagrams.unrolled(2, 3, **kw),
    "unrolled-cross": lambda **kw: diagrams.unrolled(2, 3, True, **kw),
    "unrolled-article": lambda **kw: diagrams.unrolled(2, 3, True, False, **kw),
    "unrolled-one": lambda **kw: diagrams.unrolled(1, 1, True, mode="GRU", **kw),
    "concat-one": lambda **kw: diagrams.output_concat(3, 1, **kw),
    "concat-single": lambda **kw: diagrams.output_concat(1, 1, **kw),
    "concat-many": lambda **kw: diagrams.output_concat(4, 3, **kw),
    "state-bi": lambda **kw: diagrams.state_layout(2, True, **kw),
    "state-uni": lambda **kw: diagrams.state_layout(1, False, **kw),
    "heatmaps": lambda **kw: diagrams.dependency_heatmaps(HEAT, ["a", "b", "c"], **kw),
    "cheat-sheet": lambda **kw: cheat_sheet_page(**kw),
}

#: the glossary's terms the figures use (their Chinese read from docs/locale/GLOSSARY.md by the
#: site's own reader); "step" as the glossary's "time step" row says. Not "cell"
#: and "output": the figures also say them of a heatmap's cell and of the tensor `output`.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from editions import glossary_rows  # noqa: E402

FIGURE_TERMS = (
    "summary vector", "hidden state", "cell state", "final state", "initial state",
    "unidirectional", "bidirectional", "concatenation", "cheat sheet", "direction", "sequence",
    "forward", "backward", "token", "layer", "batch",
)  # fmt: skip
GLOSSARY = {
    **{k: v for k, v in glossary_rows(ROOT / "docs/locale/GLOSSARY.md") if k in FIGURE_TERMS},
    "step": "步",
}


def _fields(s: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(s) if name is not None}


def test_labels_table_is_complete_and_each_entry_has_the_same_fields() -> None:
    assert LANGUAGES == ("en", "zh_CN")
    for key, entry in LABELS.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry.values()) or key == "sep.sentence", key
        assert _fields(entry["en"]) == _fields(entry["zh_CN"]), key
        assert entry["en"].count("|") == (1 if key.startswith("count.") else 0), key
        assert "$" not in entry["zh_CN"], key  # mathtext has no Chinese glyphs
        words = re.sub(r"\{[^}]*\}", "", entry["en"])
        if re.search(r"[A-Za-z]{3,}", words) and not key.startswith("dir."):
            assert CJK.search(entry["zh_CN"]), f"{key}: not translated"
    assert {f"cheat.want.{row.meaning}" for row in ROWS} <= set(LABELS)


def test_chinese_labels_use_the_glossary_terms() -> None:
    assert set(FIGURE_TERMS) <= set(GLOSSARY), "a figure term left the glossary"
    for key, entry in LABELS.items():
        english = re.sub(r"\{[^}]*\}|`[^`]*`", "", entry["en"]).lower()
        for term, chinese in GLOSSARY.items():
            if re.search(rf"\b{term}s?\b", english):
                assert chinese in entry["zh_CN"], f"{key}: {term!r} is {chinese!r}"
                english = re.sub(rf"\b{term}s?\b", "", english)  # "cell state" is not "cell"


def test_counted_words() -> None:
    assert [count("count.step", n, "en") for n in (1, 3)] == ["1 step", "3 steps"]
    assert [count("count.step", n, "zh_CN") for n in (1, 3)] == ["1 步", "3 步"]


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_chinese_figure_has_chinese_words_and_every_glyph(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: fail on it
        zh = FIGURES[name](language="zh_CN")
        svg = zh.to_svg()
    en = FIGURES[name]()
    assert (zh.language, en.language) == ("zh_CN", "en")
    assert CJK.search(zh.alt)
    assert not CJK.search(en.alt)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert any(CJK.search(t) for t in texts)
    assert "'Noto Sans CJK SC'" in svg  # the font family list: DejaVu Sans, then CJK
    assert "Noto Sans CJK" not in en.to_svg()
    assert zh.min_font_px >= 11  # the same pt sizes as in English
    assert zh.min_font_px == pytest.approx(en.min_font_px)


@pytest.mark.parametrize("name", ["cell", "heatmaps", "cheat-sheet"])
def test_chinese_png_and_pdf_render_without_missing_glyphs(name: str, tmp_path: object) -> None:
    figure = FIGURES[name](language="zh_CN")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for suffix in (".png", ".pdf"):
            figure.save(f"{tmp_path}/figure{suffix}")


def test_html_holds_both_languages_the_other_hidden() -> None:
    for language, other in (("en", "zh_CN"), ("zh_CN", "en")):
        figure = diagrams.output_concat(language=language)
        page = figure._repr_html_()
        links = re.findall(
            r'<a class="lstm-diagram-full only-(\w+)" lang="([^"]+)"( hidden)?', page
        )
        own, shown = ("en", "zh-CN") if language == "en" else ("zh-CN", "en")
        hidden = [(theme, shown, " hidden") for theme in ("light", "dark")]
        assert links == [("light", own, ""), ("dark", own, ""), *hidden]
        alts = [html.unescape(alt) for alt in re.findall(r' alt="([^"]+)"', page)]
        assert alts[0] == alts[1] == figure.alt
        assert alts[2] == alts[3] == diagrams.output_concat(language=other).alt
    # a Diagram built by hand has no other language to draw
    bare = Diagram(diagrams.cell().figure, "alt")
    assert bare._repr_html_().count("<img") == 2


@pytest.mark.parametrize(
    ("value", "error", "cause"),
    [
        ("zh-CN", ValueError, "Sphinx's spelling"),
        ("zh", ValueError, "Sphinx's spelling"),
        ("en_US", ValueError, "without a region"),
        ("fr", ValueError, "English and Simplified Chinese only"),
        (None, TypeError, "(a NoneType)"),
        (1, TypeError, "(an int)"),
    ],
)
def test_unknown_language_is_refused(value: object, error: type[Exception], cause: str) -> None:
    message = f"language: expected 'en' or 'zh_CN', got {value!r}"
    with pytest.raises(error, match=re.escape(message) + ".*" + re.escape(cause)):
        check_language(value)
    for name in ("cell", "unrolled-uni", "concat-one", "state-bi", "heatmaps", "cheat-sheet"):
        with pytest.raises(error, match=re.escape(message)):
            FIGURES[name](language=value)


def test_heatmap_titles_may_be_given_per_language() -> None:
    titles = [{"en": "1 layer, forward half", "zh_CN": "1 层：前向一半"}, "plain"]
    for language in LANGUAGES:
        figure = diagrams.dependency_heatmaps(HEAT[:2], titles, language=language)
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", figure.to_svg())
        assert titles[0][language] in texts  # type: ignore[index]
        assert "plain" in texts
        other = titles[0]["zh_CN" if language == "en" else "en"]  # type: ignore[index]
        assert other not in texts
        assert other not in figure.alt
    with pytest.raises(TypeError, match=r"titles\[0\]: expected a string or a mapping of each"):
        diagrams.dependency_heatmaps(HEAT[:1], [{"en": "only English"}])
