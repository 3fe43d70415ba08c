"""Figure: a (bidirectional, multi-layer) recurrent network unrolled over its time steps."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.axes import Axes

from . import _style as st
from ._diagram import Diagram, check_bool, check_int, check_mode
from ._labels import check_language, count, join, text

MAX_LAYERS = 4
MAX_STEPS = 8


@dataclass(frozen=True)
class _Geometry:
    """Sizes of one layout (inches)."""

    cell_w: float
    cell_h: float
    pitch: float  # distance between two steps
    lane: float  # horizontal offset of the forward (-) and backward (+) cells from a step's centre
    band: float  # vertical distance from a layer's forward row up to its backward row
    layer_gap: float  # from the top of one layer's cells to the bottom of the next layer's cells


_UNI = _Geometry(cell_w=0.8, cell_h=0.46, pitch=1.35, lane=0.0, band=0.0, layer_gap=0.62)
_BI = _Geometry(cell_w=0.56, cell_h=0.42, pitch=1.26, lane=0.33, band=0.72, layer_gap=0.62)
_BI_CROSS = _Geometry(cell_w=0.56, cell_h=0.42, pitch=1.26, lane=0.33, band=0.72, layer_gap=0.95)

TOKEN_H = 0.34
OUTPUT_H = 0.3
CONCAT_H = 0.22
STUB = 0.55  # length of the arrows of initial and final states (their labels sit above)
IO_GAP = 0.55  # from the tokens up to the first layer, and from the last layer up to the output
STATE_SIZE = st.SMALL_SIZE  # font size of the h_0[i] / h_n[i] labels


def hn_index(layer: int, direction: int, num_directions: int) -> int:
    """Row of ``h_n`` holding ``layer``'s final state in ``direction`` (layer-major)."""
    return layer * num_directions + direction


def unrolled(
    num_layers: int = 2,
    steps: int = 3,
    bidirectional: bool = False,
    cross_direction: bool = True,
    mode: str = "LSTM",
    *,
    language: str = "en",
) -> Diagram:
    """A recurrent network unrolled over its input tokens, one row of cells per layer.

    Tokens ``x_1 .. x_T`` enter at the bottom; dashed horizontal arrows carry the hidden state
    along each row, solid vertical arrows carry the true outputs up; the top row's outputs are
    labelled ``output[0] .. output[T-1]`` and every row's final state with its index in ``h_n``
    (layer-major, direction-minor: layer ``l`` forward is row ``2*l``, backward ``2*l + 1``; in a
    unidirectional network layer ``l`` is row ``l``).

    Parameters
    ----------
    num_layers
        Number of stacked layers, 1 to 4.
    steps
        Number of time steps (tokens), 1 to 8.
    bidirectional
        Draw a forward row (state flows left to right) and a backward row (right to left) per
        layer.
    cross_direction
        Only for ``bidirectional=True``. ``True`` (default) draws what ``nn.LSTM`` does: each
        cell of an upper layer at step ``t`` reads the concatenation of *both* directions'
        outputs of the layer below at step ``t``. ``False`` draws two independent stacks that
        meet only at the output, a common picture which is *not* what ``nn.LSTM`` computes.
    mode
        ``"LSTM"``, ``"GRU"`` or ``"RNN"``: the label of the cells; GRU and RNN carry no ``c``.
    language
        ``"en"`` (the default) or ``"zh_CN"``: the language of the labels and the alt text.

    Returns
    -------
    Diagram
        The figure and its alt text.

    Raises
    ------
    TypeError
        If ``num_layers`` or ``steps`` is not an int (``bool`` included), or a flag not a bool.
    ValueError
        If ``num_layers`` or ``steps`` is out of range, or ``mode`` or ``language`` unknown.

    Examples
    --------
    >>> from lstm_outputs import diagrams
    >>> d = diagrams.unrolled(num_layers=2, steps=3, bidirectional=True)
    >>> "2-layer" in d.alt and "both the forward and the backward outputs" in d.alt
    True
    >>> "NOT what nn.LSTM does" in diagrams.unrolled(bidirectional=True, cross_direction=False).alt
    True
    """
    num_layers = check_int("num_layers", num_layers, 1, MAX_LAYERS)
    steps = check_int("steps", steps, 1, MAX_STEPS)
    bidirectional = check_bool("bidirectional", bidirectional)
    cross_direction = check_bool("cross_direction", cross_direction)
    spec = _Spec(
        num_layers,
        steps,
        bidirectional,
        cross_direction,
        check_mode(mode),
        check_language(language),
    )
    with st.context(spec.lang):
        texts = _texts(spec)
        lay = _layout(spec, texts)
        canvas = st.new_canvas(lay.width, lay.height)
        ax = canvas.ax
        st.title(canvas, texts.heading, texts.subtitle)
        _draw_tokens(ax, spec, lay)
        _draw_cells(ax, spec, lay)
        _draw_between_layers(ax, spec, lay)
        _draw_outputs(ax, spec, lay)
        st.draw_legend(ax, lay.legend, lay.inner, lay.y_legend_top)
        st.footnote(ax, lay.inner, lay.y_footnote, texts.footnote)
    return Diagram(
        canvas.figure,
        _alt_text(spec),
        spec.lang,
        lambda other: unrolled(
            num_layers, steps, bidirectional, cross_direction, spec.mode, language=other
        ),
    )


