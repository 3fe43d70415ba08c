"""The Chinese edition's catalogs (docs/locale/zh_CN): complete, markup kept, glossary followed.

Per catalog (one per document): no fuzzy header; every message translated and not fuzzy; the
translation keeps the message's inline code, roles (cross-reference targets included: a ref's
text may be translated, its target may not) and URLs; and where the English prose (outside code,
roles and URLs) uses a term of docs/locale/GLOSSARY.md, as a whole word, singular or plural, the
translation uses the glossary's Chinese term (a term inside a longer one is the longer one's: "cell
state" asks for 细胞状态, not also 单元 for "cell"); no translation uses a word of the glossary's
"Not used" table; no space stands next to full-width punctuation (gallery pages put rST's escaped
space where their markup needs a separator); a list of inline code is separated by 、. Whether the
catalogs cover the *current* English messages is checked against an extraction (``python -m
tools.translations check``, run by ``nox -s docs -- --lang zh_CN``); its logic is tested here on
small catalogs.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from tools.paths import DOCS
from tools.translations import LOCALE, normalise_header, problems

sys.path.insert(0, str(DOCS / "_ext"))
from editions import glossary_rows, glossary_table

CATALOGS = sorted((LOCALE / "zh_CN" / "LC_MESSAGES").rglob("*.po"))
GLOSSARY = LOCALE / "GLOSSARY.md"
# rST's ``literal`` first: inside one, ``{k}`` is text (``weight_hr_l{k}``), not a MyST role.
LITERAL = re.compile(r"``[^`]+``")
CODE = re.compile(r"`[^`]+`_{0,2}")  # with rST's `text <url>`_, a link (its URL is checked)
ROLE = re.compile(r"(\{[\w:.-]+\}|:[\w:.-]+:)`([^`]*)`")
URL = re.compile(r"https?://[^\s>)`]+")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]+\$|:math:`[^`]*`", re.DOTALL)
# Roles whose text a reader sees and a translation may change; their target may not change.
LINK_ROLES = ("{ref}", ":ref:", "{doc}", ":doc:")
TEXT_ROLES = (*LINK_ROLES, "{download}", ":download:")


def glossary() -> list[tuple[str, str]]:
    """(English, Chinese) rows of the glossary's table, read by the site's own reader."""
    return glossary_rows(GLOSSARY)


def refused() -> list[tuple[list[str], str]]:
    """(words, what to write instead) rows of the glossary's "Not used" table."""
    return [
        ([word.strip() for word in row[0].split("、")], row[1])
        for row in glossary_table(GLOSSARY, "Not used")
        if len(row) >= 2 and row[0]
    ]


def accepted_terms() -> list[str]:
    """Every Chinese term the glossary asks for: its main table, and the "write" column."""
    written = [term for _, term in glossary()]
    for _, instead in refused():
        written += [term.strip() for term in instead.split("、")]
    return written


def prose(text: str) -> str:
    """The text without roles, inline code and URLs (where terms stay in English)."""
    return URL.sub(" ", CODE.sub(" ", ROLE.sub(" ", LITERAL.sub(" ", text))))


def _target(body: str) -> str:
    return (body.rsplit("<", 1)[-1].rstrip(">") if "<" in body else body).strip()


def roles(text: str) -> Counter[str]:
    """Roles and their targets, except the targets of roles whose visible text may change."""
    return Counter(
        f"{_role_name(role)}:{_target(body)}"
        for role, body in ROLE.findall(LITERAL.sub(" ", text))
        if role not in TEXT_ROLES
    )


def _role_name(role: str) -> str:
    """``:py:class:`` and MyST's ``{py:class}`` are the same role."""
    return role.strip("{}:")


def link_targets(text: str) -> list[str]:
    found = ROLE.findall(LITERAL.sub(" ", text))
    return sorted(_target(body) for role, body in found if role in LINK_ROLES)


def codes(text: str) -> Counter[str]:
    """Inline code: rST literals, then what single backquotes hold outside roles."""
    without_literals = LITERAL.sub(" ", text)
    found = CODE.findall(ROLE.sub(" ", without_literals))
    return Counter(LITERAL.findall(text)) + Counter(c for c in found if not c.endswith("_"))


