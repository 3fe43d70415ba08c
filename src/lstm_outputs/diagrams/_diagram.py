"""The :class:`Diagram` every figure function returns, and the argument checks they share."""

from __future__ import annotations

import base64
import html
import numbers
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from . import _labels, _svg
from ._labels import got as _got

#: the smallest text, in CSS px, a page may show: it is never shrunk below this
MIN_TEXT_PX = 11.0
THEMES = ("light", "dark")
_FONT_SIZE = re.compile(r"font(?:-size)?:[^;}\"]*?([\d.]+)px")


@dataclass(frozen=True, eq=False, repr=False)
class Diagram:
    """A figure together with the text that describes it.

    Parameters
    ----------
    figure
        The matplotlib figure (created without pyplot, so nothing is left in pyplot's state).
    alt
        A description of the picture for readers who cannot see it; it becomes the ``alt``
        attribute of the image on the site.
    language
        The language of its words and alt text: ``"en"`` or ``"zh_CN"``.
    redraw
        Draws the same figure in another language (the figure functions pass it); with it, the
        HTML output holds every language's picture, the others ``hidden``, so that one executed
        notebook serves every edition of the site.

    Examples
    --------
    >>> from lstm_outputs import diagrams
    >>> d = diagrams.cell()
    >>> d.to_svg().startswith("<?xml")
    True
    >>> "<img" in d._repr_html_()
    True
    """

    figure: Figure
    alt: str
    language: str = "en"
    redraw: Callable[[str], Diagram] | None = None

    @property
    def size_px(self) -> tuple[int, int]:
        """Natural size of the picture in CSS pixels (96 per inch), as ``(width, height)``."""
        width, height = self.figure.get_size_inches()
        return round(float(width) * 96), round(float(height) * 96)

    @property
    def min_font_px(self) -> float:
        """Size of the smallest text, in CSS px, when the picture is shown at its natural size.

        Read from the SVG, so that mathtext's subscripts (drawn at 70 %) count as drawn.
        """
        return _min_font_px(self.to_svg())

    def to_svg(self, theme: str = "light") -> str:
        """Render to SVG text for the ``"light"`` or ``"dark"`` page theme.

        Two calls, or two diagrams built alike, give identical text.
        """
        if theme not in THEMES:
            raise ValueError(f"theme: expected 'light' or 'dark', got {theme!r}")
        svg = _svg.figure_to_svg(self.figure)
        return _svg.to_dark(svg) if theme == "dark" else svg

    def save(self, path: str | os.PathLike[str], theme: str = "light") -> None:
        """Write the picture to ``path``; the suffix (``.svg``, ``.png``, ``.pdf``) picks the format.

        ``theme="dark"`` writes the variant for a dark page (SVG only).
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".svg":
            target.write_text(self.to_svg(theme), encoding="utf-8")
        elif suffix in (".png", ".pdf") and theme != "light":
            raise ValueError(f"theme: expected 'light' for {suffix}, got {theme!r} (save an .svg)")
        elif suffix == ".png":
            target.write_bytes(_svg.figure_to_png(self.figure))
        elif suffix == ".pdf":
            target.write_bytes(_svg.figure_to_pdf(self.figure))
        else:
            raise ValueError(
                f"path: expected a path ending in '.svg', '.png' or '.pdf', got {str(target)!r} "
                f"({'no suffix' if not suffix else repr(suffix) + ' is not a format it writes'})"
            )

    def _repr_html_(self) -> str:
        """The light and the dark picture, each linked to itself at full size, in every language.

        Each ``<img>`` holds its SVG and the alt text; pydata-sphinx-theme shows the one whose
        class (``only-light``, ``only-dark``) matches the page's theme, and does not dim the
        dark one. The picture is shown at its natural size and may shrink with the column only
        as far as its smallest text stays at least 11 CSS px (``min-width``); below that, the
        ``lstm-diagram-scroll`` box scrolls sideways. Each link carries the ``lang`` of its
        picture; the pictures in the other languages (drawn by ``redraw``) follow, ``hidden``.
        The site keeps only its own language's pictures and turns the ``data:`` addresses into
        files; in a notebook the two pictures of the diagram's own language show.
        """
        variants = [self]
        if self.redraw is not None:
            variants += [self.redraw(lang) for lang in _labels.LANGUAGES if lang != self.language]
        parts = [variant._html_images(hidden=variant is not self) for variant in variants]
        return (
            '<figure class="lstm-diagram"><div class="lstm-diagram-scroll">'
            + "".join(parts)
            + "</div></figure>"
        )

    def _html_images(self, *, hidden: bool) -> str:
        """The ``<a><img></a>`` of the light and the dark picture, marked with the language."""
        width, height = self.size_px
        light = self.to_svg()  # rendered once; the dark variant is a recolouring of it
        min_width = round(width * min(1.0, MIN_TEXT_PX / _min_font_px(light)))
        alt = html.escape(self.alt, quote=True)
        title = html.escape(_labels.text("html.full_size", self.language), quote=True)
        lang = _labels.HTML_LANG[self.language]
        parts = []
        for theme, svg in zip(THEMES, (light, _svg.to_dark(light)), strict=True):
            data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
            uri = f"data:image/svg+xml;base64,{data}"
            parts.append(
                f'<a class="lstm-diagram-full only-{theme}" lang="{lang}"'
                f'{" hidden" if hidden else ""} href="{uri}" title="{title}">'
                f'<img class="only-{theme}" src="{uri}" alt="{alt}" width="{width}" '
                f'height="{height}" style="min-width:{min_width}px"></a>'
            )
        return "".join(parts)

    def __repr__(self) -> str:
        return self.alt


def _min_font_px(svg: str) -> float:
    """The smallest font size in ``svg``, in CSS px at its natural size (inf if no text)."""
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    # SVG user units are points (1/72 in); a CSS px is 1/96 in
    return min(sizes, default=float("inf")) * 96 / 72


def check_int(name: str, value: object, low: int, high: int) -> int:
    """Return ``value`` as an int if it is an integer (not a bool) in ``[low, high]``, else raise.

    NumPy integers are accepted; floats, strings and bools are not.
    """
    expected = f"{name}: expected an int from {low} to {high}"
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{expected}, got {_got(value)} (a flag passed by position?)")
    if not isinstance(value, numbers.Integral):
        hint = " (a count of whole steps or layers)" if isinstance(value, numbers.Real) else ""
        raise TypeError(f"{expected}, got {_got(value)}{hint}")
    value = int(value)
    if not low <= value <= high:
        cause = f"a figure needs at least {low}" if value < low else "more would not fit a page"
        raise ValueError(f"{expected}, got {value} ({cause})")
    return value


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is a bool, else raise ``TypeError``."""
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected True or False, got {_got(value)}")
    return value


MODES = ("LSTM", "GRU", "RNN")


def check_mode(mode: object) -> str:
    """Return ``mode`` if it is one of ``"LSTM"``, ``"GRU"``, ``"RNN"``, else raise."""
    expected = "mode: expected one of 'LSTM', 'GRU', 'RNN'"
    if not isinstance(mode, str):
        raise TypeError(f"{expected}, got {_got(mode)}")
    if mode not in MODES:
        cause = ""
        if mode.upper() in MODES:
            cause = " (the names are upper case)"
        elif mode.upper().removesuffix("CELL") in MODES:
            cause = " (the module's name without 'Cell': cells are not unrolled)"
        raise ValueError(f"{expected}, got {mode!r}{cause}")
    return mode


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 step"``, ``"3 steps"``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