@dataclass(frozen=True)
class _Spec:
    """What the (checked) arguments ask for."""

    num_layers: int
    steps: int
    bidirectional: bool
    cross_direction: bool
    mode: str
    lang: str

    @property
    def cross(self) -> bool:
        """nn.LSTM's wiring drawn: concatenation bars between bidirectional layers."""
        return self.bidirectional and self.cross_direction and self.num_layers > 1

    @property
    def article(self) -> bool:
        """The article's (wrong) picture: independent stacks per direction."""
        return self.bidirectional and not self.cross_direction and self.num_layers > 1

    @property
    def geo(self) -> _Geometry:
        return (_BI_CROSS if self.cross else _BI) if self.bidirectional else _UNI

    @property
    def directions(self) -> list[st.Direction]:
        return ["fwd", "bwd"] if self.bidirectional else ["fwd"]

    def lane(self, d: st.Direction) -> float:
        """Horizontal offset of direction ``d``'s cells from a step's centre."""
        return -self.geo.lane if d == "fwd" else self.geo.lane

    def row_label(self, layer: int, direction: st.Direction) -> str:
        name = text("layer", self.lang, layer=layer)
        if not self.bidirectional:
            return name
        return text(
            "unrolled.row_bi",
            self.lang,
            layer=name,
            direction=text(f"dir.{direction}", self.lang),
            arrow="→" if direction == "fwd" else "←",
        )


@dataclass(frozen=True)
class _Texts:
    """The text that shapes the layout."""

    heading: str
    subtitle: str | None
    legend_items: list[st.LegendItem]
    footnote: str


def _texts(spec: _Spec) -> _Texts:
    mode, bidirectional, lang = spec.mode, spec.bidirectional, spec.lang
    kind = text("kind.bi" if bidirectional else "kind.uni", lang)
    steps = count("count.step", spec.steps, lang)
    heading = text(
        "unrolled.heading", lang, num_layers=spec.num_layers, kind=kind, mode=mode, steps=steps
    )
    subtitle: str | None = None
    if spec.cross:
        subtitle = text("unrolled.sub.cross", lang, mode=mode)
    elif spec.article:
        subtitle = text("unrolled.sub.article", lang, mode=mode)
    elif bidirectional:
        subtitle = text("unrolled.sub.one_layer", lang)
    has_c = mode == "LSTM"
    state_name = "(h, c)" if has_c else "h"
    legend_items = [
        st.LegendItem(text("unrolled.legend.true", lang), st.INK),
        st.LegendItem(text("unrolled.legend.hidden", lang, state=state_name), st.INK, dashed=True),
    ]
    if bidirectional:
        legend_items += [
            st.LegendItem(text("legend.forward", lang), st.FWD, swatch=st.FWD_TINT),
            st.LegendItem(text("legend.backward", lang), st.BWD, swatch=st.BWD_TINT),
        ]
    if spec.cross:
        legend_items.append(
            st.LegendItem(text("unrolled.legend.concat", lang), st.NEUTRAL, swatch=st.NEUTRAL_TINT)
        )
    footnote = text("unrolled.footnote", lang)
    if has_c:
        footnote += text("unrolled.footnote_c", lang)
    return _Texts(heading, subtitle, legend_items, footnote)


