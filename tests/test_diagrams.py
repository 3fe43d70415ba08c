"""Tests of the site's figures (`lstm_outputs.diagrams`).

The figures are checked through their SVG: drawn elements carry ids (``gid``), so the tests
count cells, follow arrows and read labels in the XML, independently of how they are drawn.
"""

from __future__ import annotations

import base64
import functools
import html
import itertools
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pytest
import torch
from matplotlib import _pylab_helpers
from matplotlib.figure import Figure

from lstm_outputs import diagrams
from lstm_outputs.diagrams import Diagram, _svg
from lstm_outputs.diagrams import _style as style
from lstm_outputs.diagrams._logo import logo

MAX_SVG_BYTES = 60_000


# --- helpers ----------------------------------------------------------------------------------
class Svg:
    """A rendered SVG, parsed: elements by id, and the text under each id."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.root = ET.fromstring(text)
        self.ids: list[str] = [el.get("id", "") for el in self.root.iter() if el.get("id")]
        self.by_id = {el.get("id"): el for el in self.root.iter() if el.get("id")}

    def with_prefix(self, prefix: str) -> list[str]:
        return [i for i in self.ids if i.startswith(prefix)]

    def text_of(self, gid: str) -> str:
        return "".join(self.by_id[gid].itertext()).strip()

    def edges(self, prefix: str = "edge-") -> list[tuple[str, str]]:
        """Arrows named ``{prefix}{source}-to-{target}``, as (source, target) pairs."""
        pairs = []
        for gid in self.with_prefix(prefix):
            source, target = gid[len(prefix) :].split("-to-")
            pairs.append((source, target))
        return pairs


@functools.cache
def render(name: str, *args: Any) -> tuple[Diagram, Svg]:
    """Build a diagram once per arguments and parse its SVG (the checks below share it)."""
    diagram = logo() if name == "logo" else getattr(diagrams, name)(*args)
    return diagram, Svg(diagram.to_svg())


def check_common(diagram: Diagram, svg: Svg) -> None:
    """What every diagram must satisfy."""
    assert isinstance(diagram.figure, Figure)
    assert len(svg.text.encode()) < MAX_SVG_BYTES, len(svg.text.encode())
    assert len(svg.ids) == len(set(svg.ids)), "ids must be unique"
    assert "card" in svg.by_id  # the opaque background card
    assert len(diagram.alt) > 80
    assert diagram.alt == diagram.alt.strip()
    assert repr(diagram) == diagram.alt


# --- unrolled -------------------------------------------------------------------------------
WIRINGS = [(False, True), (True, True), (True, False)]  # (bidirectional, cross_direction)


@pytest.mark.parametrize(("bidirectional", "cross"), WIRINGS)
@pytest.mark.parametrize("steps", range(1, 7))
@pytest.mark.parametrize("num_layers", range(1, 5))
def test_unrolled_structure(num_layers: int, steps: int, bidirectional: bool, cross: bool) -> None:
    diagram, svg = render("unrolled", num_layers, steps, bidirectional, cross)
    check_common(diagram, svg)
    dirs = ["fwd", "bwd"] if bidirectional else ["fwd"]
    num_dirs = len(dirs)

    # one cell per layer, direction and step, and nothing else named like a cell
    expected_cells = {
        f"cell-l{layer}-{d}-t{t}"
        for layer in range(num_layers)
        for d in dirs
        for t in range(1, steps + 1)
    }
    assert set(svg.with_prefix("cell-")) == expected_cells
    assert len(svg.with_prefix("token-")) == steps
    assert len(svg.with_prefix("output-t")) == steps * num_dirs
    for t in range(1, steps + 1):
        assert svg.text_of(f"outlabel-t{t}") == f"output[{t - 1}]"

    # follow the true-output arrows, seeing through the concatenation bars
    incoming: dict[str, set[str]] = defaultdict(set)
    for source, target in svg.edges():
        incoming[target].add(source)
    concat_bars = svg.with_prefix("concat-")

    def inputs_of(node: str) -> set[str]:
        found = set()
        for source in incoming[node]:
            found |= inputs_of(source) if source.startswith("cat-") else {source}
        return found

    for layer, d, t in itertools.product(range(num_layers), dirs, range(1, steps + 1)):
        node = f"l{layer}-{d}-t{t}"
        if layer == 0:
            assert incoming[node] == {f"x-t{t}"}
        elif bidirectional and cross:
            # nn.LSTM: both directions of the layer below, joined by one concat bar
            assert incoming[node] == {f"cat-l{layer}-t{t}"}
            assert incoming[f"cat-l{layer}-t{t}"] == {
                f"l{layer - 1}-fwd-t{t}",
                f"l{layer - 1}-bwd-t{t}",
            }
            assert inputs_of(node) == {f"l{layer - 1}-fwd-t{t}", f"l{layer - 1}-bwd-t{t}"}
        else:
            assert incoming[node] == {f"l{layer - 1}-{d}-t{t}"}
    top = num_layers - 1
    for t in range(1, steps + 1):
        assert incoming[f"out-t{t}"] == {f"l{top}-{d}-t{t}" for d in dirs}
    expected_bars = (num_layers - 1) * steps if (bidirectional and cross) else 0
    assert len(concat_bars) == expected_bars

    # hidden states: forward rows run left to right, backward rows right to left, and every
    # row's final state is labelled with its row of h_n (layer-major, direction-minor)
    states = set(svg.edges("state-"))
    for layer, (k, d) in itertools.product(range(num_layers), enumerate(dirs)):
        index = layer * num_dirs + k
        order = range(1, steps + 1) if d == "fwd" else range(steps, 0, -1)
        cells = [f"l{layer}-{d}-t{t}" for t in order]
        for a, b in itertools.pairwise(cells):
            assert (a, b) in states
        assert (f"h0-{index}", cells[0]) in states
        assert (cells[-1], f"hn-{index}") in states
        assert svg.text_of(f"hnlabel-l{layer}-{d}") == f"h_n[{index}]"
        assert svg.text_of(f"h0label-l{layer}-{d}") == f"h_0[{index}]"
    assert len(states) == num_layers * num_dirs * (steps + 1)

    # the alt text names the parameters and the final-state rows
    alt = diagram.alt
    assert f"{num_layers}-layer" in alt
    assert ("bidirectional" if bidirectional else "unidirectional") in alt
    assert f"{steps} step" in alt
    assert f"x_1 to x_{steps}" in alt
    for index in range(num_layers * num_dirs):
        assert f"h_n[{index}]" in alt
    article = bidirectional and not cross and num_layers > 1
    assert ("NOT what nn.LSTM does" in alt) == article
    assert ("both the forward and the backward outputs" in alt) == (
        bidirectional and cross and num_layers > 1
    )
    if article:
        assert "NOT what nn.LSTM does" in svg.text_of("subtitle")


def test_unrolled_layer_one_backward_state_is_row_three() -> None:
    """Spot check of the h_n labels, written out by hand."""
    _, svg = render("unrolled", 2, 3, True, True)
    assert svg.text_of("hnlabel-l0-fwd") == "h_n[0]"
    assert svg.text_of("hnlabel-l0-bwd") == "h_n[1]"
    assert svg.text_of("hnlabel-l1-fwd") == "h_n[2]"
    assert svg.text_of("hnlabel-l1-bwd") == "h_n[3]"
    # the backward row's final state leaves from step 1, the forward row's from the last step
    assert "state-l1-bwd-t1-to-hn-3" in svg.ids
    assert "state-l1-fwd-t3-to-hn-2" in svg.ids


def test_unrolled_largest_is_small_enough() -> None:
    diagram, svg = render("unrolled", 4, 8, True, True)
    check_common(diagram, svg)
    assert len(svg.with_prefix("cell-")) == 4 * 2 * 8


def test_numpy_integers_are_accepted() -> None:
    assert diagrams.unrolled(np.int64(2), np.int32(3)).alt == diagrams.unrolled(2, 3).alt


def test_unrolled_unidirectional_ignores_cross_direction() -> None:
    a = diagrams.unrolled(2, 3, bidirectional=False, cross_direction=True)
    b = diagrams.unrolled(2, 3, bidirectional=False, cross_direction=False)
    assert a.to_svg() == b.to_svg()
    assert a.alt == b.alt


def test_unrolled_one_layer_is_not_called_wrong() -> None:
    """With one layer the article's picture and nn.LSTM agree: no warning then."""
    diagram = diagrams.unrolled(1, 3, bidirectional=True, cross_direction=False)
    assert "NOT" not in diagram.alt
    assert diagram.alt == diagrams.unrolled(1, 3, bidirectional=True).alt


