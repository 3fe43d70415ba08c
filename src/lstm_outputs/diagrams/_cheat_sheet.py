"""Figure: the printable one-page cheat sheet (A4, black and white), from one table of rows.

The rows are data, :data:`ROWS`: each names what a reader wants, the expression that gives it,
the expressions that give the same tensor, and the tempting ones that do not. The tests evaluate
every expression of every row on a real ``nn.LSTM`` against an independent computation, so the
page prints only what has been checked.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from . import _style as st
from ._diagram import Diagram
from ._labels import check_language, join, text


@dataclass(frozen=True)
class Row:
    """One row of the cheat sheet.

    ``meaning`` names the tensor in the tests' independent computation (and keys what the reader
    wants, in words, in the labels table); ``expression`` and every entry of ``same`` must equal
    it, no entry of ``wrong`` may. Expressions use ``output``,
    ``h_n``, ``c_n``, ``x`` and the sizes ``T, N, L, D, H``; ``l`` and ``d`` stand for any layer
    and direction, ``t`` for any step.
    """

    meaning: str
    expression: str
    same: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()

    def want_in(self, language: str) -> str:
        """What the reader wants, in words, in ``language``."""
        return text(f"cheat.want.{self.meaning}", language)

    @property
    def want(self) -> str:
        """What the reader wants, in English words."""
        return self.want_in("en")


SETUP = (
    "lstm = nn.LSTM(H_in, H, num_layers=L, bidirectional=True)  # D = 2",
    "output, (h_n, c_n) = lstm(x)  # x: (T, N, H_in)",
    "# output: (T, N, D*H)    h_n, c_n: (L*D, N, H)    batch_first=False",
)

ROWS: tuple[Row, ...] = (
    Row("forward outputs", "output[..., :H]"),
    Row("backward outputs", "output[..., H:]"),
    Row(
        "outputs by direction",
        "output.view(T, N, D, H)",
    ),
    Row(
        "backward output at t",
        "output[t, :, H:]",
    ),
    Row(
        "final state l=L-1 d=0",
        "h_n[-2]",
        same=("output[-1, :, :H]",),
    ),
    Row(
        "final state l=L-1 d=1",
        "h_n[-1]",
        same=("output[0, :, H:]",),
        wrong=("output[-1, :, H:]",),
    ),
    Row(
        "summary",
        "torch.cat([h_n[-2], h_n[-1]], dim=1)",
        same=("torch.cat([output[-1, :, :H], output[0, :, H:]], dim=1)",),
    ),
    Row(
        "final state l d",
        "h_n.view(L, D, N, H)[l, d]",
        same=("h_n[l * D + d]",),
    ),
    Row(
        "final cell l d",
        "c_n.view(L, D, N, H)[l, d]",
    ),
    Row(
        "all final states",
        "h_n.permute(1, 0, 2).reshape(N, L * D * H)",
        wrong=("h_n.view(N, -1)",),
    ),
    Row(
        "final states d=0",
        "h_n[0::2]",
        same=("h_n.view(L, D, N, H)[:, 0]",),
        wrong=("h_n[:L]",),
    ),
)

PAGE = (8.27, 11.69)  # A4 portrait, inches
WANT_W = 2.5  # width of the "I want" column
WANT_SIZE = 10.0
NO_LINE_START = "，。；：、）"
WANT_WRAP = 31  # characters per line of the "I want" column, in English
CODE_SIZE = 9.0
LINE = 0.185  # height of one text line
PAD = 0.07  # inside a table cell


def _lines(row: Row, lang: str) -> tuple[list[str], list[str]]:
    """The wrapped text of a row's two cells."""
    want = _wrap(row.want_in(lang), lang)
    code = [row.expression] + [f"= {s}" for s in row.same] + [f"NOT {s}" for s in row.wrong]
    return want, code


def _wrap(s: str, lang: str) -> list[str]:
    """Lines of the "I want" column: English wraps at spaces; Chinese, which has none, wraps
    between any two characters as wide as the column allows, keeping Latin words whole."""
    if lang == "en":
        return textwrap.wrap(s, WANT_WRAP)
    lines = [""]
    for piece in re.findall(r"[\w\[\].]+|.", s, flags=re.ASCII):
        too_wide = st.text_width(lines[-1] + piece, WANT_SIZE) > WANT_W - 3 * PAD
        if lines[-1] and too_wide and piece not in NO_LINE_START:
            lines.append("")
        lines[-1] += piece.lstrip() if not lines[-1] else piece
    return lines


