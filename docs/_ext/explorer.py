"""The ``explorer`` directive: the interactive shape explorer of nn.LSTM, nn.GRU and nn.RNN.

The explorer itself is ``_static/explorer.js`` (its pure ``explore`` function and the DOM layer)
and ``_static/explorer.css``. This extension writes the element the script fills in, and, for
readers without JavaScript, a ``<noscript>`` table of the preset's shapes rendered here at build
time by a Python port of the same rules (``explore_shapes``; tests/test_explorer.py checks that it
agrees with the JavaScript on the whole test grid). The script and style sheet are added only to
the pages that use the directive, so every other page stays as light as it was.

Usage (MyST)::

    ```{explorer}
    ```

    ```{explorer}
    :compact:
    ```

``:compact:`` shows the main controls, the shapes and the rows of ``h_n``, with a link to the full
explorer page (document ``explorer``) carrying the reader's configuration.

Languages: the widget speaks the build's ``language`` (``zh_CN`` or English). Its strings are not in
the gettext catalogs: the English text is the key, and ``_static/explorer-zh_CN.js`` holds the
Chinese table, read here for the form and the ``<noscript>`` table and loaded by Chinese pages
(``data-lang="zh_CN"`` on the widget) for the script's own strings. A key stands for its numbers,
quoted input and inserted parts as ``{0}``, ``{1}``, ... (``template``, as ``tr`` in explorer.js).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from lstm_outputs._languages import LANGUAGES

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
    return "zh_CN" if (config_language or "").replace("-", "_").lower() == "zh_cn" else "en"


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


@dataclass(frozen=True)
class Config:
    """A configuration of the explorer's form; the defaults are its preset."""

    mode: str = "LSTM"
    input_size: int = 16
    hidden_size: int = 128
    num_layers: int = 2
    bidirectional: bool = True
    batch_first: bool = False
    proj_size: int = 0
    dropout: float = 0.0
    seq_len: int = 10
    batch: int = 32
    unbatched: bool = False
    layout: str = "equal"
    lengths: tuple[int, ...] = ()

    @classmethod
    def from_form(cls, raw: dict[str, Any]) -> Config:
        """A valid configuration from the form's values (numbers as strings)."""
        return cls(
            mode=raw["mode"],
            input_size=int(raw["input_size"]),
            hidden_size=int(raw["hidden_size"]),
            num_layers=int(raw["num_layers"]),
            bidirectional=raw["bidirectional"],
            batch_first=raw["batch_first"],
            proj_size=int(raw["proj_size"]),
            dropout=float(raw["dropout"]),
            seq_len=int(raw["seq_len"]),
            batch=int(raw["batch"]),
            unbatched=raw["unbatched"],
            layout=raw["layout"],
            lengths=tuple(int(n) for n in re.split(r"[\s,]+", raw["lengths"].strip()) if n),
        )


@dataclass(frozen=True)
class Dim:
    size: int
    what: str
    by: str


@dataclass(frozen=True)
class Tensor:
    name: str
    dims: list[Dim]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(d.size for d in self.dims)


@dataclass(frozen=True)
class Row:
    row: int
    layer: int
    direction: int


@dataclass
class Shapes:
    module: str
    tensors: list[Tensor] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def _float(value: float) -> str:
    return f"{value:.1f}" if value == int(value) else repr(value)


