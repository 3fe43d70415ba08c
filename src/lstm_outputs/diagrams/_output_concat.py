"""Figure: the bidirectional ``output`` as a per-step concatenation, and what each half has seen."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes

from . import _style as st
from ._diagram import Diagram, check_int, plural
from ._unrolled import MAX_LAYERS, MAX_STEPS

HALF_W = 0.66
HALF_H = 0.42
GAP = 0.4  # between two steps' pairs
SEEN_SIZE = 0.1  # side of one square of the "seen" strip
SUMMARY_H = 0.4


def seen_range(direction: st.Direction, t: int, steps: int, num_layers: int) -> tuple[int, int]:
    """Tokens ``(first, last)`` (1-based) that the ``direction`` half of step ``t`` depends on."""
    if num_layers > 1:
        return 1, steps
    return (1, t) if direction == "fwd" else (t, steps)


def _tokens(first: int, last: int) -> str:
    return f"$x_{{{first}}}$" if first == last else f"$x_{{{first}}}..x_{{{last}}}$"


def output_concat(steps: int = 3, num_layers: int = 1) -> Diagram:
    """``output[t]`` of a bidirectional network as ``[fwd_t ; bwd_t]``, with what each half saw.

    Each step's output is drawn as two adjacent boxes, the forward half then the backward half,
    each annotated with the tokens it depends on (a strip of squares, filled for the tokens
    seen, and the range written out). With one layer the forward half at step ``t`` has seen
    ``x_1..x_t`` and the backward half ``x_t..x_T``; with two layers or more every half at every
    step has seen all tokens, because every layer above the first reads both directions of the
    layer below. The summary vector ``[fwd_T ; bwd_1]``, the two halves that have each read the
    whole sequence in a one-layer network, is highlighted: it is the top layer's final states
    ``h_n[-2]`` and ``h_n[-1]`` side by side.

    Parameters
    ----------
    steps
        Number of time steps ``T``, 1 to 8.
    num_layers
        Number of layers, 1 to 4 (only ``1`` versus ``2 or more`` changes the picture).

    Returns
    -------
    Diagram
        The figure and its alt text.

    Raises
    ------
    TypeError, ValueError
        If an argument is not an int in its range.

    Examples
    --------
    >>> from lstm_outputs import diagrams
    >>> d = diagrams.output_concat(steps=3)
    >>> "x_1..x_3" in d.alt and "[fwd_3 ; bwd_1]" in d.alt
    True
    >>> "every half at every step has seen all" in diagrams.output_concat(num_layers=2).alt
    True
    """
    steps = check_int("steps", steps, 1, MAX_STEPS)
    num_layers = check_int("num_layers", num_layers, 1, MAX_LAYERS)
    heading = "output[t-1] = [fwd_t ; bwd_t]: what each half has seen"
    if num_layers == 1:
        subtitle = (
            f"1 bidirectional layer, {plural(steps, 'step')}: fwd_t has read x_1..x_t, "
            "bwd_t has read x_t..x_T"
        )
    else:
        subtitle = (
            f"{num_layers} bidirectional layers, {plural(steps, 'step')}: every half has read "
            "every token (upper layers read both directions)"
        )
    lay = _layout(steps, heading, subtitle)
    with st.context():
        canvas = st.new_canvas(lay.width, lay.height)
        ax = canvas.ax
        st.title(canvas, heading, subtitle)
        _draw_halves(ax, lay, steps, num_layers)
        _draw_summary(ax, lay, steps)
        st.draw_legend(ax, lay.legend, lay.inner, lay.y_legend_top)
        st.label(
            ax, lay.inner, lay.y_footnote, FOOTNOTE, size=st.SMALL_SIZE, color=st.MUTED, ha="left"
        )
    return Diagram(canvas.figure, _alt_text(steps, num_layers))


LEGEND_ITEMS = [
    st.LegendItem("forward half", st.FWD, swatch=st.FWD_TINT),
    st.LegendItem("backward half", st.BWD, swatch=st.BWD_TINT),
    st.LegendItem("token seen", st.INK, swatch=st.INK, square=True),
    st.LegendItem("token not seen", st.INK, swatch=st.CARD, square=True),
    st.LegendItem("summary vector [fwd_T ; bwd_1]", st.GREEN, swatch=st.CARD, thick=True),
]
SUMMARY_TEXT = "= cat(output[-1, :, :H], output[0, :, H:])\n= cat(h_n[-2], h_n[-1])"
FOOTNOTE = "Step t is index t-1 of output; H is the hidden size; N is left out."


@dataclass(frozen=True)
class _Layout:
    """Where everything goes (inches, from the bottom left of the figure)."""

    width: float
    height: float
    inner: float
    x_first: float  # centre of step 1's pair
    pitch: float
    legend: list[list[st.LegendItem]]
    y_footnote: float
    y_legend_top: float
    y_summary_label: float
    y_summary: float
    y_seen_text: float
    y_strip: float
    y_pair: float
    y_header: float

    def x_half(self, t: int, d: st.Direction) -> float:
        """Centre of the ``d`` half of step ``t`` (1-based)."""
        return self.x_first + (t - 1) * self.pitch + (-HALF_W / 2 if d == "fwd" else HALF_W / 2)


def _layout(steps: int, heading: str, subtitle: str) -> _Layout:
    inner = st.CARD_PAD + st.MARGIN
    pitch = 2 * HALF_W + GAP
    content_w = steps * pitch - GAP
    width = max(
        content_w + 2 * inner + 0.2,
        st.text_width(heading, st.TITLE_SIZE, bold=True) + 2 * inner,
        st.text_width(subtitle) + 2 * inner,
        max(st.text_width(line, 8.5, mono=True) for line in SUMMARY_TEXT.splitlines()) + 2 * inner,
        min(st.legend_width(LEGEND_ITEMS), st.COLUMN_WIDTH - 2 * inner) + 2 * inner,
    )
    legend = st.legend_rows(LEGEND_ITEMS, width - 2 * inner)
    x_first = (width - content_w) / 2 + HALF_W
    # vertical layout, bottom up
    y_footnote = st.CARD_PAD + 0.22
    y_legend_top = y_footnote + 0.16 + len(legend) * st.LEGEND_ROW
    y_summary_label = y_legend_top + 0.4
    y_summary = y_summary_label + 0.34 + SUMMARY_H / 2
    y_seen_text = y_summary + SUMMARY_H / 2 + 0.75
    y_strip = y_seen_text + 0.2
    y_pair = y_strip + 0.12 + HALF_H / 2
    y_header = y_pair + HALF_H / 2 + 0.08
    height = y_header + 0.3 + st.title_height(True)
    return _Layout(
        width,
        height,
        inner,
        x_first,
        pitch,
        legend,
        y_footnote,
        y_legend_top,
        y_summary_label,
        y_summary,
        y_seen_text,
        y_strip,
        y_pair,
        y_header,
    )


def _draw_halves(ax: Axes, lay: _Layout, steps: int, num_layers: int) -> None:
    """Each step's pair of halves, with the strip of tokens each has seen."""
    square = min(SEEN_SIZE, (HALF_W - 0.16) / (1.3 * steps))
    for t in range(1, steps + 1):
        st.label(
            ax,
            lay.x_first + (t - 1) * lay.pitch,
            lay.y_header,
            f"output[{t - 1}]",
            va="bottom",
            mono=True,
            size=8.5,
        )
        for d in ("fwd", "bwd"):
            first, last = seen_range(d, t, steps, num_layers)
            xh = lay.x_half(t, d)
            st.direction_box(
                ax, xh, lay.y_pair, HALF_W, HALF_H, d, gid=f"half-{d}-t{t}-seen-{first}-{last}"
            )
            st.label(ax, xh, lay.y_pair, f"$\\mathrm{{{d}}}_{{{t}}}$", size=st.MATH_SIZE)
            _seen_strip(ax, xh, lay.y_strip, steps, first, last, square)
            st.label(ax, xh, lay.y_seen_text, _tokens(first, last), size=st.MATH_SIZE, va="top")