def markup_problems(source: str, target: str) -> list[str]:
    """How ``target`` changed the markup of ``source`` (empty when it kept it)."""
    found = []
    if codes(source) != codes(target):
        missing, extra = codes(source) - codes(target), codes(target) - codes(source)
        found.append(f"inline code: missing {sorted(missing)}, extra {sorted(extra)}")
    if roles(source) != roles(target):
        found.append(f"roles: {sorted(roles(source))} became {sorted(roles(target))}")
    if link_targets(source) != link_targets(target):
        found.append(f"link targets: {link_targets(source)} became {link_targets(target)}")
    if sorted(URL.findall(source)) != sorted(URL.findall(target)):
        found.append("URLs differ")
    return found


# docutils' inline markup rules (reStructuredText spec, "Inline markup recognition rules"): what
# may come right before a start-string and right after an end-string.
_BEFORE = set("'\"([{<-/:")
_AFTER = set("-.,:;!?\\/'\")]}>")
RST_INLINE = re.compile(r"(?::[\w:.-]+:)?`[^`]+`(?:_{1,2})?|``[^`]+``")
RST_ROLE = re.compile(r":[\w.-]+(?::[\w.-]+)?:`[^`]*`")


def _opens(char: str) -> bool:
    return char.isspace() or char in _BEFORE or unicodedata.category(char) in _OPENING


def _closes(char: str) -> bool:
    return char.isspace() or char in _AFTER or unicodedata.category(char) in _CLOSING


_OPENING = {"Ps", "Pi", "Pf", "Pd", "Po"}
_CLOSING = {"Pe", "Pi", "Pf", "Pd", "Po"}


def rst_inline_problems(text: str) -> list[str]:
    """Inline markup docutils would not recognise: a ``literal`` or role glued to a letter.

    A Chinese character is a letter to docutils: ``n``（ or 的``h_n`` leaves the backquotes as
    text (and a warning fails the strict build). A space, or an escaped space, separates them.
    """
    found = []
    for match in RST_INLINE.finditer(text):
        start, end = match.start(), match.end()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not _opens(before) or not _closes(after):
            found.append(
                f"inline markup glued to the text around it: {text[max(0, start - 2) : end + 2]!r}"
            )
    return found


def myst_role_problems(text: str) -> list[str]:
    """rST roles in a translation that Sphinx parses as MyST (every message of a .md page,
    autodoc's docstrings included): ``:class:`x``` would show as text; MyST writes {class}`x`."""
    return [
        f"rST role in a MyST page, write {{role}}`...`: {m[0]!r}" for m in RST_ROLE.finditer(text)
    ]


def glossary_problems(source: str, target: str, terms: list[tuple[str, str]]) -> list[str]:
    """Glossary terms of the English prose whose Chinese term the translation lacks.

    Longer terms first: where a term stands inside a longer one ("cell" in "cell state",
    "direction" in "backward direction"), the longer one's Chinese covers it; elsewhere in the
    same message the shorter one is still required.
    """
    english_prose, chinese_prose = prose(source).lower(), prose(target)
    taken: list[tuple[int, int]] = []
    missing = set()
    for english, chinese in sorted(terms, key=lambda row: -len(row[0])):
        pattern = rf"\b{re.escape(english.lower())}(s|es)?\b"
        spans = [
            m.span()
            for m in re.finditer(pattern, english_prose)
            if not any(start <= m.start() and m.end() <= end for start, end in taken)
        ]
        taken += spans
        if spans and english != chinese and chinese not in chinese_prose:
            missing.add(english)
    return [
        f"{english!r} should be rendered {chinese!r}"
        for english, chinese in terms
        if english in missing
    ]


