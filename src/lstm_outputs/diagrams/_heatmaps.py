"""Figure: heatmaps of how much each output step depends on each input step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
import torch
from matplotlib.colors import Colormap
from matplotlib.patches import Rectangle
from numpy.typing import NDArray

from . import _style as st
from ._diagram import Diagram
from ._labels import LANGUAGES, check_language, count, join, text

MAX_PANELS = 6
MAX_LENGTH = 24
CMAP = "viridis"
HATCH = "////"
HATCH_COLOUR = "#8C959F"


def _as_matrix(value: object, index: int) -> NDArray[np.float64]:
    """A panel as a finite, non-negative 2-D float array (tensors are detached first)."""
    detach = getattr(value, "detach", None)
    if callable(detach):  # a torch.Tensor, possibly requiring grad or on another device
        value = detach().cpu()
    try:
        matrix = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"influence[{index}]: expected a 2-D array or tensor of numbers, got "
            f"{type(value).__name__} ({error})"
        ) from None
    if matrix.ndim != 2:
        raise ValueError(
            f"influence[{index}]: expected 2-D, shape (T_out, T_in), got shape "
            f"{tuple(matrix.shape)} (pass a list with one 2-D array per panel)"
        )
    if 0 in matrix.shape or max(matrix.shape) > MAX_LENGTH:
        raise ValueError(
            f"influence[{index}]: expected 1 to {MAX_LENGTH} rows and columns, got shape "
            f"{tuple(matrix.shape)} (longer sequences make unreadable cells)"
        )
    if not np.isfinite(matrix).all():
        raise ValueError(
            f"influence[{index}]: expected finite numbers, got NaN or infinity "
            "(a gradient that overflowed?)"
        )
    if (matrix < 0).any():
        raise ValueError(
            f"influence[{index}]: expected non-negative numbers, got a smallest value of "
            f"{matrix.min():g} (gradients: take .abs() first)"
        )
    return matrix


def _grid_lines(rows: int, cols: int) -> tuple[list[float], list[float]]:
    """x and y of the inner cell borders as one polyline broken by NaNs (one SVG path)."""
    xs: list[float] = []
    ys: list[float] = []
    for c in range(1, cols):
        xs += [c, c, np.nan]
        ys += [0, rows, np.nan]
    for r in range(1, rows):
        xs += [0, cols, np.nan]
        ys += [r, r, np.nan]
    return xs, ys


def _zero_runs(zeros: NDArray[np.bool_]) -> list[tuple[int, int, int]]:
    """Runs of exact zeros along each row, as ``(row, first column, last column)``."""
    runs: list[tuple[int, int, int]] = []
    for t, row in enumerate(zeros):
        s = 0
        while s < len(row):
            if row[s]:
                first = s
                while s + 1 < len(row) and row[s + 1]:
                    s += 1
                runs.append((t, first, s))
            s += 1
    return runs


def _zero_pattern(zeros: NDArray[np.bool_]) -> str:
    """Where the exact zeros of one panel are: the key of their description in words."""
    t_out, t_in = zeros.shape
    t_idx, s_idx = np.indices((t_out, t_in))
    if not zeros.any():
        return "heat.zeros.none"
    if zeros.all():
        return "heat.zeros.all"
    if np.array_equal(zeros, s_idx > t_idx):
        return "heat.zeros.upper"
    if np.array_equal(zeros, s_idx < t_idx):
        return "heat.zeros.lower"
    return "heat.zeros.other"


def dependency_heatmaps(
    influence: Sequence[torch.Tensor | NDArray[np.floating[Any]]],
    titles: Sequence[str | Mapping[str, str]],
    tokens: Sequence[str] | None = None,
    *,
    language: str = "en",
) -> Diagram:
    """One heatmap per panel of how much output step ``t`` depends on input step ``s``.

    Each panel is a non-negative ``(T_out, T_in)`` matrix, for example
    ``|d output[t, :, half] / d x[s]|`` summed over features, computed with autograd. Each panel
    is scaled to its own maximum and drawn with a perceptually uniform colormap (viridis);
    cells that are *exactly* zero, the inputs that output step has not seen, are drawn light
    grey and hatched so that they read without colour. The alt text states, per panel, how
    many ``(t, s)`` cells are exactly zero and where they lie.

    Parameters
    ----------
    influence
        One 2-D array or tensor per panel (1 to 6 panels), shape ``(T_out, T_in)`` with 1 to 24
        steps each way, finite and non-negative. Tensors are detached and moved to the CPU.
    titles
        One title per panel: a string, or a mapping of each language (``"en"``, ``"zh_CN"``)
        to the title in that language.
    tokens
        Optional labels for the input steps (x axis); its length must equal ``T_in`` of every
        panel. By default the input steps are numbered from 0.
    language
        ``"en"`` (the default) or ``"zh_CN"``: the language of the labels and the alt text
        (``tokens``, and titles given as plain strings, are drawn as given).

    Returns
    -------
    Diagram
        The figure and its alt text.

    Raises
    ------
    TypeError
        If a panel is not numeric, or ``titles`` / ``tokens`` are not strings (or, for a
        title, a mapping of each language to a string).
    ValueError
        If a panel is not 2-D, is empty or too large, is negative or not finite, or if the
        numbers of panels, titles and tokens do not match, or if ``language`` is not ``"en"``
        or ``"zh_CN"``.

    Examples
    --------
    >>> import numpy as np
    >>> from lstm_outputs import diagrams
    >>> forward = np.tril(np.ones((4, 4)))  # step t has seen inputs 0..t
    >>> d = diagrams.dependency_heatmaps([forward, np.ones((4, 4))], ["forward", "2 layers"])
    >>> "6 of 16 (t, s) cells are exactly zero" in d.alt
    True
    >>> "0 of 16" in d.alt
    True
    """
    lang = check_language(language)
    panels = _checked_panels(influence, titles, tokens)
    named = [_title_in(title, lang, k) for k, title in enumerate(titles)]
    zeros_per_panel: list[tuple[int, int, str]] = []
    with st.context(lang):
        lay = _layout(panels, named, tokens, lang)
        canvas = st.new_canvas(lay.width, lay.height)
        st.title(canvas, text("heat.heading", lang), text("heat.subtitle", lang))
        cmap = mpl.colormaps[CMAP].with_extremes(bad=st.ZERO_FILL)
        for k, (panel, title) in enumerate(zip(panels, named, strict=True)):
            zeros_per_panel.append(_draw_panel(canvas, lay, k, panel, title, tokens, cmap, lang))
        _draw_colourbar(canvas, lay, cmap, lang)
        st.draw_legend(canvas.ax, lay.legend, lay.inner, lay.y_legend_top)

    described = []
    for k, (zeros, total, pattern) in enumerate(zeros_per_panel):
        fields = {"k": k + 1, "title": named[k]}
        described.append(
            text("heat.alt.panel", lang, zeros=zeros, total=total, **fields)
            + text(
                "heat.alt.pattern_some" if zeros else "heat.alt.pattern_none",
                lang,
                pattern=text(pattern, lang),
            )
        )
    intro = text(
        "heat.alt.intro", lang, count=count("count.heatmap", len(panels), lang), cmap=CMAP
    )
    return Diagram(
        canvas.figure,
        intro + join(described, lang),
        lang,
        lambda other: dependency_heatmaps(panels, titles, tokens, language=other),
    )


TICK_SIZE = st.SMALL_SIZE


def legend_items(lang: str) -> list[st.LegendItem]:
    """The legend's entry in ``lang``."""
    return [
        st.LegendItem(text("heat.legend", lang), HATCH_COLOUR, swatch=st.ZERO_FILL, hatch=HATCH),
    ]