def _draw_summary(ax: Axes, lay: _Layout, steps: int) -> None:
    """The summary vector [fwd_T ; bwd_1], highlighted where it comes from and drawn below."""
    pad = 0.05
    if steps == 1:  # both halves come from the only step: one outline around the pair
        targets = [(lay.x_first, 2 * HALF_W, "highlight-t1")]
    else:
        targets = [
            (lay.x_half(steps, "fwd"), HALF_W, f"highlight-fwd-t{steps}"),
            (lay.x_half(1, "bwd"), HALF_W, "highlight-bwd-t1"),
        ]
    for x_centre, w, gid in targets:
        st.highlight(
            ax, x_centre, lay.y_pair, w + 2 * pad, HALF_H + 2 * pad, lw=2.4, rounding=0.07, gid=gid
        )
    x_mid = lay.width / 2
    halves: tuple[tuple[st.Direction, int, float], ...] = (("fwd", steps, -1.0), ("bwd", 1, 1.0))
    for d, t, sign in halves:
        xs = x_mid + sign * HALF_W / 2
        st.direction_box(ax, xs, lay.y_summary, HALF_W, SUMMARY_H, d, gid=f"summary-{d}-t{t}")
        st.label(ax, xs, lay.y_summary, f"$\\mathrm{{{d}}}_{{{t}}}$", size=st.MATH_SIZE)
        st.arrow(
            ax,
            (lay.x_half(t, d), lay.y_seen_text - 0.24),
            (xs, lay.y_summary + SUMMARY_H / 2 + pad + 0.06),
            color=st.GREEN,
            lw=1.6,
            gid=f"edge-{d}-t{t}-to-summary",
        )
    st.highlight(
        ax, x_mid, lay.y_summary, 2 * HALF_W + 2 * pad, SUMMARY_H + 2 * pad, lw=2.4, rounding=0.07
    )
    st.label(ax, x_mid, lay.y_summary_label, SUMMARY_TEXT, size=8.5, mono=True)


