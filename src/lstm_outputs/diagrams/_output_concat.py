"""Figure: the bidirectional ``output`` as a per-step concatenation, and what each half has seen."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes

from . import _style as st
from ._diagram import Diagram, check_int
from ._labels import check_language, count, join, text
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


def output_concat(steps: int = 3, num_layers: int = 1, *, language: str = "en") -> Diagram:
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
    language
        ``"en"`` (the default) or ``"zh_CN"``: the language of the labels and the alt text.

    Returns
    -------
    Diagram
        The figure and its alt text.

    Raises
    ------
    TypeError, ValueError
        If an argument is not an int in its range, or ``language`` not ``"en"`` or ``"zh_CN"``.

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
    lang = check_language(language)
    heading = text("concat.heading", lang)
    counted = count("count.step", steps, lang)
    if num_layers == 1:
        subtitle = text("concat.sub.one", lang, steps=counted)
    else:
        subtitle = text("concat.sub.many", lang, num_layers=num_layers, steps=counted)
    with st.context(lang):
        lay = _layout(steps, heading, subtitle, lang)
        canvas = st.new_canvas(lay.width, lay.height)
        ax = canvas.ax
        st.title(canvas, heading, subtitle)
        _draw_halves(ax, lay, steps, num_layers)
        _draw_summary(ax, lay, steps)
        st.draw_legend(ax, lay.legend, lay.inner, lay.y_legend_top)
        st.footnote(ax, lay.inner, lay.y_footnote, text("concat.footnote", lang))
    return Diagram(
        canvas.figure,
        _alt_text(steps, num_layers, lang),
        lang,
        lambda other: output_concat(steps, num_layers, language=other),
    )


def legend_items(lang: str) -> list[st.LegendItem]:
    """The legend's entries in ``lang``."""
    return [
        st.LegendItem(text("concat.legend.fwd", lang), st.FWD, swatch=st.FWD_TINT),
        st.LegendItem(text("concat.legend.bwd", lang), st.BWD, swatch=st.BWD_TINT),
        st.LegendItem(text("concat.legend.seen", lang), st.INK, swatch=st.INK, square=True),
        st.LegendItem(text("concat.legend.unseen", lang), st.INK, swatch=st.CARD, square=True),
        st.LegendItem(text("concat.legend.summary", lang), st.GREEN, swatch=st.CARD, thick=True),
    ]


SUMMARY_TEXT = "= cat(output[-1, :, :H], output[0, :, H:])\n= cat(h_n[-2], h_n[-1])"


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


def _layout(steps: int, heading: str, subtitle: str, lang: str) -> _Layout:
    items = legend_items(lang)
    inner = st.CARD_PAD + st.MARGIN
    pitch = 2 * HALF_W + GAP
    content_w = steps * pitch - GAP
    width = max(
        content_w + 2 * inner + 0.2,
        st.text_width(heading, st.TITLE_SIZE, bold=True) + 2 * inner,
        st.text_width(subtitle) + 2 * inner,
        max(st.text_width(line, 8.5, mono=True) for line in SUMMARY_TEXT.splitlines()) + 2 * inner,
        min(st.legend_width(items), st.COLUMN_WIDTH - 2 * inner) + 2 * inner,
    )
    legend = st.legend_rows(items, width - 2 * inner)
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


def _plain(first: int, last: int, lang: str) -> str:
    return text("concat.only", lang, first=first) if first == last else f"x_{first}..x_{last}"


def _alt_text(steps: int, num_layers: int, lang: str) -> str:
    parts = [
        text(
            "concat.alt.intro",
            lang,
            num_layers=num_layers,
            steps=count("count.step", steps, lang),
        )
    ]
    if num_layers == 1:
        if steps == 1:
            parts.append(text("concat.alt.single", lang))
        else:
            parts.append(
                text(
                    "concat.alt.one_layer",
                    lang,
                    steps=steps,
                    everything=_plain(1, steps, lang),
                    last_only=_plain(steps, steps, lang),
                )
            )
        parts.append(text("concat.alt.summary_one", lang, steps=steps))
    else:
        parts.append(text("concat.alt.many", lang, num_layers=num_layers, steps=steps))
        parts.append(text("concat.alt.summary_many", lang, steps=steps))
    parts.append(text("concat.alt.equals", lang))
    return join(parts, lang)
