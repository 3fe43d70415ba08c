"""The site's editions: English at the root, Simplified Chinese under ``zh_CN/``.

Sphinx builds one language per run (``-D language=zh_CN``) and knows nothing of the other
edition. This extension gives every page of either edition:

- its own canonical URL, sitemap, 404 links and OpenGraph URL: ``html_baseurl``,
  ``ogp_site_url`` and ``notfound_urls_prefix`` are set for the edition being built;
- ``<link rel="alternate" hreflang=...>`` to the same page in each edition, and ``x-default``
  (English);
- a language switcher in the navbar (``docs/_templates/components/language-switcher.html``) linking to the
  same page in the other edition, by a relative link (absolute on the 404 page, which is served at
  any depth);
- the search box's placeholder (the theme option ``search_bar_text``) in the edition's language;
- ``lang="zh-CN"`` on ``<html>``: pydata-sphinx-theme writes the Sphinx code (``zh_CN``), which is
  not a BCP 47 tag.

Where the editions live (``edition_bases``):

- GitHub Pages and local builds: English at ``site_url`` (``SITE_URL`` in conf.py), each other
  language at ``site_url + "<code>/"`` (``site_edition_dirs``);
- Read the Docs (``READTHEDOCS=True``): each language is its own project, a translation of the
  main one, at ``/<rtd code>/<version>/`` of the same domain (``zh-cn`` where Sphinx says
  ``zh_CN``); ``site_url`` is then the canonical URL Read the Docs gives the project being built.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from site_strings import LANGUAGE_NAMES, html_lang, text
from sphinx.application import Sphinx
from sphinx.config import Config

EDITIONS = ("en", "zh_CN")
# Read the Docs' language codes (project settings, URLs and READTHEDOCS_LANGUAGE).
RTD_CODES = {"en": "en", "zh_CN": "zh-cn"}
SEARCH_BAR = "Search the docs ..."  # pydata-sphinx-theme's default search_bar_text


def edition_bases(
    site_url: str, language: str, read_the_docs_language: str | None = None
) -> dict[str, str]:
    """The absolute base URL of every edition, each ending in "/".

    ``site_url`` is the English edition's address, except on Read the Docs
    (``read_the_docs_language`` given), where it is the address of the project being built:
    the other editions swap its ``/<code>/`` path segment.
    """
    site_url = site_url.rstrip("/") + "/"
    if read_the_docs_language is None:
        return {lang: site_url + ("" if lang == "en" else f"{lang}/") for lang in EDITIONS}
    url = urlsplit(site_url)
    segment = f"/{read_the_docs_language}/"
    if segment not in url.path:
        raise ValueError(
            f"READTHEDOCS_CANONICAL_URL: expected a path with {segment!r}, got {site_url!r} "
            "(likely cause: the project's language setting differs from READTHEDOCS_LANGUAGE)"
        )
    return {
        lang: urlunsplit(url._replace(path=url.path.replace(segment, f"/{code}/", 1)))
        for lang, code in RTD_CODES.items()
    }


def relative_link(from_url: str, to_url: str) -> str:
    """A relative link from the page at ``from_url`` to ``to_url`` (same host)."""
    start = posixpath.dirname(urlsplit(from_url).path)
    target = urlsplit(to_url).path
    return posixpath.relpath(target, start or "/")


def _read_the_docs_language() -> str | None:
    if os.environ.get("READTHEDOCS") != "True":
        return None
    return os.environ.get("READTHEDOCS_LANGUAGE", "en")


def _configure(app: Sphinx, config: Config) -> None:
    language = config.language or "en"
    if language not in EDITIONS:
        raise ValueError(
            f"language: expected one of {', '.join(EDITIONS)}, got {language!r} "
            "(likely cause: a language with no catalogs in docs/locale)"
        )
    bases = edition_bases(config.site_url, language, _read_the_docs_language())
    config.site_edition_bases = bases
    base = bases[language]
    config.html_baseurl = base
    config.ogp_site_url = base
    config.notfound_urls_prefix = urlsplit(base).path
    # The search box's placeholder is a theme option, not a template string.
    options = config.html_theme_options
    options["search_bar_text"] = text(language, options.get("search_bar_text", SEARCH_BAR))


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    language = app.config.language or "en"
    bases: dict[str, str] = app.config.site_edition_bases
    uri = app.builder.get_target_uri(pagename)
    here = bases[language] + uri
    alternates = [
        f'<link rel="alternate" hreflang="{html_lang(lang)}" href="{bases[lang]}{uri}" />'
        for lang in EDITIONS
    ]
    alternates.append(f'<link rel="alternate" hreflang="x-default" href="{bases["en"]}{uri}" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(alternates)
    other = next(lang for lang in EDITIONS if lang != language)
    there = bases[other] + uri
    absolute = pagename == app.config.notfound_pagename
    context["language_switch"] = {
        "href": urlsplit(there).path if absolute else relative_link(here, there),
        "hreflang": html_lang(other),
        "label": LANGUAGE_NAMES[other],
    }
    context["language"] = html_lang(language)  # <html lang="zh-CN">


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("notfound.extension")  # defines notfound_urls_prefix, set here
    app.setup_extension("sphinxext.opengraph")  # defines ogp_site_url, set here
    # The English edition's address on GitHub Pages (the project's own, on Read the Docs).
    app.add_config_value("site_url", "", "html", types=frozenset({str}))
    app.add_config_value("site_edition_bases", {}, "html", types=frozenset({dict}))
    app.connect("config-inited", _configure, priority=400)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
