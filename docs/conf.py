"""Sphinx configuration: all of the site's wiring lives here (the library never imports Sphinx)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

import offline_inventory  # noqa: E402

import lstm_outputs  # noqa: E402

# -- Project ---------------------------------------------------------------------------------------
project = "LSTM outputs, explained"
author = "The lstm-outputs authors"
copyright = "2026, the lstm-outputs authors"
release = version = lstm_outputs.__version__

# -- General ---------------------------------------------------------------------------------------
extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinx_design",
]
exclude_patterns = [
    "_build",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook beside each generated page; they are downloads, not sources.
    "auto_examples/**/*.ipynb",
    "auto_examples/*.ipynb",
]
nitpicky = True
default_role = "py:obj"
# Identical output for identical sources: no build dates.
today_fmt = "%Y"

# -- Offline links to PyTorch, Python, NumPy and Matplotlib ---------------------------------------
# The build machine has no network: inventories are generated from the installed packages.
intersphinx_mapping = {
    key: (url, path)
    for key, (url, path) in offline_inventory.write_all(DOCS / "_build" / "inventories").items()
}

# -- API reference ---------------------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# -- Narrative pages (MyST text notebooks executed by myst-nb) ------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
# The pages import lstm_outputs, but myst-nb's cache only looks at the cells' text. Keying the cache
# folder on the library's source makes a change in src/ re-execute every page (and only then).
_LIBRARY_HASH = hashlib.sha256(
    b"".join(
        path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes()
        for path in sorted((ROOT / "src" / "lstm_outputs").rglob("*.py"))
    )
).hexdigest()[:16]
_CACHE_ROOT = DOCS / "_build" / ".jupyter_cache"
nb_execution_cache_path = str(_CACHE_ROOT / _LIBRARY_HASH)
if _CACHE_ROOT.is_dir():
    for _stale in _CACHE_ROOT.iterdir():
        if _stale.name != _LIBRARY_HASH:
            shutil.rmtree(_stale, ignore_errors=True)
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
nb_execution_excludepatterns = ["auto_examples/**"]

# -- Gallery ----------------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"plot_",
    "subsection_order": [
        f"../gallery/{name}" for name in ("basics", "variable_length", "under_the_hood", "using_outputs")
    ],
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": True,
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 0,
    "write_computation_times": True,
    # A change in src/ does not change any example file; rerun them all when asked to.
    "run_stale_examples": os.environ.get("LSTM_OUTPUTS_RERUN_EXAMPLES", "0") == "1",
    "matplotlib_animations": False,
    "capture_repr": (),
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
}

# -- HTML ------------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "LSTM outputs, explained"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_last_updated_fmt = None
html_show_sourcelink = True
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}
html_context = {"default_mode": "auto"}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