@pytest.mark.parametrize("mode", ["GRU", "RNN"])
def test_unrolled_modes(mode: str) -> None:
    diagram = diagrams.unrolled(2, 2, bidirectional=True, mode=mode)
    svg = Svg(diagram.to_svg())
    assert f"{mode} unrolled" in diagram.alt
    assert f"nn.{mode}" in diagram.alt
    cell_texts = [t for t in svg.root.itertext() if t.strip() == mode]
    assert len(cell_texts) == 2 * 2 * 2
    assert "c_n" not in svg.text  # GRU and RNN have no cell state


# --- output_concat ----------------------------------------------------------------------------
@pytest.mark.parametrize("num_layers", range(1, 5))
@pytest.mark.parametrize("steps", range(1, 9))
def test_output_concat(steps: int, num_layers: int) -> None:
    diagram, svg = render("output_concat", steps, num_layers)
    check_common(diagram, svg)
    halves = svg.with_prefix("half-")
    assert len(halves) == 2 * steps
    seen = {}
    for gid in halves:
        match = re.fullmatch(r"half-(fwd|bwd)-t(\d+)-seen-(\d+)-(\d+)", gid)
        assert match is not None, gid
        d, t, first, last = match.group(1), *map(int, match.groups()[1:])
        seen[(d, t)] = (first, last)
    for t in range(1, steps + 1):
        if num_layers == 1:
            assert seen[("fwd", t)] == (1, t)
            assert seen[("bwd", t)] == (t, steps)
        else:  # upper layers read both directions: everything has seen everything
            assert seen[("fwd", t)] == seen[("bwd", t)] == (1, steps)
    # the summary [fwd_T ; bwd_1], highlighted where it comes from
    assert {f"summary-fwd-t{steps}", "summary-bwd-t1"} <= set(svg.ids)
    if steps == 1:
        assert svg.with_prefix("highlight-") == ["highlight-t1"]
    else:
        assert set(svg.with_prefix("highlight-")) == {
            f"highlight-fwd-t{steps}",
            "highlight-bwd-t1",
        }
    assert set(svg.edges()) == {(f"fwd-t{steps}", "summary"), ("bwd-t1", "summary")}
    alt = diagram.alt
    assert f"{num_layers}-layer" in alt
    assert f"{steps} step" in alt
    assert f"[fwd_{steps} ; bwd_1]" in alt
    assert "h_n[-2], h_n[-1]" in alt
    if num_layers == 1 and steps == 1:
        assert "both halves have seen x_1" in alt
    elif num_layers == 1:
        assert (
            f"at step 1 the forward half has seen x_1 only and the backward half x_1..x_{steps}"
            in alt
        )
    else:
        assert f"every half at every step has seen all tokens x_1..x_{steps}" in alt


