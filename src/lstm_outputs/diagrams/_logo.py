"""The site's logo: two stacked rows of cells whose states run in opposite directions."""

from __future__ import annotations

from . import _style as st
from ._diagram import Diagram


def logo() -> Diagram:
    """A small square logo: a forward row of cells above a backward row.

    The upper row passes its state left to right (blue), the lower row right to left
    (vermillion), on the same white rounded card as every diagram, so it works as a favicon and
    as the navbar logo in the light and the dark theme.

    Returns
    -------
    Diagram
        The figure (1 x 1 inch) and its alt text.

    Examples
    --------
    >>> from lstm_outputs.diagrams._logo import logo
    >>> d = logo()
    >>> d.size_px  # 1 x 1 inch
    (96, 96)
    >>> "logo" in d.alt
    True
    """
    with st.context():
        canvas = st.new_canvas(1.0, 1.0, rounding=0.18)
        ax = canvas.ax
        cell_w, cell_h = 0.23, 0.22
        xs = (0.27, 0.73)
        for y, d in ((0.66, "fwd"), (0.34, "bwd")):
            direction: st.Direction = "fwd" if d == "fwd" else "bwd"
            for i, x in enumerate(xs):
                st.box(
                    ax,
                    x,
                    y,
                    cell_w,
                    cell_h,
                    face=st.tint(direction),
                    edge=st.colour(direction),
                    lw=2.2,
                    rounding=0.05,
                    gid=f"logo-{d}-cell-{i}",
                )
            inner_left, inner_right = xs[0] + cell_w / 2, xs[1] - cell_w / 2
            start, end = (
                (inner_left, inner_right) if direction == "fwd" else (inner_right, inner_left)
            )
            st.arrow(
                ax,
                (start, y),
                (end, y),
                color=st.colour(direction),
                lw=2.6,
                head=11.0,
                gid=f"logo-{d}-arrow",
            )
    alt = (
        "lstm-outputs logo: two rows of two cells, the upper row passing its state left to "
        "right in blue, the lower row right to left in vermillion."
    )
    return Diagram(canvas.figure, alt)