@dataclass(frozen=True)
class _Layout:
    """Where everything goes (inches, from the bottom left of the figure)."""

    width: float
    height: float
    inner: float  # card pad plus margin
    shift: float  # how far the network moved right to sit in the middle of the card
    x_first: float  # centre of step 1
    pitch: float
    half_span: float  # from a step's centre to its outermost cell edge
    row_y: dict[tuple[int, st.Direction], float]
    y_token: float
    y_output: float
    y_legend_top: float
    y_footnote: float
    legend: list[list[st.LegendItem]]

    @property
    def io_w(self) -> float:
        """Width of a token, an output and a concatenation bar."""
        return min(2 * self.half_span, self.pitch - 0.15)

    def x_step(self, t: int) -> float:
        """Centre of step ``t`` (1-based)."""
        return self.x_first + (t - 1) * self.pitch


def _layout(spec: _Spec, texts: _Texts) -> _Layout:
    geo, steps = spec.geo, spec.steps
    # --- horizontal layout ----------------------------------------------------------------------
    label_w = max(
        st.text_width(line)
        for layer in range(spec.num_layers)
        for d in spec.directions
        for line in spec.row_label(layer, d).splitlines()
    )
    inner = st.CARD_PAD + st.MARGIN
    half_span = geo.lane + geo.cell_w / 2
    x_first = inner + label_w + 0.2 + STUB + half_span
    content_right = x_first + (steps - 1) * geo.pitch + half_span + STUB
    width = max(
        content_right + inner,
        st.text_width(texts.heading, st.TITLE_SIZE, bold=True) + 2 * inner,
        st.text_width(texts.subtitle or "", st.TEXT_SIZE) + 2 * inner,
        st.text_width(texts.footnote, st.SMALL_SIZE) + 2 * inner,
        min(st.legend_width(texts.legend_items), st.COLUMN_WIDTH - 2 * inner) + 2 * inner,
    )
    # centre the network in the card
    shift = (width - inner - content_right) / 2
    x_first += shift
    legend = st.legend_rows(texts.legend_items, width - 2 * inner)

    # --- vertical layout (bottom up) ------------------------------------------------------------
    y = st.CARD_PAD + 0.22
    y_footnote = y
    y += 0.16
    y_legend_top = y + len(legend) * st.LEGEND_ROW
    y = y_legend_top + 0.3
    y_token = y + TOKEN_H / 2
    y = y_token + TOKEN_H / 2 + IO_GAP
    row_y: dict[tuple[int, st.Direction], float] = {}
    for layer in range(spec.num_layers):
        if layer > 0:
            y += geo.layer_gap
        row_y[(layer, "fwd")] = y + geo.cell_h / 2
        if spec.bidirectional:
            row_y[(layer, "bwd")] = y + geo.cell_h / 2 + geo.band
        y += geo.band + geo.cell_h
    y += IO_GAP
    y_output = y + OUTPUT_H / 2
    y = y_output + OUTPUT_H / 2 + 0.28  # room for the output[t] labels
    height = y + 0.1 + st.title_height(texts.subtitle is not None)
    return _Layout(
        width,
        height,
        inner,
        shift,
        x_first,
        geo.pitch,
        half_span,
        row_y,
        y_token,
        y_output,
        y_legend_top,
        y_footnote,
        legend,
    )


def _draw_tokens(ax: Axes, spec: _Spec, lay: _Layout) -> None:
    """The tokens and their arrows into layer 0."""
    io_w = lay.io_w
    for t in range(1, spec.steps + 1):
        xs = lay.x_step(t)
        st.box(
            ax, xs, lay.y_token, io_w, TOKEN_H, face=st.CARD, edge=st.NEUTRAL, gid=f"token-t{t}"
        )
        st.label(ax, xs, lay.y_token, f"$x_{{{t}}}$", size=st.MATH_SIZE)
        for d in spec.directions:
            st.arrow(
                ax,
                (xs + spec.lane(d), lay.y_token + TOKEN_H / 2),
                (xs + spec.lane(d), lay.row_y[(0, d)] - spec.geo.cell_h / 2),
                color=st.NEUTRAL,
                gid=f"edge-x-t{t}-to-l0-{d}-t{t}",
                halo=d == "bwd",
                zorder=2.5,
            )


def _draw_cells(ax: Axes, spec: _Spec, lay: _Layout) -> None:
    """The cells, the states along each row, and the row labels."""
    cw, ch = spec.geo.cell_w, spec.geo.cell_h
    num_dirs = len(spec.directions)
    for layer in range(spec.num_layers):
        for d in spec.directions:
            yr = lay.row_y[(layer, d)]
            for t in range(1, spec.steps + 1):
                st.box(
                    ax,
                    lay.x_step(t) + spec.lane(d),
                    yr,
                    cw,
                    ch,
                    face=st.tint(d) if spec.bidirectional else st.FWD_TINT,
                    edge=st.colour(d),
                    gid=f"cell-l{layer}-{d}-t{t}",
                )
                st.label(ax, lay.x_step(t) + spec.lane(d), yr, spec.mode, size=8.5)
            _draw_row_states(ax, layer, d, yr, spec.steps, num_dirs, lay.x_step, spec.lane(d), cw)
            st.label(
                ax,
                lay.inner + lay.shift,
                yr,
                spec.row_label(layer, d),
                ha="left",
                gid=f"rowlabel-l{layer}-{d}",
            )


