"""The ``explorer`` directive: the interactive shape explorer of nn.LSTM, nn.GRU and nn.RNN.

The explorer is ``_static/explorer.js`` (its pure ``explore`` function and the DOM layer) and
``_static/explorer.css``, added only to the pages that use the directive. This extension writes
the element the script fills in and, for readers without JavaScript, ``<noscript>`` tables of the
preset as the library gives them (``describe``, ``unstack_states``, ``layer_outputs``): the shape
rules live in the JavaScript and the library only (tests/test_explorer.py checks each of them
against PyTorch and against the other).

Usage (MyST): ```` ```{explorer} ```` or, with ``:compact:``, the main controls, the shapes and
the rows of ``h_n``, linking to the full explorer page (document ``explorer``) with the reader's
configuration.

Languages: the widget speaks the build's ``language``. Its strings are not in the gettext
catalogs: the English text is the key, and ``_static/explorer-zh_CN.js`` holds the Chinese table,
read here for the form and the ``<noscript>`` tables and loaded by Chinese pages for the script's
own strings. A key stands for its numbers, quoted input and inserted parts as ``{0}``, ``{1}``,
... (``template``, as ``tr`` in explorer.js).
"""

from __future__ import annotations

import json
import re
from functools import cache
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import lstm_outputs
from lstm_outputs._languages import LANGUAGES, sphinx_code

FULL_PAGE = "explorer"  # the document holding the full explorer
# The section that proves the wiring the explorer states beside weight_ih_l1.
WIRING = ("explain/bidirectional-layers", "proof-1-the-weight-shapes")
STATIC = Path(__file__).resolve().parents[1] / "_static"
# A number the explorer printed, or input it quoted: the same pattern as NUM in explorer.js.
NUMBER = re.compile(r"(?<![\w.])[-+]?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?|\u201c[^\u201d]*\u201d", re.I)


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


def template(text: str) -> tuple[str, list[str]]:
    """The key of a text the rules wrote (``Dim.what``), and the numbers it stands for."""
    found: list[str] = []

    def hole(match: re.Match[str]) -> str:
        found.append(match[0])
        return "{" + str(len(found) - 1) + "}"

    return NUMBER.sub(hole, text), found


def tr(text: str, lang: str) -> str:
    """A text the rules wrote, in ``lang``."""
    key, args = template(text)
    return _(key, lang, *args)


# The form's preset, as explorer.js starts (tests/test_explorer.py checks that they agree).
PRESET: dict[str, Any] = {
    "input_size": 16,
    "hidden_size": 128,
    "num_layers": 2,
    "bidirectional": True,
}
STEPS, BATCH = 10, 32
LEGEND = (
    "T: time steps, N: sequences in the batch, I: input features, L: layers, D: directions, "
    "H: state size, H_cell: cell state size."
)


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


def _head(cols: list[str], lang: str) -> str:
    cells = "".join(f'<th scope="col">{_(col, lang)}</th>' for col in cols)
    return f"<thead><tr>{cells}</tr></thead><tbody>"


