"""The site's logo and favicon, drawn by the library's own diagram code.

Not an upstream defect: Sphinx takes ``html_logo`` and ``html_favicon`` as files, and this
site's logo is a figure of ``lstm_outputs.diagrams`` (``lstm_outputs.diagrams._logo.logo``), like
every other image. Written against Sphinx 9.0, pydata-sphinx-theme 0.24.0 and
sphinxext-opengraph 0.13.0.

When the configuration is read, ``logo.svg``, ``logo.png`` and the logo's alt text are written to
``generated/`` beside the output folder (``docs/_build/generated``), and the settings point at
them: ``html_logo`` and ``html_favicon`` (the SVG), ``html_static_path`` gains ``logo.png``
(served as ``_static/logo.png``, for link previews: ``ogp_image``) and ``ogp_image_alt`` is the
logo's alt text. Drawing imports torch and matplotlib, so it happens only when the diagram code
changes: a stamp holds the hash of ``lstm_outputs/diagrams``, found without importing it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import tempfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def diagrams_hash() -> str:
    """The hash of the diagram code's source files, read without importing the library."""
    spec = importlib.util.find_spec("lstm_outputs")
    if spec is None or spec.origin is None:
        raise ValueError("site_logo: expected lstm_outputs to be importable, got none")
    folder = Path(spec.origin).parent / "diagrams"
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write only a change, so that Sphinx sees the file as unchanged otherwise."""
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def draw_logo(folder: Path) -> None:
    """Write ``logo.svg``, ``logo.png`` and ``logo.alt`` into ``folder`` if the code changed."""
    stamp = folder / "logo.stamp"
    wanted = diagrams_hash()
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    from lstm_outputs.diagrams._logo import logo

    diagram = logo()
    _write_if_changed(folder / "logo.svg", diagram.to_svg().encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        diagram.save(Path(tmp) / "logo.png")
        _write_if_changed(folder / "logo.png", (Path(tmp) / "logo.png").read_bytes())
    _write_if_changed(folder / "logo.alt", diagram.alt.encode("utf-8"))
    stamp.write_text(wanted)


def _use_logo(app: Sphinx, config: Config) -> None:
    folder = Path(app.confdir) / "_build" / "generated"  # shared by every edition's build
    draw_logo(folder)
    config.html_logo = str(folder / "logo.svg")
    config.html_favicon = str(folder / "logo.svg")
    config.html_static_path = [*config.html_static_path, str(folder / "logo.png")]
    config.ogp_image_alt = (folder / "logo.alt").read_text(encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxext.opengraph")  # defines ogp_image_alt
    # Before Sphinx checks html_logo, html_favicon and html_static_path (priority 800).
    app.connect("config-inited", _use_logo, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
