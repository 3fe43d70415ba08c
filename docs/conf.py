"""Sphinx configuration: settings only. Every piece of code is a named extension in docs/_ext/."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

# -- Project ---------------------------------------------------------------------------------------
project = "LSTM outputs, explained"
author = "The lstm-outputs authors"
copyright = "2026, the lstm-outputs authors"
# Read from the installed metadata: importing the library would import torch on every build.
release = version = importlib.metadata.version("lstm-outputs")

# -- General ---------------------------------------------------------------------------------------
extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinx_design",
    # Hosting: a 404 page that works under a sub-path, a sitemap, OpenGraph metadata.
    "notfound.extension",
    "sitemap_xml",  # docs/_ext: every page, also after an incremental build
    "sphinxext.opengraph",
    # Math as MathML, converted at build time (docs/_ext/mathml.py): no MathJax to download.
    "mathml",
    # docs/_ext: a file per feature, and one file of small patches of upstream behaviour.
    "notebooks",  # pages re-executed when src/ changes; quiet single-thread kernels; torch line
    "upstream_patches",  # each section names its upstream issue (see the file's docstring)
    "explorer",  # the interactive shape explorer (docs/explorer.md, the landing page)
    "figures",  # figures as files (one per theme), the printable cheat sheet, the logo
    # the editions (Chinese: built with `-D language=zh_CN`, see `nox -s docs`): switcher,
    # hreflang, lang="zh-CN", UI strings, the gallery's notes, Chinese search
    "editions",
]
html_math_renderer = "mathml"
exclude_patterns = [
    "_build",
    "locale",  # the Chinese edition's catalogs and its glossary (GLOSSARY.md), not pages
    "**.ipynb_checkpoints",
    # sphinx-gallery writes a notebook beside each generated page; they are downloads, not sources.
    "auto_examples/**/*.ipynb",
    "auto_examples/*.ipynb",
]
nitpicky = True
default_role = "py:obj"
# Identical output for identical sources: no build dates.
today_fmt = "%Y"

# -- Languages -------------------------------------------------------------------------------------
# English is the source; the Simplified Chinese edition is built from gettext catalogs with
# `nox -s docs -- --lang zh_CN` (sphinx-build -D language=zh_CN) into _build/html/zh_CN/.
# One catalog per document, with no source locations and no UUIDs: the catalogs change only
# when the English text does (`nox -s translations` updates them).
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
# Index entries are translated too: the Chinese search ranks a page first by them (as English does).
gettext_additional_targets = ["index"]
# Chinese search keeps the glossary's terms whole (docs/_ext/editions.py).
search_glossary = "locale/GLOSSARY.md"

# -- Offline links to PyTorch, Python, NumPy and Matplotlib ---------------------------------------
# The build machine has no network: the inventories are written from the locked packages by
# `nox -s inventories` (tools/inventories.py) and committed.
intersphinx_mapping = {
    "pytorch": ("https://docs.pytorch.org/docs/stable/", "_inventories/pytorch.inv"),
    "python": ("https://docs.python.org/3/", "_inventories/python.inv"),
    "numpy": ("https://numpy.org/doc/stable/", "_inventories/numpy.inv"),
    "matplotlib": ("https://matplotlib.org/stable/", "_inventories/matplotlib.inv"),
}

# -- API reference ---------------------------------------------------------------------------------
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_preprocess_types = True
# Sphinx 9's napoleon merges napoleon_type_aliases into autodoc_type_aliases *in place* when it reads
# attribute annotations; the config then never equals the saved one and every rebuild re-reads
# every page. Attribute types are documented in the docstrings, so that lookup is not needed.
napoleon_attr_annotations = False
# Short names used in docstrings' type fields, and annotations autodoc would otherwise expand.
napoleon_type_aliases = {
    "Tensor": "torch.Tensor",
    "PackedSequence": "torch.nn.utils.rnn.PackedSequence",
    "nn.LSTM": "torch.nn.LSTM",
    "nn.GRU": "torch.nn.GRU",
    "nn.RNN": "torch.nn.RNN",
    "nn.RNNBase": "torch.nn.RNNBase",
    "TensorInfo": "lstm_outputs.TensorInfo",
}

# -- Narrative pages (MyST text notebooks executed by myst-nb) ------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "cache"
# The pages import lstm_outputs, but myst-nb's cache only looks at the cells' text:
# docs/_ext/notebooks.py keys the cache folder on these folders' source, so a change in
# src/ re-executes every page (and only then).
nb_cache_key_sources = ["../src/lstm_outputs"]
nb_execution_timeout = 300
# A failing cell is a warning (so the strict build fails) that docs/_ext/upstream_patches.py
# repeats at the end of the log as page, line, cell and error: no crash dump.
nb_execution_raise_on_error = False
nb_execution_show_tb = False
nb_merge_streams = True
nb_execution_excludepatterns = ["auto_examples/**"]

# -- Gallery ----------------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"plot_",
    "subsection_order": [
        f"../gallery/{name}"
        for name in ("basics", "variable_length", "under_the_hood", "using_outputs")
    ],
    "within_subsection_order": "gallery_setup.LearningPath",  # docs/_ext: a learning path
    "download_all_examples": True,
    "remove_config_comments": True,
    "show_memory": False,
    # No "Total running time" line or computation-times pages: the times change with every run
    # (two builds must write the same pages) and are the build machine's; `nox -s bench` measures.
    "min_reported_time": float("inf"),
    "write_computation_times": False,
    # A change in src/ does not change any example file; rerun them all when asked to.
    "run_stale_examples": os.environ.get("LSTM_OUTPUTS_RERUN_EXAMPLES", "0") == "1",
    "matplotlib_animations": False,
    # Each example starts from a fresh interpreter's torch settings, as it does for a reader.
    "reset_modules": ("matplotlib", "gallery_setup.reset_torch_state"),
    "capture_repr": (),
    # A failing example is a warning (the strict build fails), summed up at the end of the log by
    # docs/_ext/upstream_patches.py as script, line and error (an exception here is a crash dump).
    "abort_on_example_error": False,
    "only_warn_on_example_error": True,
}

# -- HTML ------------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "LSTM outputs, explained"
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_last_updated_fmt = None
html_show_sourcelink = True
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    # The same page in the other edition: docs/_templates/components/language-switcher.html (a
    # component of the site's own, not an override of the theme's).
    "navbar_end": ["components/language-switcher", "theme-switcher", "navbar-icon-links"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc", "edit-this-page", "sourcelink"],
    # pages without the secondary sidebar (the explorer) keep their edit link, below the article
    "article_footer_items": ["components/edit-link-without-sidebar.html"],
    "use_edit_page_button": True,
}
# The shape explorer is a tool: its page has no section navigation (it would be empty) and no page
# outline (docs/explorer.md's metadata), so the form and results get the page's width.
html_sidebars = {"explorer": []}
html_context = {
    # pydata-sphinx-theme accepts "light", "dark" or "auto" (follow the reader's system setting).
    "default_mode": "auto",
    # "Edit on GitHub" links; docs/_ext/upstream_patches.py maps gallery pages to their scripts.
    "github_user": "lstm-outputs",
    "github_repo": "lstm-outputs",
    "github_version": "main",
    "doc_path": "docs",
}

# -- Hosting: site URL, 404 page, sitemap, OpenGraph, logo ----------------------------------------
# One setting says where the site is served, and the 404 page's links, the sitemap, the canonical
# links and the OpenGraph URLs all follow from it: LSTM_OUTPUTS_SITE_URL (the GitHub Pages workflow
# sets it), else Read the Docs' READTHEDOCS_CANONICAL_URL, else the project's GitHub Pages address.
SITE_URL = (
    os.environ.get("LSTM_OUTPUTS_SITE_URL")
    or os.environ.get("READTHEDOCS_CANONICAL_URL")
    or "https://lstm-outputs.github.io/lstm-outputs/"
).rstrip("/") + "/"
html_baseurl = SITE_URL
# The English edition's address; docs/_ext/editions.py derives every edition's address from
# it (English here, Chinese under zh_CN/; on Read the Docs, /en/ and /zh-cn/) and sets
# html_baseurl, ogp_site_url and notfound_urls_prefix for the edition being built.
site_url = SITE_URL
# The 404 page is served for any missing path, so its links must be absolute: "/lstm-outputs/" on
# GitHub Pages (a project site lives under the repository's name), "/en/latest/" on Read the Docs.
notfound_urls_prefix = urlsplit(SITE_URL).path
sitemap_excludes = ["404"]
ogp_site_url = SITE_URL
ogp_site_name = project
# Social cards would be drawn at build time for every page; a single logo image is enough.
ogp_social_cards = {"enable": False}
# The logo and favicon are drawn by the library's own diagram code: docs/_ext/figures.py sets
# html_logo, html_favicon, ogp_image_alt and adds logo.png to html_static_path.
html_theme_options["logo"] = {"text": html_title, "alt_text": "Logo, link to the home page"}
ogp_image = SITE_URL + "_static/logo.png"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
