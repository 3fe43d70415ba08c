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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

FULL_PAGE = "explorer"  # the document holding the full explorer
STATIC = Path(__file__).resolve().parents[1] / "_static"


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


def noscript_table(c: Config = Config()) -> str:
    """The preset's shapes and ``h_n`` rows as plain HTML, for readers without JavaScript."""
    shapes = explore_shapes(c)
    out = [
        '<table class="lx-noscript">',
        f"<caption>Shapes for <code>{escape(shapes.module)}</code>, input of "
        f"{c.seq_len} steps and a batch of {c.batch}</caption>",
        '<thead><tr><th scope="col">Tensor</th><th scope="col">Shape</th>'
        '<th scope="col">What each dimension counts (set by)</th></tr></thead><tbody>',
    ]
    for tensor in shapes.tensors:
        dims = "; ".join(f"{d.size}: {escape(d.what)} ({escape(d.by)})" for d in tensor.dims)
        shape = ", ".join(map(str, tensor.shape))
        out.append(
            f'<tr><th scope="row"><code>{escape(tensor.name)}</code></th>'
            f"<td><code>({shape})</code></td><td>{dims}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append('<table class="lx-noscript"><caption>Rows of <code>h_n</code></caption>')
    out.append(
        '<thead><tr><th scope="col">Row</th><th scope="col">Layer</th>'
        '<th scope="col">Direction</th></tr></thead><tbody>'
    )
    for row in shapes.rows:
        direction = "backward" if row.direction else "forward"
        out.append(
            f"<tr><td><code>h_n[{row.row}]</code></td><td>{row.layer}</td><td>{direction}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append("<p>The interactive explorer needs JavaScript.</p>")
    return "\n".join(out)


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


def form_html(prefix: str, compact: bool, full_url: str) -> str:
    """The controls (hidden until the script runs), the results area and, if compact, the link."""
    fields = []
    for name, label, kind, hint, in_compact in FIELDS:
        if compact and not in_compact:
            continue
        ident = f"{prefix}-{name}"
        described = (f"{ident}-h " if hint else "") + f"{ident}-m"
        common = f'id="{ident}" name="{name}" aria-describedby="{described}"'
        label_html = f'<label for="{ident}">{escape(label)}</label>'
        if kind == "b":
            control = f'<input type="checkbox" {common}>{label_html}'
        elif isinstance(kind, list):
            options = "".join(f'<option value="{v}">{escape(text)}</option>' for v, text in kind)
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
    link = (
        f'<p><a class="lx-full" href="{escape(full_url)}">Open the full explorer with this '
        "configuration</a>: the drawing of <code>h_n</code>, the columns of <code>output</code>, "
        "copy-ready expressions and a runnable snippet.</p>"
        if compact
        else ""
    )
    return (
        '<div class="lx-ui" hidden><form class="lx-form" novalidate><fieldset>'
        f"<legend>Your module and input</legend>{''.join(fields)}</fieldset></form>{link}"
        '<div class="lx-results"><p class="lx-status" role="status"></p>'
        '<p class="lx-error" hidden></p><div class="lx-body"></div></div></div>'
    )


class explorer_node(nodes.General, nodes.Element):
    """Where the explorer goes; ``full`` is the relative URL of the full explorer page."""


def _visit_html(self: Any, node: explorer_node) -> None:
    compact = bool(node.get("compact"))
    self.lstm_explorers = getattr(self, "lstm_explorers", 0) + 1  # unique ids on the page
    self.body.append(
        f'<div class="lstm-explorer" data-kind="{"compact" if compact else "full"}">'
        f"<noscript>{noscript_table()}</noscript>"
        f"{form_html(f'lx{self.lstm_explorers}', compact, node.get('full', ''))}</div>"
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
        for dependency in (Path(__file__), STATIC / "explorer.js", STATIC / "explorer.css"):
            self.env.note_dependency(str(dependency))
        return [node]


def _link_full_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in doctree.findall(explorer_node):
        if FULL_PAGE in app.env.found_docs and app.builder.format == "html":
            node["full"] = app.builder.get_relative_uri(docname, FULL_PAGE)


def _add_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    if app.env.metadata.get(pagename, {}).get("lstm-explorer"):
        app.add_css_file("explorer.css")
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
    return {"parallel_read_safe": True, "parallel_write_safe": True}