# --- state_layout -----------------------------------------------------------------------------
@pytest.mark.parametrize("bidirectional", [True, False])
@pytest.mark.parametrize("num_layers", range(1, 5))
def test_state_layout(num_layers: int, bidirectional: bool) -> None:
    diagram, svg = render("state_layout", num_layers, bidirectional)
    check_common(diagram, svg)
    dirs = ["fwd", "bwd"] if bidirectional else ["fwd"]
    num_dirs = len(dirs)
    rows = svg.with_prefix("hn-row-")
    assert len(rows) == num_layers * num_dirs
    for gid in rows:
        match = re.fullmatch(r"hn-row-(\d+)-l(\d+)-(fwd|bwd)", gid)
        assert match is not None, gid
        index, layer, d = int(match.group(1)), int(match.group(2)), match.group(3)
        assert index == layer * num_dirs + dirs.index(d)  # layer-major, direction-minor
    cells = svg.with_prefix("view-")
    assert len(cells) == num_layers * num_dirs
    for gid in cells:
        match = re.fullmatch(r"view-l(\d+)-d(\d+)-row-(\d+)", gid)
        assert match is not None, gid
        layer, k, index = map(int, match.groups())
        assert index == layer * num_dirs + k
    # the top layer's rows counted from the end
    if bidirectional:
        assert svg.text_of("topmark--2").startswith("h_n[-2]: top layer fwd")
        assert svg.text_of("topmark--1").startswith("h_n[-1]: top layer bwd")
    else:
        assert svg.text_of("topmark--1").startswith("h_n[-1]: top layer")
        assert "topmark--2" not in svg.ids
    alt = diagram.alt
    assert f"{num_layers}-layer" in alt
    assert f"view({num_layers}, {num_dirs}, N, H)" in alt
    for layer in range(num_layers):
        if bidirectional:
            assert f"row {2 * layer} is layer {layer} forward" in alt
            assert f"row {2 * layer + 1} is layer {layer} backward" in alt
        else:
            assert f"row {layer} is layer {layer}" in alt


# --- dependency_heatmaps ----------------------------------------------------------------------
def zero_count_in_svg(svg: Svg, panel: int) -> int:
    """Zero cells of a panel, from the hatched runs ``zero-p{k}-t{t}-s{first}-{last}``."""
    total = 0
    for gid in svg.with_prefix(f"zero-p{panel}-"):
        match = re.fullmatch(rf"zero-p{panel}-t\d+-s(\d+)-(\d+)", gid)
        assert match is not None, gid
        first, last = map(int, match.groups())
        total += last - first + 1
    return total


def test_dependency_heatmaps_counts_zeros() -> None:
    T = 5
    forward = np.tril(np.arange(1.0, T * T + 1).reshape(T, T))  # s > t are zero: 10 cells
    backward = torch.triu(torch.rand(T, T, generator=torch.Generator().manual_seed(0)) + 0.1)
    backward.requires_grad_(True)  # tensors that require grad are accepted
    full = np.full((T, T), 0.5)
    scattered = np.ones((3, T))
    scattered[0, 4] = scattered[2, 0] = scattered[2, 1] = 0.0  # 3 zeros, no pattern
    titles = ['fwd "half"', "bwd half", "2 layers", "ragged & odd"]
    diagram = diagrams.dependency_heatmaps(
        [forward, backward, full, scattered], titles, tokens=["Joe", "likes", "_", "fried", "eggs"]
    )
    svg = Svg(diagram.to_svg())
    check_common(diagram, svg)
    alt = diagram.alt
    assert alt.startswith("4 heatmaps")
    assert (
        "Panel 1, 'fwd \"half\"': 10 of 25 (t, s) cells are exactly zero (exactly those with s > t"
        in alt
    )
    assert (
        "Panel 2, 'bwd half': 10 of 25 (t, s) cells are exactly zero (exactly those with s < t"
        in alt
    )
    assert "Panel 3, '2 layers': 0 of 25 (t, s) cells are exactly zero; none" in alt
    assert (
        "Panel 4, 'ragged & odd': 3 of 15 (t, s) cells are exactly zero (in no triangular" in alt
    )
    for panel, expected in enumerate([10, 10, 0, 3]):
        assert zero_count_in_svg(svg, panel) == expected
        assert f"heatmap-p{panel}" in svg.ids
    texts = set(svg.root.itertext())
    assert {"Joe", "likes", "fried", "eggs", "input step s", "output step t"} <= texts
    assert set(titles) <= texts


