"""Shared look of every diagram: palette, fonts, sizes, the background card and drawing helpers.

All lengths are in inches: every canvas is one axes spanning the whole figure with data limits
equal to the figure size, so one data unit is one inch and circles stay round.

The palette is Okabe-Ito (colour-blind safe). Forward is blue, backward is vermillion; true
outputs are solid lines and hidden states are dashed, so nothing relies on colour alone. Every
figure sits on an opaque, nearly white rounded card so that it reads in both the light and the
dark theme of the site.
"""

from __future__ import annotations

import contextlib
import math
import pathlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, PathPatch, Polygon
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import text_to_path

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# --- palette (Okabe-Ito) -------------------------------------------------------------------------
FWD = "#0072B2"  # blue: the forward direction
BWD = "#D55E00"  # vermillion: the backward direction
FWD_TINT = "#DCEBF6"  # light fills of the same hues, for cell boxes
BWD_TINT = "#F9E2D2"
GREEN = "#009E73"  # highlight (summary vector, top layer)
GREEN_TINT = "#D5F0E7"
INK = "#1F2328"  # text and neutral strokes
MUTED = "#59636E"  # secondary text (initial states, footnotes)
NEUTRAL = "#6E7781"  # data inputs, concatenation
NEUTRAL_TINT = "#EEF1F4"
CARD = "#FFFFFF"
CARD_EDGE = "#D0D7DE"
ZERO_FILL = "#E4E7EB"  # "exactly zero" cells of a heatmap (also hatched)

#: the same roles drawn for the site's dark theme: a dark card, light text, lighter strokes.
#: Every colour above has its counterpart, so the dark picture is the light one recoloured
#: (:func:`lstm_outputs.diagrams._svg.to_dark`), never a dimmed copy.
DARK: dict[str, str] = {
    FWD: "#56B4E9",  # Okabe-Ito sky blue
    BWD: "#FF8C4A",
    FWD_TINT: "#17344D",
    BWD_TINT: "#4A2617",
    GREEN: "#2FCF9F",
    GREEN_TINT: "#123A2F",
    INK: "#E6EDF3",
    MUTED: "#A5AFBA",
    NEUTRAL: "#8B949E",
    NEUTRAL_TINT: "#2A3038",
    CARD: "#1B1F24",
    CARD_EDGE: "#3D444D",
    ZERO_FILL: "#3A4048",
    "#8C959F": "#6E7781",  # hatching of exact zeros in the heatmaps
}

Direction = Literal["fwd", "bwd"]


def colour(direction: Direction) -> str:
    """Stroke colour of a direction."""
    return FWD if direction == "fwd" else BWD


def tint(direction: Direction) -> str:
    """Fill colour of a direction."""
    return FWD_TINT if direction == "fwd" else BWD_TINT


# --- fonts and sizes --------------------------------------------------------------------------
SANS = ["DejaVu Sans", "sans-serif"]
MONO = ["DejaVu Sans Mono", "monospace"]
#: Chinese text: DejaVu for Latin letters, digits and symbols (as in English), then a subset of
#: Noto Sans CJK SC that ships in ``fonts/`` (never a system font) for every glyph DejaVu lacks;
#: CJK text keeps the same pt sizes. The subset is renamed (SIL OFL 1.1), so a system-wide Noto
#: Sans CJK can never stand in for it; the SVG names the public family (:data:`SVG_FAMILIES`),
#: so a reader who has Noto Sans CJK sees it, and anyone else a sans-serif font of their own.
CJK_SANS = "Subset Noto Sans CJK SC"
CJK_MONO = "Subset Noto Sans Mono CJK SC"
FAMILIES: dict[str, tuple[list[str], list[str]]] = {
    "en": (SANS, MONO),
    "zh_CN": (
        ["DejaVu Sans", CJK_SANS, "sans-serif"],
        ["DejaVu Sans Mono", CJK_MONO, "monospace"],
    ),
}
_FAMILY: ContextVar[tuple[list[str], list[str]]] = ContextVar("_FAMILY", default=FAMILIES["en"])
#: the folder of the shipped CJK font files (and their licence)
FONT_DIR = pathlib.Path(__file__).resolve().parent / "fonts"
#: each shipped family and the name an SVG gives it for the browser
SVG_FAMILIES = {CJK_SANS: "Noto Sans CJK SC", CJK_MONO: "Noto Sans Mono CJK SC"}
TITLE_SIZE = 11.0
TEXT_SIZE = 9.5
#: the smallest text of any diagram: 8.5 pt is 11.3 CSS px at the natural size, where pages show them
SMALL_SIZE = 8.5
#: labels in mathtext ($x_{1}$): their subscripts come out at 70 %, SMALL_SIZE
MATH_SIZE = SMALL_SIZE / 0.7
LINE_WIDTH = 1.3
DASHES = (4.0, 2.5)  # dash pattern of hidden-state lines, in points
HEAD_LENGTH = 0.55  # arrow head length and half width, as fractions of its size in points
HEAD_WIDTH = 0.3
#: widest figure that the site's content column (608 CSS px on a desktop) shows at natural size
COLUMN_WIDTH = 6.3
CARD_PAD = 0.08  # inset of the card from the figure edge
MARGIN = 0.3  # inner margin of the card

