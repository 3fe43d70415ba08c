"""How the narrative pages are executed, and what computed them.

- notebook_cache_key: re-execute the pages when the library they import changes, and only then;
- page_kernels: the pages' kernels start single-threaded and quiet;
- computed_with: a line at the foot of every page naming the torch that computed it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
from html import escape
from pathlib import Path
from typing import Any

from editions import text
from sphinx.application import Sphinx
from sphinx.config import Config

# ------------------------------------------------------------------------------------------------
# notebook_cache_key
# ------------------------------------------------------------------------------------------------
# myst-nb 1.4 keys its cache on the cells' text alone, so a change in ``src/`` never re-executes the
# pages (https://github.com/executablebooks/MyST-NB/issues/299). The ``*.py`` files of the folders
# in ``nb_cache_key_sources`` and torch's version key the folder ``_build/.jupyter_cache/<hash>``
# (shared by both editions); folders of other hashes are deleted.


def sources_hash(folders: list[Path]) -> str:
    """A short hash of the ``*.py`` files under ``folders`` and of the installed torch's version."""
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


# ------------------------------------------------------------------------------------------------
# page_kernels
# ------------------------------------------------------------------------------------------------
# Kernels inherit the build's environment: ``OMP_NUM_THREADS=1`` unless set (the tiny models run
# fastest, with the same numbers everywhere), and an ``IPYTHONDIR`` whose profile sets the kernels'
# log level to ERROR: ipykernel >= 7.3 logs "Kernel is running over TCP without encryption"
# (https://github.com/ipython/ipykernel/pull/1515), curable only by a setting of the kernel manager,
# which myst-nb 1.4 does not expose. Delete the profile when it does.

KERNEL_PROFILE = 'c.IPKernelApp.log_level = "ERROR"  # written by docs/_ext/notebooks.py\n'


def _kernel_environment(app: Sphinx, config: Config) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    ipython_dir = Path(app.confdir) / "_build" / "ipython"  # shared by every edition's build
    profile = ipython_dir / "profile_default" / "ipython_kernel_config.py"
    if not profile.is_file() or profile.read_text(encoding="utf-8") != KERNEL_PROFILE:
        profile.parent.mkdir(parents=True, exist_ok=True)
        profile.write_text(KERNEL_PROFILE, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


# ------------------------------------------------------------------------------------------------
# computed_with
# ------------------------------------------------------------------------------------------------
# A line at the foot of every page naming the torch that computed it (from the installed metadata,
# no import); a config value, so a new torch rewrites every page.
LINE = (
    "Built with torch {version}: the version that computed every result, output and figure on "
    "this site."
)


def installed_torch() -> str:
    """The installed torch's version, e.g. "2.13.0+cpu"."""
    return importlib.metadata.version("torch")


def footer_line(torch_version: str, language: str | None = "en") -> str:
    """The HTML line appended to each page's body, in ``language``."""
    version = f"<code>{escape(torch_version)}</code>"
    return f'<p class="computed-with">{text(language, LINE, version=version)}</p>\n'


def _add_line(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    if doctree is None or "body" not in context:
        return  # generated pages (search, genindex) show no results
    context["body"] += footer_line(app.config.computed_with_torch, app.config.language)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    app.add_config_value("nb_cache_key_sources", [], "env", types=frozenset({list, tuple}))
    app.connect("config-inited", _key_the_cache)
    # First of the config-inited handlers: another (the logo) imports torch.
    app.connect("config-inited", _kernel_environment, priority=100)
    app.add_config_value("computed_with_torch", installed_torch(), "html", types=frozenset({str}))
    app.connect("html-page-context", _add_line)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
