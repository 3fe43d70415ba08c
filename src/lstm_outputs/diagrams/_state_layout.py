"""Figure: the rows of ``h_n`` (layer-major, direction-minor) and their ``view(L, D, N, H)``."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes

from . import _style as st
from ._diagram import Diagram, check_bool, check_int
from ._labels import check_language, count, join, text
from ._unrolled import MAX_LAYERS, hn_index

ROW_H = 0.34
ROW_PITCH = 0.44
BAR_W = 1.75
CELL_W = 1.45
ARROW_H = 0.6
INDEX_SIZE = 8.5


def state_layout(
    num_layers: int = 2, bidirectional: bool = True, *, language: str = "en"
) -> Diagram:
    """The rows of ``h_n``, shape ``(L*D, N, H)``, and the ``view(L, D, N, H)`` that untangles them.

    ``h_n`` (and ``c_n``) stack every layer's final state along dim 0, layer-major and
    direction-minor: layer 0 forward, layer 0 backward, layer 1 forward, ... The figure lists
    the rows, coloured by direction, and the grid that ``h_n.view(L, D, N, H)`` gives (layers as
    rows, directions as columns). The top layer's rows, ``h_n[-2]`` and ``h_n[-1]`` (or just
    ``h_n[-1]`` when unidirectional), are marked.

    Parameters
    ----------
    num_layers
        Number of layers ``L``, 1 to 4.
    bidirectional
        ``True`` for ``D = 2`` directions, ``False`` for ``D = 1``.
    language
        ``"en"`` (the default) or ``"zh_CN"``: the language of the labels and the alt text.

    Returns
    -------
    Diagram
        The figure and its alt text.

    Raises
    ------
    TypeError, ValueError
        If ``num_layers`` is not an int from 1 to 4, ``bidirectional`` not a bool, or
        ``language`` not ``"en"`` or ``"zh_CN"``.

    Examples
    --------
    >>> from lstm_outputs import diagrams
    >>> d = diagrams.state_layout(num_layers=2, bidirectional=True)
    >>> "row 2 is layer 1 forward" in d.alt and "view(2, 2, N, H)" in d.alt
    True
    """
    num_layers = check_int("num_layers", num_layers, 1, MAX_LAYERS)
    bidirectional = check_bool("bidirectional", bidirectional)
    lang = check_language(language)
    with st.context(lang):
        lay = _layout(num_layers, bidirectional, lang)
        canvas = st.new_canvas(lay.width, lay.height)
        ax = canvas.ax
        st.title(canvas, text("state.heading", lang), lay.subtitle)
        _draw_rows(ax, lay)
        _draw_view(ax, lay)
        st.draw_legend(ax, lay.legend, lay.inner, lay.y_legend_top)
        st.footnote(ax, lay.inner, lay.y_footnote, text("state.footnote", lang))
    return Diagram(
        canvas.figure,
        _alt_text(num_layers, bidirectional, lang),
        lang,
        lambda other: state_layout(num_layers, bidirectional, language=other),
    )


@dataclass(frozen=True)
class _Layout:
    """What is drawn and where (inches, from the bottom left of the figure)."""

    num_layers: int
    directions: list[st.Direction]
    lang: str
    subtitle: str
    grid_heading: str
    top_marks: list[str]
    width: float
    height: float
    inner: float
    legend: list[list[st.LegendItem]]
    x_bar: float  # centre of the h_n rows
    y_arrow0: float  # the view's arrow points down, from the rows to the grid
    y_arrow1: float
    x_grid0: float  # left edge of the grid's first column (the grid sits under the rows)
    y_footnote: float
    y_legend_top: float
    y_bottom: float  # bottom of the lowest row
    y_rows_top: float
    grid_top: float
    y_header: float

    @property
    def num_dirs(self) -> int:
        return len(self.directions)

    @property
    def rows(self) -> int:
        return self.num_layers * self.num_dirs

    @property
    def view(self) -> str:
        return f"view({self.num_layers}, {self.num_dirs}, N, H)"

    def y_row(self, i: int) -> float:
        return self.y_rows_top - (i + 0.5) * ROW_PITCH

    def y_grid(self, layer: int) -> float:
        return self.grid_top - (layer + 0.5) * ROW_PITCH

    def layer_name(self, layer: int) -> str:
        return text("layer", self.lang, layer=layer)

    def direction_name(self, d: st.Direction) -> str:
        return text(f"dir.{d}", self.lang)

    def row_name(self, layer: int, d: st.Direction) -> str:
        if self.num_dirs == 1:
            return self.layer_name(layer)
        arrow = "→" if d == "fwd" else "←"
        return text(
            "state.row_bi",
            self.lang,
            layer=self.layer_name(layer),
            direction=self.direction_name(d),
            arrow=arrow,
        )


def _layout(num_layers: int, bidirectional: bool, lang: str) -> _Layout:
    directions: list[st.Direction] = ["fwd", "bwd"] if bidirectional else ["fwd"]
    num_dirs = len(directions)
    rows = num_layers * num_dirs
    view = f"view({num_layers}, {num_dirs}, N, H)"
    order = text("state.order_bi" if bidirectional else "state.order_uni", lang)
    subtitle = text("state.subtitle", lang, rows=rows, order=order)
    grid_heading = f"h_n.view(...): ({num_layers}, {num_dirs}, N, H)"
    top_marks = (
        [text("state.mark_fwd", lang), text("state.mark_bwd", lang)]
        if bidirectional
        else [text("state.mark_uni", lang)]
    )
    items = [
        st.LegendItem(text("legend.forward", lang), st.FWD, swatch=st.FWD_TINT),
        st.LegendItem(text("legend.backward", lang), st.BWD, swatch=st.BWD_TINT),
        st.LegendItem(text("legend.top_layer", lang), st.GREEN, swatch=st.CARD, thick=True),
    ]
    heading, footnote = text("state.heading", lang), text("state.footnote", lang)
    if not bidirectional:
        items = [items[0], items[2]]

    inner = st.CARD_PAD + st.MARGIN
    index_w = st.text_width(f"h_n[{rows - 1}]", INDEX_SIZE, mono=True)
    mark_w = max(st.text_width(m, INDEX_SIZE, mono=True) for m in top_marks)
    row_head_w = st.text_width(text("layer", lang, layer=0), st.SMALL_SIZE)
    grid_w = row_head_w + 0.1 + num_dirs * CELL_W
    x_bar = inner + max(index_w + 0.12 + BAR_W / 2, row_head_w + 0.1 + num_dirs * CELL_W / 2)
    x_grid0 = x_bar - num_dirs * CELL_W / 2
    content_right = max(
        x_bar + BAR_W / 2 + 0.32 + mark_w,
        x_grid0 + num_dirs * CELL_W + 0.1,
        x_bar + st.text_width(grid_heading, 9, mono=True) / 2,
        x_bar + 0.15 + st.text_width(f".{view}", st.SMALL_SIZE, mono=True),
    )
    width = max(
        content_right + inner,
        st.text_width(heading, st.TITLE_SIZE, bold=True) + 2 * inner,
        st.text_width(subtitle) + 2 * inner,
        st.text_width(footnote, st.SMALL_SIZE) + 2 * inner,
        grid_w + 2 * inner,
    )
    legend = st.legend_rows(items, width - 2 * inner)

    # bottom up: footnote, legend, the grid, the arrow of the view, the rows of h_n
    y_footnote = st.CARD_PAD + 0.22
    y_legend_top = y_footnote + 0.16 + len(legend) * st.LEGEND_ROW
    grid_top = y_legend_top + 0.7 + num_layers * ROW_PITCH
    y_arrow1 = grid_top + 0.7
    y_arrow0 = y_arrow1 + ARROW_H
    y_bottom = y_arrow0 + 0.1
    y_rows_top = y_bottom + rows * ROW_PITCH
    y_header = y_rows_top + 0.12
    height = y_header + 0.3 + st.title_height(True)
    return _Layout(
        num_layers,
        directions,
        lang,
        subtitle,
        grid_heading,
        top_marks,
        width,
        height,
        inner,
        legend,
        x_bar,
        y_arrow0,
        y_arrow1,
        x_grid0,
        y_footnote,
        y_legend_top,
        y_bottom,
        y_rows_top,
        grid_top,
        y_header,
    )


def _draw_rows(ax: Axes, lay: _Layout) -> None:
    """The rows of h_n, top to bottom, with the top layer's rows marked from the end."""
    x_bar, num_dirs, rows = lay.x_bar, lay.num_dirs, lay.rows
    st.label(ax, x_bar, lay.y_header, f"h_n: ({rows}, N, H)", va="bottom", mono=True, size=9)
    st.label(
        ax,
        lay.x_grid0 + num_dirs * CELL_W / 2,
        lay.grid_top + 0.38,
        lay.grid_heading,
        va="bottom",
        mono=True,
        size=9,
    )
    for layer in range(lay.num_layers):
        for k, d in enumerate(lay.directions):
            i = hn_index(layer, k, num_dirs)
            y = lay.y_row(i)
            st.label(
                ax,
                x_bar - BAR_W / 2 - 0.12,
                y,
                f"h_n[{i}]",
                ha="right",
                mono=True,
                size=INDEX_SIZE,
            )
            st.direction_box(ax, x_bar, y, BAR_W, ROW_H, d, gid=f"hn-row-{i}-l{layer}-{d}")
            st.label(ax, x_bar, y, lay.row_name(layer, d), size=8.5)

    # the top layer's rows, counted from the end
    for k, mark in enumerate(lay.top_marks):
        i = rows - num_dirs + k
        st.label(
            ax,
            x_bar + BAR_W / 2 + 0.32,
            lay.y_row(i),
            mark,
            ha="left",
            mono=True,
            size=INDEX_SIZE,
            gid=f"topmark-{k - num_dirs}",
        )
    y_lo = lay.y_row(rows - 1) - ROW_H / 2 - 0.04
    y_hi = lay.y_row(rows - num_dirs) + ROW_H / 2 + 0.04
    st.highlight(
        ax,
        x_bar,
        (y_lo + y_hi) / 2,
        BAR_W + 0.1,
        y_hi - y_lo,
        lw=2.2,
        rounding=0.06,
        gid="topmark-rows",
    )