def _title_in(title: str | Mapping[str, str], lang: str, k: int) -> str:
    """Panel ``k``'s title in ``lang``: a string as it is, or the mapping's entry for ``lang``."""
    if isinstance(title, str):
        return title
    if set(title) != set(LANGUAGES) or not all(isinstance(v, str) for v in title.values()):
        raise TypeError(
            f"titles[{k}]: expected a string or a mapping of each of {list(LANGUAGES)} to a "
            f"string, got {dict(title)!r} (a title per language of the site)"
        )
    return title[lang]


def _checked_panels(
    influence: object, titles: Sequence[object], tokens: Sequence[str] | None
) -> list[NDArray[np.float64]]:
    """The panels as float arrays, after checking them against the titles and tokens."""
    if isinstance(influence, str | bytes) or not isinstance(influence, Iterable):
        raise TypeError(
            "influence: expected a sequence of 2-D arrays (one per panel), got "
            f"{type(influence).__name__}"
        )
    panels = [_as_matrix(value, k) for k, value in enumerate(influence)]
    if not 1 <= len(panels) <= MAX_PANELS:
        raise ValueError(f"influence: expected 1 to {MAX_PANELS} panels, got {len(panels)}")
    if isinstance(titles, str) or not all(isinstance(t, str | Mapping) for t in titles):
        raise TypeError(
            "titles: expected a sequence of strings (or of {language: string} mappings), one "
            f"per panel, got {titles!r}"
            + (" (a single string: wrap it in a list)" if isinstance(titles, str) else "")
        )
    if len(titles) != len(panels):
        raise ValueError(
            f"titles: expected one per panel ({len(panels)}), got {len(titles)} titles"
        )
    if tokens is not None:
        if isinstance(tokens, str) or not all(isinstance(t, str) for t in tokens):
            raise TypeError(
                f"tokens: expected a sequence of strings, one per input step, got {tokens!r}"
                + (" (a single string: split it into a list)" if isinstance(tokens, str) else "")
            )
        for k, panel in enumerate(panels):
            if panel.shape[1] != len(tokens):
                raise ValueError(
                    f"tokens: expected one per input step (influence[{k}] has "
                    f"T_in = {panel.shape[1]}), got {len(tokens)} tokens"
                )
    return panels


