"""Sphinx configuration: all of the site's wiring lives here (the library never imports Sphinx)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import shutil
import sys
import tempfile
from html import escape as html_escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx

# Tiny models run fastest on one thread, and kernels started for the pages inherit this.
os.environ.setdefault("OMP_NUM_THREADS", "1")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

import offline_inventory

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
    "explorer",
]
html_math_renderer = "mathml"
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
    "TensorInfo": "lstm_outputs.describe.TensorInfo",
}

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
        f"../gallery/{name}"
        for name in ("basics", "variable_length", "under_the_hood", "using_outputs")
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
    # Each example starts from a fresh interpreter's torch settings, as it does for a reader.
    "reset_modules": ("matplotlib", "gallery_reset.reset_torch_state"),
    "capture_repr": (),
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
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
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc", "edit-this-page", "sourcelink"],
    "use_edit_page_button": True,
}
html_context = {
    # pydata-sphinx-theme accepts "light", "dark" or "auto" (follow the reader's system setting).
    "default_mode": "auto",
    # "Edit on GitHub" links; gallery pages are mapped to their scripts in setup() below.
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
# The 404 page is served for any missing path, so its links must be absolute: "/lstm-outputs/" on
# GitHub Pages (a project site lives under the repository's name), "/en/latest/" on Read the Docs.
notfound_urls_prefix = urlsplit(SITE_URL).path
sitemap_excludes = ["404"]
ogp_site_url = SITE_URL
ogp_site_name = project
# Social cards would be drawn at build time for every page; a single logo image is enough.
ogp_social_cards = {"enable": False}


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` only if it differs, so that Sphinx sees no change otherwise."""
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# The logo and favicon are drawn by the library's own diagram code. Drawing them imports torch and
# matplotlib, so they are redrawn only when the diagram code changes (the stamp is its hash).
_GENERATED = DOCS / "_build" / "generated"
_DIAGRAMS_HASH = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted((ROOT / "src/lstm_outputs/diagrams").glob("*.py")))
).hexdigest()
_LOGO_STAMP = _GENERATED / "logo.stamp"
if not _LOGO_STAMP.is_file() or _LOGO_STAMP.read_text() != _DIAGRAMS_HASH:
    from lstm_outputs import diagrams as _diagrams

    _logo_diagram = _diagrams.logo()
    _write_if_changed(_GENERATED / "logo.svg", _logo_diagram.to_svg().encode("utf-8"))
    with tempfile.TemporaryDirectory() as _tmp:
        _logo_diagram.save(Path(_tmp) / "logo.png")
        _write_if_changed(_GENERATED / "logo.png", (Path(_tmp) / "logo.png").read_bytes())
    _write_if_changed(_GENERATED / "logo.alt", _logo_diagram.alt.encode("utf-8"))
    _LOGO_STAMP.write_text(_DIAGRAMS_HASH)
html_logo = str(_GENERATED / "logo.svg")
html_favicon = str(_GENERATED / "logo.svg")
html_theme_options["logo"] = {"text": html_title, "alt_text": "Logo, link to the home page"}
html_static_path.append(str(_GENERATED / "logo.png"))  # _static/logo.png, for link previews
ogp_image = SITE_URL + "_static/logo.png"
ogp_image_alt = (_GENERATED / "logo.alt").read_text(encoding="utf-8")
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True


# -- "Edit on GitHub" links that point at the file a reader would edit -----------------------------
_GITHUB_EDIT = "https://github.com/{github_user}/{github_repo}/edit/{github_version}/".format(
    **html_context
)


def _source_in_repository(pagename: str, suffix: str) -> Path | None:
    """The file in the repository that a page is built from, or None if it is generated."""
    if pagename.rsplit("/", 1)[-1] == "sg_execution_times":
        return None  # written by sphinx-gallery at build time (docs/ and auto_examples/)
    if pagename.startswith("auto_examples/"):
        # sphinx-gallery writes auto_examples/<section>/<name>.rst from gallery/<section>/<name>.py,
        # and each index page from the folder's GALLERY_HEADER.rst.
        inner = Path(pagename).relative_to("auto_examples")
        if inner.name == "index":
            candidate = ROOT / "gallery" / inner.parent / "GALLERY_HEADER.rst"
        else:
            candidate = ROOT / "gallery" / inner.with_suffix(".py")
    else:
        candidate = DOCS / f"{pagename}{suffix}"
    return candidate if candidate.is_file() else None


def _edit_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    suffix = context.get("page_source_suffix")
    source = _source_in_repository(pagename, suffix) if suffix else None
    if source is None:
        context["theme_use_edit_page_button"] = False  # generated pages: nothing to edit
        return
    url = _GITHUB_EDIT + source.relative_to(ROOT).as_posix()
    context["get_edit_provider_and_url"] = lambda: ("GitHub", url)


