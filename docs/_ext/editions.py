"""The site's editions, English at the root and Simplified Chinese under ``zh_CN/``: the site's
own interface strings and the settings every page shows (site_strings), addresses, switcher and
``lang`` (site_languages), gallery pages in other editions, their thumbnails included
(gallery_language), Chinese search as readers type (zh_search_stemmer)."""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.zh import SearchChinese

from lstm_outputs._languages import LANGUAGE_NAMES, LANGUAGES, RTD_CODES, html_lang

# ------------------------------------------------------------------------------------------------
# site_strings
# ------------------------------------------------------------------------------------------------
# The catalogs in docs/locale translate the documents; the strings docs/_ext writes into the HTML
# itself (a footer line, labels, alt text, notes) are looked up here by their English text.
# English template -> {language: translated template}; the caller fills ``{name}`` fields.
STRINGS: dict[str, dict[str, str]] = {
    "Built with torch {version}: the version that computed every result, output and figure on "
    "this site.": {
        "zh_CN": "本站由 torch {version} 构建：站内每个结果、输出和图都由这个版本计算得出。",
    },
    "Show or hide the pages under {section}": {"zh_CN": "显示或隐藏“{section}”下的页面"},
    "Thumbnail of the example: {title}": {"zh_CN": "示例缩略图：{title}"},
    # pydata-sphinx-theme's search_bar_text (a theme option, so not in the theme's catalog).
    "Search the docs ...": {"zh_CN": "搜索文档……"},
    "Show code cell source": {"zh_CN": "显示代码单元源码"},
    "Hide code cell source": {"zh_CN": "隐藏代码单元源码"},
    "Show code cell outputs": {"zh_CN": "显示代码单元输出"},
    "Hide code cell outputs": {"zh_CN": "隐藏代码单元输出"},
    "Show code cell content": {"zh_CN": "显示代码单元内容"},
    "Hide code cell content": {"zh_CN": "隐藏代码单元内容"},
    "Code, outputs, figures and downloads of this example stay in English.": {
        "zh_CN": "本示例的代码、输出、图和下载文件（.py、.ipynb）保持英文原样：图是脚本自己绘制的输出。",
    },
    # docs/conf.py's strings that every page shows (CONFIG_STRINGS)
    "LSTM outputs, explained": {"zh_CN": "详解 LSTM 的输出"},
    "Logo, link to the home page": {"zh_CN": "网站标志，链接到首页"},
    # the logo's alt text, as lstm_outputs.diagrams draws it (og:image:alt, for link previews)
    "lstm-outputs logo: two rows of two cells, the upper row passing its state left to right in "
    "blue, the lower row right to left in vermillion.": {
        "zh_CN": "lstm-outputs 的标志：两行单元，每行两个；上面一行从左到右传递状态（蓝色），"
        "下面一行从右到左传递（朱红色）。",
    },
    "2026, the lstm-outputs authors": {"zh_CN": "2026，lstm-outputs 的作者们"},
}


def text(language: str | None, english: str, **fields: object) -> str:
    """``english`` in ``language`` (English when there is no translation), fields filled in."""
    template = STRINGS.get(english, {}).get(language or "en", english)
    return template.format(**fields) if fields else template


# docs/conf.py's settings whose text is on every page (title, copyright, the logo's text and alt
# text), translated when the configuration is read (tests/test_editions.py checks each has one).
CONFIG_STRINGS = ("html_title", "copyright", "ogp_site_name")
LOGO_STRINGS = ("text", "alt_text")


def _config_strings(app: Sphinx, config: Config) -> None:
    language = config.language or "en"
    for name in CONFIG_STRINGS:
        config[name] = text(language, config[name])
    logo = config.html_theme_options.get("logo", {})
    for key in LOGO_STRINGS:
        if key in logo:
            logo[key] = text(language, logo[key])