def _draw_between_layers(ax: Axes, spec: _Spec, lay: _Layout) -> None:
    """Between two layers: concatenation bars (nn.LSTM's wiring) or direct arrows."""
    ch = spec.geo.cell_h
    directions = spec.directions
    for layer in range(1, spec.num_layers):
        below_top = lay.row_y[(layer - 1, directions[-1])] + ch / 2
        above_bottom = lay.row_y[(layer, "fwd")] - ch / 2
        for t in range(1, spec.steps + 1):
            xs = lay.x_step(t)
            if spec.cross:
                _draw_concat(ax, spec, lay, layer, t, (below_top + above_bottom) / 2)
                continue
            for d in directions:
                st.arrow(
                    ax,
                    (xs + spec.lane(d), lay.row_y[(layer - 1, d)] + ch / 2),
                    (xs + spec.lane(d), lay.row_y[(layer, d)] - ch / 2),
                    color=st.colour(d),
                    gid=f"edge-l{layer - 1}-{d}-t{t}-to-l{layer}-{d}-t{t}",
                    halo=spec.bidirectional,
                    zorder=2.5,
                )


def _draw_concat(ax: Axes, spec: _Spec, lay: _Layout, layer: int, t: int, y_bar: float) -> None:
    """One concatenation bar: both directions of the layer below go in, both cells above read it."""
    ch = spec.geo.cell_h
    xs = lay.x_step(t)
    st.box(
        ax,
        xs,
        y_bar,
        lay.io_w,
        CONCAT_H,
        face=st.NEUTRAL_TINT,
        edge=st.NEUTRAL,
        lw=1.0,
        rounding=0.04,
        gid=f"concat-l{layer}-t{t}",
    )
    st.label(ax, xs, y_bar, text("unrolled.concat", spec.lang), size=st.SMALL_SIZE, color=st.MUTED)
    for d in spec.directions:
        st.arrow(
            ax,
            (xs + spec.lane(d), lay.row_y[(layer - 1, d)] + ch / 2),
            (xs + spec.lane(d), y_bar - CONCAT_H / 2),
            color=st.colour(d),
            gid=f"edge-l{layer - 1}-{d}-t{t}-to-cat-l{layer}-t{t}",
            halo=d == "fwd",
            zorder=2.5,
        )
        st.arrow(
            ax,
            (xs + spec.lane(d), y_bar + CONCAT_H / 2),
            (xs + spec.lane(d), lay.row_y[(layer, d)] - ch / 2),
            color=st.NEUTRAL,
            gid=f"edge-cat-l{layer}-t{t}-to-l{layer}-{d}-t{t}",
            halo=d == "bwd",
            zorder=2.5,
        )


def _draw_outputs(ax: Axes, spec: _Spec, lay: _Layout) -> None:
    """The top layer's outputs, labelled output[0] .. output[T-1]."""
    top = spec.num_layers - 1
    io_w = lay.io_w
    for t in range(1, spec.steps + 1):
        xs = lay.x_step(t)
        if spec.bidirectional:
            for d in spec.directions:
                sign = -1.0 if d == "fwd" else 1.0
                st.direction_box(
                    ax,
                    xs + sign * io_w / 4,
                    lay.y_output,
                    io_w / 2,
                    OUTPUT_H,
                    d,
                    gid=f"output-t{t}-{d}",
                )
        else:
            st.box(
                ax,
                xs,
                lay.y_output,
                io_w,
                OUTPUT_H,
                face=st.FWD_TINT,
                edge=st.FWD,
                rounding=0.04,
                gid=f"output-t{t}",
            )
        st.label(
            ax,
            xs,
            lay.y_output + OUTPUT_H / 2 + 0.06,
            f"output[{t - 1}]",
            va="bottom",
            size=8.5,
            mono=True,
            gid=f"outlabel-t{t}",
        )
        for d in spec.directions:
            st.arrow(
                ax,
                (xs + spec.lane(d), lay.row_y[(top, d)] + spec.geo.cell_h / 2),
                (xs + spec.lane(d), lay.y_output - OUTPUT_H / 2),
                color=st.colour(d),
                gid=f"edge-l{top}-{d}-t{t}-to-out-t{t}",
                halo=spec.bidirectional and d == "fwd",
                zorder=2.5,
            )