def _table(caption: str, cols: list[str], rows: list[str], lang: str) -> str:
    return (
        f'<table class="lx-noscript"><caption>{caption}</caption>\n{_head(cols, lang)}\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


def noscript_table(lang: str = "en") -> str:
    """The preset's shapes, ``h_n``'s rows and what each state has read, as the library gives
    them, in plain HTML for readers without JavaScript."""
    report, rows, reads = preset_facts()
    module = f"<code>{escape(report.module)}</code>"
    shapes = []
    for tensor in report.tensors:
        if tensor.name != "input":  # a variable of the snippet
            label = f"<code>{tensor.name}</code>"
        else:  # a word (the snippet calls it x): code in English, as before
            label = "<code>input</code>" if lang == "en" else escape(tr("input", lang))
        dims = ", ".join(escape(dim.symbol) for dim in tensor.dims)
        shapes.append(
            f'<tr><th scope="row">{label}</th><td><code>{python_tuple(tensor.shape)}</code></td>'
            f"<td><code>{dims}</code></td></tr>"
        )
    direction = [_("forward", lang), _("backward", lang)]
    caption = _(
        "Shapes for {0}, input of {1} steps and a batch of {2}", lang, module, STEPS, BATCH
    )
    return "\n".join(
        [
            _table(caption, ["Tensor", "Shape", "Dimensions"], shapes, lang),
            f"<p>{_(LEGEND, lang)}</p>",
            _table(
                _("Rows of <code>h_n</code>", lang),
                ["Row", "Layer", "Direction"],
                [
                    f"<tr><td><code>h_n[{row}]</code></td><td>{layer}</td><td>{direction[d]}</td></tr>"
                    for row, layer, d in rows
                ],
                lang,
            ),
            _table(
                _(
                    "The inputs each layer and direction has read at step {0} of {1}",
                    lang,
                    "t",
                    STEPS,
                ),
                ["Layer", "Direction", "Inputs read"],
                [
                    f"<tr><td>{layer}</td><td>{direction[d]}</td>"
                    f"<td><code>{_('x[{0}] to x[{1}]', lang, first, last)}</code></td></tr>"
                    for layer, d, first, last in reads
                ],
                lang,
            ),
            f"<p>{_('The interactive explorer needs JavaScript.', lang)}</p>",
        ]
    )


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
    for name in ("explorer.js", "explorer.css", *(table_file(x).name for x in LANGUAGES[1:])):
        path = Path(app.outdir) / "_static" / name
        if path.is_file():
            ship = shipped_css if name.endswith(".css") else shipped
            path.write_text(ship((STATIC / name).read_text(encoding="utf-8")), encoding="utf-8")


def python_tuple(shape: tuple[int, ...]) -> str:
    """A shape as Python prints a tuple: ``(8,)``, ``(2, 3)``."""
    return repr(tuple(shape))


# The form's controls: (name, label, kind, hint, in the compact form). A kind is "n" (a number,
# typed as text so that any input reaches the script and gets a message), "b" (a switch) or
# a list of (value, label) options. explorer.js reads them by name.
FIELDS: list[tuple[str, str, Any, str, bool]] = [
    ("mode", "Module", [("LSTM", "nn.LSTM"), ("GRU", "nn.GRU"), ("RNN", "nn.RNN")], "", True),
    ("input_size", "input_size", "n", "features per step", True),
    ("hidden_size", "hidden_size", "n", "state size", True),
    ("num_layers", "num_layers", "n", "stacked layers", True),
    ("proj_size", "proj_size", "n", "LSTM only; 0 for none", True),
    ("dropout", "dropout", "n", "between layers, 0 to 1", False),
    ("bidirectional", "bidirectional", "b", "", True),
    ("batch_first", "batch_first", "b", "", True),
    ("seq_len", "Sequence length", "n", "steps T", True),
    ("batch", "Batch size", "n", "sequences N", True),
    ("unbatched", "Unbatched input (one sequence)", "b", "", False),
    (
        "layout",
        "Batch layout",
        [("equal", "full length"), ("padded", "padded"), ("packed", "packed")],
        "",
        False,
    ),
    ("lengths", "Lengths", "t", "one per sequence, e.g. 10, 7, 3", False),
]


def form_html(prefix: str, compact: bool, full_url: str, lang: str = "en") -> str:
    """The controls (hidden until the script runs), the results area and, if compact, the link."""
    fields = []
    for name, label, kind, hint, in_compact in FIELDS:
        if compact and not in_compact:
            continue
        label = label if label == name else _(label, lang)  # a label that is the argument: code
        hint = hint and _(hint, lang)
        ident = f"{prefix}-{name}"
        described = (f"{ident}-h " if hint else "") + f"{ident}-m"
        common = f'id="{ident}" name="{name}" aria-describedby="{described}"'
        label_html = f'<label for="{ident}">{escape(label)}</label>'
        if kind == "b":
            control = f'<input type="checkbox" {common}>{label_html}'
        elif isinstance(kind, list):
            options = "".join(
                f'<option value="{v}">{escape(text if text.startswith("nn.") else _(text, lang))}'
                "</option>"
                for v, text in kind
            )
            control = f"{label_html}<select {common}>{options}</select>"
        else:
            mode = ' inputmode="decimal"' if kind == "n" else ""
            control = (
                f'{label_html}<input type="text" {common} autocomplete="off" '
                f'spellcheck="false"{mode}>'
            )
        hint_html = f'<span class="lx-hint" id="{ident}-h">{escape(hint)}</span>' if hint else ""
        fields.append(
            f'<div class="lx-field lx-{"check" if kind == "b" else "value"}" data-field="{name}">'
            f'{control}{hint_html}<span class="lx-msg" id="{ident}-m"></span></div>'
        )
    anchor = (
        f'<a class="lx-full" href="{escape(full_url)}">'
        f"{_('Open the full explorer with this configuration', lang)}</a>"
    )
    link = (
        "<p>"
        + _(
            "{0}: the drawing of <code>h_n</code>, the columns of <code>output</code>, "
            "copy-ready expressions and a runnable snippet.",
            lang,
            anchor,
        )
        + "</p>"
        if compact
        else ""
    )
    legend = _("Your module and input", lang)
    return (
        '<div class="lx-ui" hidden><form class="lx-form" novalidate><fieldset>'
        f"<legend>{legend}</legend>{''.join(fields)}</fieldset></form>{link}"
        '<div class="lx-results"><p class="lx-status" role="status"></p>'
        '<div class="lx-error" hidden></div><div class="lx-body"></div></div></div>'
    )


class explorer_node(nodes.General, nodes.Element):
    """Where the explorer goes; ``full`` is the relative URL of the full explorer page."""


def _visit_html(self: Any, node: explorer_node) -> None:
    compact = bool(node.get("compact"))
    lang = language(self.builder.config.language)
    self.lstm_explorers = getattr(self, "lstm_explorers", 0) + 1  # unique ids on the page
    prefix = f"lx{self.lstm_explorers}"
    self.body.append(
        f'<div class="lstm-explorer" data-kind="{"compact" if compact else "full"}" '
        f'data-lang="{lang}" data-wiring="{escape(node.get("wiring", ""))}">'
        f"<noscript>{noscript_table(lang)}</noscript>"
        f"{form_html(prefix, compact, node.get('full', ''), lang)}</div>"
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
        # The page embeds this file's markup and the assets' checksums (?v=...): rewrite it when
        # any of them changes, as Sphinx would for an included file.
        # (and the library, which the <noscript> tables come from).
        library = sorted(Path(lstm_outputs.__file__).parent.glob("*.py"))
        tables = [table_file(lang) for lang in LANGUAGES if lang != "en"]
        assets = [Path(__file__), STATIC / "explorer.js", STATIC / "explorer.css", *tables]
        for dependency in [*assets, *library]:
            self.env.note_dependency(str(dependency))
        return [node]


def _link_full_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(explorer_node):
        if app.builder.format != "html":
            continue
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
