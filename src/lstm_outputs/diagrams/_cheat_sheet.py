"""Figure: the printable one-page cheat sheet (A4, black and white), from one table of rows.

The rows are data, :data:`ROWS`: each names what a reader wants, the expression that gives it,
the expressions that give the same tensor, and the tempting ones that do not. The tests evaluate
every expression of every row on a real ``nn.LSTM`` against an independent computation, so the
page prints only what has been checked.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import _style as st
from ._diagram import Diagram


@dataclass(frozen=True)
class Row:
    """One row of the cheat sheet.

    ``meaning`` names the tensor in the tests' independent computation; ``expression`` and every
    entry of ``same`` must equal it, no entry of ``wrong`` may. Expressions use ``output``,
    ``h_n``, ``c_n``, ``x`` and the sizes ``T, N, L, D, H``; ``l`` and ``d`` stand for any layer
    and direction, ``t`` for any step.
    """

    want: str
    meaning: str
    expression: str
    same: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()


SETUP = (
    "lstm = nn.LSTM(H_in, H, num_layers=L, bidirectional=True)  # D = 2",
    "output, (h_n, c_n) = lstm(x)  # x: (T, N, H_in)",
    "# output: (T, N, D*H)    h_n, c_n: (L*D, N, H)    batch_first=False",
)

ROWS: tuple[Row, ...] = (
    Row("the forward half of output, every step", "forward outputs", "output[..., :H]"),
    Row("the backward half of output, every step", "backward outputs", "output[..., H:]"),
    Row(
        "both halves on their own axis (0 forward, 1 backward)",
        "outputs by direction",
        "output.view(T, N, D, H)",
    ),
    Row(
        "the backward half at step t, aligned with x[t] (no flip needed)",
        "backward output at t",
        "output[t, :, H:]",
    ),
    Row(
        "the top layer's final forward state",
        "final state l=L-1 d=0",
        "h_n[-2]",
        same=("output[-1, :, :H]",),
    ),
    Row(
        "the top layer's final backward state",
        "final state l=L-1 d=1",
        "h_n[-1]",
        same=("output[0, :, H:]",),
        wrong=("output[-1, :, H:]",),
    ),
    Row(
        "one vector per sequence, both directions having read all of it",
        "summary",
        "torch.cat([h_n[-2], h_n[-1]], dim=1)",
        same=("torch.cat([output[-1, :, :H], output[0, :, H:]], dim=1)",),
    ),
    Row(
        "the final state of layer l, direction d",
        "final state l d",
        "h_n.view(L, D, N, H)[l, d]",
        same=("h_n[l * D + d]",),
    ),
    Row(
        "the final cell state of layer l, direction d",
        "final cell l d",
        "c_n.view(L, D, N, H)[l, d]",
    ),
    Row(
        "every final state of each sequence in one row",
        "all final states",
        "h_n.permute(1, 0, 2).reshape(N, L * D * H)",
        wrong=("h_n.view(N, -1)",),
    ),
    Row(
        "the rows of h_n of one direction, every layer",
        "final states d=0",
        "h_n[0::2]",
        same=("h_n.view(L, D, N, H)[:, 0]",),
        wrong=("h_n[:L]",),
    ),
)

PAGE = (8.27, 11.69)  # A4 portrait, inches
WANT_W = 2.5  # width of the "I want" column
WANT_SIZE = 10.0
CODE_SIZE = 9.0
LINE = 0.185  # height of one text line
PAD = 0.07  # inside a table cell


def _lines(row: Row) -> tuple[list[str], list[str]]:
    """The wrapped text of a row's two cells."""
    want = textwrap.wrap(row.want, 31)
    code = [row.expression] + [f"= {s}" for s in row.same] + [f"NOT {s}" for s in row.wrong]
    return want, code