def refused_problems(
    target: str, words: list[tuple[list[str], str]], accepted: list[str]
) -> list[str]:
    """Words of the glossary's "Not used" table in a translation, and what to write instead.

    A refused word inside an accepted term is that term (无批次维 in 无批次维度).
    """
    found = []
    for row, instead in words:
        for word in row:
            covered: set[int] = set()
            for term in accepted:
                if word in term and word != term:
                    for m in re.finditer(re.escape(term), target):
                        covered.update(range(m.start(), m.end()))
            if any(m.start() not in covered for m in re.finditer(re.escape(word), target)):
                found.append(f"{word!r}: write {instead}")
    return found


FULL_WIDTH = "（）。，、；：！？「」“”"
# A space before or after full-width punctuation; rST's escaped space (``\ ``) renders as nothing.
SPACE_BY_PUNCTUATION = re.compile(rf"(?<!\\) (?=[{FULL_WIDTH}])|(?<=[{FULL_WIDTH}]) ")
# Inline code, a comma, inline code: a Chinese list of code items is separated by 、.
CODE_LIST = re.compile(r"(?:``[^`]+``|`[^`]+`) ?, ?(?=``?[^`]|\{[\w:.-]+\}`|:[\w:.-]+:`)")


def spacing_problems(text: str, rst: bool) -> list[str]:
    """Spaces next to full-width punctuation, escaped spaces outside rST, ", " between code items.

    Full-width punctuation carries its own spacing. Only rST needs a separator, where inline markup
    meets a full-width bracket (``h_n``\\ （): its escaped space renders as nothing. MyST needs none
    (and shows a backslash-space as a backslash).
    """
    if not re.search(r"[\u4e00-\u9fff]", text):
        return []
    found = [
        f"space next to full-width punctuation: {text[max(0, m.start() - 8) : m.end() + 8]!r}"
        for m in SPACE_BY_PUNCTUATION.finditer(text)
    ]
    if not rst:
        plain = prose(MATH.sub(" ", text))
        found += [
            f"escaped space outside rST: {plain[max(0, m.start() - 8) : m.end() + 8]!r}"
            for m in re.finditer(r"\\ ", plain)
        ]
    found += [
        f"list of code separated by ', ', write 、: {m[0]!r}" for m in CODE_LIST.finditer(text)
    ]
    return found


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _name(path: Path) -> str:
    return path.relative_to(LOCALE).as_posix()


def _translated(path: Path) -> list[Message]:
    return [m for m in _catalog(path) if m.id and m.string and not m.fuzzy]


def assert_no_message_problems(path: Path, check: Callable[[Message], Iterable[str]]) -> None:
    """Fail with every translated message of ``path`` in which ``check`` finds a problem."""
    found = [f"{str(m.id)[:60]!r}: {problem}" for m in _translated(path) for problem in check(m)]
    assert not found, f"{_name(path)}:\n  " + "\n  ".join(found)


# -- The glossary ----------------------------------------------------------------------------------


def test_glossary_has_one_chinese_term_per_english_term() -> None:
    terms = glossary()
    assert len(terms) >= 20, f"only {len(terms)} glossary rows read from {GLOSSARY}"
    english = [term for term, _ in terms]
    assert len(english) == len(set(english)), "an English term is listed twice"
    assert all(chinese for _, chinese in terms), "a term without its Chinese rendering"
    for core in ("hidden state", "cell state", "bidirectional", "layer", "padding", "packing"):
        assert core in english, f"{core!r} is missing from the glossary"


def test_every_document_has_a_catalog() -> None:
    docs = LOCALE.parent
    pages = {
        p.relative_to(docs).with_suffix("").as_posix()
        for p in docs.rglob("*.md")
        if not {"_build", "locale", "_includes", "auto_examples"} & set(p.relative_to(docs).parts)
    }
    have = {
        p.relative_to(LOCALE / "zh_CN" / "LC_MESSAGES").with_suffix("").as_posix()
        for p in CATALOGS
    }
    assert pages - have == set(), f"pages without a catalog: {sorted(pages - have)}"