def test_dependency_heatmaps_from_autograd() -> None:
    """The real use: |d output[t] / d x[s]| of a 1-layer bidirectional LSTM."""
    torch.manual_seed(0)
    T, H = 4, 3
    rnn = torch.nn.LSTM(2, H, bidirectional=True)
    x = torch.randn(T, 1, 2, requires_grad=True)
    output, _ = rnn(x)
    panels = []
    for half in (slice(0, H), slice(H, 2 * H)):
        rows = []
        for t in range(T):
            (grad,) = torch.autograd.grad(output[t, 0, half].sum(), x, retain_graph=True)
            rows.append(grad.abs().sum(dim=(1, 2)))
        panels.append(torch.stack(rows))
    diagram = diagrams.dependency_heatmaps(panels, ["forward half", "backward half"])
    assert "6 of 16 (t, s) cells are exactly zero (exactly those with s > t" in diagram.alt
    assert "6 of 16 (t, s) cells are exactly zero (exactly those with s < t" in diagram.alt


@pytest.mark.parametrize(
    ("influence", "titles", "tokens", "error", "message"),
    [
        ([np.ones(3)], ["a"], None, ValueError, r"influence\[0\]: expected 2-D.*got shape \(3,\)"),
        (np.ones((3, 3)), ["a"] * 3, None, ValueError, "one 2-D array per panel"),
        ([np.ones((2, 2, 2))], ["a"], None, ValueError, r"expected 2-D.*\(2, 2, 2\)"),
        (
            [-np.ones((2, 2))],
            ["a"],
            None,
            ValueError,
            r"influence\[0\]: expected non-negative.*\.abs\(\)",
        ),
        ([np.full((2, 2), np.nan)], ["a"], None, ValueError, "influence\\[0\\]: expected finite"),
        (
            [np.ones((0, 2))],
            ["a"],
            None,
            ValueError,
            "expected 1 to 24 rows and columns, got shape",
        ),
        (
            [np.ones((25, 2))],
            ["a"],
            None,
            ValueError,
            "expected 1 to 24 rows and columns, got shape",
        ),
        ([], [], None, ValueError, "influence: expected 1 to 6 panels, got 0"),
        ([np.ones((2, 2))] * 7, ["a"] * 7, None, ValueError, "expected 1 to 6 panels, got 7"),
        (
            [np.ones((2, 2))],
            ["a", "b"],
            None,
            ValueError,
            "titles: expected one per panel \\(1\\), got 2 titles",
        ),
        (
            [np.ones((2, 2))],
            "a",
            None,
            TypeError,
            "titles: expected a sequence of strings.*wrap it in a list",
        ),
        ([np.ones((2, 2))], [1], None, TypeError, "titles: expected a sequence of strings"),
        (
            [np.ones((2, 2))],
            ["a"],
            ["x"],
            ValueError,
            "tokens: expected one per input step .*T_in = 2.*got 1 tokens",
        ),
        ([np.ones((2, 2))], ["a"], "xy", TypeError, "tokens: expected a sequence of strings"),
        ([[["a", "b"]]], ["a"], None, TypeError, r"influence\[0\]: expected a 2-D array"),
        (np.float64(1.0), ["a"], None, TypeError, "influence: expected a sequence"),
    ],
)
def test_dependency_heatmaps_rejects(
    influence: Any, titles: Any, tokens: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        diagrams.dependency_heatmaps(influence, titles, tokens)


# --- cell and logo ----------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN"])
def test_cell(mode: str) -> None:
    diagram, svg = render("cell", mode)
    check_common(diagram, svg)
    assert {"cell", "edge-in-x", "edge-in-state", "edge-out-up", "edge-out-along"} <= set(svg.ids)
    assert f"One {mode} cell" in diagram.alt
    assert "two inputs and two outputs" in diagram.alt
    assert ("(h_0, c_0)" in diagram.alt) == (mode == "LSTM")


def test_logo() -> None:
    diagram, svg = render("logo")
    check_common(diagram, svg)
    assert tuple(diagram.figure.get_size_inches()) == (1.0, 1.0)
    assert len(svg.text) < 5_000
    assert len(svg.with_prefix("logo-")) == 6  # 4 cells and 2 arrows
    assert {"logo-fwd-arrow", "logo-bwd-arrow"} <= set(svg.ids)
    assert "logo" in diagram.alt


# --- bad arguments ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kwargs", "error", "message"),
    [
        (
            "unrolled",
            {"num_layers": 0},
            ValueError,
            "num_layers: expected an int from 1 to 4, got 0 \\(a figure needs at least 1\\)",
        ),
        (
            "unrolled",
            {"num_layers": 5},
            ValueError,
            "num_layers: expected an int from 1 to 4, got 5 \\(more would not fit",
        ),
        ("unrolled", {"steps": 0}, ValueError, "steps: expected an int from 1 to 8, got 0"),
        ("unrolled", {"steps": 9}, ValueError, "steps: expected an int from 1 to 8, got 9"),
        (
            "unrolled",
            {"num_layers": True},
            TypeError,
            "num_layers: expected an int from 1 to 4, got True \\(a bool\\)",
        ),
        (
            "unrolled",
            {"num_layers": 2.0},
            TypeError,
            "num_layers: expected an int .*, got 2.0 \\(a float\\) \\(a count",
        ),
        (
            "unrolled",
            {"steps": "3"},
            TypeError,
            "steps: expected an int from 1 to 8, got '3' \\(a str\\)",
        ),
        (
            "unrolled",
            {"bidirectional": 1},
            TypeError,
            "bidirectional: expected True or False, got 1 \\(an? int\\)",
        ),
        (
            "unrolled",
            {"cross_direction": None},
            TypeError,
            "cross_direction: expected True or False, got None",
        ),
        (
            "unrolled",
            {"mode": "lstm"},
            ValueError,
            "mode: expected one of 'LSTM', 'GRU', 'RNN', got 'lstm' \\(the names are upper case\\)",
        ),
        ("unrolled", {"mode": None}, TypeError, "mode: expected one of .*, got None"),
        ("output_concat", {"steps": 0}, ValueError, "steps: expected an int from 1 to 8, got 0"),
        (
            "output_concat",
            {"num_layers": 5},
            ValueError,
            "num_layers: expected an int from 1 to 4, got 5",
        ),
        (
            "output_concat",
            {"steps": False},
            TypeError,
            "steps: expected an int from 1 to 8, got False \\(a bool\\)",
        ),
        (
            "state_layout",
            {"num_layers": 0},
            ValueError,
            "num_layers: expected an int from 1 to 4, got 0 \\(a figure needs at least 1\\)",
        ),
        (
            "state_layout",
            {"num_layers": np.float64(2)},
            TypeError,
            "num_layers: expected an int .*\\(a float64\\)",
        ),
        (
            "state_layout",
            {"num_layers": np.int64(5)},
            ValueError,
            "num_layers: expected an int from 1 to 4, got 5",
        ),
        (
            "state_layout",
            {"bidirectional": "yes"},
            TypeError,
            "bidirectional: expected True or False, got 'yes'",
        ),
        (
            "cell",
            {"mode": "LSTMCell"},
            ValueError,
            "mode: expected one of .*got 'LSTMCell' \\(.*cells are not unrolled",
        ),
    ],
)
def test_bad_arguments(
    name: str, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        getattr(diagrams, name)(**kwargs)


# --- the Diagram object -----------------------------------------------------------------------
BUILDERS = {
    "cell": lambda: diagrams.cell(),
    "unrolled": lambda: diagrams.unrolled(2, 3, bidirectional=True),
    "article": lambda: diagrams.unrolled(2, 3, bidirectional=True, cross_direction=False),
    "output_concat": lambda: diagrams.output_concat(3, 1),
    "state_layout": lambda: diagrams.state_layout(2, True),
    "heatmaps": lambda: diagrams.dependency_heatmaps(
        [np.tril(np.ones((3, 3))), np.ones((3, 3))], ["a", "b"]
    ),
    "logo": logo,
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_svg_is_deterministic(name: str) -> None:
    first, second = BUILDERS[name](), BUILDERS[name]()
    assert first.to_svg() == second.to_svg()
    assert first.to_svg() == first.to_svg()
    assert first.alt == second.alt


def test_svg_depends_on_the_arguments() -> None:
    """Determinism is not constancy: other arguments, other pictures."""
    svgs = {
        diagrams.unrolled(2, 3).to_svg(),
        diagrams.unrolled(2, 4).to_svg(),
        diagrams.unrolled(3, 3).to_svg(),
        diagrams.unrolled(2, 3, bidirectional=True).to_svg(),
        diagrams.unrolled(2, 3, bidirectional=True, cross_direction=False).to_svg(),
    }
    assert len(svgs) == 5


def test_svg_keeps_text_as_text_and_has_no_date() -> None:
    svg = BUILDERS["unrolled"]().to_svg()
    assert "<text" in svg  # svg.fonttype = "none"
    assert "output[0]" in svg
    assert "<dc:date>" not in svg
    assert "LSTM" in svg


def test_repr_html_embeds_both_themes_and_escaped_alt() -> None:
    figure = diagrams.cell().figure
    alt = 'A "quoted" <b>tag</b> & an ampersand'
    diagram = Diagram(figure, alt)
    page = diagram._repr_html_()
    assert page.startswith('<figure class="lstm-diagram"><div class="lstm-diagram-scroll">')
    assert page.count(f'alt="{html.escape(alt, quote=True)}"') == 2
    assert "<b>" not in page
    assert '"quoted"' not in page
    width, height = diagram.size_px
    assert (width, height) == (round(style.COLUMN_WIDTH * 96), round(5.15 * 96))
    assert page.count(f'width="{width}" height="{height}"') == 2
    for theme in ("light", "dark"):
        img = re.search(
            rf'<img class="only-{theme}" src="data:image/svg\+xml;base64,([^"]+)"', page
        )
        link = re.search(
            rf'<a class="lstm-diagram-full only-{theme}" lang="en" href="([^"]+)"', page
        )
        assert img is not None
        assert link is not None
        assert base64.b64decode(img.group(1)).decode() == diagram.to_svg(theme)
        assert link.group(1) == f"data:image/svg+xml;base64,{img.group(1)}"  # full size: itself
    # never shrunk below 11 px text: min-width is the natural width scaled by 11 / smallest px
    min_width = int(re.search(r"min-width:(\d+)px", page).group(1))  # type: ignore[union-attr]
    assert min_width * diagram.min_font_px / width >= 11 - 0.05


def test_save_by_suffix(tmp_path: Path) -> None:
    diagram = logo()
    diagram.save(tmp_path / "logo.svg")
    diagram.save(tmp_path / "logo.PNG")
    assert (tmp_path / "logo.svg").read_text(encoding="utf-8") == diagram.to_svg()
    assert (tmp_path / "logo.PNG").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    diagram.save(tmp_path / "dark.svg", theme="dark")
    assert (tmp_path / "dark.svg").read_text(encoding="utf-8") == diagram.to_svg("dark")
    with pytest.raises(ValueError, match=r"theme: expected 'light' for \.png, got 'dark'"):
        diagram.save(tmp_path / "dark.png", theme="dark")
    with pytest.raises(
        ValueError,
        match=r"path: expected a path ending in '\.svg', '\.png' or '\.pdf', got .*logo\.jpg.*'\.jpg'",
    ):
        diagram.save(tmp_path / "logo.jpg")


def test_no_global_state_is_touched() -> None:
    before = {key: mpl.rcParams[key] for key in ("font.family", "svg.fonttype", "svg.hashsalt")}
    for build in BUILDERS.values():
        build().to_svg()
    after = {key: mpl.rcParams[key] for key in before}
    assert after == before
    assert _pylab_helpers.Gcf.get_num_fig_managers() == 0  # nothing went through pyplot


# --- the SVG compaction -----------------------------------------------------------------------
def absolute_points(data: str) -> list[tuple[float, float]]:
    """The points a path visits (commands M L H V Q C Z, absolute or relative)."""
    tokens = re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?|[A-Za-z]", data)
    points: list[tuple[float, float]] = []
    x = y = sx = sy = 0.0
    i = 0
    counts = {"m": 2, "l": 2, "q": 4, "c": 6, "h": 1, "v": 1, "z": 0}
    while i < len(tokens):
        cmd = tokens[i]
        n = counts[cmd.lower()]
        args = [float(v) for v in tokens[i + 1 : i + 1 + n]]
        i += 1 + n
        rel = cmd.islower()
        if cmd.lower() == "z":
            x, y = sx, sy
            continue
        if cmd.lower() == "h":
            x = x + args[0] if rel else args[0]
        elif cmd.lower() == "v":
            y = y + args[0] if rel else args[0]
        else:
            for j in range(0, n, 2):
                px, py = (x + args[j], y + args[j + 1]) if rel else (args[j], args[j + 1])
                points.append((px, py))
            x, y = points[-1]
            if cmd.lower() == "m":
                sx, sy = x, y
            continue
        points.append((x, y))
    return points


@pytest.mark.parametrize(
    "data",
    [
        "M 174.91 674.64 L 221.02 674.6 Q 226.04 674.6 226 669.5 L 226 649.44 z",
        "M 0 0 L 10.05 0 L 10.05 -3.333 C 1 2 3 4 5 6 Z M 7 7 L 7 9",
        "M 1e-05 2 L 3 4",
    ],
)
def test_relative_path_visits_the_rounded_points(data: str) -> None:
    compact = _svg.relative_path(data)
    expected = np.array(absolute_points(data))
    got = np.array(absolute_points(compact))
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=0.05 + 1e-9)  # a 0.1 pt grid
    assert len(compact) < len(data)


def test_relative_path_leaves_unknown_commands_alone() -> None:
    assert _svg.relative_path("M 1 2  A 3 4 0 0 1 5 6") == "M 1 2 A 3 4 0 0 1 5 6"


def test_compaction_keeps_every_named_group() -> None:
    figure = BUILDERS["unrolled"]().figure
    with _svg.context():
        import io

        raw = io.StringIO()
        figure.savefig(raw, format="svg", metadata=_svg.SVG_METADATA)
    raw_ids = {
        i for i in Svg(raw.getvalue()).ids if not re.fullmatch(r"(patch|text|line2d)_\d+", i)
    }
    compact = Svg(_svg.compact_svg(raw.getvalue()))
    assert raw_ids <= set(compact.ids)
    assert len(compact.text) < 0.6 * len(raw.getvalue())


# --- readable where the site shows them (issue 10, section 5) ----------------------------------
COLUMN_PX = 608  # the content column on a 1280 px desktop, where the pages show each figure
# the calls the narrative pages make (docs/index.md and docs/explain/*.md)
PAGE_FIGURES = {
    "cell": lambda: diagrams.cell(),
    "stacking": lambda: diagrams.unrolled(num_layers=2, steps=3, bidirectional=False),
    "why-two-directions": lambda: diagrams.unrolled(num_layers=1, steps=3, bidirectional=True),
    "article": lambda: diagrams.unrolled(2, 3, bidirectional=True, cross_direction=False),
    "nn.LSTM": lambda: diagrams.unrolled(2, 3, bidirectional=True, cross_direction=True),
    "state_layout": lambda: diagrams.state_layout(num_layers=2, bidirectional=True),
    "output_concat": lambda: diagrams.output_concat(steps=3, num_layers=1),
    "heatmaps 2": lambda: diagrams.dependency_heatmaps(
        [np.tril(np.ones((6, 6))), np.triu(np.ones((6, 6)))],
        ["1 layer, forward half", "1 layer, backward half"],
    ),
    "heatmaps 4": lambda: diagrams.dependency_heatmaps(
        [np.ones((6, 6))] * 4,
        [f"{n} layers, {half} half" for n in (2, 3) for half in ("forward", "backward")],
    ),
}


@functools.cache
def page_svg(name: str, theme: str = "light") -> str:
    """A page figure's SVG, drawn once per worker (several checks below read it)."""
    return PAGE_FIGURES[name]().to_svg(theme)


def smallest_px_at(svg: str, shown_px: float) -> float:
    """The smallest text's size in CSS px, read from the SVG (mathtext subscripts as drawn),
    when the picture is shown ``shown_px`` wide."""
    sizes = [float(s) for s in re.findall(r"font(?:-size)?:[^;}\"]*?([\d.]+)px", svg)]
    assert len(sizes) > 2, "no text found"
    view_width = float(ET.fromstring(svg).get("viewBox", "").split()[2])  # in points
    return min(sizes) * shown_px / view_width


@pytest.mark.parametrize("name", sorted(PAGE_FIGURES))
def test_page_figures_fit_the_column_with_text_of_11px(name: str) -> None:
    diagram = PAGE_FIGURES[name]()
    width = diagram.size_px[0]
    assert width <= COLUMN_PX, f"{name} is {width} px wide: it would scroll on a desktop"
    smallest = smallest_px_at(page_svg(name), min(width, COLUMN_PX))
    assert smallest >= 11, (name, smallest)


@pytest.mark.parametrize(("bidirectional", "cross"), WIRINGS)
@pytest.mark.parametrize("steps", [1, 4, 8])
@pytest.mark.parametrize("num_layers", [1, 4])
def test_no_figure_is_shown_with_text_below_11px(
    num_layers: int, steps: int, bidirectional: bool, cross: bool
) -> None:
    """Wider figures scroll instead of shrinking: at the min-width of their <img>, text >= 11 px."""
    page_html = diagrams.unrolled(num_layers, steps, bidirectional, cross)._repr_html_()
    min_width = float(re.search(r"min-width:(\d+)px", page_html).group(1))  # type: ignore[union-attr]
    light = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page_html).group(1)  # type: ignore[union-attr]
    assert smallest_px_at(base64.b64decode(light).decode(), min_width) >= 11 - 0.05