def _seen_strip(
    ax: Axes, x: float, y: float, steps: int, first: int, last: int, square: float
) -> None:
    """A row of ``steps`` squares under a half: filled for the tokens it has seen."""
    step = square * 1.3
    x0 = x - (steps - 1) * step / 2
    for s in range(1, steps + 1):
        seen = first <= s <= last
        st.box(
            ax,
            x0 + (s - 1) * step,
            y,
            square,
            square,
            face=st.INK if seen else st.CARD,
            edge=st.INK,
            lw=0.7,
            rounding=0.0,
        )


def _plain(first: int, last: int) -> str:
    return f"x_{first} only" if first == last else f"x_{first}..x_{last}"


def _alt_text(steps: int, num_layers: int) -> str:
    parts = [
        f"The output of a {num_layers}-layer bidirectional network over {plural(steps, 'step')}: "
        "at each step t, output[t-1] is drawn as two boxes side by side, the forward half "
        "fwd_t then the backward half bwd_t, each marked with the tokens it has seen."
    ]
    if num_layers == 1:
        everything = _plain(1, steps)
        if steps == 1:
            parts.append("With one layer and one step, both halves have seen x_1, all there is.")
        else:
            parts.append(
                "With one layer the forward half at step t has seen x_1..x_t and the backward "
                f"half x_t..x_{steps}: at step 1 the forward half has seen x_1 only and the "
                f"backward half {everything}; at step {steps} the forward half has seen "
                f"{everything} and the backward half {_plain(steps, steps)}."
            )
        parts.append(
            f"Highlighted: the summary vector [fwd_{steps} ; bwd_1], the forward half of the "
            "last step joined with the backward half of the first step, the only two halves "
            "that have each read the whole sequence."
        )
    else:
        parts.append(
            f"With {num_layers} layers every half at every step has seen all tokens "
            f"x_1..x_{steps}, because each layer above the first reads both directions of the "
            "layer below."
        )
        parts.append(
            f"Highlighted: the summary vector [fwd_{steps} ; bwd_1], the forward half of the "
            "last step joined with the backward half of the first step."
        )
    parts.append(
        "It equals cat(output[-1, :, :H], output[0, :, H:]), and the top layer's final states "
        "cat(h_n[-2], h_n[-1])."
    )
    return " ".join(parts)
