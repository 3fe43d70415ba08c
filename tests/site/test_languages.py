"""The language switcher, clicked both ways at both base URLs; Chinese search; hreflang links.

A reader on an English page clicks the navbar's switcher and lands on the same page in Chinese
(under zh_CN/), and clicks it there to come back, at the root of a server and under GitHub
Pages' sub-path. Searching the Chinese edition for Chinese terms (split into words by jieba at
build time), typed without spaces as Chinese readers type them, puts the page that answers first;
the glossary's other names find what its terms find. Every page of both editions names both
editions' addresses in ``<link rel="alternate" hreflang>`` (en, zh-CN, x-default). No Chinese page
shows a run of three English words outside code, outputs and the gallery's figures.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from typing import Any

import pytest
from sitecheck import (
    DESKTOP,
    PHONE,
    Visit,
    edition_of,
    in_edition,
    search_results,
    site_pages,
)

SWITCHED_PAGES = [
    "index.html",
    "explain/stacking.html",
    "auto_examples/basics/plot_batch_first.html",
    "questions/error-messages.html",
]
# A query in Chinese, and the page (in the Chinese edition) that must be the FIRST result. Chinese
# readers type a query without spaces: the search page cuts it into the index's words
# (docs/_ext/zh_query_splitter.js); each answer is the page whose title or heading holds the words.
QUERIES = {
    "隐藏状态": "zh_CN/explain/final-states.html",
    "双向": "zh_CN/explain/bidirectional-layers.html",
    "最后一个有效时间步": "zh_CN/auto_examples/variable_length/plot_packing.html",
    "如何取最后一个时间步": "zh_CN/using-the-library.html",
    "填充序列": "zh_CN/auto_examples/variable_length/plot_padding_effects.html",
    "打包序列": "zh_CN/auto_examples/variable_length/plot_packing.html",
    "层间dropout": "zh_CN/auto_examples/under_the_hood/plot_dropout_between_layers.html",
    "两个方向": "zh_CN/explain/why-two-directions.html",
    "跨批次传递状态": "zh_CN/questions/state-across-batches.html",
    "有状态训练": "zh_CN/questions/state-across-batches.html",
    "句子分类": "zh_CN/auto_examples/using_outputs/plot_sentence_readouts.html",
    "双向编码器": "zh_CN/auto_examples/using_outputs/plot_encoder_decoder_bridge.html",
    "从零实现LSTM": "zh_CN/auto_examples/under_the_hood/plot_lstm_from_scratch.html",
    "双向LSTM的h_n": "zh_CN/explain/final-states.html",
    "cuDNN确定性": "zh_CN/questions/on-a-gpu.html",
    # the heading "证明 3：顶层的前向一半能看到未来" (the top layer's forward half sees the future)
    "前向一半": "zh_CN/explain/bidirectional-layers.html",
    # other names (GLOSSARY.md, "Other names") find the page of the site's term
    "隐状态": "zh_CN/explain/final-states.html",
    "记忆元": "zh_CN/auto_examples/under_the_hood/plot_every_layer_states.html",
    "记忆单元": "zh_CN/auto_examples/under_the_hood/plot_every_layer_states.html",
    "最后一层": "zh_CN/explain/bidirectional-layers.html",  # the last layer is the top one, 顶层
    # English queries (API names, PyTorch's words) still work in the Chinese edition
    "h_n": "zh_CN/explain/final-states.html",
    "pack_padded_sequence": "zh_CN/auto_examples/variable_length/plot_packing.html",
}
# An other name is searched as the site's term: the same results, in the same order.
OTHER_NAMES = {"隐状态": "隐藏状态", "记忆元": "细胞状态", "记忆单元": "细胞状态"}


def _click_switcher(page: Any, visit: Visit) -> None:
    switcher = page.locator("a.language-switcher").filter(visible=True).first
    with page.expect_navigation(wait_until="load"):
        switcher.click()
    visit.settle(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("page_file", SWITCHED_PAGES)
def test_switcher_leads_to_the_same_page_and_back(
    browser: Any, base_url: str, page_file: str, viewport: dict[str, int]
) -> None:
    visit = Visit()
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        visit.watch(page)
        page.goto(base_url + page_file, wait_until="load")
        visit.settle(page)
        if viewport == PHONE:  # the navbar's end items are in the sidebar on a phone
            page.locator("button.primary-toggle").first.click()
        _click_switcher(page, visit)
        assert page.url == base_url + in_edition(page_file, "zh_CN")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        if viewport == PHONE:
            page.locator("button.primary-toggle").first.click()
        _click_switcher(page, visit)
        assert page.url == base_url + page_file
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()
    assert not visit.problems, "\n".join(visit.problems)


@pytest.mark.parametrize("query", list(QUERIES))
def test_chinese_search_puts_the_answer_first(
    browser: Any, base_url: str, site_dir: Path, query: str
) -> None:
    found, problems = search_results(browser, base_url, site_dir, query, edition="zh_CN/")
    assert found, f"no results for {query!r}"
    assert found[0] == QUERIES[query], f"{query!r} finds {found[:5]} first, not {QUERIES[query]}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(OTHER_NAMES))
def test_an_other_name_finds_what_the_site_term_finds(
    browser: Any, servers: dict[str, str], site_dir: Path, name: str
) -> None:
    base_url = servers["root"]
    found, problems = search_results(browser, base_url, site_dir, name, edition="zh_CN/")
    expected, _ = search_results(browser, base_url, site_dir, OTHER_NAMES[name], edition="zh_CN/")
    assert found, f"no results for {name!r}"
    assert found == expected
    assert not problems, "\n".join(problems)


# -- No English left where a Chinese reader reads -------------------------------------------------
# What a reader of a Chinese page reads: the page's visible text (innerText), its title, and the
# text of its attributes (alt and aria-label for a screen reader, title and sphinx-gallery's tooltip
# on hover, placeholder), outside code, outputs and math, and outside the gallery's figures (the
# scripts' own matplotlib output: they stay English, and each gallery page says so).
NOT_READ_AS_PROSE = ", ".join(
    [
        "pre, code, kbd, samp, math, .math, script, style, noscript",  # code and formulas
        "dt.sig, dl.field-list strong, dl.field-list a > em",  # API signatures, names, types
        ".cell_output, .sphx-glr-script-out",  # outputs of pages and gallery examples
        "img.sphx-glr-single-img, img.sphx-glr-multi-img",  # the gallery's figures
    ]
)
READER_TEXT_JS = """
(excluded) => {
  document.querySelectorAll(excluded).forEach((el) => el.remove());
  const texts = [document.title, document.body.innerText];
  const attributes = ["alt", "aria-label", "title", "placeholder", "tooltip"];
  for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(",")))
    for (const name of attributes) if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
  return texts.join("\\n");
}
"""
# An English word: two or more ASCII letters, with a hyphen or apostrophe inside ("lstm-outputs",
# "don't"), once the punctuation around it is stripped; a single letter is a symbol (N, H, the gates
# i, f, g, o). A token with a digit, "_", ".", "/" or "=" inside is code (h_n, torch.nn.LSTM, 1D,
# int64) and ends a run of words; a bare number ("layer 0 forward"), a single letter or a lone
# punctuation mark is skipped. Runs never cross a non-ASCII character (Chinese text, full-width
# punctuation) or a line break.
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}(?:['-][A-Za-z]+)*|[A-Za-z]['-][A-Za-z]+")
SKIPPED = re.compile(r"[\d.,+\-%]*|[A-Za-z]")
PUNCTUATION = "()[]{},.;:!?\"'`"
# English a Chinese page shows on purpose: a run of English words found inside one of these passes.
ENGLISH_ALLOWED = {
    # PyTorch's own messages stay in English (GLOSSARY.md): readers search for them as printed.
    "Trying to backward through the graph a second time": "PyTorch's error",
    "'lengths' argument should be a 1D CPU int64 tensor, but got 1D cuda:0 Long tensor": "error",
    "dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
    "num_layers greater than 1": "PyTorch's warning",
    "Expected hidden size": "PyTorch's error",
    "hx and cx should also be": "PyTorch's error",
    "lengths array must be sorted in decreasing order when enforce_sorted is True": "error",
    "must be equal to input_size": "PyTorch's error",
    "RNN module weights are not part of single contiguous chunk of memory. This means they need "
    "to be compacted at every call, possibly greatly increasing memory usage. To compact weights "
    "again call": "PyTorch's warning",
    "must be on the CPU if provided as a tensor": "PyTorch's error",
    "can cause an error when running the ONNX model with a different batch size": "the ONNX "
    "exporter's warning",
    # PyTorch's documentation, quoted word for word where the site explains or corrects it.
    "will contain a concatenation of the final forward and reverse hidden states": "nn.LSTM docs",
    "For bidirectional LSTMs, h_n is not equivalent to the last element of output; the former "
    "contains the final forward and reverse hidden states, while the latter contains the final "
    "forward hidden state and the initial reverse hidden state": "nn.LSTM's documentation",
    "works only if the module is on the GPU and cuDNN is enabled. Otherwise, it's a no-op": "docs",
    # The article whose picture explain/bidirectional-layers corrects: its title, as published.
    "Understanding the outputs of multi-layer bi-directional LSTMs": "a cited title",
    "Towards Data Science": "the cited article's publication",
    # The examples' data and printed output: English sentences the models read, and the names
    # the scripts print (the pages gloss each in Chinese).
    "barked at the mail carrier all morning": "an example sentence",
    "especially fried, scrambled or poached": "an example sentence",
    "last step, padded": "a readout's name as plot_sentence_readouts prints it",
    "last step, packed": "a readout's name as plot_sentence_readouts prints it",
    "NOT as expected": "a verdict lstm_outputs.Report prints",
    # A command in the ONNX example's tooltip (code on its page; a tooltip cannot mark code).
    "pip install onnx onnxruntime onnxscript": "a shell command",
    "not decidable here": "a verdict lstm_outputs.Report prints",
}


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z]{2,}(?:['-][a-z]+)*", text.lower())) + " "


def english_runs(text: str) -> list[str]:
    """Every run of three or more English words in ``text`` (see ENGLISH_WORD)."""
    runs = []
    for segment in re.findall(r"[\x20-\x7e]+", text.replace("\n", "\x00")):
        run: list[str] = []
        for token in [*segment.split(), ""]:
            token = token.strip(PUNCTUATION)
            if token and ENGLISH_WORD.fullmatch(token):
                run.append(token)
            elif not token or not SKIPPED.fullmatch(token):
                if len(run) >= 3:
                    runs.append(" ".join(run))
                run = []
    return runs


def english_left(text: str) -> list[str]:
    """The runs of ``english_runs`` that no passage of ENGLISH_ALLOWED holds."""
    allowed = [_words(passage) for passage in ENGLISH_ALLOWED]
    return [run for run in english_runs(text) if not any(_words(run) in a for a in allowed)]


def test_english_runs_are_found() -> None:
    """The definition above, on the cases it names."""
    assert english_runs("© Copyright 2026, the lstm-outputs authors.") == [
        "Copyright the lstm-outputs authors"
    ]
    assert english_runs("[layer 0 forward, layer 0 backward, …]") == [
        "layer forward layer backward"
    ]
    assert english_runs("由 Sphinx-Gallery 生成的示例库") == []
    assert english_runs("h_n 与 c_n：torch.nn.LSTM 的 batch_first=True") == []
    assert english_runs("'lengths' argument should be a 1D CPU int64 tensor") == [
        "lengths argument should be"
    ]
    assert english_runs("Two words\nthree more words") == ["three more words"]
    assert english_runs("门的顺序（i, f, g, o）与 N x H") == []
    assert english_left("“Trying to backward through the graph a second time”") == []
    assert english_left("RNN module weights are not part") == []
    assert english_left("Gallery generated by Sphinx-Gallery") == [
        "Gallery generated by Sphinx-Gallery"
    ]


@pytest.mark.parametrize("page_file", [p for p in site_pages() if p.startswith("zh_CN/")])
def test_chinese_pages_show_no_english_prose(
    browser: Any, servers: dict[str, str], page_file: str
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(servers["root"] + page_file, wait_until="load")
        text = page.evaluate(READER_TEXT_JS, NOT_READ_AS_PROSE)
    finally:
        context.close()
    left = english_left(text)
    assert not left, f"{page_file}: English runs a Chinese reader reads: {sorted(set(left))}"


class _Alternates(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.links[a["hreflang"]] = a["href"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]


@pytest.mark.parametrize("page_file", [p for p in site_pages() if not p.endswith("404.html")])
def test_every_page_names_both_editions(site_dir: Path, page_file: str) -> None:
    parser = _Alternates()
    parser.feed((site_dir / page_file).read_text(encoding="utf-8"))
    assert set(parser.links) == {"en", "zh-CN", "x-default"}, parser.links
    assert parser.links["x-default"] == parser.links["en"]
    assert parser.canonical == parser.links[{"en": "en", "zh_CN": "zh-CN"}[edition_of(page_file)]]
    site_url = parser.links["en"].removesuffix(in_edition(page_file, "en"))
    for language, tag in (("en", "en"), ("zh_CN", "zh-CN")):
        assert parser.links[tag] == site_url + in_edition(page_file, language)
        assert (site_dir / in_edition(page_file, language)).is_file()