# -- Every catalog ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_catalog_is_complete_and_confirmed(path: Path) -> None:
    catalog = _catalog(path)
    found = ["the header is marked fuzzy"] if catalog.fuzzy else []
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            found.append(f"untranslated: {str(message.id)[:80]!r}")
        elif message.fuzzy:
            found.append(f"fuzzy: {str(message.id)[:80]!r}")
    assert not found, f"{_name(path)}: {len(found)} message(s)\n  " + "\n  ".join(found)


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_translations_keep_the_markup(path: Path) -> None:
    assert_no_message_problems(path, lambda m: markup_problems(str(m.id), str(m.string)))


def _is_rst(path: Path) -> bool:
    """Whether the catalog's document is reStructuredText (the gallery's generated pages)."""
    return path.relative_to(LOCALE / "zh_CN" / "LC_MESSAGES").parts[0] == "auto_examples"


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_translations_parse_as_their_page_does(path: Path) -> None:
    """Sphinx parses a translation with its page's parser: rST for the gallery, MyST otherwise."""
    check = rst_inline_problems if _is_rst(path) else myst_role_problems
    assert_no_message_problems(path, lambda m: check(str(m.string)))


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_translations_avoid_the_refused_words(path: Path) -> None:
    words, accepted = refused(), accepted_terms()
    assert_no_message_problems(path, lambda m: refused_problems(str(m.string), words, accepted))


def _other_chinese() -> list[Path]:
    """The site's Chinese outside the catalogs: the figures' words, the explorer's strings, the
    site's own strings, the Chinese titles a page's code gives its figures."""
    sources = [
        *(DOCS.parent / "src").rglob("*.py"),
        *(DOCS / "_ext").glob("*.py"),
        *(DOCS / "_static").glob("*.js"),
        *(DOCS / "_templates").rglob("*.html"),
        *(p for p in DOCS.rglob("*.md") if not {"_build", "locale"} & set(p.parts)),
    ]
    return sorted(p for p in sources if re.search(r"[\u4e00-\u9fff]", p.read_text("utf-8")))


OTHER_CHINESE = _other_chinese()


def test_the_other_chinese_text_is_found() -> None:
    names = {path.name for path in OTHER_CHINESE}
    assert {"_labels.py", "explorer-zh_CN.js", "output-tensor.md"} <= names


@pytest.mark.parametrize(
    "path", OTHER_CHINESE, ids=lambda p: p.relative_to(DOCS.parent).as_posix()
)
def test_the_other_chinese_text_avoids_the_refused_words(path: Path) -> None:
    words, accepted = refused(), accepted_terms()
    found = [
        f"line {number}: {problem}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for problem in refused_problems(line, words, accepted)
    ]
    assert not found, f"{path.name}:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_translations_space_punctuation_as_chinese_does(path: Path) -> None:
    assert_no_message_problems(path, lambda m: spacing_problems(str(m.string), rst=_is_rst(path)))


def quotes_code(message: Message, catalog: list[Message]) -> bool:
    """Whether a message kept in English quotes inline code of its page: a heading that names
    PyTorch's message ("Expected hidden size") shown in full elsewhere on the page."""
    if message.string != message.id:
        return False
    return any(str(message.id) in code for m in catalog for code in codes(str(m.id)))


@pytest.mark.parametrize("path", CATALOGS, ids=_name)
def test_translations_follow_the_glossary(path: Path) -> None:
    terms, messages = glossary(), _translated(path)
    found = [
        f"{str(m.id)[:60]!r}: {problem}"
        for m in messages
        if not quotes_code(m, messages)
        for problem in glossary_problems(str(m.id), str(m.string), terms)
    ]
    assert not found, f"{_name(path)}:\n  " + "\n  ".join(found)


# -- The checks themselves, on small examples -------------------------------------------------------