def _draw_row_states(
    ax: Axes,
    layer: int,
    d: st.Direction,
    y: float,
    steps: int,
    num_dirs: int,
    x_step: Callable[[int], float],
    offset: float,
    cw: float,
) -> None:
    """The dashed state arrows of one row, with the initial and final states labelled."""
    colour = st.colour(d)
    index = hn_index(layer, 0 if d == "fwd" else 1, num_dirs)
    # every row's terminal arrows end at the same x, left and right, so the labels align
    half_span = abs(offset) + cw / 2
    x_left = x_step(1) - half_span - STUB
    x_right = x_step(steps) + half_span + STUB
    if d == "fwd":
        order = list(range(1, steps + 1))
        first_edge, last_edge = x_step(1) + offset - cw / 2, x_step(steps) + offset + cw / 2
        start, end = x_left, x_right
    else:
        order = list(range(steps, 0, -1))
        first_edge, last_edge = x_step(steps) + offset + cw / 2, x_step(1) + offset - cw / 2
        start, end = x_right, x_left
    sign = 1.0 if d == "fwd" else -1.0
    for a, b in itertools.pairwise(order):
        st.arrow(
            ax,
            (x_step(a) + offset + sign * cw / 2, y),
            (x_step(b) + offset - sign * cw / 2, y),
            color=colour,
            dashed=True,
            gid=f"state-l{layer}-{d}-t{a}-to-l{layer}-{d}-t{b}",
        )
    st.arrow(
        ax,
        (start, y),
        (first_edge, y),
        color=colour,
        dashed=True,
        gid=f"state-h0-{index}-to-l{layer}-{d}-t{order[0]}",
    )
    st.arrow(
        ax,
        (last_edge, y),
        (end, y),
        color=colour,
        dashed=True,
        gid=f"state-l{layer}-{d}-t{order[-1]}-to-hn-{index}",
    )
    # the labels sit above the outer half of each stub, clear of the arrows that go up
    for x_end, name, bold, gid in (
        (start, f"h_0[{index}]", False, f"h0label-l{layer}-{d}"),
        (end, f"h_n[{index}]", True, f"hnlabel-l{layer}-{d}"),
    ):
        st.label(
            ax,
            x_end + (STUB / 2 if x_end == x_left else -STUB / 2),
            y + 0.05,
            name,
            va="bottom",
            size=STATE_SIZE,
            mono=True,
            color=st.INK if bold else st.MUTED,
            weight="bold" if bold else "normal",
            gid=gid,
        )


def _alt_text(spec: _Spec) -> str:
    lang, mode, num_layers, bidirectional = (
        spec.lang,
        spec.mode,
        spec.num_layers,
        spec.bidirectional,
    )
    last = f"x_{spec.steps}"
    kind = text("kind.bi" if bidirectional else "kind.uni", lang)
    steps = count("count.step", spec.steps, lang)
    parts = [
        text(
            "unrolled.alt.intro",
            lang,
            num_layers=num_layers,
            kind=kind,
            mode=mode,
            steps=steps,
            last=last,
        ),
        text("unrolled.alt.rows_bi" if bidirectional else "unrolled.alt.rows_uni", lang),
    ]
    if num_layers > 1:
        if spec.cross:
            parts.append(text("unrolled.alt.cross", lang, mode=mode))
        elif spec.article:
            parts.append(text("unrolled.alt.article", lang, mode=mode))
        else:
            parts.append(text("unrolled.alt.stacked", lang))
    elif bidirectional:
        parts.append(text("unrolled.alt.one_layer", lang, mode=mode))
    top = num_layers - 1
    parts.append(
        text("unrolled.alt.top_bi" if bidirectional else "unrolled.alt.top_uni", lang, top=top)
    )
    finals = []
    for layer in range(num_layers):
        if bidirectional:
            for k, d in enumerate(("fwd", "bwd")):
                index = hn_index(layer, k, 2)
                finals.append(
                    text(f"unrolled.alt.final_{d}", lang, layer=layer, index=index, last=last)
                )
        else:
            finals.append(text("unrolled.alt.final_uni", lang, layer=layer, index=layer))
    parts.append(text("unrolled.alt.finals", lang, items=join(finals, lang, "sep.list")))
    return join(parts, lang)
