"""The two editions' build plumbing: addresses, the switcher's links, the site's strings,
and the commands that build the Chinese edition (nox, CI, Pages, Read the Docs)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_deploy_configs import RecordingSession, noxfile  # noqa: F401 (a fixture)

from tools.paths import BUILD, HTML, ROOT, edition_dirs

sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from editions import STRINGS, edition_bases, html_lang, relative_link, text

PAGES = "https://lstm-outputs.github.io/lstm-outputs/"


def test_pages_editions_live_side_by_side() -> None:
    bases = edition_bases(PAGES, "zh_CN")
    assert bases == {"en": PAGES, "zh_CN": PAGES + "zh_CN/"}
    assert edition_bases(PAGES.rstrip("/"), "en") == bases


def test_read_the_docs_editions_swap_the_language_segment() -> None:
    zh = edition_bases("https://lstm-outputs.readthedocs.io/zh-cn/latest/", "zh_CN", "zh-cn")
    assert zh == {
        "en": "https://lstm-outputs.readthedocs.io/en/latest/",
        "zh_CN": "https://lstm-outputs.readthedocs.io/zh-cn/latest/",
    }
    en = edition_bases("https://lstm-outputs.readthedocs.io/en/stable/", "en", "en")
    assert en["zh_CN"] == "https://lstm-outputs.readthedocs.io/zh-cn/stable/"
    with pytest.raises(ValueError, match="READTHEDOCS_CANONICAL_URL: expected a path with"):
        edition_bases("https://example.org/docs/", "en", "en")


@pytest.mark.parametrize(
    ("site", "rtd"),
    [
        (PAGES, None),
        ("http://127.0.0.1:8000/", None),
        ("https://x.readthedocs.io/en/latest/", "en"),
    ],
)
@pytest.mark.parametrize("page", ["index.html", "explain/stacking.html", "auto_examples/a/b.html"])
def test_switcher_links_resolve_to_the_same_page(site: str, rtd: str | None, page: str) -> None:
    """Following the relative link from one edition's page lands on the other's same page."""
    from urllib.parse import urljoin

    bases = edition_bases(site, "en", rtd)
    for here, there in (("en", "zh_CN"), ("zh_CN", "en")):
        link = relative_link(bases[here] + page, bases[there] + page)
        assert not link.startswith(("/", "http")), link
        assert urljoin(bases[here] + page, link) == bases[there] + page


def test_every_site_string_has_a_chinese_text_with_the_same_fields() -> None:
    import string

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for english, translations in STRINGS.items():
        assert "zh_CN" in translations, english
        assert fields(translations["zh_CN"]) == fields(english), english
    assert text("zh_CN", "Show code cell source") == "显示代码单元源码"
    assert text("en", "Show code cell source") == "Show code cell source"
    assert text("fr", "Show code cell source") == "Show code cell source"
    assert html_lang("zh_CN") == "zh-CN"


def test_chinese_build_is_strict_reuses_the_english_build_and_checks_the_catalogs(
    noxfile: Any,  # noqa: F811
) -> None:
    for posargs in (["--lang", "zh_CN"], ["--lang=zh-cn"]):
        session = RecordingSession(posargs=list(posargs))
        noxfile.docs(session)
        (build,) = [run for run in session.runs if Path(run[0]).name == "sphinx-build"]
        assert build[-2:] == (str(ROOT / "docs"), str(HTML / "zh_CN"))
        options = build[1:-2]
        for strict in ("-W", "--keep-going", "-n"):
            assert strict in options
        assert options[options.index("-D") + 1] == "language=zh_CN"
        assert options[options.index("-d") + 1] == str(BUILD / "doctrees-zh_CN")
        checks = [run for run in session.runs if run[1:3] == ("-m", "tools.translations")]
        assert checks == [(checks[0][0], "-m", "tools.translations", "check", "--lang", "zh_CN")]
    with pytest.raises(RuntimeError, match="--lang: expected one of"):
        noxfile.docs(RecordingSession(posargs=["--lang", "fr"]))
    assert edition_dirs("en") == (HTML, HTML / ".doctrees")


def test_translations_session_updates_the_catalogs(noxfile: Any) -> None:  # noqa: F811
    session = RecordingSession()
    noxfile.translations(session)
    assert [run[1:] for run in session.runs if "tools.translations" in run] == [
        ("-m", "tools.translations", "update")
    ]


def test_ci_pages_and_read_the_docs_build_the_chinese_edition() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "nox -s docs -- --lang zh_CN" in ci
    assert ci.index("nox -s docs\n") < ci.index("--lang zh_CN") < ci.index("nox -s site")
    # a fresh machine has Python and pip only: the README's two commands come before any apt
    assert max(ci.index("nox -s docs\n"), ci.index("nox -s lint tests\n")) < ci.index("apt-get")
    workflow = yaml.safe_load((ROOT / ".github/workflows/docs.yml").read_text(encoding="utf-8"))
    runs = [str(step.get("run", "")) for step in workflow["jobs"]["build"]["steps"]]
    zh = next(i for i, run in enumerate(runs) if "--lang zh_CN" in run)
    site = next(i for i, run in enumerate(runs) if "nox -s site" in run)
    assert runs.index("python -m nox -s docs") < zh < site
    rtd = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))["build"]
    # the Chinese figures' font ships in the library: no host installs a system font for them
    for config in (ci, (ROOT / ".github/workflows/docs.yml").read_text(encoding="utf-8")):
        assert "fonts-noto" not in config
    assert "apt_packages" not in rtd
    commands = rtd["commands"]
    assert any('--lang="$READTHEDOCS_LANGUAGE"' in command for command in commands)
    assert any("docs/_build/html/zh_CN" in command for command in commands)


def test_chinese_search_dictionary_holds_the_glossary_terms() -> None:
    from editions import ChineseSearch, glossary_terms

    terms = glossary_terms(ROOT / "docs" / "locale" / "GLOSSARY.md")
    for term in ("隐藏状态", "细胞状态", "双向", "填充", "打包"):
        assert term in terms
    assert all(not term.isascii() for term in terms), "English terms (dropout) stay out"
    assert len(terms) == len(set(terms))
    # The JavaScript stemmer Sphinx ships for Chinese is english-stemmer.js: EnglishStemmer.
    assert ChineseSearch.js_stemmer_rawcode == "english-stemmer.js"
    assert ChineseSearch.language_name == "English"


# -- Chinese queries as readers type them (zh_search_stemmer) --------------------------------------
GLOSSARY = ROOT / "docs" / "locale" / "GLOSSARY.md"
# A small index in Sphinx's format: the query splitter reads its words once it is loaded.
SPLIT_JS = """
const Search = {_index: null, _parseQuery: (query) => [query]};
var Scorer = {title: 15, partialTitle: 7, term: 5};
%s
const before = splitQuery("最后一层");
Search._index = {
  terms: {"最后": 0, "一层": 1, "一个": 0, "时间": 0, "时间步": 0, "隐藏状态": 1, "细胞状态": 0,
          "输出": [0, 1], "lstm": 1, "顺序": 0},
  titleterms: {"双向": 1}, alltitles: {}, docnames: ["a", "b"], titles: ["A", "B"],
};
const queries = %s;
console.log(JSON.stringify({
  before, split: queries.map((query) => splitQuery(query)),
  parsed: queries.map((query) => Search._parseQuery(query)[0]),
}));
"""


def _split(queries: list[str]) -> dict[str, Any]:
    import json
    import subprocess

    from editions import query_splitter_code

    from tools.node import node_executable

    code = SPLIT_JS % (query_splitter_code(GLOSSARY), json.dumps(queries, ensure_ascii=False))
    done = subprocess.run(
        [node_executable(), "-e", code], capture_output=True, text=True, check=True, timeout=60
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_chinese_queries_are_cut_into_the_index_words() -> None:
    queries = [
        "最后一层",
        "如何取最后一个时间步",
        "双向LSTM的输出",
        "h_n 的顺序",
        "隐状态",
        "记忆元",
    ]
    result = _split(queries)
    assert result["before"] == ["最后一层"], "before the index is loaded, Sphinx's split"
    assert result["split"] == [
        ["顶层"],  # an other name of the glossary's 顶层, as 隐状态 and 记忆元 below
        ["最后", "一个", "时间步"],  # 如何, 取 and 的 start no word of the index: left out
        ["双向", "LSTM", "输出"],
        ["h_n", "顺序"],
        ["隐藏状态"],
        ["细胞状态"],
    ]
    # other names are searched as the site's term in titles and index entries too
    assert result["parsed"][4:] == ["隐藏状态", "细胞状态"]


def test_other_names_of_the_glossary_map_to_its_terms() -> None:
    from editions import QUERY_SPLITTER, glossary_terms, other_names, query_splitter_code

    names = other_names(GLOSSARY)
    assert names["隐状态"] == "隐藏状态"
    assert names["记忆元"] == names["记忆单元"] == "细胞状态"
    assert set(names.values()) <= set(glossary_terms(GLOSSARY)), "each maps to a glossary term"
    assert not set(names) & set(glossary_terms(GLOSSARY)), "the site's terms are not other names"
    code = query_splitter_code(GLOSSARY)
    assert '"记忆元": "细胞状态"' in code
    assert code.endswith(QUERY_SPLITTER.read_text(encoding="utf-8"))
    assert len(QUERY_SPLITTER.read_bytes()) < 4096, "the search page's added code stays small"


def test_the_settings_every_page_shows_are_translated() -> None:
    import runpy

    from editions import CONFIG_STRINGS, LOGO_STRINGS

    from lstm_outputs.diagrams._logo import logo

    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))
    shown = [conf[name] for name in CONFIG_STRINGS]
    shown += [conf["html_theme_options"]["logo"][key] for key in LOGO_STRINGS]
    shown.append(logo().alt)  # og:image:alt (docs/_ext/figures.py)
    for english in shown:
        assert text("zh_CN", english) != english, f"no Chinese for {english!r} (site_strings)"


def test_gallery_thumbnails_are_read_as_their_catalog_messages() -> None:
    from editions import intro_and_title_messages

    docstring = "\nProjections: ``proj_size``\n=====\n\nWith ``proj_size=P``\nan LSTM.\n\nMore.\n"
    intro, title = intro_and_title_messages(docstring)
    assert (intro, title) == ("With ``proj_size=P`` an LSTM.", "Projections: ``proj_size``")


def test_a_translated_tooltip_is_plain_text() -> None:
    from editions import plain

    rst = "双向层把方向写进 :class:`torch.nn.LSTM` 的 ``output``\\ ，见 :ref:`末尾 <end>` 和 :func:`~a.b.f`。"
    assert plain(rst) == "双向层把方向写进 torch.nn.LSTM 的 output，见 末尾 和 f。"


def test_the_gallery_signature_is_translated_as_a_link() -> None:
    """An rST link's text may be translated (its URL may not change); inline code may not."""
    from test_translations import markup_problems

    english = "`Gallery generated by Sphinx-Gallery <https://sphinx-gallery.github.io>`_"
    assert (
        markup_problems(
            english, "`由 Sphinx-Gallery 生成的示例库 <https://sphinx-gallery.github.io>`_"
        )
        == []
    )
    assert markup_problems(english, "`由 Sphinx-Gallery 生成 <https://example.org>`_") != []
    assert markup_problems("see `h_n` here", "见 `h_0`") != []