# ------------------------------------------------------------------------------------------------
# site_languages
# ------------------------------------------------------------------------------------------------
# Sphinx builds one language per run (``-D language=zh_CN``). Every page gets its edition's
# canonical, sitemap, 404 and OpenGraph URLs; hreflang links to each edition and x-default; a
# switcher to the same page in the other edition (absolute on the 404 page, served at any depth);
# and ``lang="zh-CN"`` (the theme writes ``zh_CN``, not a BCP 47 tag). The editions live at
# ``site_url`` and ``site_url + "zh_CN/"``; on Read the Docs each is a project at
# ``/<rtd code>/<version>/`` and ``site_url`` is the one being built.

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
        return {lang: site_url + ("" if lang == "en" else f"{lang}/") for lang in LANGUAGES}
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
    if language not in LANGUAGES:
        raise ValueError(
            f"language: expected one of {', '.join(LANGUAGES)}, got {language!r} "
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
        for lang in LANGUAGES
    ]
    alternates.append(f'<link rel="alternate" hreflang="x-default" href="{bases["en"]}{uri}" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(alternates)
    other = next(lang for lang in LANGUAGES if lang != language)
    there = bases[other] + uri
    absolute = pagename == app.config.notfound_pagename
    context["language_switch"] = {
        "href": urlsplit(there).path if absolute else relative_link(here, there),
        "hreflang": html_lang(other),
        "label": LANGUAGE_NAMES[other],
    }
    context["language"] = html_lang(language)  # <html lang="zh-CN">


# ------------------------------------------------------------------------------------------------
# gallery_language
# ------------------------------------------------------------------------------------------------
# Gallery pages keep code, outputs, figures (the scripts' own output) and downloads in English; in
# other editions a line under each title says so.

GALLERY = "auto_examples/"
NOTE = "Code, outputs, figures and downloads of this example stay in English."


def _note(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not docname.startswith(GALLERY) or app.config.language in (None, "en"):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children:
        return
    note = nodes.paragraph(text(app.config.language, NOTE), text(app.config.language, NOTE))
    note["classes"].append("gallery-language-note")
    section.insert(1, note)  # right under the title


# Thumbnails' titles and tooltips are raw HTML (``THUMBNAIL_TEMPLATE``, sphinx_gallery 0.22), which
# no catalog translates: in other editions they are replaced by the messages of the example's own
# catalog, cleaned of reST markup.


def intro_and_title_messages(docstring: str) -> tuple[str, str]:
    """The reST source of an example's title and first paragraph, as its catalog's msgids are."""
    paragraphs = [p for p in docstring.lstrip().split("\n\n") if p and not p.startswith(".. ")]
    match = re.search(r"^(?!([\W _])\1{3,})(.+)", paragraphs[0], re.MULTILINE)
    title = match.group(0).strip() if match else ""
    intro = title if len(paragraphs) < 2 else paragraphs[1]
    return " ".join(intro.split("\n")).strip(), title


def thumbnail_strings(app: Sphinx) -> dict[str, str]:
    """English -> translated text of every thumbnail's title and tooltip (as written in HTML)."""
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain
    from sphinx_gallery.gen_rst import _sanitize_rst
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    conf = app.config.sphinx_gallery_conf
    dirs = [str(Path(app.srcdir, folder)) for folder in app.config.locale_dirs]
    found: dict[str, str] = {}
    examples_dirs, gallery_dirs = conf["examples_dirs"], conf["gallery_dirs"]
    if isinstance(examples_dirs, str):  # sphinx-gallery takes one folder or a list of them
        examples_dirs, gallery_dirs = [examples_dirs], [gallery_dirs]
    for examples, target in zip(examples_dirs, gallery_dirs, strict=True):
        root = Path(app.srcdir, examples)
        for script in sorted(root.rglob("*.py")):
            docname = (Path(target) / script.relative_to(root).with_suffix("")).as_posix()
            domain = docname_to_domain(docname, app.config.gettext_compact)
            catalog, has_catalog = init_locale(dirs, app.config.language, domain)
            blocks = split_code_and_text_blocks(str(script))[1]
            if not has_catalog or not blocks or blocks[0].type != "text":
                continue
            for english in intro_and_title_messages(blocks[0].content):
                translated = catalog.gettext(english)
                if translated != english:
                    found[html.escape(_sanitize_rst(english))] = html.escape(plain(translated))
    return found


# reST markup, and what of it a plain text keeps. sphinx-gallery's ``_sanitize_rst`` finds markup
# only after a space, which Chinese text does not put before a role (no issue found), and keeps a
# cross-reference's target, not its title
# (https://github.com/sphinx-gallery/sphinx-gallery/issues/1644). Delete when it cleans both.
PLAIN = [
    (re.compile(r":[\w:]+:`([^`<]*?)\s*<[^>`]*>`"), r"\1"),  # :ref:`text <target>`
    (re.compile(r":[\w:]+:`~(?:[^`]*\.)?([^`.]+)`"), r"\1"),  # :class:`~a.b.C`
    (re.compile(r":[\w:]+:`([^`]+)`"), r"\1"),  # :class:`a.b.C`
    (re.compile(r"``([^`]+)``"), r"\1"),
    (re.compile(r"`([^`]+)`_*"), r"\1"),
    (re.compile(r"\*\*([^*]+)\*\*|\*([^*]+)\*"), r"\1\2"),
    (re.compile(r"\\ "), ""),  # an escaped space (it separates markup from text) is nothing
]


def plain(rst: str) -> str:
    """The text of a line of reST: markup removed, as a tooltip shows it."""
    for pattern, keep in PLAIN:
        rst = pattern.sub(keep, rst)
    return rst


THUMBNAIL_TEXT = re.compile(r'(tooltip="|<div class="sphx-glr-thumbnail-title">)([^"<]*)')


def _thumbnails(app: Sphinx, doctree: nodes.document) -> None:
    if not app.env.docname.startswith(GALLERY) or app.config.language in (None, "en"):
        return
    thumbnails = [raw for raw in doctree.findall(nodes.raw) if "sphx-glr-thumb" in raw.astext()]
    if not thumbnails:
        return
    strings = thumbnail_strings(app)  # once per gallery index: five pages, 16 examples

    def translate(match: re.Match[str]) -> str:
        english = match[2]
        return match[1] + strings.get(english, strings.get(html.escape(english), english))

    for raw in thumbnails:
        raw.replace(raw[0], nodes.Text(THUMBNAIL_TEXT.sub(translate, raw.astext())))


# ------------------------------------------------------------------------------------------------
# zh_search_stemmer
# ------------------------------------------------------------------------------------------------
# 1. Sphinx 9.0's ``SearchChinese`` ships the English stemmer but names ``ChineseStemmer`` in
# ``language_data.js``: "ChineseStemmer is not defined", and no result ever shows
# (https://github.com/sphinx-doc/sphinx/issues/14229, fixed by pull 14416, not in 9.0.4). The
# language is registered again as "English", the stemmer it ships. Delete with a fixed Sphinx.
# 2. jieba does not know the site's terms and indexes "隐藏" and "状态" alone: the glossary's Chinese
# terms (``search_glossary``) go into a jieba user dictionary, so the index also holds them whole.
# 3. The search page splits a query only at spaces, so 最后一个有效时间步 is one term no page holds.
# ``zh_query_splitter.js`` (the language's ``js_splitter_code``, which replaces searchtools.js's
# ``splitQuery``) cuts Chinese runs by forward maximum matching over the index's own words, and
# ranks a page by all the query's words (Sphinx scores it by its best word alone).
# 4. The glossary's other names (隐状态, 记忆元, ...) are searched as the site's term
# (``zhOtherNames``, written from the glossary's "Other names" table into the same code).


QUERY_SPLITTER = Path(__file__).with_name("zh_query_splitter.js")


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, naming the JavaScript stemmer it uses (English), with a query
    splitter that cuts Chinese queries into the index's words (``html_search_options["glossary"]``
    names the glossary whose other names it maps)."""

    language_name = "English"

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        glossary = options.get("glossary")
        self.js_splitter_code = query_splitter_code(Path(glossary)) if glossary else ""


def query_splitter_code(glossary: Path) -> str:
    """The search page's JavaScript for Chinese queries, with the glossary's other names."""
    # longest first: the query replaces them in this order
    names = dict(sorted(other_names(glossary).items(), key=lambda item: (-len(item[0]), item[0])))
    names_js = json.dumps(names, ensure_ascii=False)
    return f"const zhOtherNames = {names_js};\n" + QUERY_SPLITTER.read_text(encoding="utf-8")


def glossary_table(glossary: Path, heading: str | None = None) -> list[list[str]]:
    """The rows (no header) of the glossary's first table, or of the first under ``## heading``:
    the one reader of docs/locale/GLOSSARY.md, for the search and the tests that enforce it."""
    rows: list[list[str]] = []
    in_section = heading is None
    for line in glossary.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            if rows:
                break
            in_section = heading is not None and line[3:].strip() == heading
        elif in_section and line.lstrip().startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [row for row in rows[1:] if not set("".join(row)) <= set("-: ")]


def glossary_rows(glossary: Path) -> list[tuple[str, str]]:
    """The (English, Chinese) rows of the glossary's main table: one Chinese term per concept."""
    return [(row[0], row[1]) for row in glossary_table(glossary) if len(row) >= 2 and row[0]]


def glossary_terms(glossary: Path) -> list[str]:
    """The Chinese terms of the glossary's table (second column), in order, once each."""
    terms: list[str] = []
    for _, term in glossary_rows(glossary):
        if term and not term.isascii() and " " not in term and term not in terms:
            terms.append(term)
    return terms


def other_names(glossary: Path) -> dict[str, str]:
    """Each name of the glossary's "Other names" table (second column, separated by 、) mapped
    to the site's term (first column)."""
    return {
        name.strip(): row[0]
        for row in glossary_table(glossary, "Other names")
        if len(row) >= 2 and row[0]
        for name in row[1].split("、")
        if name.strip()
    }


def _user_dictionary(app: Sphinx, config: Config) -> None:
    if not (config.language or "").startswith("zh") or not config.search_glossary:
        return
    # jieba logs its dictionary loading ("Building prefix dict ...") on every build.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    glossary = Path(app.confdir, config.search_glossary)
    terms = glossary_terms(glossary)
    path = Path(app.doctreedir) / "jieba-glossary.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{term}\n" for term in terms), encoding="utf-8")
    options = {"dict": str(path), "glossary": str(glossary)}
    config.html_search_options = {**config.html_search_options, **options}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config_strings, priority=400)  # site_strings
    # site_languages: the extensions whose settings _configure sets, and the English address
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinxext.opengraph")
    app.add_config_value("site_url", "", "html", types=frozenset({str}))
    app.add_config_value("site_edition_bases", {}, "html", types=frozenset({dict}))
    app.connect("config-inited", _configure, priority=400)
    app.connect("html-page-context", _page_context)
    app.connect("doctree-read", _note)  # gallery_language
    app.connect("doctree-read", _thumbnails)
    app.add_search_language(ChineseSearch)  # zh_search_stemmer
    app.add_config_value("search_glossary", "", "html", types=frozenset({str}))
    app.connect("config-inited", _user_dictionary)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
