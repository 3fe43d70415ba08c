"""The :class:`Diagram` every figure function returns, and the argument checks they share."""

from __future__ import annotations

import base64
import html
import numbers
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from . import _svg


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

    @property
    def size_px(self) -> tuple[int, int]:
        """Natural size of the picture in CSS pixels (96 per inch), as ``(width, height)``."""
        width, height = self.figure.get_size_inches()
        return round(float(width) * 96), round(float(height) * 96)

    def to_svg(self) -> str:
        """Render to SVG text; two calls, or two diagrams built alike, give identical text."""
        return _svg.figure_to_svg(self.figure)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the picture to ``path``; the suffix (``.svg`` or ``.png``) picks the format."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".svg":
            target.write_text(self.to_svg(), encoding="utf-8")
        elif suffix == ".png":
            target.write_bytes(_svg.figure_to_png(self.figure))
        else:
            raise ValueError(
                f"path: expected a path ending in '.svg' or '.png', got {str(target)!r} "
                f"({'no suffix' if not suffix else repr(suffix) + ' is not a format it writes'})"
            )

    def _repr_html_(self) -> str:
        """An ``<img>`` holding the SVG, with the alt text, at the picture's natural size."""
        data = base64.b64encode(self.to_svg().encode("utf-8")).decode("ascii")
        width, height = self.size_px
        alt = html.escape(self.alt, quote=True)
        return (
            '<figure class="lstm-diagram">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}" '
            f'width="{width}" height="{height}" style="max-width:100%;height:auto">'
            "</figure>"
        )

    def __repr__(self) -> str:
        return self.alt


def _got(value: object) -> str:
    """``3.0 (a float)``: the value received and its type, for an error message."""
    kind = type(value).__name__
    return f"{value!r} ({'an' if kind[0] in 'aeiou' else 'a'} {kind})"


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
