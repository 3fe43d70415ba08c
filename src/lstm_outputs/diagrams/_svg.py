"""SVG and PNG export: render a figure with the diagram rcParams, then shrink matplotlib's SVG.

The minifier changes how the SVG is written, never what it draws: coordinates rounded to 1/10 pt,
relative path data, no indentation, no wrappers of unnamed artists, and repeated inline styles
turned into CSS classes. Named groups (``gid``) are kept so that tests and readers can find them.
"""

from __future__ import annotations

import io
import re
from typing import Any

from matplotlib.figure import Figure

from ._style import DARK, SVG_FAMILIES, context

PNG_DPI = 150


_LONG_DECIMAL = re.compile(r"(?<![\w.#])(-?\d+\.\d{2,})")
_PATH_DATA = re.compile(r' d="([^"]*)"')
_INDENT = re.compile(r"^[ \t]+", flags=re.MULTILINE)
_NO_ROTATION = re.compile(r' transform="rotate\(-?0 [^"]*\)"')
_AUTO_GROUP = re.compile(
    r'<g id="(?:patch|text|line2d|[xy]tick)_\d+">\n((?:(?!<g[ >]|</g>).)*?)</g>\n',
    flags=re.DOTALL,
)
_STYLE = re.compile(r' style="([^"]*)"')
_CSS_END = "</style>"


def _round(match: re.Match[str]) -> str:
    text = f"{float(match.group(1)):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_ARGS = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0, "z": 0}


def _tenths(value: int) -> str:
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10)
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def relative_path(data: str) -> str:
    """Rewrite absolute path data (``M L Q C z``) as relative commands on a 0.1 pt grid.

    Points are rounded to tenths first and the differences taken in integer tenths, so the
    rewritten path visits the rounded points exactly (no drift). Data with any other command
    is returned with its whitespace compacted only.
    """
    tokens = data.split()
    out: list[str] = []
    x = y = start_x = start_y = 0
    i = 0
    try:
        while i < len(tokens):
            cmd = tokens[i]
            count = _ARGS[cmd]
            nums = [round(float(t) * 10) for t in tokens[i + 1 : i + 1 + count]]
            if len(nums) != count:
                raise ValueError(cmd)
            i += 1 + count
            if cmd in "Zz":
                out.append("z")
                x, y = start_x, start_y
                continue
            rel = [n - (x if k % 2 == 0 else y) for k, n in enumerate(nums)]
            if cmd == "L" and rel[0] == 0:
                out.append("v" + _tenths(rel[1]))
            elif cmd == "L" and rel[1] == 0:
                out.append("h" + _tenths(rel[0]))
            else:
                out.append(cmd.lower() + " ".join(_tenths(v) for v in rel))
            x, y = nums[-2], nums[-1]
            if cmd == "M":
                start_x, start_y = x, y
    except (KeyError, ValueError):
        return " ".join(tokens)
    return "".join(out)


def _compact_path(match: re.Match[str]) -> str:
    return ' d="' + relative_path(match.group(1)) + '"'


def _styles_to_classes(svg: str) -> str:
    """Replace repeated inline ``style`` attributes by CSS classes (in order of appearance)."""
    if ' class="' in svg or svg.count(_CSS_END) != 1:
        return svg
    classes: dict[str, str] = {}

    def to_class(match: re.Match[str]) -> str:
        name = classes.setdefault(match.group(1), f"s{len(classes)}")
        return f' class="{name}"'

    svg = _STYLE.sub(to_class, svg)
    css = "\n".join(f".{name}{{{style}}}" for style, name in classes.items())
    return svg.replace(_CSS_END, "\n" + css + _CSS_END)


def compact_svg(svg: str) -> str:
    """Shrink matplotlib's SVG text without changing what it draws.

    Coordinates are rounded to 1/10 pt, path data made relative, indentation dropped, identity
    rotations and the wrappers of unnamed artists dropped, and inline styles turned into
    CSS classes. Groups with an explicit ``gid`` are kept, so they can still be found.
    """
    svg = _LONG_DECIMAL.sub(_round, svg)
    svg = _PATH_DATA.sub(_compact_path, svg)
    svg = _NO_ROTATION.sub("", svg)
    svg = _INDENT.sub("", svg)
    svg = _AUTO_GROUP.sub(r"\1", svg)
    return _styles_to_classes(svg)


#: no date (determinism) and no RDF block of creator/format/type (size)
SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None, "Format": None, "Type": None}


def figure_to_svg(fig: Figure) -> str:
    """Render ``fig`` to SVG text: fonts kept as text, no date, fixed ids (deterministic)."""
    buffer = io.StringIO()
    with context():
        fig.savefig(buffer, format="svg", metadata=SVG_METADATA)
    svg = buffer.getvalue()
    # the browser is given the public name of the font the figure was laid out with
    for shipped, public in SVG_FAMILIES.items():
        svg = svg.replace(repr(shipped), repr(public))
    return compact_svg(svg)


def figure_to_pdf(fig: Figure) -> bytes:
    """Render ``fig`` to PDF bytes: text kept as text, no dates (deterministic)."""
    buffer = io.BytesIO()
    with context():
        fig.savefig(
            buffer,
            format="pdf",
            metadata={"Creator": None, "Producer": None, "CreationDate": None},
        )
    return buffer.getvalue()


def figure_to_png(fig: Figure, dpi: int = PNG_DPI) -> bytes:
    """Render ``fig`` to PNG bytes (transparent outside the card)."""
    buffer = io.BytesIO()
    with context():
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


_COLOUR = re.compile(r'(fill|stroke)(: |=")(#[0-9a-fA-F]{6})')
_DARK = {light.lower(): dark.lower() for light, dark in DARK.items()}


def to_dark(svg: str) -> str:
    """The same picture for a dark page: every palette colour swapped for its dark counterpart.

    Only fills and strokes change (embedded images, such as the heatmaps' viridis cells, keep
    their colours); a colour outside the palette is left as it is.
    """

    def swap(match: re.Match[str]) -> str:
        colour = match.group(3).lower()
        return match.group(1) + match.group(2) + _DARK.get(colour, colour)

    return _COLOUR.sub(swap, svg)
