"""Chinese search that runs: Sphinx 9's zh search names a JavaScript stemmer that does not exist.

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
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese


class ChineseSearch(SearchChinese):
    """Sphinx's Chinese search, naming the JavaScript stemmer it uses (English)."""

    language_name = "English"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(ChineseSearch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