def svg_colours(svg: str) -> set[str]:
    return {c.upper() for c in re.findall(r'(?:fill|stroke)(?:: |=")(#[0-9a-fA-F]{6})', svg)}


def text_colours(svg: str) -> set[str]:
    """Fill colours of the text (inline, through a CSS class, or inherited from a group)."""
    classes = dict(re.findall(r"\.(s\d+)\{([^}]*)\}", svg))
    colours: set[str] = set()

    def walk(element: ET.Element, inherited: str) -> None:
        css = element.get("style") or classes.get(element.get("class", ""), "")
        fill = re.search(r"fill: (#[0-9a-fA-F]{6})", css)
        colour = fill.group(1).upper() if fill else inherited
        if element.tag.rsplit("}", 1)[-1] in ("text", "tspan") and (element.text or "").strip():
            colours.add(colour)
        for child in element:
            walk(child, colour)

    walk(ET.fromstring(svg), "#000000")  # SVG's default fill is black
    return colours


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# what text is written on: the card, and the light fills of boxes that hold labels
TEXT_GROUNDS = [style.CARD, style.FWD_TINT, style.BWD_TINT, style.NEUTRAL_TINT, style.GREEN_TINT]


@pytest.mark.parametrize("name", sorted(PAGE_FIGURES))
def test_dark_variant_is_drawn_for_the_dark_theme(name: str) -> None:
    light, dark = page_svg(name, "light"), page_svg(name, "dark")
    used = svg_colours(light)
    assert used <= set(style.DARK), used - set(style.DARK)  # every colour has a dark counterpart
    assert svg_colours(dark) == {style.DARK[c].upper() for c in used}
    # the same drawing: only the colours differ
    blank = re.compile(r"#[0-9a-fA-F]{6}")
    assert blank.sub("#", light) == blank.sub("#", dark)
    assert light != dark


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGE_FIGURES))
def test_text_contrast_is_at_least_4_5(name: str, theme: str) -> None:
    svg = page_svg(name, theme)
    inks = text_colours(svg)
    assert inks, "no text found"
    grounds = [c if theme == "light" else style.DARK[c] for c in TEXT_GROUNDS]
    for ink in inks:
        for ground in grounds:
            assert contrast(ink, ground) >= 4.5, (ink, ground, contrast(ink, ground))