#: rcParams used while a diagram is built *and* while it is saved (never set globally).
RC: dict[RcKeyType, Any] = {
    "font.family": SANS,
    "font.size": TEXT_SIZE,
    "mathtext.fontset": "dejavusans",
    "text.color": INK,
    "axes.labelcolor": INK,  # matplotlib's default is black, which the dark variant cannot map
    "axes.titlecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.unicode_minus": False,
    "svg.fonttype": "none",  # text stays text: small, selectable, searchable
    "svg.hashsalt": "lstm-outputs",  # fixed ids: identical SVG for identical arguments
    "svg.image_inline": True,
    "hatch.linewidth": 0.6,
    "path.simplify": True,
}


# The font list the shipped faces were last added to: a figure in Chinese checks identity, not paths.
_registered_in: list[font_manager.FontEntry] | None = None


def ensure_cjk_font() -> None:
    """Register the shipped CJK font files with matplotlib (once per font list), by path.

    Nothing is looked up on the system: the faces in :data:`FONT_DIR` carry their own family
    names, which no installed font shares.
    """
    global _registered_in
    fonts = font_manager.fontManager.ttflist
    if fonts is _registered_in:
        return
    known = {entry.fname for entry in fonts}
    for path in sorted(FONT_DIR.glob("*.otf")):
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    _registered_in = fonts


@contextlib.contextmanager
def context(language: str = "en") -> Iterator[None]:
    """Apply the diagram rcParams (and ``language``'s fonts) for the duration of the block only."""
    families = FAMILIES[language]
    rc = RC
    if language != "en":
        ensure_cjk_font()
        rc = {**RC, "font.family": families[0]}
    token = _FAMILY.set(families)
    try:
        with mpl.rc_context(rc):
            yield
    finally:
        _FAMILY.reset(token)


def text_width(
    s: str, size: float = TEXT_SIZE, *, mono: bool = False, bold: bool = False
) -> float:
    """Width in inches of ``s`` typeset at ``size`` points (mathtext if it contains ``$``)."""
    prop = FontProperties(
        family=_FAMILY.get()[1 if mono else 0], size=size, weight="bold" if bold else "normal"
    )
    ismath: bool = s.count("$") >= 2
    width, _height, _descent = text_to_path.get_text_width_height_descent(s, prop, ismath=ismath)
    return float(width) / 72.0


# --- canvas -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Canvas:
    """A figure with one axes in inch coordinates, drawn on a rounded card."""

    figure: Figure
    ax: Axes
    width: float
    height: float


def new_canvas(width: float, height: float, *, rounding: float = 0.14) -> Canvas:
    """Create a ``width`` x ``height`` inch figure (no pyplot) with the card drawn on it."""
    fig = Figure(figsize=(width, height), dpi=100, facecolor="none")
    card = FancyBboxPatch(
        (CARD_PAD, CARD_PAD),
        width - 2 * CARD_PAD,
        height - 2 * CARD_PAD,
        boxstyle=f"round,pad=0,rounding_size={rounding}",
        transform=fig.dpi_scale_trans,
        facecolor=CARD,
        edgecolor=CARD_EDGE,
        linewidth=0.8,
        zorder=0,
    )
    card.set_gid("card")
    fig.add_artist(card)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0.0, width)
    ax.set_ylim(0.0, height)
    ax.set_axis_off()
    return Canvas(fig, ax, width, height)