def explore_shapes(c: Config) -> Shapes:
    """Shapes and the rows of ``h_n`` for a valid configuration, by the rules of explorer.js."""
    layers, directions = c.num_layers, 2 if c.bidirectional else 1
    proj = c.mode == "LSTM" and c.proj_size > 0
    size = c.proj_size if proj else c.hidden_size
    lstm, packed = c.mode == "LSTM", c.layout == "packed"
    by_size = "proj_size" if proj else "hidden_size"
    args = [f"input_size={c.input_size}", f"hidden_size={c.hidden_size}"]
    args += [f"num_layers={layers}"] if layers != 1 else []
    args += ["bidirectional=True"] if c.bidirectional else []
    args += ["batch_first=True"] if c.batch_first else []
    args += [f"proj_size={c.proj_size}"] if proj else []
    args += [f"dropout={_float(c.dropout)}"] if c.dropout > 0 else []
    shapes = Shapes(f"nn.{c.mode}({', '.join(args)})")

    steps = Dim(c.seq_len, "time steps", "your sequence length")
    batch = Dim(c.batch, "sequences", "your batch size")
    features = Dim(c.input_size, "features per step", "input_size")
    out = Dim(
        directions * size,
        f"forward and backward halves, {size} each" if c.bidirectional else "state size",
        ("bidirectional \u00d7 " if c.bidirectional else "") + by_size,
    )
    rows = Dim(
        layers * directions,
        f"layers \u00d7 directions ({layers} \u00d7 {directions})",
        "num_layers" + (", bidirectional" if c.bidirectional else ""),
    )
    state = Dim(size, "projected state size" if proj else "state size", by_size)
    cell = Dim(c.hidden_size, "cell state size", "hidden_size")
    total = Dim(sum(c.lengths), "valid steps of all sequences (sum of lengths)", "lengths")
    longest = Dim(
        max(c.lengths, default=0), "steps of the longest sequence (max of lengths)", "lengths"
    )

    def seq(time: Dim, last: Dim) -> list[Dim]:
        if c.unbatched:
            return [time, last]
        return [batch, time, last] if c.batch_first else [time, batch, last]

    def states(last: Dim) -> list[Dim]:
        return [rows, last] if c.unbatched else [rows, batch, last]

    add = shapes.tensors.append
    add(Tensor("input", seq(steps, features)))
    if packed:
        add(Tensor("input, packed", [total, features]))
    add(Tensor("h_0", states(state)))
    if lstm:
        add(Tensor("c_0", states(cell)))
    if packed:
        add(Tensor("output (PackedSequence)", [total, out]))
        add(Tensor("output, padded back", seq(longest, out)))
    else:
        add(Tensor("output", seq(steps, out)))
    add(Tensor("h_n", states(state)))
    if lstm:
        add(Tensor("c_n", states(cell)))
    shapes.rows = [Row(r, r // directions, r % directions) for r in range(layers * directions)]
    return shapes


def _head(cols: list[str], lang: str) -> str:
    cells = "".join(f'<th scope="col">{_(col, lang)}</th>' for col in cols)
    return f"<thead><tr>{cells}</tr></thead><tbody>"


def noscript_table(c: Config = Config(), lang: str = "en") -> str:
    """The preset's shapes and ``h_n`` rows as plain HTML, for readers without JavaScript."""
    shapes = explore_shapes(c)
    module = f"<code>{escape(shapes.module)}</code>"
    out = [
        '<table class="lx-noscript">',
        "<caption>"
        + _(
            "Shapes for {0}, input of {1} steps and a batch of {2}",
            lang,
            module,
            c.seq_len,
            c.batch,
        )
        + "</caption>",
        _head(["Tensor", "Shape", "What each dimension counts (set by)"], lang),
    ]
    for tensor in shapes.tensors:
        dims = _("; ", lang).join(
            _("{0}: {1} ({2})", lang, d.size, escape(tr(d.what, lang)), escape(_by(d.by, lang)))
            for d in tensor.dims
        )
        shape = python_tuple(tensor.shape)
        if tensor.name.isidentifier() and tensor.name != "input":  # a variable of the snippet
            label = f"<code>{escape(tensor.name)}</code>"
        else:  # words ("input": the snippet calls it x): code in English, as before
            name = tr(tensor.name, lang)
            label = f"<code>{escape(name)}</code>" if lang == "en" else escape(name)
        out.append(
            f'<tr><th scope="row">{label}</th><td><code>{shape}</code></td><td>{dims}</td></tr>'
        )
    out.append("</tbody></table>")
    out.append(
        f'<table class="lx-noscript"><caption>{_("Rows of <code>h_n</code>", lang)}</caption>'
    )
    out.append(_head(["Row", "Layer", "Direction"], lang))
    for row in shapes.rows:
        direction = _("backward" if row.direction else "forward", lang)
        out.append(
            f"<tr><td><code>h_n[{row.row}]</code></td><td>{row.layer}</td><td>{direction}</td></tr>"
        )
    out.append("</tbody></table>")
    steps = c.seq_len
    out.append(
        '<table class="lx-noscript"><caption>'
        + _("The inputs each layer and direction has read at step {0} of {1}", lang, "t", steps)
        + "</caption>"
    )
    out.append(_head(["Layer", "Direction", "Inputs read"], lang))
    for row in shapes.rows:
        first, stop = reads(2 if c.bidirectional else 1, steps, row.layer, row.direction, -1)
        span = _("x[{0}] to x[{1}]", lang, "t" if first < 0 else first, "t" if stop < 0 else stop)
        direction = _("backward" if row.direction else "forward", lang)
        out.append(
            f"<tr><td>{row.layer}</td><td>{direction}</td><td><code>{span}</code></td></tr>"
        )
    out.append("</tbody></table>")
    out.append(f"<p>{_('The interactive explorer needs JavaScript.', lang)}</p>")
    return "\n".join(out)


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
    for name in (
        "explorer.js",
        "explorer.css",
        *(table_file(lang).name for lang in LANGUAGES[1:]),
    ):
        path = Path(app.outdir) / "_static" / name
        if path.is_file():
            ship = shipped_css if name.endswith(".css") else shipped
            path.write_text(ship((STATIC / name).read_text(encoding="utf-8")), encoding="utf-8")


def python_tuple(shape: tuple[int, ...]) -> str:
    """A shape as Python prints a tuple: ``(8,)``, ``(2, 3)``."""
    return repr(tuple(shape))


def reads(directions: int, steps: int, layer: int, direction: int, t: int) -> tuple[int, int]:
    """The inputs ``x[from]`` to ``x[to]`` that ``layer``'s ``direction`` has read at step ``t``
    of a ``steps``-step sequence (``reads`` in explorer.js; above layer 0 of a bidirectional
    module, both directions have read the whole sequence)."""
    if directions > 1 and layer > 0:
        return 0, steps - 1
    return (t, steps - 1) if direction else (0, t)


def _by(by: str, lang: str) -> str:
    """What sets a dimension: the reader's own quantity (words) or arguments (code, as is)."""
    return tr(by, lang) if by.startswith("your ") else by


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
        f'data-lang="{lang}" data-wiring="{escape(node.get("wiring", ""))}"><noscript>{noscript_table(lang=lang)}</noscript>'
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
        tables = [table_file(lang) for lang in LANGUAGES if lang != "en"]
        for dependency in [
            Path(__file__),
            STATIC / "explorer.js",
            STATIC / "explorer.css",
            *tables,
        ]:
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
    app.add_node(
        explorer_node,
        html=(_visit_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive("explorer", ExplorerDirective)
    app.connect("doctree-resolved", _link_full_page)
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", ship_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
