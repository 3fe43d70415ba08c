"""Figure: one recurrent cell as a black box with two inputs and two outputs."""

from __future__ import annotations

from matplotlib.axes import Axes

from . import _style as st
from ._diagram import Diagram, check_mode
from ._labels import check_language, text


def cell(mode: str = "LSTM", *, language: str = "en") -> Diagram:
    """One recurrent cell as a black box: two inputs, two outputs.

    The *true* input ``x_t`` arrives from below (the data, or the layer below's output at this
    step) and the *hidden* input ``(h_{t-1}, c_{t-1})`` from the left (the previous step's
    state, or the initial state ``(h_0, c_0)``). The true output ``h_t`` leaves upwards (to the
    layer above, or into ``output``) and the new state ``(h_t, c_t)`` leaves to the right (to the
    next step, or into ``(h_n, c_n)`` after the last step).

    Parameters
    ----------
    mode
        ``"LSTM"`` (the default), ``"GRU"`` or ``"RNN"``; GRU and RNN cells have no cell
        state ``c``, so only ``h`` travels along.
    language
        ``"en"`` (the default) or ``"zh_CN"``: the language of the labels and the alt text.

    Returns
    -------
    Diagram
        The figure and its alt text.

    Raises
    ------
    TypeError, ValueError
        If ``mode`` is not one of the three names, or ``language`` not ``"en"`` or ``"zh_CN"``.

    Examples
    --------
    >>> from lstm_outputs import diagrams
    >>> d = diagrams.cell()
    >>> "two inputs" in d.alt and "two outputs" in d.alt
    True
    >>> "cell state" in diagrams.cell(mode="GRU").alt
    True
    """
    mode = check_mode(mode)
    lang = check_language(language)
    has_c = mode == "LSTM"
    prev = "$(h_{t-1},\\ c_{t-1})$" if has_c else "$h_{t-1}$"
    new = "$(h_t,\\ c_t)$" if has_c else "$h_t$"
    final = "(h_n, c_n)" if has_c else "h_n"
    initial = "(h_0, c_0)" if has_c else "h_0"

    with st.context(lang):
        width, height = st.COLUMN_WIDTH, 5.15
        canvas = st.new_canvas(width, height)
        ax = canvas.ax
        st.title(canvas, text("cell.title", lang, mode=mode))

        cx, cy = width / 2, 2.95
        w, h = 1.5, 0.9
        st.box(ax, cx, cy, w, h, face=st.NEUTRAL_TINT, edge=st.INK, gid="cell", lw=1.6)
        st.label(ax, cx, cy + 0.1, text("cell.name", lang, mode=mode), weight="bold", size=10)
        st.label(
            ax, cx, cy - 0.17, text("cell.black_box", lang), size=st.SMALL_SIZE, color=st.MUTED
        )

        _draw_inputs(ax, cx, cy, w, h, prev, initial, lang)
        _draw_outputs(ax, cx, cy, w, h, new, final, lang)

        items = [
            st.LegendItem(text("cell.legend.true", lang), st.INK),
            st.LegendItem(text("cell.legend.hidden", lang), st.INK, dashed=True),
        ]
        rows = st.legend_rows(items, width - 2 * (st.CARD_PAD + st.MARGIN))
        st.draw_legend(ax, rows, st.CARD_PAD + st.MARGIN, st.CARD_PAD + 0.2 + st.LEGEND_ROW)

    return Diagram(
        canvas.figure,
        _alt_text(mode, initial, final, lang),
        lang,
        lambda other: cell(mode, language=other),
    )


# the cell's box is centred on (cx, cy), w x h; arrows reach out of its four sides
REACH = 1.05  # length of the vertical arrows
SIDE = 1.7  # length of the horizontal arrows


def _draw_inputs(
    ax: Axes, cx: float, cy: float, w: float, h: float, prev: str, initial: str, lang: str
) -> None:
    """The true input from below and the hidden input from the left."""
    reach, side = REACH, SIDE
    # true input from below
    st.arrow(ax, (cx, cy - h / 2 - reach), (cx, cy - h / 2), color=st.NEUTRAL, gid="edge-in-x")
    y = cy - h / 2 - reach - 0.1
    st.label(ax, cx, y, "$x_t$", va="top", size=st.MATH_SIZE)
    st.label(
        ax,
        cx,
        y - 0.27,
        text("cell.true_input", lang),
        va="top",
        size=st.SMALL_SIZE,
        color=st.MUTED,
    )

    # hidden input from the left
    note = text("cell.hidden_input", lang, initial=initial)
    _state_arrow(ax, cx - w / 2 - side, cx - w / 2, cy, prev, note, "edge-in-state")


def _draw_outputs(
    ax: Axes, cx: float, cy: float, w: float, h: float, new: str, final: str, lang: str
) -> None:
    """The true output upwards and the new state to the right."""
    reach, side = REACH, SIDE
    # true output upwards
    st.arrow(ax, (cx, cy + h / 2), (cx, cy + h / 2 + reach), color=st.INK, gid="edge-out-up")
    st.label(
        ax, cx + 0.12, cy + h / 2 + reach - 0.08, "$h_t$", ha="left", va="top", size=st.MATH_SIZE
    )
    st.label(
        ax,
        cx + 0.12,
        cy + h / 2 + reach * 0.5,
        text("cell.true_output", lang),
        ha="left",
        va="top",
        size=st.SMALL_SIZE,
        color=st.MUTED,
    )

    # new state to the right
    note = text("cell.new_state", lang, final=final)
    _state_arrow(ax, cx + w / 2, cx + w / 2 + side, cy, new, note, "edge-out-along")


def _state_arrow(
    ax: Axes, x0: float, x1: float, y: float, state: str, note: str, gid: str
) -> None:
    """A dashed state arrow from ``x0`` to ``x1``, its state above and a note below."""
    st.arrow(ax, (x0, y), (x1, y), color=st.INK, dashed=True, gid=gid)
    mid = (x0 + x1) / 2
    st.label(ax, mid, y + 0.09, state, va="bottom", size=st.MATH_SIZE)
    st.label(ax, mid, y - 0.1, note, va="top", size=st.SMALL_SIZE, color=st.MUTED)


def _alt_text(mode: str, initial: str, final: str, lang: str) -> str:
    state_words = text("cell.alt.state_hc" if mode == "LSTM" else "cell.alt.state_h", lang)
    return text("cell.alt", lang, mode=mode, state_words=state_words, initial=initial, final=final)