def test_theme_is_checked() -> None:
    with pytest.raises(ValueError, match="theme: expected 'light' or 'dark', got 'sepia'"):
        diagrams.cell().to_svg("sepia")


# --- the printable cheat sheet ------------------------------------------------------------------
def per_direction_reference(lstm: torch.nn.LSTM, x: torch.Tensor) -> tuple[Any, Any, Any]:
    """Output, final h and final c of a bidirectional LSTM, computed one layer and one direction
    at a time by 1-layer unidirectional LSTMs with the weights copied in (backward: flipped)."""
    D, H = 2, lstm.hidden_size
    h, c, layer_input = {}, {}, x
    for layer in range(lstm.num_layers):
        halves = []
        for d in range(D):
            single = torch.nn.LSTM(layer_input.shape[-1], H)
            suffix = "_reverse" if d else ""
            with torch.no_grad():
                for name, parameter in single.named_parameters():
                    parameter.copy_(getattr(lstm, name.replace("_l0", f"_l{layer}{suffix}")))
                steps = layer_input.flip(0) if d else layer_input
                out, (h[layer, d], c[layer, d]) = single(steps)
            halves.append(out.flip(0) if d else out)  # back in time order
        layer_input = torch.cat(halves, dim=-1)
    return layer_input, {k: v[0] for k, v in h.items()}, {k: v[0] for k, v in c.items()}


