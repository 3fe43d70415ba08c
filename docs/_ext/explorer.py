"""The ``explorer`` directive: the interactive shape explorer of nn.LSTM, nn.GRU and nn.RNN.

The directive writes docs/_templates/explorer/widget.html: the form that ``_static/explorer.js``
fills in and, for readers without JavaScript, ``<noscript>`` tables of the preset as the library
gives them (``describe``, ``unstack_states``, ``layer_outputs``): the shape rules live in the
JavaScript and the library only (tests/test_explorer.py checks each against PyTorch and the other).
The script and ``_static/explorer.css`` are added only to the pages that use the directive.

Usage (MyST): ```` ```{explorer} ```` or, with ``:compact:``, the main controls, the shapes and
the rows of ``h_n``, linking to the full explorer page (document ``explorer``) with the reader's
configuration.

Languages: the widget speaks the build's ``language``. Its strings are not in the gettext
catalogs: the English text is the key, and ``_static/explorer-zh_CN.js`` holds the Chinese table,
read here for the templates and loaded by Chinese pages for the script's own strings. A key stands
for its numbers, quoted input and inserted parts as ``{0}``, ``{1}``, ... (as ``tr`` in explorer.js).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from docutils import nodes
from docutils.parsers.rst import directives
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import lstm_outputs
from lstm_outputs._languages import LANGUAGES, TRANSLATIONS, sphinx_code

FULL_PAGE = "explorer"  # the document holding the full explorer
# The section that proves the wiring the explorer states beside weight_ih_l1.
WIRING = ("explain/bidirectional-layers", "proof-1-the-weight-shapes")
STATIC = Path(__file__).resolve().parents[1] / "_static"
TEMPLATES = STATIC.with_name("_templates") / "explorer"


def table_file(lang: str) -> Path:
    """The script holding a language's string table (English has none: its keys are the text)."""
    return STATIC / f"explorer-{lang}.js"


def load_table(lang: str) -> dict[str, str]:
    """A language's string table, the JSON object assigned in its script."""
    if lang == "en":
        return {}
    text = table_file(lang).read_text(encoding="utf-8")
    table: dict[str, str] = json.loads(text[text.index("= {\n") + 2 : text.rindex("}") + 1])
    return table


TABLES = {lang: load_table(lang) for lang in LANGUAGES}


def language(config_language: str | None) -> str:
    """The explorer's language for Sphinx's ``language`` (``zh_CN``, ``zh-CN``...; else English)."""
    return sphinx_code(config_language or "en") or "en"


def _(key: str, lang: str, *args: object) -> str:
    """``key`` in ``lang``, with ``args`` in its ``{0}``, ``{1}``... (a missing key fails the build)."""
    text = key if lang == "en" else TABLES[lang][key]
    return re.sub(r"\{(\d)\}", lambda m: str(args[int(m[1])]), text)


# The form's preset, as explorer.js starts (tests/test_explorer.py checks that they agree).
PRESET: dict[str, Any] = {
    "input_size": 16,
    "hidden_size": 128,
    "num_layers": 2,
    "bidirectional": True,
}
STEPS, BATCH = 10, 32


def span_end(ends: list[int]) -> str:
    """``"t"`` if a span ends at step ``t`` at every step ``t``, else the one step it ends at."""
    if ends == list(range(len(ends))):
        return "t"
    (end,) = set(ends)
    return str(end)


@cache
def preset_facts() -> tuple[Any, list[tuple[int, int, int]], list[tuple[int, int, str, str]]]:
    """What the library says of the preset: ``describe``'s report, each row of ``h_n`` as
    (row, layer, direction) by ``unstack_states``, and the inputs x[from] to x[to] each layer and
    direction has read at step t, found by autograd through ``layer_outputs``."""
    import torch
    from torch import nn

    from lstm_outputs import describe, layer_outputs, unstack_states

    torch.manual_seed(0)
    lstm = nn.LSTM(**PRESET)
    layers, directions, hidden = lstm.num_layers, 2 if lstm.bidirectional else 1, lstm.hidden_size
    zeros = torch.zeros(layers * directions, BATCH, hidden)
    report = describe(lstm, torch.randn(STEPS, BATCH, lstm.input_size), (zeros, zeros))
    numbered = torch.arange(float(layers * directions))[:, None, None].repeat(1, 1, hidden)
    by_layer = unstack_states(numbered, lstm)
    rows = sorted(
        (int(by_layer[layer, d, 0, 0]), layer, d)
        for layer in range(layers)
        for d in range(directions)
    )
    x = torch.randn(STEPS, lstm.input_size, dtype=torch.float64, requires_grad=True)
    outputs, _ = layer_outputs(lstm.double(), x)  # (L, T, D*H)
    reads = []
    for _row, layer, d in rows:
        spans = []
        for t in range(STEPS):
            state = outputs[layer, t, d * hidden : (d + 1) * hidden]
            (grad,) = torch.autograd.grad(state.sum(), x, retain_graph=True)
            read = grad.abs().sum(-1).nonzero().flatten().tolist()
            spans.append((read[0], read[-1]))
        reads.append((layer, d, span_end([s[0] for s in spans]), span_end([s[1] for s in spans])))
    return report, rows, reads