def cheat_sheet_page() -> Diagram:
    """The cheat sheet as one printable A4 page: what each slice of ``output`` and ``h_n`` is.

    Black and white by design: nothing relies on colour, wrong expressions are marked with the
    word NOT, and the rows of ``h_n`` are named in words. Every expression on it is evaluated on
    a real ``nn.LSTM`` by the tests (``ROWS``). Save it with :meth:`Diagram.save` as ``.pdf``
    or ``.png``.

    Returns
    -------
    Diagram
        The page (8.27 x 11.69 inches) and its alt text.

    Examples
    --------
    >>> from lstm_outputs.diagrams._cheat_sheet import cheat_sheet_page
    >>> d = cheat_sheet_page()
    >>> d.figure.get_size_inches().tolist()
    [8.27, 11.69]
    >>> "h_n[-1]" in d.alt
    True
    """
    width, height = PAGE
    with st.context():
        canvas = st.new_canvas(width, height, rounding=0.0)
        ax = canvas.ax
        left, right = 0.55, width - 0.55
        y = height - 0.6
        st.label(
            ax,
            left,
            y,
            "Outputs of a bidirectional, multi-layer LSTM",
            size=16,
            weight="bold",
            ha="left",
            va="top",
        )
        y -= 0.4
        st.label(
            ax,
            left,
            y,
            "lstm-outputs cheat sheet: (L, D, N, H) = layers, directions (2), batch, hidden size",
            size=WANT_SIZE,
            ha="left",
            va="top",
        )
        y -= 0.45
        for line in SETUP:
            st.label(ax, left, y, line, size=CODE_SIZE, mono=True, ha="left", va="top")
            y -= LINE
        y -= 0.2
        y = _draw_table(ax, left, right, y)
        y -= 0.35
        _draw_h_n_rows(ax, left, y)
        st.label(
            ax,
            left,
            0.35,
            "Every expression on this page is evaluated on a real nn.LSTM by the tests of "
            "lstm-outputs.\nNOT marks a tempting expression that gives something else.",
            size=8.5,
            ha="left",
            va="bottom",
        )
    return Diagram(canvas.figure, _alt_text())


def _draw_table(ax: Axes, left: float, right: float, y: float) -> float:
    """The rows, ruled, with a header; return the y below the table."""
    x_code = left + WANT_W
    st.label(
        ax, left + PAD, y - PAD, "I want ...", weight="bold", size=WANT_SIZE, ha="left", va="top"
    )
    st.label(
        ax, x_code + PAD, y - PAD, "expression", weight="bold", size=WANT_SIZE, ha="left", va="top"
    )
    y -= LINE + 2 * PAD
    _rule(ax, left, right, y, 1.4)
    for row in ROWS:
        want, code = _lines(row)
        rows_h = max(len(want), len(code)) * LINE + 2 * PAD
        for k, text in enumerate(want):
            st.label(ax, left + PAD, y - PAD - k * LINE, text, size=WANT_SIZE, ha="left", va="top")
        for k, text in enumerate(code):
            st.label(
                ax,
                x_code + PAD,
                y - PAD - k * LINE,
                text,
                size=CODE_SIZE,
                mono=True,
                ha="left",
                va="top",
                weight="bold" if k == 0 else "normal",
            )
        y -= rows_h
        _rule(ax, left, right, y, 0.6)
    return y


def _rule(ax: Axes, x0: float, x1: float, y: float, lw: float) -> None:
    ax.add_line(Line2D([x0, x1], [y, y], color=st.INK, linewidth=lw, clip_on=False))


def _draw_h_n_rows(ax: Axes, left: float, y: float) -> None:
    """The rows of h_n for L = 2, named in words: layer-major, direction-minor."""
    st.label(
        ax,
        left,
        y,
        "Rows of h_n (L = 2): layer-major, direction-minor",
        weight="bold",
        size=WANT_SIZE,
        ha="left",
        va="top",
    )
    y -= 0.45
    names = ["layer 0 fwd", "layer 0 bwd", "layer 1 fwd", "layer 1 bwd"]
    w = 1.6
    for i, name in enumerate(names):
        cx = left + w / 2 + i * (w + 0.1)
        st.box(
            ax,
            cx,
            y,
            w,
            0.42,
            face=st.CARD,
            edge=st.INK,
            lw=1.0,
            linestyle="--" if "bwd" in name else "-",
        )
        st.label(ax, cx, y + 0.07, f"h_n[{i}]  =  h_n[{i - 4}]", size=CODE_SIZE, mono=True)
        st.label(ax, cx, y - 0.1, name, size=8.5)
    st.label(
        ax,
        left,
        y - 0.4,
        "h_n.view(L, D, N, H)[l, d] is row l * D + d; dashed boxes: backward.",
        size=8.5,
        ha="left",
        va="top",
    )


def _alt_text() -> str:
    rows = "; ".join(
        f"{row.want}: {row.expression}"
        + "".join(f", equal to {s}" for s in row.same)
        + "".join(f", not {s}" for s in row.wrong)
        for row in ROWS
    )
    return (
        "A printable one-page cheat sheet for a bidirectional multi-layer nn.LSTM, "
        "output of shape (T, N, D*H) and h_n of shape (L*D, N, H). Rows: " + rows + ". "
        "The rows of h_n are layer-major and direction-minor: row l * D + d is layer l, "
        "direction d."
    )
