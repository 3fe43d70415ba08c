"""Re-execute the narrative pages when the library they import changes, and only then.

Upstream: myst-nb's cache (jupyter-cache) keys a notebook on its cells' text alone, so a change
in ``src/`` that the pages import never re-executes them; a way to tie notebooks to other files
is an open request: https://github.com/executablebooks/MyST-NB/issues/299. Written against
myst-nb 1.4.0 (``nb_execution_mode = "cache"``).

Setting ``nb_cache_key_sources``: folders (relative to the configuration directory) whose
``*.py`` files key the cache. The cache folder becomes
``<configuration folder>/_build/.jupyter_cache/<hash of those files and the installed torch's
version>`` (``nb_execution_cache_path``: a torch upgrade re-executes the pages too), whatever the
output folder: the English build (``_build/html``) and the Chinese one (``_build/html/zh_CN``)
share it, so the second edition executes nothing;
sibling folders of other hashes are stale and are deleted when the configuration is read.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def sources_hash(folders: list[Path]) -> str:
    """A short hash of every ``*.py`` file under ``folders`` (paths and bytes) and of torch's version.

    The version is read from the installed metadata, without importing torch.
    """
    digest = hashlib.sha256(importlib.metadata.version("torch").encode() + b"\0")
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key_the_cache(app: Sphinx, config: Config) -> None:
    folders = [Path(app.confdir, folder).resolve() for folder in config.nb_cache_key_sources]
    if not folders:
        return
    key = sources_hash(folders)
    cache_root = Path(app.confdir) / "_build" / ".jupyter_cache"
    config.nb_execution_cache_path = str(cache_root / key)
    if cache_root.is_dir():
        for stale in cache_root.iterdir():
            if stale.name != key:
                shutil.rmtree(stale, ignore_errors=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    app.add_config_value("nb_cache_key_sources", [], "env", types=frozenset({list, tuple}))
    app.connect("config-inited", _key_the_cache)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