def test_every_cheat_sheet_row_holds_on_a_real_lstm() -> None:
    from lstm_outputs.diagrams._cheat_sheet import ROWS

    torch.manual_seed(0)
    T, N, H_in, H, L, D = 5, 3, 4, 6, 3, 2
    lstm = torch.nn.LSTM(H_in, H, num_layers=L, bidirectional=True)
    x = torch.randn(T, N, H_in)
    with torch.no_grad():
        output, (h_n, c_n) = lstm(x)
    ref_out, ref_h, ref_c = per_direction_reference(lstm, x)
    top = L - 1
    meanings = {
        "forward outputs": lambda: ref_out[..., :H],
        "backward outputs": lambda: ref_out[..., H:],
        "outputs by direction": lambda: torch.stack([ref_out[..., :H], ref_out[..., H:]], dim=2),
        "backward output at t": lambda: ref_out[step, :, H:],
        "final state l=L-1 d=0": lambda: ref_h[top, 0],
        "final state l=L-1 d=1": lambda: ref_h[top, 1],
        "summary": lambda: torch.cat([ref_h[top, 0], ref_h[top, 1]], dim=1),
        "final state l d": lambda: ref_h[layer, direction],
        "final cell l d": lambda: ref_c[layer, direction],
        "all final states": lambda: torch.cat([ref_h[k] for k in sorted(ref_h)], dim=1),
        "final states d=0": lambda: torch.stack([ref_h[k, 0] for k in range(L)]),
    }
    assert {row.meaning for row in ROWS} == set(meanings)
    checked = 0
    for row in ROWS:
        for layer, direction, step in itertools.product(range(L), range(D), range(T)):
            env = {"output": output, "h_n": h_n, "c_n": c_n, "x": x, "torch": torch}
            env |= {"T": T, "N": N, "L": L, "D": D, "H": H, "l": layer, "d": direction, "t": step}
            expected = meanings[row.meaning]()
            for expression in (row.expression, *row.same):
                got = eval(expression, env)  # the page's text, run as written
                torch.testing.assert_close(got, expected, msg=f"{row.want}: {expression}")
                checked += 1
            for expression in row.wrong:
                got = eval(expression, env)
                assert got.shape != expected.shape or not torch.allclose(got, expected), (
                    f"{row.want}: {expression} is marked NOT but gives the same tensor"
                )
    assert checked >= len(ROWS) * L * D * T


def test_cheat_sheet_page_prints_every_row_in_black_and_white(tmp_path: Path) -> None:
    from lstm_outputs.diagrams._cheat_sheet import ROWS, cheat_sheet_page

    diagram = cheat_sheet_page()
    svg = diagram.to_svg()
    texts = {t.strip() for t in Svg(svg).root.itertext()}
    for row in ROWS:
        assert row.expression in texts
        assert {f"= {s}" for s in row.same} <= texts
        assert {f"NOT {s}" for s in row.wrong} <= texts
        assert row.expression in diagram.alt
    # no meaning by colour: ink, the white page and its edge only
    assert svg_colours(svg) <= {style.INK, style.CARD, style.CARD_EDGE}
    assert tuple(diagram.figure.get_size_inches()) == (8.27, 11.69)  # A4
    diagram.save(tmp_path / "sheet.pdf")
    diagram.save(tmp_path / "again.pdf")
    pdf = (tmp_path / "sheet.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf == (tmp_path / "again.pdf").read_bytes()  # deterministic: rebuilt only on change