# --- drawing helpers --------------------------------------------------------------------------
def box(
    ax: Axes,
    cx: float,
    cy: float,
    w: float,
    h: float,
    *,
    face: str,
    edge: str,
    gid: str | None = None,
    lw: float = LINE_WIDTH,
    rounding: float = 0.07,
    hatch: str | None = None,
    linestyle: str = "-",
    zorder: float = 3.0,
) -> FancyBboxPatch:
    """A rounded box centred on ``(cx, cy)``."""
    patch = FancyBboxPatch(
        (cx - w / 2, cy - h / 2),
        w,
        h,
        boxstyle=f"round,pad=0,rounding_size={min(rounding, w / 2, h / 2)}",
        facecolor=face,
        edgecolor=edge,
        linewidth=lw,
        linestyle=linestyle,
        hatch=hatch,
        zorder=zorder,
        clip_on=False,
    )
    if gid is not None:
        patch.set_gid(gid)
    ax.add_patch(patch)
    return patch


def arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    color: str,
    gid: str | None = None,
    dashed: bool = False,
    lw: float = LINE_WIDTH,
    halo: bool = False,
    head: float = 9.0,
    zorder: float = 2.0,
) -> Artist:
    """A straight arrow whose tip lands on ``end`` (a shaft and a solid triangular head).

    ``dashed`` marks a hidden state (solid lines are true outputs); ``halo`` lays a white band
    under the shaft so that the arrow reads on top where it crosses another line. The returned
    artist (the whole arrow, or the shaft of a dashed one) carries ``gid``.
    """
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    if length == 0:
        raise ValueError(
            f"end: expected a point other than start, got {end} twice (an arrow of length 0)"
        )
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    head_len = min(HEAD_LENGTH * head / 72.0, length)
    half_w = HEAD_WIDTH * head / 72.0
    bx, by = x1 - ux * head_len, y1 - uy * head_len  # centre of the head's base
    # the shaft runs a little into the head so that no gap shows at its base
    sx, sy = x1 - ux * head_len * 0.6, y1 - uy * head_len * 0.6
    tip = [(x1, y1), (bx - uy * half_w, by + ux * half_w), (bx + uy * half_w, by - ux * half_w)]
    if halo:
        ax.add_line(
            Line2D(
                [x0, bx],
                [y0, by],
                color=CARD,
                linewidth=lw + 3.5,
                solid_capstyle="butt",
                zorder=zorder - 0.01,
                clip_on=False,
            )
        )
    style: dict[str, Any] = {
        "facecolor": color,
        "edgecolor": color,
        "linewidth": lw,
        "capstyle": "butt",
        "joinstyle": "miter",
        "zorder": zorder,
        "clip_on": False,
    }
    artist: Artist
    if dashed:
        # one path would dash the outline of the head too: a dashed shaft, then a solid head
        shaft = Line2D(
            [x0, sx],
            [y0, sy],
            color=color,
            linewidth=lw,
            linestyle=(0, DASHES),
            dash_capstyle="butt",
            zorder=zorder,
            clip_on=False,
        )
        ax.add_line(shaft)
        ax.add_patch(Polygon(tip, closed=True, **style))
        artist = shaft
    else:
        # one path: the open shaft (no area, so only stroked) and the closed head
        codes = [Path.MOVETO, Path.LINETO, Path.MOVETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
        path = Path([(x0, y0), (sx, sy), *tip, tip[0]], codes)
        artist = ax.add_patch(PathPatch(path, **style))
    if gid is not None:
        artist.set_gid(gid)
    return artist


def label(
    ax: Axes,
    x: float,
    y: float,
    s: str,
    *,
    size: float = TEXT_SIZE,
    color: str = INK,
    ha: Literal["left", "center", "right"] = "center",
    va: Literal["top", "center", "bottom", "baseline", "center_baseline"] = "center",
    mono: bool = False,
    weight: str = "normal",
    gid: str | None = None,
    zorder: float = 5.0,
) -> Text:
    """Place a piece of text (mathtext if it contains ``$...$``)."""
    text = ax.text(
        x,
        y,
        s,
        fontsize=size,
        color=color,
        ha=ha,
        va=va,
        family=_FAMILY.get()[1 if mono else 0],
        fontweight=weight,
        zorder=zorder,
        clip_on=False,
    )
    if gid is not None:
        text.set_gid(gid)
    return text


def footnote(ax: Axes, x: float, y: float, s: str) -> Text:
    """The small muted note at the bottom left of a figure."""
    return label(ax, x, y, s, size=SMALL_SIZE, color=MUTED, ha="left")


def title(canvas: Canvas, heading: str, subtitle: str | None = None) -> float:
    """Write a title (and an optional subtitle) at the top left; return the y below them."""
    x = CARD_PAD + MARGIN
    y = canvas.height - CARD_PAD - MARGIN * 0.8
    label(
        canvas.ax, x, y, heading, size=TITLE_SIZE, ha="left", va="top", weight="bold", gid="title"
    )
    y -= TITLE_SIZE / 72 * 1.45
    if subtitle is not None:
        label(canvas.ax, x, y, subtitle, size=TEXT_SIZE, ha="left", va="top", gid="subtitle")
        y -= TEXT_SIZE / 72 * 1.5
    return y


def title_height(has_subtitle: bool) -> float:
    """Vertical space that :func:`title` uses, in inches (card pad and margin included)."""
    h = CARD_PAD + MARGIN * 0.8 + TITLE_SIZE / 72 * 1.45
    if has_subtitle:
        h += TEXT_SIZE / 72 * 1.5
    return h


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: a short line sample (or a filled swatch) and its text."""

    text: str
    color: str
    dashed: bool = False
    swatch: str | None = None  # fill colour: draw a small box instead of a line
    square: bool = False  # a small square swatch instead of a box
    thick: bool = False  # a thick outline (highlights)
    hatch: str | None = None  # hatch pattern of the swatch


LEGEND_SAMPLE = 0.42  # length of a legend line sample
LEGEND_GAP = 0.28  # space between two legend entries
LEGEND_ROW = 0.26  # height of one legend row


def legend_rows(items: Sequence[LegendItem], width: float) -> list[list[LegendItem]]:
    """Flow legend items into rows no wider than ``width`` inches."""
    rows: list[list[LegendItem]] = [[]]
    used = 0.0
    for item in items:
        w = LEGEND_SAMPLE + 0.08 + text_width(item.text, SMALL_SIZE)
        if rows[-1] and used + LEGEND_GAP + w > width:
            rows.append([])
            used = 0.0
        used += (LEGEND_GAP if rows[-1] else 0.0) + w
        rows[-1].append(item)
    return rows


def legend_width(items: Sequence[LegendItem]) -> float:
    """Width of the legend if all items sit on one row."""
    widths = [LEGEND_SAMPLE + 0.08 + text_width(i.text, SMALL_SIZE) for i in items]
    return sum(widths) + LEGEND_GAP * (len(widths) - 1)


def draw_legend(ax: Axes, rows: Sequence[Sequence[LegendItem]], x0: float, y_top: float) -> None:
    """Draw legend rows (from :func:`legend_rows`) starting at ``(x0, y_top)``."""
    for r, row in enumerate(rows):
        y = y_top - (r + 0.5) * LEGEND_ROW
        x = x0
        for item in row:
            if item.swatch is not None:
                side = 0.1 if item.square else 0.15
                box(
                    ax,
                    x + LEGEND_SAMPLE / 2,
                    y,
                    side if item.square else LEGEND_SAMPLE * 0.7,
                    side,
                    face=item.swatch,
                    edge=item.color,
                    lw=2.2 if item.thick else 1.0,
                    rounding=0.0 if item.square else 0.03,
                    hatch=item.hatch,
                )
            else:
                line = Line2D(
                    [x, x + LEGEND_SAMPLE],
                    [y, y],
                    color=item.color,
                    linewidth=LINE_WIDTH,
                    linestyle=(0, DASHES) if item.dashed else "-",
                    solid_capstyle="butt",
                    dash_capstyle="butt",
                    clip_on=False,
                )
                ax.add_line(line)
            label(ax, x + LEGEND_SAMPLE + 0.08, y, item.text, size=SMALL_SIZE, ha="left")
            x += LEGEND_SAMPLE + 0.08 + text_width(item.text, SMALL_SIZE) + LEGEND_GAP


def highlight(
    ax: Axes,
    cx: float,
    cy: float,
    w: float,
    h: float,
    *,
    lw: float,
    rounding: float,
    gid: str | None = None,
) -> FancyBboxPatch:
    """A thick green outline, no fill, drawn above what it marks (the summary, the top layer)."""
    return box(
        ax, cx, cy, w, h, face="none", edge=GREEN, lw=lw, rounding=rounding, zorder=4, gid=gid
    )


def direction_box(
    ax: Axes, cx: float, cy: float, w: float, h: float, d: Direction, *, gid: str | None = None
) -> FancyBboxPatch:
    """A box filled and outlined in the colours of direction ``d`` (a half, a row, a state)."""
    return box(ax, cx, cy, w, h, face=tint(d), edge=colour(d), rounding=0.04, gid=gid)
