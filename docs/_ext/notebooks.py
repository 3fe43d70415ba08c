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
# Re-execute the narrative pages when the library they import changes, and only then.
#
# Upstream: myst-nb's cache (jupyter-cache) keys a notebook on its cells' text alone, so a change
# in ``src/`` that the pages import never re-executes them; a way to tie notebooks to other files
# is an open request: https://github.com/executablebooks/MyST-NB/issues/299. Written against
# myst-nb 1.4.0 (``nb_execution_mode = "cache"``).
#
# Setting ``nb_cache_key_sources``: folders (relative to the configuration directory) whose
# ``*.py`` files key the cache. The cache folder becomes
# ``<configuration folder>/_build/.jupyter_cache/<hash of those files and the installed torch's
# version>`` (``nb_execution_cache_path``: a torch upgrade re-executes the pages too), whatever the
# output folder: the English build (``_build/html``) and the Chinese one (``_build/html/zh_CN``)
# share it, so the second edition executes nothing;
# sibling folders of other hashes are stale and are deleted when the configuration is read.


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


def _setup_notebook_cache_key(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")
    app.add_config_value("nb_cache_key_sources", [], "env", types=frozenset({list, tuple}))
    app.connect("config-inited", _key_the_cache)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# page_kernels
# ------------------------------------------------------------------------------------------------
# How the kernels that execute the narrative pages start: single-threaded and quiet.
#
# Upstream: ipykernel 7.3 and later log "Kernel is running over TCP without encryption" from every
# kernel it starts (added in https://github.com/ipython/ipykernel/pull/1515), so the build log
# gets that warning once per executed page; the cure it names (IPC transport or CurveZMQ keys) is a
# setting of jupyter_client's kernel manager, which myst-nb creates without a way to configure it.
# Written against myst-nb 1.4.0, ipykernel 7.4.0 and jupyter_client 8.10.
#
# Kernels inherit the build's environment. When the configuration is read:
#
# - ``OMP_NUM_THREADS`` is set to 1 unless already set: the pages' tiny models run fastest on one
#   thread, and their numbers are the same on every machine;
# - ``IPYTHONDIR`` points at ``ipython/`` beside the output folder (``docs/_build/ipython``), whose
#   default profile sets the kernel application's own log level to ERROR. What the cells print,
#   their warnings and errors are outputs of the page and are unaffected.


KERNEL_PROFILE = 'c.IPKernelApp.log_level = "ERROR"  # written by docs/_ext/page_kernels.py\n'


def _kernel_environment(app: Sphinx, config: Config) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    ipython_dir = Path(app.confdir) / "_build" / "ipython"  # shared by every edition's build
    profile = ipython_dir / "profile_default" / "ipython_kernel_config.py"
    if not profile.is_file() or profile.read_text(encoding="utf-8") != KERNEL_PROFILE:
        profile.parent.mkdir(parents=True, exist_ok=True)
        profile.write_text(KERNEL_PROFILE, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def _setup_page_kernels(app: Sphinx) -> dict[str, Any]:
    # First of the config-inited handlers: others (the logo, the inventories) import torch.
    app.connect("config-inited", _kernel_environment, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# computed_with
# ------------------------------------------------------------------------------------------------
# A line at the foot of every page: the torch version that computed the site's results.
#
# The version is read from the installed package's metadata (importlib.metadata), without an
# import of torch, so the extension costs nothing on a build that executes no page. It is registered as the
# config value ``computed_with_torch`` (rebuild "html"): when the installed torch changes, the
# value changes, and Sphinx rewrites every page with the new line.


LINE = (
    "Built with torch {version}: the version that computed every result, output and figure on "
    "this site."
)


def installed_torch() -> str:
    """The installed torch's version, e.g. "2.13.0+cpu"."""
    return importlib.metadata.version("torch")


def footer_line(torch_version: str, language: str | None = "en") -> str:
    """The HTML line appended to each page's body, in ``language`` (docs/_ext/site_strings.py)."""
    version = f"<code>{escape(torch_version)}</code>"
    return f'<p class="computed-with">{text(language, LINE, version=version)}</p>\n'


def _add_line(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    if doctree is None or "body" not in context:
        return  # generated pages (search, genindex) show no results
    context["body"] += footer_line(app.config.computed_with_torch, app.config.language)


def _setup_computed_with(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("computed_with_torch", installed_torch(), "html", types=frozenset({str}))
    app.connect("html-page-context", _add_line)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def setup(app: Sphinx) -> dict[str, Any]:
    _setup_notebook_cache_key(app)
    _setup_page_kernels(app)
    _setup_computed_with(app)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