def test_markup_and_glossary_checks_catch_what_they_should() -> None:
    terms = [("hidden state", "隐藏状态"), ("layer", "层")]
    source = "The {ref}`hidden states <final-states>` of each layer are in `h_n`."
    assert markup_problems(source, "每一层的{ref}`隐藏状态 <final-states>`都在 `h_n` 中。") == []
    # Terms inside a role's text are not prose: only the prose is held to the glossary.
    assert glossary_problems(
        source, "每一级的{ref}`某某 <final-states>`都在 `h_n` 中。", terms
    ) == ["'layer' should be rendered '层'"]
    assert glossary_problems("Each layer has hidden states.", "每层都有隐藏状态。", terms) == []
    assert glossary_problems("Each layer has hidden states.", "每一级都有隐藏状态。", terms) == [
        "'layer' should be rendered '层'"
    ]
    assert markup_problems(source, "每一层的{ref}`隐藏状态 <stacking>`都在 `h_n` 中。")
    assert markup_problems(source, "每一层的{ref}`隐藏状态 <final-states>`都在 h_n 中。")
    assert glossary_problems("Call `layer_norm` first.", "先调用 `layer_norm`。", terms) == []
    # An rST literal holding braces is code, not a role: ``weight_hr_l{k}`` must be kept whole.
    literal = "Each layer gains ``weight_hr_l{k}`` of shape ``(P, H)``."
    assert markup_problems(literal, "每层多出形状为 ``(P, H)`` 的 ``weight_hr_l{k}``。") == []
    assert markup_problems(literal, "每层多出形状为 ``(P, H)`` 的 ``weight_hr_l``。")


def test_a_term_inside_a_longer_term_is_covered_by_it_and_only_there() -> None:
    terms = glossary()
    # "backward direction" is 反向, "cell state" 细胞状态: no 方向 or 单元 demanded on top
    assert (
        glossary_problems("The backward direction starts at the end.", "反向从末尾开始。", terms)
        == []
    )
    assert (
        glossary_problems("The cell state is never projected.", "细胞状态从不被投影。", terms)
        == []
    )
    # ... but a real "direction" or "cell" still needs its term
    assert glossary_problems(
        "Each direction has its own weights.", "每一边都有自己的权重。", terms
    ) == ["'direction' should be rendered '方向'"]
    assert glossary_problems(
        "The backward direction reads the other direction's output.",
        "反向读取另一边的输出。",
        terms,
    ) == ["'direction' should be rendered '方向'"]
    assert glossary_problems(
        "Each LSTM cell keeps a cell state.", "每个 LSTM 都保留一个细胞状态。", terms
    ) == ["'cell' should be rendered '单元'"]


def test_only_a_heading_quoting_code_of_its_page_may_stay_in_english() -> None:
    full = Message("The error reads `Expected hidden size (4, 2, 4), got [2, 2, 4]`.", "报错 ...")
    heading = Message("Expected hidden size", "Expected hidden size")
    assert quotes_code(heading, [full, heading])
    assert not quotes_code(heading, [heading])  # nothing on the page quotes it
    assert not quotes_code(Message("Expected hidden size", "隐藏单元数"), [full])


def test_refused_words_are_found_with_what_to_write_instead() -> None:
    words, accepted = refused(), accepted_terms()
    assert {word for row, _ in words for word in row} >= {"上一层", "下一层", "反向方向", "半部分"}
    found = refused_problems("每个上层都读取下一层的两个方向。", words, accepted)
    assert len(found) == 1
    assert found[0].startswith("'下一层': write 下层")
    assert refused_problems("每个上层都读取下面一层的两个方向。", words, accepted) == []
    # a refused word inside the accepted term is the accepted term
    assert refused_problems("无批次维度的输入", words, accepted) == []
    assert refused_problems("无批次维的输入", words, accepted) != []


def test_spacing_check_allows_only_the_separator_rst_needs() -> None:
    assert spacing_problems("``h_n`` （以及 ``c_n``）", rst=False) != []
    assert spacing_problems("``h_n``（以及 ``c_n``）", rst=False) == []
    assert spacing_problems("形状为 ``(L*D, N, H)`` ，这样", rst=True) != []
    assert spacing_problems("读完 “Joe likes ___” 后", rst=True) != []
    # rST: an escaped space separates the literal from the bracket and renders as nothing
    rst = "读作 ``n``\\ （即 :class:`torch.nn.GRU` 中）。"
    assert spacing_problems(rst, rst=True) == []
    assert rst_inline_problems(rst) == []
    assert spacing_problems(rst, rst=False) != []  # MyST would show the backslash
    assert spacing_problems("$a,\\ b$ 见下。", rst=False) == []  # math keeps its own spaces
    assert spacing_problems('`True`, `"concat"`（默认）', rst=False) != []
    assert spacing_problems('`True`、`"concat"`（默认）', rst=False) == []
    assert spacing_problems("Only English, here ( and there ).", rst=False) == []


