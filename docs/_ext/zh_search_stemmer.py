"""Chinese search that runs, and finds the glossary's terms whole.

1. Sphinx 9's zh search names a JavaScript stemmer that does not exist.

Upstream: Sphinx 9.0's ``SearchChinese`` uses the English stemmer (``english-stemmer.js``), but
``IndexBuilder.get_js_stemmer_code`` ends ``language_data.js`` with
``window.Stemmer = ChineseStemmer;``, built from ``language_name``; the browser stops with
"ChineseStemmer is not defined" and the search page never shows a result
(https://github.com/sphinx-doc/sphinx/issues/14229, fixed by
https://github.com/sphinx-doc/sphinx/pull/14416, which derives the name from the file). Written
against Sphinx 9.0.

The Chinese search language is registered again with ``language_name = "English"``, the name of
the stemmer it ships: the generated line becomes ``window.Stemmer = EnglishStemmer;``. Splitting
(jieba, when installed), stop words and stemming in Python are Sphinx's own.

2. The search page splits a query only at spaces and punctuation, so a reader's "隐藏状态" is one
term, found only if jieba kept it whole when it indexed the pages; its dictionary does not know
the site's technical terms and indexes "隐藏" and "状态" alone. Every Chinese term of the glossary
(``search_glossary``, docs/locale/GLOSSARY.md) goes into a jieba user dictionary
(``html_search_options["dict"]``), so the index holds the term whole as well as its parts.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search.zh import SearchChinese


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, naming the JavaScript stemmer it uses (English)."""

    language_name = "English"


def glossary_terms(glossary: Path) -> list[str]:
    """The Chinese terms of the glossary's table (second column), in order, once each."""
    terms: list[str] = []
    for line in glossary.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("", "English", "---"):
            continue
        term = cells[1]
        if term and not term.isascii() and " " not in term and term not in terms:
            terms.append(term)
    return terms


def _user_dictionary(app: Sphinx, config: Config) -> None:
    if not (config.language or "").startswith("zh") or not config.search_glossary:
        return
    # jieba logs its dictionary loading ("Building prefix dict ...") on every build.
    logging.getLogger("jieba").setLevel(logging.WARNING)
    terms = glossary_terms(Path(app.confdir, config.search_glossary))
    path = Path(app.doctreedir) / "jieba-glossary.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{term}\n" for term in terms), encoding="utf-8")
    config.html_search_options = {**config.html_search_options, "dict": str(path)}


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(ChineseSearch)
    app.add_config_value("search_glossary", "", "html", types=frozenset({str}))
    app.connect("config-inited", _user_dictionary)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