@dataclass(frozen=True)
class _Layout:
    """Sizes and positions (inches, from the bottom left of the figure).

    The panels sit in a grid of equal slots, as many per row as fit the site's column; each slot
    holds the y tick labels, then the panel centred in what is left.
    """

    cell: float  # side of one heatmap cell
    rotate: bool  # token labels at 45 degrees
    inner: float
    columns: int  # panels per row
    x0: float  # left edge of the first slot
    slot_w: float
    ytick_w: float
    colourbar_x: float
    width: float
    height: float
    legend: list[list[st.LegendItem]]
    y_legend_top: float
    y_top: float  # top edge of the first row's panels
    row_h: float  # from one row's panel tops to the next's
    panel_h: float  # height of the tallest panel

    def panel_x(self, k: int, panel_w: float) -> float:
        """Left edge of panel ``k`` (of width ``panel_w``)."""
        slot_x = self.x0 + (k % self.columns) * self.slot_w
        room = self.slot_w - self.ytick_w - SLOT_GAP
        return slot_x + self.ytick_w + SLOT_GAP + (room - panel_w) / 2

    def panel_top(self, k: int) -> float:
        """Top edge of panel ``k``."""
        return self.y_top - (k // self.columns) * self.row_h


SLOT_GAP = 0.3  # between the y tick labels and the panel, or two panels' titles
TITLE_H = 0.32  # room above a panel for its title


def _layout(
    panels: list[NDArray[np.float64]],
    titles: Sequence[str],
    tokens: Sequence[str] | None,
    lang: str,
) -> _Layout:
    items = legend_items(lang)
    longest = max(max(p.shape) for p in panels)
    cell = float(np.clip(1.56 / longest, 0.13, 0.26))
    rotate = tokens is not None and max(len(t) for t in tokens) > 2
    inner = st.CARD_PAD + st.MARGIN
    ytick_w = st.text_width(str(max(p.shape[0] for p in panels) - 1), TICK_SIZE) + 0.12
    widest = max([p.shape[1] * cell for p in panels] + [st.text_width(t, 8.5) for t in titles])
    slot_w = ytick_w + SLOT_GAP + widest
    x0 = inner + 0.25
    colourbar_w = 0.3 + 0.12 + 0.08 + st.text_width(text("heat.max", lang), TICK_SIZE)
    headings_w = max(
        st.text_width(text("heat.heading", lang), st.TITLE_SIZE, bold=True),
        st.text_width(text("heat.subtitle", lang)),
        st.legend_width(items),
    )
    columns = len(panels)
    while columns > 1 and x0 + columns * slot_w + colourbar_w + inner > st.COLUMN_WIDTH:
        columns -= 1
    colourbar_x = x0 + columns * slot_w + 0.3
    width = max(colourbar_x + colourbar_w - 0.3 + inner, headings_w + 2 * inner)
    legend = st.legend_rows(items, width - 2 * inner)
    panel_h = max(p.shape[0] for p in panels) * cell
    xtick_h = (
        0.45 * max(st.text_width(t, TICK_SIZE) for t in tokens) + 0.15
        if rotate and tokens is not None
        else 0.2
    )
    rows = -(-len(panels) // columns)
    row_h = TITLE_H + panel_h + xtick_h + 0.3
    y_legend_top = st.CARD_PAD + 0.2 + len(legend) * st.LEGEND_ROW
    y_top = y_legend_top + 0.2 + 0.3 + xtick_h + panel_h + (rows - 1) * row_h
    height = y_top + TITLE_H + st.title_height(True)
    return _Layout(
        cell,
        rotate,
        inner,
        columns,
        x0,
        slot_w,
        ytick_w,
        colourbar_x,
        width,
        height,
        legend,
        y_legend_top,
        y_top,
        row_h,
        panel_h,
    )


def _draw_panel(
    canvas: st.Canvas,
    lay: _Layout,
    k: int,
    panel: NDArray[np.float64],
    title: str,
    tokens: Sequence[str] | None,
    cmap: Colormap,
    lang: str,
) -> tuple[int, int, str]:
    """Draw panel ``k`` in its slot; return its zero count, size and pattern (a label key)."""
    fig, width, height = canvas.figure, lay.width, lay.height
    t_out, t_in = panel.shape
    w, h = t_in * lay.cell, t_out * lay.cell
    x, top = lay.panel_x(k, w), lay.panel_top(k)
    ax = fig.add_axes((x / width, (top - h) / height, w / width, h / height))
    peak = float(panel.max())
    scaled = panel / peak if peak > 0 else panel
    zeros = panel == 0
    image = ax.imshow(
        np.ma.masked_array(scaled, mask=zeros),
        cmap=cmap,
        vmin=0.0,
        vmax=1.0,
        extent=(0, t_in, t_out, 0),
        interpolation="none",  # one pixel per cell, drawn crisp
    )
    image.set_gid(f"heatmap-p{k}")
    # white lines between the cells
    ax.plot(*_grid_lines(t_out, t_in), color=st.CARD, linewidth=0.8)
    # exact zeros: one hatched rectangle per run of zeros along a row
    for t, first, last in _zero_runs(zeros):
        rect = Rectangle(
            (float(first), float(t)),
            float(last - first + 1),
            1.0,
            facecolor=st.ZERO_FILL,
            edgecolor=HATCH_COLOUR,
            hatch=HATCH,
            linewidth=0.0,
            zorder=3,
        )
        rect.set_gid(f"zero-p{k}-t{t}-s{first}-{last}")
        ax.add_patch(rect)
    ax.set_xlim(0, t_in)
    ax.set_ylim(t_out, 0)  # output step 0 at the top
    ax.set_aspect("equal")
    # label every step up to 12 steps, then every k-th (all tokens if given)
    x_every = 1 if tokens is not None else -(-t_in // 12)
    y_every = -(-t_out // 12)
    ax.set_xticks(np.arange(0, t_in, x_every) + 0.5)
    ax.set_xticklabels(
        list(tokens) if tokens is not None else [str(s) for s in range(0, t_in, x_every)],
        fontsize=TICK_SIZE,
        rotation=45 if lay.rotate else 0,
        ha="right" if lay.rotate else "center",
        rotation_mode="anchor",
    )
    ax.set_yticks(np.arange(0, t_out, y_every) + 0.5)
    ax.set_yticklabels([str(t) for t in range(0, t_out, y_every)], fontsize=TICK_SIZE)
    ax.tick_params(bottom=False, left=False, pad=2, colors=st.INK)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(text("heat.xlabel", lang), fontsize=st.SMALL_SIZE, labelpad=3)
    if k % lay.columns == 0:
        ax.set_ylabel(text("heat.ylabel", lang), fontsize=st.SMALL_SIZE, labelpad=3)
    ax.set_title(title, fontsize=8.5, pad=5)
    return int(zeros.sum()), t_out * t_in, _zero_pattern(zeros)


def _draw_colourbar(canvas: st.Canvas, lay: _Layout, cmap: Colormap, lang: str) -> None:
    """The colour scale, 0 to 1 (each panel's maximum), right of the panels."""
    width, height = lay.width, lay.height
    cax = canvas.figure.add_axes(
        (
            lay.colourbar_x / width,
            (lay.y_top - lay.panel_h) / height,
            0.12 / width,
            lay.panel_h / height,
        )
    )
    gradient = np.linspace(0.0, 1.0, 64).reshape(-1, 1)
    cax.imshow(
        gradient,
        cmap=cmap,
        aspect="auto",
        origin="lower",
        extent=(0, 1, 0, 1),
        interpolation="nearest",
    )
    cax.set_xticks([])
    cax.yaxis.tick_right()
    cax.set_yticks([0.0, 0.5, 1.0])
    cax.set_yticklabels(["0", "0.5", text("heat.max", lang)], fontsize=TICK_SIZE)
    cax.tick_params(right=False, pad=2)
    for spine in cax.spines.values():
        spine.set_visible(False)