# -- Fixes for defects of the theme and extensions (found by tests/site in a real browser) --------
def _label_nav_toggles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Name the sidebar's expand/collapse toggles (axe: summary-name).

    pydata-sphinx-theme puts a <summary> holding only a decorative chevron beside each section
    link of the sidebar, so screen readers announce a nameless control. It gets an aria-label
    naming the section it opens.
    """
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_with_labels(kind: str, *args: Any, **kwargs: Any) -> Any:
        html = generate(kind, *args, **kwargs)
        if kind != "sidebar" or "<summary" not in str(html):
            return html
        from bs4 import BeautifulSoup  # only when a page is written: a no-op build skips it

        soup = BeautifulSoup(str(html), "html.parser")
        for summary in soup.find_all("summary"):
            if summary.get_text(strip=True) or summary.get("aria-label"):
                continue
            item = summary.find_parent("li")
            link = item.find("a", recursive=False) if item else None
            section = link.get_text(" ", strip=True) if link else "this section"
            summary["aria-label"] = f"Show or hide the pages under {section}"
        return str(soup)

    context["generate_toctree_html"] = generate_with_labels


def _visit_hidden_cell(self: Any, node: Any) -> None:
    """myst-nb's "Show code cell source" toggle, without its mismatched aria-label.

    myst-nb labels the toggle "Toggle hidden content" while it shows "Show code cell source"
    (axe: label-content-name-mismatch, WCAG 2.5.3). Without the label, the visible text is the
    name. Same markup as myst_nb.sphinx_.visit_HideCellInput otherwise.
    """
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n')
    self.body.append("<summary>\n")
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<p class="{state} admonition-title">{html_escape(prompt)}</p>\n')
    self.body.append("</summary>\n")


def _thumbnail_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Alt text for sphinx-gallery's thumbnails, which it writes with an empty one."""
    for image in doctree.findall(nodes.image):
        if image.get("alt") or "_thumb." not in image.get("uri", ""):
            continue
        parent = image.parent
        following = parent.children[parent.index(image) + 1 :] if parent else []
        title = next((node.astext() for node in following if node.astext().strip()), "")
        if title:
            image["alt"] = f"Thumbnail of the example: {title}"


_CDN_TABLE_SCRIPT = re.compile(
    r"\.\. container::\n\n  \.\. raw:: html\n\n(?:    .*\n|\n)*?(?=  \.\. )"
)


def _local_only_timing_tables(app: Sphinx, docname: str, source: list[str]) -> None:
    """sphinx-gallery's sg_execution_times pages load jQuery and DataTables from CDNs.

    Those requests fail offline and leak readers to third parties; the table reads fine as a
    plain table, so the raw HTML block that loads them is dropped.
    """
    if docname.endswith("sg_execution_times") and "code.jquery.com" in source[0]:
        source[0] = _CDN_TABLE_SCRIPT.sub(".. container::\n\n", source[0], count=1)


def _absolute_links_on_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Make the 404 page's own cross-references absolute, like the rest of its links.

    The host serves 404.html at any depth (/lstm-outputs/a/b/missing.html), so a relative link
    such as "api.html" would point inside the missing folder. sphinx-notfound-page rewrites the
    theme's links and images; the links written in docs/404.md are done here.
    """
    if docname != app.config.notfound_pagename or not app.config.notfound_urls_prefix:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if (
            reference.get("internal")
            and uri
            and not uri.startswith(("/", "#"))
            and "://" not in uri
        ):
            reference["refuri"] = app.config.notfound_urls_prefix + uri


# -- Build speed ---------------------------------------------------------------------------------
def _cache_compiled_templates(app: Sphinx) -> None:
    """Keep the theme's compiled Jinja templates between builds.

    Sphinx compiles every template it renders on each run, and it renders the index and search
    pages even when no source changed: ~0.3 s of a no-op rebuild. Jinja's bytecode cache checks
    each template's source checksum, so an edited template is recompiled.
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:  # a builder that renders no templates
        return
    import jinja2

    cache = DOCS / "_build" / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _cache_compiled_templates)
    app.connect("html-page-context", _edit_links, priority=900)  # after the theme's own handler
    app.connect("html-page-context", _label_nav_toggles, priority=900)
    app.connect("doctree-resolved", _thumbnail_alt_text)
    app.connect("doctree-resolved", _absolute_links_on_404)
    app.connect("source-read", _local_only_timing_tables)
    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, depart_HideCellInput))
