"""The site's figures, drawn by code: parameterized, with alt text, rendered as SVG.

Every function returns a :class:`Diagram`; in a notebook a cell whose last line is the call
shows the picture (as an ``<img>`` with the alt text), and :meth:`Diagram.save` writes it to a
``.svg`` or ``.png`` file. The figures are built on :class:`matplotlib.figure.Figure` directly,
so they leave nothing behind in pyplot and need no display backend.
"""

from ._cell import cell
from ._diagram import Diagram
from ._heatmaps import dependency_heatmaps
from ._output_concat import output_concat
from ._state_layout import state_layout
from ._unrolled import unrolled

__all__ = [
    "Diagram",
    "cell",
    "dependency_heatmaps",
    "output_concat",
    "state_layout",
    "unrolled",
]
