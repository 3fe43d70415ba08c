"""The site's figures, drawn by code: parameterized, with alt text, rendered as SVG.

Every function returns a :class:`Diagram`; in a notebook a cell whose last line is the call
shows the picture (as an ``<img>`` with the alt text), and :meth:`Diagram.save` writes it to a
``.svg`` or ``.png`` file. The figures are built on :class:`matplotlib.figure.Figure` directly,
so they leave nothing behind in pyplot and need no display backend.

They need matplotlib, which the library itself does not: install the extra,
``pip install "lstm-outputs[diagrams]"``.
"""

try:
    import matplotlib  # noqa: F401
except ImportError as error:
    raise ImportError(
        "lstm_outputs.diagrams: expected matplotlib, which draws the figures, but it is not "
        "installed (the library's other functions do not need it): "
        'pip install "lstm-outputs[diagrams]"',
        name="matplotlib",
    ) from error

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