def test_parser_checks_catch_markup_sphinx_would_not_see() -> None:
    assert rst_inline_problems("读作 ``r``、``z`` 和 ``n``（即 :class:`torch.nn.GRU` 中）。")
    assert (
        rst_inline_problems("读作 ``r``、``z`` 和 ``n`` （即 :class:`torch.nn.GRU` 中）。") == []
    )
    assert rst_inline_problems("模块的``h_n``") != []
    assert rst_inline_problems("（``h_n``）、「``c_n``」") == []
    assert myst_role_problems(":py:class:`torch.Tensor` -- 视图") != []
    assert myst_role_problems("{py:class}`torch.Tensor` -- 视图，``h_n``") == []
    # The same role in MyST's syntax keeps the markup of an rST message (a docstring).
    assert (
        markup_problems(":py:class:`torch.Tensor` -- A view", "{py:class}`torch.Tensor` -- 视图")
        == []
    )


def _write(path: Path, messages: dict[str, tuple[str, bool]], fuzzy_header: bool = False) -> None:
    catalog = Catalog(locale="zh_CN", fuzzy=fuzzy_header)
    for message_id, (string, fuzzy) in messages.items():
        catalog.add(message_id, string, flags={"fuzzy"} if fuzzy else set())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, omit_header=False)


def test_problems_lists_missing_untranslated_and_fuzzy_messages(tmp_path: Path) -> None:
    pot, locale = tmp_path / "gettext", tmp_path / "locale"
    messages = {
        "Kept": ("", False),
        "New": ("", False),
        "Changed": ("", False),
        "Empty": ("", False),
    }
    _write(pot / "explain" / "page.pot", messages)
    _write(pot / "other.pot", {"Only here": ("", False)})
    _write(pot / "sphinx.pot", {"Search": ("", False)})  # the templates': not the project's
    po = locale / "zh_CN" / "LC_MESSAGES" / "explain" / "page.po"
    _write(po, {"Kept": ("保留", False), "Changed": ("改了", True), "Empty": ("", False)})
    found = problems(pot, locale, "zh_CN")
    assert found == [
        "zh_CN/LC_MESSAGES/explain/page.po: missing: 'New'",
        "zh_CN/LC_MESSAGES/explain/page.po: fuzzy: 'Changed'",
        "zh_CN/LC_MESSAGES/explain/page.po: untranslated: 'Empty'",
        "zh_CN/LC_MESSAGES/other.po: no catalog: 'Only here'",
    ]
    _write(po, {m: ("译文", False) for m in messages}, fuzzy_header=True)
    _write(locale / "zh_CN" / "LC_MESSAGES" / "other.po", {"Only here": ("只在这里", False)})
    assert problems(pot, locale, "zh_CN") == [
        "zh_CN/LC_MESSAGES/explain/page.po: the header is marked fuzzy"
    ]
    _write(po, {m: ("译文", False) for m in messages})
    assert problems(pot, locale, "zh_CN") == []


def test_problems_refuses_an_empty_extraction(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"pot_dir: expected \.pot files"):
        problems(tmp_path, tmp_path, "zh_CN")


def test_normalised_header_is_stable_and_not_fuzzy(tmp_path: Path) -> None:
    po = tmp_path / "page.po"
    _write(po, {"Hello": ("你好", False)}, fuzzy_header=True)
    assert "#, fuzzy" in po.read_text(encoding="utf-8")
    assert normalise_header(po) is True
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    assert "Creation-Date" not in text
    assert "Revision-Date" not in text
    assert '"Project-Id-Version: lstm-outputs\\n"' in text
    assert normalise_header(po) is False  # a second pass changes nothing
    catalog = _catalog(po)
    assert not catalog.fuzzy
    assert catalog.get("Hello").string == "你好"