def _draw_view(ax: Axes, lay: _Layout) -> None:
    """The arrow of the view and the (layer, direction) grid it gives."""
    x_grid0, num_dirs, x = lay.x_grid0, lay.num_dirs, lay.x_bar
    st.arrow(ax, (x, lay.y_arrow0), (x, lay.y_arrow1), color=st.INK, lw=1.6, gid="edge-view")
    y_mid = (lay.y_arrow0 + lay.y_arrow1) / 2
    st.label(
        ax,
        x + 0.15,
        y_mid + 0.04,
        f".{lay.view}",
        ha="left",
        va="bottom",
        mono=True,
        size=st.SMALL_SIZE,
    )
    st.label(
        ax,
        x + 0.15,
        y_mid - 0.04,
        text("state.no_copy", lay.lang),
        ha="left",
        va="top",
        size=st.SMALL_SIZE,
        color=st.MUTED,
    )
    for k, d in enumerate(lay.directions):
        xc = x_grid0 + (k + 0.5) * CELL_W
        column = text("state.column", lay.lang, direction=lay.direction_name(d), k=k)
        st.label(ax, xc, lay.grid_top + 0.08, column, va="bottom", size=st.SMALL_SIZE)
    for layer in range(lay.num_layers):
        st.label(
            ax,
            x_grid0 - 0.1,
            lay.y_grid(layer),
            lay.layer_name(layer),
            ha="right",
            size=st.SMALL_SIZE,
        )
        for k, d in enumerate(lay.directions):
            i = hn_index(layer, k, num_dirs)
            xc = x_grid0 + (k + 0.5) * CELL_W
            st.direction_box(
                ax,
                xc,
                lay.y_grid(layer),
                CELL_W - 0.08,
                ROW_H,
                d,
                gid=f"view-l{layer}-d{k}-row-{i}",
            )
            st.label(
                ax,
                xc,
                lay.y_grid(layer),
                f"[{layer}, {k}] = h_n[{i}]",
                mono=True,
                size=st.SMALL_SIZE,
            )
    top = lay.num_layers - 1
    st.highlight(
        ax,
        x_grid0 + num_dirs * CELL_W / 2,
        lay.y_grid(top),
        num_dirs * CELL_W + 0.04,
        ROW_H + 0.1,
        lw=2.2,
        rounding=0.06,
        gid="topmark-grid",
    )
    st.label(
        ax,
        x_grid0 + num_dirs * CELL_W / 2,
        lay.y_grid(top) - ROW_H / 2 - 0.1,
        text("state.top", lay.lang, top=top),
        va="top",
        size=st.SMALL_SIZE,
        color=st.MUTED,
    )