def shipped(text: str) -> str:
    """A script or style sheet of the explorer as the site serves it: without indentation, blank
    lines and comments that start a line or end one after two spaces (``  // ...``). The files
    keep them for their readers; the budget (45 KB per edition) is counted on this form."""
    text = re.sub(r"^\s*/\*.*?\*/[ \t]*$", "", text, flags=re.MULTILINE | re.DOTALL)
    lines = (re.sub(r"  // .*$", "", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("// ")) + "\n"


def shipped_css(text: str) -> str:
    """The style sheet as shipped: ``shipped``, and no space after ``:``, ``;``, ``,`` or ``{``
    or before ``{`` (none of them is inside a value or a string there)."""
    return re.sub(r"\s*([{])\s*|([:;,])\s+", r"\1\2", shipped(text))


def ship_assets(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite the explorer's assets in the built site in their shipped form."""
    if exception is not None or app.builder.format != "html":
        return
    for name in ("explorer.js", "explorer.css", *(table_file(x).name for x in TRANSLATIONS)):
        path = Path(app.outdir) / "_static" / name
        if path.is_file():
            ship = shipped_css if name.endswith(".css") else shipped
            path.write_text(ship((STATIC / name).read_text(encoding="utf-8")), encoding="utf-8")


# Not Sphinx's template environment: this one fails on an undefined name, escapes what it inserts
# and drops the line break after a block tag (trim_blocks), so that the templates can be laid out.
JINJA = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
JINJA.filters["oneline"] = lambda html: Markup("".join(line.strip() for line in html.splitlines()))


def render(lang: str, template: str = "widget.html", **context: Any) -> str:
    """A template of docs/_templates/explorer in ``lang``, with the preset's facts."""
    report, rows, reads = preset_facts()

    def tr(key: str, *args: object) -> Markup:
        return Markup(_(key, lang, *map(escape, args)))

    return JINJA.get_template(template).render(
        context, tr=tr, lang=lang, report=report, rows=rows, reads=reads, steps=STEPS, batch=BATCH
    )


class explorer_node(nodes.General, nodes.Element):
    """Where the explorer goes; ``full`` is the relative URL of the full explorer page."""


def _visit_html(self: Any, node: explorer_node) -> None:
    self.lstm_explorers = getattr(self, "lstm_explorers", 0) + 1  # unique ids on the page
    self.body.append(
        render(
            language(self.builder.config.language),
            compact=bool(node.get("compact")),
            prefix=f"lx{self.lstm_explorers}",
            full=node.get("full", ""),
            wiring=node.get("wiring", ""),
        )
    )
    raise nodes.SkipNode


def _skip(self: Any, node: explorer_node) -> None:
    raise nodes.SkipNode


class ExplorerDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"compact": directives.flag}

    def run(self) -> list[nodes.Node]:
        node = explorer_node(compact="compact" in self.options)
        self.set_source_info(node)
        self.env.metadata[self.env.docname]["lstm-explorer"] = True
        # The page embeds the templates, the assets' checksums (?v=...) and what the library says
        # (the <noscript> tables): rewrite it when any of them changes, as for an included file.
        static = [STATIC / "explorer.js", STATIC / "explorer.css", *map(table_file, TRANSLATIONS)]
        library = Path(lstm_outputs.__file__).parent.glob("*.py")
        for dependency in [Path(__file__), *TEMPLATES.glob("*.html"), *static, *library]:
            self.env.note_dependency(str(dependency))
        return [node]


def _link_full_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for node in doctree.findall(explorer_node):
        if FULL_PAGE in app.env.found_docs:
            node["full"] = app.builder.get_relative_uri(docname, FULL_PAGE)
        if WIRING[0] in app.env.found_docs:
            uri = app.builder.get_relative_uri(docname, WIRING[0])
            node["wiring"] = f"{uri}#{WIRING[1]}"


def _add_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    if app.env.metadata.get(pagename, {}).get("lstm-explorer"):
        app.add_css_file("explorer.css")
        lang = language(app.config.language)
        if lang != "en":  # the string table first: explorer.js reads it when it starts
            app.add_js_file(table_file(lang).name, priority=499, loading_method="defer")
        app.add_js_file("explorer.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    skip = {builder: (_skip, None) for builder in ("latex", "text", "man", "texinfo")}
    app.add_node(explorer_node, html=(_visit_html, None), **skip)
    app.add_directive("explorer", ExplorerDirective)
    app.connect("doctree-resolved", _link_full_page)
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", ship_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