def cheat_sheet_page(language: str = "en") -> Diagram:
    """The cheat sheet as one printable A4 page: what each slice of ``output`` and ``h_n`` is.

    Black and white by design: nothing relies on colour, wrong expressions are marked with the
    word NOT, and the rows of ``h_n`` are named in words. Every expression on it is evaluated on
    a real ``nn.LSTM`` by the tests (``ROWS``). Save it with :meth:`Diagram.save` as ``.pdf``
    or ``.png``. ``language`` is ``"en"`` (the default) or ``"zh_CN"``.

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
    lang = check_language(language)
    width, height = PAGE
    with st.context(lang):
        canvas = st.new_canvas(width, height, rounding=0.0)
        ax = canvas.ax
        left, right = 0.55, width - 0.55
        y = height - 0.6
        st.label(
            ax,
            left,
            y,
            text("cheat.title", lang),
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
            text("cheat.subtitle", lang),
            size=WANT_SIZE,
            ha="left",
            va="top",
        )
        y -= 0.45
        for line in SETUP:
            st.label(ax, left, y, line, size=CODE_SIZE, mono=True, ha="left", va="top")
            y -= LINE
        y -= 0.2
        y = _draw_table(ax, left, right, y, lang)
        y -= 0.35
        _draw_h_n_rows(ax, left, y, lang)
        st.label(
            ax,
            left,
            0.35,
            text("cheat.footer", lang),
            size=8.5,
            ha="left",
            va="bottom",
        )
    return Diagram(canvas.figure, _alt_text(lang), lang, cheat_sheet_page)


def _draw_table(ax: Axes, left: float, right: float, y: float, lang: str) -> float:
    """The rows, ruled, with a header; return the y below the table."""
    x_code = left + WANT_W
    for x, key in ((left, "cheat.want"), (x_code, "cheat.expression")):
        st.label(
            ax,
            x + PAD,
            y - PAD,
            text(key, lang),
            weight="bold",
            size=WANT_SIZE,
            ha="left",
            va="top",
        )
    y -= LINE + 2 * PAD
    _rule(ax, left, right, y, 1.4)
    for row in ROWS:
        want, code = _lines(row, lang)
        rows_h = max(len(want), len(code)) * LINE + 2 * PAD
        for k, line in enumerate(want):
            st.label(ax, left + PAD, y - PAD - k * LINE, line, size=WANT_SIZE, ha="left", va="top")
        for k, line in enumerate(code):
            st.label(
                ax,
                x_code + PAD,
                y - PAD - k * LINE,
                line,
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


def _draw_h_n_rows(ax: Axes, left: float, y: float, lang: str) -> None:
    """The rows of h_n for L = 2, named in words: layer-major, direction-minor."""
    st.label(
        ax,
        left,
        y,
        text("cheat.rows", lang),
        weight="bold",
        size=WANT_SIZE,
        ha="left",
        va="top",
    )
    y -= 0.45
    w = 1.6
    for i in range(4):
        layer, backward = divmod(i, 2)
        name = text(
            "cheat.row_name",
            lang,
            layer=text("layer", lang, layer=layer),
            direction=text("dir.bwd" if backward else "dir.fwd", lang),
        )
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
            linestyle="--" if backward else "-",
        )
        st.label(ax, cx, y + 0.07, f"h_n[{i}]  =  h_n[{i - 4}]", size=CODE_SIZE, mono=True)
        st.label(ax, cx, y - 0.1, name, size=8.5)
    st.label(
        ax,
        left,
        y - 0.4,
        text("cheat.rows_note", lang),
        size=8.5,
        ha="left",
        va="top",
    )


def _alt_text(lang: str) -> str:
    rows = [
        text("cheat.alt.row", lang, want=row.want_in(lang), expression=row.expression)
        + "".join(text("cheat.alt.same", lang, expression=s) for s in row.same)
        + "".join(text("cheat.alt.wrong", lang, expression=s) for s in row.wrong)
        for row in ROWS
    ]
    return text("cheat.alt", lang, rows=join(rows, lang, "sep.list"))