def _alt_text(num_layers: int, bidirectional: bool, lang: str) -> str:
    num_dirs = 2 if bidirectional else 1
    rows = num_layers * num_dirs
    names = []
    for layer in range(num_layers):
        if bidirectional:
            for k, d in enumerate(("fwd", "bwd")):
                index = hn_index(layer, k, 2)
                names.append(text(f"state.alt.row_{d}", lang, index=index, layer=layer))
        else:
            names.append(text("state.alt.row_uni", lang, index=layer, layer=layer))
    kind = text("kind.bi" if bidirectional else "kind.uni", lang)
    parts = [
        text(
            "state.alt.intro",
            lang,
            count=count("count.row", rows, lang),
            num_layers=num_layers,
            kind=kind,
            rows=rows,
            names=join(names, lang, "sep.comma"),
        )
    ]
    if bidirectional:
        parts.append(text("state.alt.order", lang))
    end = "state.alt.view_end_bi" if bidirectional else "state.alt.view_end_uni"
    parts.append(
        text("state.alt.view", lang, num_layers=num_layers, num_dirs=num_dirs) + text(end, lang)
    )
    parts.append(text("state.alt.top_bi" if bidirectional else "state.alt.top_uni", lang))
    parts.append(text("state.alt.c_n", lang))
    return join(parts, lang)
