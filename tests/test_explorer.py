"""The shape explorer's rules (docs/_static/explorer.js) against real PyTorch.

One Node process runs the explorer's pure ``explore`` function on every configuration of a grid
(LSTM/GRU/RNN x 1-4 layers x both directions x batch_first x unbatched x proj_size x equal,
padded and packed batches, plus seeded random sizes). For each, the module is built and run by
PyTorch, and every shape the page shows, every expression it offers (evaluated on the real tensors)
and every equality it states is checked, against values computed independently of the explorer:
the state of layer ``l`` comes from a copy of the module cut to ``l + 1`` layers, read off its
``output`` (forward ends at the last step, backward at the first), and packed sequences are run
one at a time without padding. Impossible configurations must give torch's own exception and
message; the runnable snippet the page offers is executed for a sample of configurations.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import random
import re
import subprocess
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from lstm_outputs import describe, unstack_states
from tools.node import node_executable

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "_static" / "explorer.js"


def _load_extension() -> Any:
    """docs/_ext/explorer.py, which renders the form and the library's <noscript> tables."""
    spec = importlib.util.spec_from_file_location("explorer", ROOT / "docs/_ext/explorer.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


extension = _load_extension()
# A number the explorer printed, or input it quoted: the same pattern as NUM in explorer.js.
NUMBER = re.compile(r"(?<![\w.])[-+]?(\d+(\.\d+)?|\.\d+)(e[-+]?\d+)?|\u201c[^\u201d]*\u201d", re.I)


def template(text: str) -> tuple[str, list[str]]:
    """The key of a text the rules wrote (``Dim.what``), and the numbers it stands for, as
    explorer.js's ``tr`` keys it."""
    found: list[str] = []

    def hole(match: re.Match[str]) -> str:
        found.append(match[0])
        return "{" + str(len(found) - 1) + "}"

    return NUMBER.sub(hole, text), found


def tr(text: str, lang: str) -> str:
    """A text the rules wrote, in ``lang``."""
    key, args = template(text)
    return str(extension._(key, lang, *args))


def widget(lang: str = "en", compact: bool = False) -> str:
    """The directive's markup (docs/_templates/explorer/widget.html) as a page gets it."""
    return str(
        extension.render(lang, compact=compact, prefix="lx1", full="explorer.html", wiring="")
    )


MODULES = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}
# Each result also carries the receptive fields the page would show for one sequence (the first;
# packed: at its own length): reads[layer][direction][t] = [from, to].
NODE_MAIN = """
const {explore, reads} = require(process.argv[1]);
const range = (n) => Array.from({length: n}, (_, i) => i);
function run(raw) {
  const r = explore(raw);
  if (!r.ok) return r;
  const D = r.columns.length, T = r.packing ? Number(raw.lengths.split(/[\\s,]+/)[0]) : r.steps;
  r.reads = range(r.rows.length / D).map((l) => range(D).map((d) => range(T).map((t) =>
    reads(D, T, l, d, t))));
  return r;
}
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(run))));
"""


def node_json(program: str, payload: object, script: Path = SCRIPT, *files: Path) -> Any:
    """Run the Node ``program`` on explorer.js (``script``, then ``files`` as further arguments),
    ``payload`` as JSON in, JSON out, in one Node process."""
    done = subprocess.run(
        [node_executable(), "-e", program, str(script), *map(str, files)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def run_explorer(configs: list[dict[str, Any]], script: Path = SCRIPT) -> list[dict[str, Any]]:
    """``explore(config)`` for every configuration, in one Node process."""
    results: list[dict[str, Any]] = node_json(NODE_MAIN, configs, script)
    return results


def config(**raw: Any) -> dict[str, Any]:
    """A form's values: numbers as the strings a reader types, switches as booleans."""
    base: dict[str, Any] = {
        "mode": "LSTM",
        "input_size": "3",
        "hidden_size": "5",
        "num_layers": "2",
        "bidirectional": True,
        "batch_first": False,
        "proj_size": "0",
        "dropout": "0",
        "seq_len": "4",
        "batch": "3",
        "unbatched": False,
        "layout": "equal",
        "lengths": "",
    }
    base.update(
        {
            key: value if isinstance(value, (bool, str)) else str(value)
            for key, value in raw.items()
        }
    )
    return base


def grid() -> list[dict[str, Any]]:
    """The whole grid once, then seeded random sizes and lengths over it."""
    configs = []
    for mode in MODULES:
        for proj in ["0", "2"] if mode == "LSTM" else ["0"]:
            for layers in range(1, 5):
                for bidirectional in (False, True):
                    for batch_first in (False, True):
                        for layout in ("equal", "padded", "packed", "unbatched"):
                            configs.append(
                                config(
                                    mode=mode,
                                    proj_size=proj,
                                    num_layers=layers,
                                    bidirectional=bidirectional,
                                    batch_first=batch_first,
                                    unbatched=layout == "unbatched",
                                    layout="equal" if layout == "unbatched" else layout,
                                    lengths="4 2 3" if layout in ("padded", "packed") else "",
                                )
                            )
    rng = random.Random(13)
    for _ in range(96):
        mode = rng.choice(list(MODULES))
        hidden = rng.randint(1, 7)
        batch, steps = rng.randint(1, 4), rng.randint(1, 6)
        layout = rng.choice(["equal", "padded", "packed"])
        configs.append(
            config(
                mode=mode,
                input_size=rng.randint(1, 5),
                hidden_size=hidden,
                num_layers=rng.randint(1, 4),
                bidirectional=rng.random() < 0.5,
                batch_first=rng.random() < 0.5,
                proj_size=rng.randint(0, hidden - 1) if mode == "LSTM" else 0,
                dropout=rng.choice(["0", "0.25"]),
                seq_len=steps,
                batch=batch,
                layout=layout,
                lengths=" , ".join(str(rng.randint(1, steps)) for _ in range(batch)),
            )
        )
    return configs


GRID = grid()


@cache
def grid_results() -> list[dict[str, Any]]:
    return run_explorer(GRID)


def number(text: str) -> int | float:
    """A field's value as Python reads the same literal in the snippet."""
    value = float(text)
    return int(value) if re.fullmatch(r"\s*[-+]?\d+\s*", text) else value


def build(raw: dict[str, Any], layers: int | None = None) -> nn.RNNBase:
    """The module the configuration describes (cut to ``layers`` layers if given)."""
    kwargs: dict[str, Any] = {
        "input_size": number(raw["input_size"]),
        "hidden_size": number(raw["hidden_size"]),
        "num_layers": layers or number(raw["num_layers"]),
        "bidirectional": raw["bidirectional"],
        "batch_first": raw["batch_first"],
    }
    if number(raw["proj_size"]) != 0:
        kwargs["proj_size"] = number(raw["proj_size"])
    if number(raw["dropout"]) != 0 and layers is None:
        kwargs["dropout"] = number(raw["dropout"])
    module: nn.RNNBase = MODULES[raw["mode"]](**kwargs)
    return module.eval()  # dropout off: every run of it gives the same numbers


class Run:
    """One configuration built and run in torch, with the explorer's names bound to tensors."""

    def __init__(self, raw: dict[str, Any], seed: int) -> None:
        torch.manual_seed(seed)
        self.raw = raw
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the 1-layer dropout warning is checked elsewhere
            self.module = build(raw)
        self.lstm = raw["mode"] == "LSTM"
        self.unbatched, self.batch_first = raw["unbatched"], raw["batch_first"]
        steps, batch, features = int(raw["seq_len"]), int(raw["batch"]), int(raw["input_size"])
        # Time-major here; the layout the module expects is made from it.
        self.x_tm = (
            torch.randn(steps, features) if self.unbatched else torch.randn(steps, batch, features)
        )
        self.x = (
            self.x_tm.transpose(0, 1) if self.batch_first and not self.unbatched else self.x_tm
        )
        self.layout = raw["layout"]
        self.lengths = (
            torch.tensor([int(n) for n in re.split(r"[\s,]+", raw["lengths"].strip())])
            if self.layout != "equal"
            else None
        )
        self.names: dict[str, Any] = dict(
            torch=torch, pad_packed_sequence=pad_packed_sequence, x=self.x, lengths=self.lengths
        )

    def forward(self, states: dict[str, tuple[int, ...]]) -> None:
        """Run the module from zero initial states of the shapes the explorer gives."""
        h_0 = torch.zeros(states["h_0"])
        hx: Any = (h_0, torch.zeros(states["c_0"])) if self.lstm else h_0
        inputs: Any = self.x
        if self.layout == "packed":
            inputs = pack_padded_sequence(
                self.x, self.lengths, batch_first=self.batch_first, enforce_sorted=False
            )
            self.names["packed"] = inputs
        with torch.no_grad():
            output, hidden = self.module(inputs, hx)  # torch checks h_0 and c_0's shapes here
        h_n, c_n = hidden if self.lstm else (hidden, None)
        self.names.update(output=output, h_n=h_n, c_n=c_n, h_0=hx[0] if self.lstm else hx)
        if self.lstm:
            self.names["c_0"] = hx[1]

    def evaluate(self, code: str) -> Any:
        return eval(code, {}, self.names)

    # -- the truth, computed without the explorer's rules ---------------------------------------
    @cache  # noqa: B019 (one Run per test; the cache dies with it)
    def cut(self, layer: int) -> nn.RNNBase:
        """The module cut to its layers 0 to ``layer``: its ``output`` is that layer's."""
        cut = build(self.raw, layers=layer + 1)
        cut.load_state_dict(
            {
                key: value
                for key, value in self.module.state_dict().items()
                if int(re.search(r"_l(\d+)", key).group(1)) <= layer  # type: ignore[union-attr]
            }
        )
        return cut

    def sequence(self) -> torch.Tensor:
        """One sequence alone, (T, input_size): the first, cut to its length if packed."""
        x = self.x_tm if self.unbatched else self.x_tm[:, 0]
        return (
            x[: int(self.lengths[0])]
            if self.layout == "packed" and self.lengths is not None
            else x
        )

    @cache  # noqa: B019
    def finals(self, layer: int) -> tuple[torch.Tensor, ...]:
        """(forward, backward) final states of ``layer``, read off a cut module's ``output``,
        and its cell states (from the cut module's last rows)."""
        cut = self.cut(layer)
        directions = 2 if self.raw["bidirectional"] else 1
        with torch.no_grad():
            if self.layout == "packed":  # one sequence at a time, only its real steps
                assert self.lengths is not None
                outs, cells = [], []
                for i, n in enumerate(self.lengths.tolist()):
                    out, hidden = cut(self.x_tm[:n, i])  # unbatched: (n, D * H)
                    outs.append(out)
                    cells.append(hidden[1][-directions:] if self.lstm else out[:0])
                size = outs[0].shape[-1] // directions
                forward = torch.stack([out[-1, :size] for out in outs])
                backward = torch.stack([out[0, size:] for out in outs])
                cell = torch.stack(cells, dim=1)
            else:
                out, hidden = cut(self.x)
                if self.batch_first and not self.unbatched:
                    out = out.transpose(0, 1)
                size = out.shape[-1] // directions
                forward, backward = out[-1, ..., :size], out[0, ..., size:]
                cell = hidden[1][-directions:] if self.lstm else out[:0]
        return forward, backward, cell

    def truth(self, layer: int, direction: int) -> torch.Tensor:
        return self.finals(layer)[direction]

    def cell(self, layer: int, direction: int) -> torch.Tensor:
        return self.finals(layer)[2][direction]

    def last_valid_forward(self) -> torch.Tensor:
        """Each sequence run alone on its real steps: the top layer's forward output at its end."""
        assert self.lengths is not None
        rows = []
        with torch.no_grad():
            for i, n in enumerate(self.lengths.tolist()):
                out, _ = self.module(self.x_tm[:n, i])
                rows.append(out[-1])
        directions = 2 if self.raw["bidirectional"] else 1
        return torch.stack(rows)[:, : rows[0].shape[-1] // directions]


def close(actual: torch.Tensor, expected: torch.Tensor, what: str) -> None:
    torch.testing.assert_close(actual, expected, msg=lambda default: f"{what}: {default}")


def check_against_torch(raw: dict[str, Any], result: dict[str, Any], seed: int) -> None:
    assert result["ok"], (raw, result["errors"])
    run = Run(raw, seed)
    tensors = {t["name"]: tuple(t["shape"]) for t in result["tensors"]}
    run.forward(tensors)
    for expression in result["expressions"]:
        run.names[expression["name"]] = run.evaluate(expression["code"])
        shape = tuple(run.names[expression["name"]].shape)
        assert shape == tuple(expression["shape"]), (expression, shape)
    for tensor in result["tensors"]:
        shape = tuple(run.evaluate(tensor["code"]).shape)
        assert shape == tuple(tensor["shape"]), (tensor["name"], shape, tensor["shape"])
        assert [d["size"] for d in tensor["dims"]] == tensor["shape"]
    for left, right in result["facts"]:
        close(run.evaluate(left), run.evaluate(right), f"{left} == {right}")

    h_n, c_n, names = run.names["h_n"], run.names["c_n"], run.names
    layers = int(raw["num_layers"])
    directions = 2 if raw["bidirectional"] else 1
    assert len(result["rows"]) == layers * directions == h_n.shape[0]
    for row in result["rows"]:
        layer, direction = row["layer"], row["direction"]
        assert row["negative"] == row["row"] - h_n.shape[0]
        close(h_n[row["row"]], run.truth(layer, direction), f"h_n row {row}")
        if c_n is not None:
            close(c_n[row["row"]], run.cell(layer, direction), f"c_n row {row}")
    # output's last dimension: each direction's block holds that direction's top-layer states.
    top = layers - 1
    time_major = names["padded" if run.layout == "packed" else "output"]
    if run.batch_first and not run.unbatched:
        time_major = time_major.transpose(0, 1)
    for block in result["columns"]:
        columns = time_major[..., block["start"] : block["stop"]]
        if block["direction"] == 1:
            close(columns[0], run.truth(top, 1), "backward columns at step 0")
        elif run.layout == "packed":
            assert run.lengths is not None
            ends = columns[run.lengths - 1, torch.arange(len(run.lengths))]
            close(ends, run.truth(top, 0), "forward columns at each last real step")
        else:
            close(columns[-1], run.truth(top, 0), "forward columns at the last step")
    assert (
        sum(block["stop"] - block["start"] for block in result["columns"])
        == (time_major.shape[-1])
    )
    keys = {e["key"]: names[e["name"]] for e in result["expressions"]}
    forward = [run.truth(layer, 0) for layer in range(layers)]
    close(keys["top_fwd"], forward[-1], "top forward")
    for layer in range(layers):
        for direction in range(directions):
            close(keys["view"][layer, direction], run.truth(layer, direction), "view")
    if directions == 2:
        backward = [run.truth(layer, 1) for layer in range(layers)]
        close(keys["top_bwd"], backward[-1], "top backward")
        close(keys["summary"], torch.cat([forward[-1], backward[-1]], dim=-1), "summary")
        close(keys["fwd_rows"], torch.stack(forward), "forward rows")
        close(keys["bwd_rows"], torch.stack(backward), "backward rows")
        close(keys["dec_h"], torch.cat([torch.stack(forward), torch.stack(backward)], -1), "h")
        if run.lstm:
            cells = [torch.stack([run.cell(layer, d) for layer in range(layers)]) for d in (0, 1)]
            close(keys["dec_c"], torch.cat(cells, dim=-1), "decoder c_0")
    else:
        close(keys["summary"], forward[-1], "summary")
    if run.layout != "equal":
        size = forward[-1].shape[-1]
        mixed = run.layout == "padded" and directions == 2 and layers >= 2
        assert run.lengths is not None
        if not mixed:
            close(keys["last_valid"][:, :size], run.last_valid_forward(), "last valid step")
        elif int(run.lengths.min()) < int(raw["seq_len"]):
            # The layer below's backward pass read the padding: the page says so.
            clean = run.last_valid_forward()
            assert not torch.allclose(keys["last_valid"][:, :size], clean, atol=1e-4)
        assert any("depends on the padding" in note for note in result["notes"]) == mixed
        check_last_valid_note(run, result, keys["last_valid"])
    check_weights_memory_and_packing(run, result)
    if run.unbatched or int(raw["batch"]) > 0:
        check_receptive_fields(run, result["reads"])
    expected_keys = {"view", "top_fwd", "summary"} | (
        {"top_bwd", "fwd_rows", "bwd_rows", "dec_h"} | ({"dec_c"} if run.lstm else set())
        if directions == 2
        else set()
    )
    expected_keys |= {"last_valid"} if run.layout != "equal" else set()
    expected_keys |= {"padded"} if run.layout == "packed" else set()
    assert set(keys) == expected_keys


def check_receptive_fields(run: Run, reads: list[Any]) -> None:
    """Which inputs each layer and direction has read at each step of one sequence, found by
    changing one input x[s] at a time and seeing which outputs of the cut module move (in
    float64, where an output that does not read x[s] moves by rounding only, below 1e-12):
    ``reads[layer][direction][t]`` is [from, to] (``reads`` in explorer.js)."""
    x = run.sequence().double()
    with torch.no_grad():
        for layer, by_direction in enumerate(reads):
            cut = copy.deepcopy(run.cut(layer)).double()
            base, _ = cut(x)
            size = base.shape[-1] // len(by_direction)
            moved = []
            for s in range(len(x)):
                changed = x.clone()
                changed[s] += 1.0
                out, _ = cut(changed)
                moved.append((out - base).abs().view(len(x), len(by_direction), size).amax(-1))
            for direction, spans in enumerate(by_direction):
                for t, (first, last) in enumerate(spans):
                    shown = [s for s in range(len(x)) if moved[s][t, direction] > 1e-12]
                    assert shown == list(range(first, last + 1)), (layer, direction, t, shown)


def check_last_valid_note(run: Run, result: dict[str, Any], last_valid: torch.Tensor) -> None:
    """The backward half of ``last_valid`` is not a summary: the note beside it says so for every
    bidirectional module, and what it says holds."""
    (expression,) = (e for e in result["expressions"] if e["key"] == "last_valid")
    directions = 2 if run.raw["bidirectional"] else 1
    assert ("note" in expression) == (directions == 2)
    if directions == 1:
        return
    assert run.lengths is not None
    size = last_valid.shape[-1] // 2
    backward, summary = last_valid[:, size:], run.names["h_n"][-1]
    layers, lengths = int(run.raw["num_layers"]), run.lengths.tolist()
    if run.layout == "packed":
        assert "taken one step" in expression["note"]
        for i, n in enumerate(lengths):
            if layers == 1:  # the backward direction alone on the last real step
                with torch.no_grad():
                    alone, _ = run.module(run.x_tm[n - 1 : n, i])
                close(backward[i], alone[0, size:], "backward half: one step")
            if n > 1:  # h_n[-1] is the backward summary; the last step's state is not
                assert not torch.allclose(backward[i], summary[i], atol=1e-5)
    else:
        assert "read the padding" in expression["note"]
        steps = int(run.raw["seq_len"])
        noisy = run.x_tm.clone()
        for i, n in enumerate(lengths):
            noisy[n:, i] = torch.randn_like(noisy[n:, i]) * 3
        x = noisy.transpose(0, 1) if run.batch_first else noisy
        with torch.no_grad():
            output, _ = run.module(x)
        if run.batch_first:
            output = output.transpose(0, 1)
        again = output[run.lengths - 1, torch.arange(len(lengths)), size:]
        for i, n in enumerate(lengths):  # another padding, another backward half
            changed = not torch.allclose(again[i], backward[i], atol=1e-6)
            assert changed == (n < steps), (i, n)


def check_weights_memory_and_packing(run: Run, result: dict[str, Any]) -> None:
    """Every parameter's name and shape in named_parameters()'s order, their count, the bytes at
    float32 and the PackedSequence's index tensors, as torch has them."""
    named = [(name, list(p.shape)) for name, p in run.module.named_parameters()]
    assert [(p["name"], p["shape"]) for p in result["params"]] == named
    assert [p["numel"] for p in result["params"]] == [p.numel() for p in run.module.parameters()]
    total = sum(p.numel() for p in run.module.parameters())
    assert result["parameters"] == total
    names = run.names
    real = {"output": names["output"], "h_n": names["h_n"]}
    if run.layout == "packed":
        real = {"output.data": names["output"].data, "h_n": names["h_n"]}
    if run.lstm:
        real["c_n"] = names["c_n"]
    sizes = {name: t.numel() * t.element_size() for name, t in real.items()}
    sizes["parameters"] = sum(p.numel() * p.element_size() for p in run.module.parameters())
    assert {m["name"]: m["bytes"] for m in result["memory"]} == sizes
    packed = names.get("packed")
    assert (packed is not None) == ("packing" in result)
    if packed is None:
        return
    shown = result["packing"]
    assert shown["batch_sizes"] == packed.batch_sizes.tolist()
    assert shown["sorted_indices"] == packed.sorted_indices.tolist()
    assert shown["unsorted_indices"] == packed.unsorted_indices.tolist()
    if not shown["sorted"]:
        with pytest.raises(RuntimeError, match="must be sorted in decreasing order"):
            pack_padded_sequence(
                run.x, run.lengths, batch_first=run.batch_first, enforce_sorted=True
            )
    else:
        strict = pack_padded_sequence(
            run.x, run.lengths, batch_first=run.batch_first, enforce_sorted=True
        )
        assert strict.sorted_indices is None
        assert strict.unsorted_indices is None
        torch.testing.assert_close(strict.data, packed.data)


def test_the_grid_is_large_and_covers_every_axis() -> None:
    assert len(GRID) >= 300
    for axis in ("mode", "num_layers", "bidirectional", "batch_first", "unbatched", "layout"):
        values = {str(raw[axis]) for raw in GRID}
        assert len(values) >= 2, axis
    assert {raw["proj_size"] for raw in GRID if raw["mode"] == "LSTM"} > {"0"}
    assert all(result["ok"] for result in grid_results())


@pytest.mark.parametrize("chunk", range(8))
def test_every_shape_expression_and_fact_holds_in_torch(chunk: int) -> None:
    for index in range(chunk, len(GRID), 8):
        check_against_torch(GRID[index], grid_results()[index], seed=index)


def packed_configs(count: int = 320) -> list[dict[str, Any]]:
    """Seeded packed batches: sizes, lengths (ties, sorted or not) and layouts a reader might type."""
    rng = random.Random(29)
    configs = []
    for _ in range(count):
        batch, steps = rng.randint(1, 8), rng.randint(1, 8)
        lengths = [rng.randint(1, steps) for _ in range(batch)]
        if rng.random() < 0.3:
            lengths.sort(reverse=True)  # already sorted: enforce_sorted=True would accept it
        configs.append(
            config(
                mode=rng.choice(list(MODULES)),
                num_layers=rng.randint(1, 3),
                bidirectional=rng.random() < 0.5,
                batch_first=rng.random() < 0.5,
                seq_len=steps,
                batch=batch,
                layout="packed",
                lengths=rng.choice([" ", ", ", ","]).join(map(str, lengths)),
            )
        )
    return configs


def test_packed_internals_match_torch_on_many_batches() -> None:
    """batch_sizes, sorted_indices, unsorted_indices and "sorted" as torch's own packing gives them."""
    configs = packed_configs()
    assert len(configs) >= 300
    for raw, result in zip(configs, run_explorer(configs), strict=True):
        assert result["ok"], (raw, result)
        lengths = [int(n) for n in re.split(r"[ ,]+", raw["lengths"].strip())]
        steps, batch = int(raw["seq_len"]), int(raw["batch"])
        x = torch.zeros((batch, steps, 1) if raw["batch_first"] else (steps, batch, 1))
        packed = pack_padded_sequence(
            x, lengths, batch_first=raw["batch_first"], enforce_sorted=False
        )
        shown = result["packing"]
        assert shown["batch_sizes"] == packed.batch_sizes.tolist(), raw
        assert shown["sorted_indices"] == packed.sorted_indices.tolist(), raw
        assert shown["unsorted_indices"] == packed.unsorted_indices.tolist(), raw
        assert shown["sorted"] == (lengths == sorted(lengths, reverse=True)), raw


@pytest.mark.parametrize("index", range(0, len(GRID), 9))
def test_the_snippet_runs_and_passes(index: int) -> None:
    snippet = grid_results()[index]["snippet"]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # oneDNN's note on proj_size, 1-layer dropout
        exec(compile(snippet, f"<snippet {index}>", "exec"), {"__name__": "__snippet__"})
    assert printed.getvalue() == "Every fact the explorer shows holds for this module.\n"


def test_the_snippet_fails_when_a_fact_is_wrong() -> None:
    index = next(i for i, raw in enumerate(GRID) if raw["num_layers"] == "2")
    snippet = grid_results()[index]["snippet"]
    broken = snippet.replace("by_layer[-1, 0])", "by_layer[0, 0])", 1)
    assert broken != snippet
    with pytest.raises(AssertionError), contextlib.redirect_stdout(io.StringIO()):
        exec(compile(broken, "<broken snippet>", "exec"), {"__name__": "__snippet__"})


# -- impossible configurations: torch's own exception and message ---------------------------------
TORCH_ERRORS = {
    "proj_size equal to hidden_size": config(proj_size=5),
    "proj_size above hidden_size": config(proj_size=9, hidden_size=4),
    "negative proj_size": config(proj_size=-1),
    "proj_size on a GRU": config(mode="GRU", proj_size=2),
    "proj_size on an RNN": config(mode="RNN", proj_size=7),
    "zero hidden_size": config(hidden_size=0),
    "negative hidden_size": config(hidden_size=-3),
    "zero input_size": config(input_size=0),
    "zero num_layers": config(num_layers=0),
    "negative num_layers": config(num_layers=-2),
    "fractional input_size": config(input_size="2.5"),
    "fractional hidden_size": config(hidden_size="4.5"),
    "dropout above 1": config(dropout="1.5"),
    "negative dropout": config(dropout="-0.1"),
    "zero steps": config(seq_len=0),
    "zero steps, unbatched": config(seq_len=0, unbatched=True),
    "zero steps, batch_first": config(seq_len=0, batch_first=True),
    "a zero length, packed": config(layout="packed", lengths="4 0 2"),
    "proj_size before hidden_size's check": config(mode="GRU", proj_size=1, hidden_size=0),
    "dropout before input_size's check": config(dropout=2, input_size=0),
}


def torch_outcome(raw: dict[str, Any]) -> tuple[str, str]:
    """(exception type, message) torch raises for the configuration built as the snippet would."""
    try:
        kwargs: dict[str, Any] = {
            "input_size": number(raw["input_size"]),
            "hidden_size": number(raw["hidden_size"]),
            "num_layers": number(raw["num_layers"]),
            "bidirectional": raw["bidirectional"],
            "batch_first": raw["batch_first"],
        }
        if number(raw["proj_size"]) != 0:
            kwargs["proj_size"] = number(raw["proj_size"])
        if number(raw["dropout"]) != 0:
            kwargs["dropout"] = number(raw["dropout"])
        module = MODULES[raw["mode"]](**kwargs)
        steps, batch = int(raw["seq_len"]), int(raw["batch"])
        shape = (
            (steps, kwargs["input_size"])
            if raw["unbatched"]
            else (batch, steps, kwargs["input_size"])
            if raw["batch_first"]
            else (steps, batch, kwargs["input_size"])
        )
        inputs: Any = torch.randn(shape)
        if raw["layout"] == "packed":
            lengths = torch.tensor([int(n) for n in raw["lengths"].split()])
            inputs = pack_padded_sequence(
                inputs, lengths, batch_first=raw["batch_first"], enforce_sorted=False
            )
        module(inputs)
    except (ValueError, TypeError, RuntimeError) as error:
        return type(error).__name__, str(error)
    raise AssertionError(f"torch accepted {raw}")


@pytest.mark.parametrize("case", list(TORCH_ERRORS))
def test_an_impossible_configuration_shows_torchs_own_message(case: str) -> None:
    raw = TORCH_ERRORS[case]
    (result,) = run_explorer([raw])
    assert not result["ok"]
    assert result["torch"] is not None, result["errors"]
    assert (result["torch"]["type"], result["torch"]["message"]) == torch_outcome(raw)
    field = result["torch"]["field"]
    assert result["errors"][field] == f"{result['torch']['type']}: {result['torch']['message']}"


@pytest.mark.parametrize("dropout", ["0.5", "1", "0.00002", "1e-7", "0.0001", "0.123456789"])
def test_the_dropout_warning_is_torchs(dropout: str) -> None:
    raw = config(num_layers=1, dropout=dropout)
    (result,) = run_explorer([raw])
    assert result["ok"]
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers") as caught:
        build({**raw, "dropout": str(float(dropout))})  # the snippet passes a float
    assert result["warning"] == str(caught[0].message)
    assert f"dropout={float(dropout)!r}" in result["snippet"]


def test_a_second_layer_silences_the_dropout_warning() -> None:
    (quiet,) = run_explorer([config(num_layers=2, dropout="0.5")])
    assert quiet["ok"]
    assert quiet["warning"] is None


# -- input torch never sees: the explorer's own inline messages ------------------------------------
INLINE_ERRORS = {
    "empty hidden_size": (config(hidden_size=" "), "hidden_size", "Enter a value."),
    "non-numeric input_size": (config(input_size="abc"), "input_size", "Not a number"),
    "half a number": (config(num_layers="2x"), "num_layers", "Not a number"),
    "fractional num_layers": (config(num_layers="1.5"), "num_layers", "whole number"),
    "fractional batch": (config(batch="2.5"), "batch", "whole number"),
    "too many layers": (config(num_layers=101), "num_layers", "At most 100 here (PyTorch"),
    "huge hidden_size": (config(hidden_size=10**6), "hidden_size", "At most 100000 here (PyT"),
    "negative steps": (config(seq_len=-1), "seq_len", "Must be at least 1."),
    "negative batch": (config(batch=-1), "batch", "0 or more"),
    "missing lengths": (config(layout="padded"), "lengths", "one length per sequence"),
    "too few lengths": (config(layout="packed", lengths="4 2"), "lengths", "Expected 3 lengths"),
    "length above steps": (config(layout="packed", lengths="5 2 1"), "lengths", "at most"),
    "non-numeric length": (config(layout="padded", lengths="4 x 1"), "lengths", "whole numbers"),
    "zero length, padded": (config(layout="padded", lengths="4 0 1"), "lengths", "at least 1"),
    "packing one sequence": (config(layout="packed", unbatched=True), "layout", "unbatched"),
    "packing no sequence": (config(layout="padded", batch=0), "layout", "at least one"),
}


@pytest.mark.parametrize("case", list(INLINE_ERRORS))
def test_bad_input_gets_an_inline_message(case: str) -> None:
    raw, field, fragment = INLINE_ERRORS[case]
    (result,) = run_explorer([raw])
    assert not result["ok"]
    assert result["torch"] is None
    assert fragment in result["errors"][field], result["errors"]
    assert "tensors" not in result


def test_the_limits_are_the_explorers_not_torchs() -> None:
    """The explorer stops at 100 layers and sizes of 100,000 and says that torch accepts more."""
    assert nn.LSTM(3, 5, num_layers=101).num_layers == 101
    assert nn.GRU(100_001, 1).weight_ih_l0.shape == (3, 100_001)
    for raw, field in [
        (config(num_layers=101), "num_layers"),
        (config(input_size=100_001), "input_size"),
    ]:
        (result,) = run_explorer([raw])
        assert result["errors"][field].endswith("here (PyTorch itself accepts more).")


def test_zero_steps_is_refused_as_the_message_says() -> None:
    """Negative: "at least 1"; zero: torch's own error. Never "0 or more" then a refusal of 0."""
    negative, zero = run_explorer([config(seq_len=-1), config(seq_len=0)])
    assert negative["errors"]["seq_len"] == "Must be at least 1."
    assert zero["torch"]["message"] == torch_outcome(config(seq_len=0))[1]
    (zero_batch,) = run_explorer([config(batch=-1)])
    assert zero_batch["errors"]["batch"] == "Must be 0 or more."  # and batch=0 runs (below)


NODE_CALL = """
const api = require(process.argv[1]);
const calls = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(calls.map(([name, ...args]) => api[name](...args))));
"""


def call_explorer(calls: list[list[Any]]) -> list[Any]:
    """``api[name](...args)`` of explorer.js for each ``[name, *args]``, in one Node process."""
    results: list[Any] = node_json(NODE_CALL, calls)
    return results


def test_a_hand_edited_address_says_what_it_ignored() -> None:
    (raw, ignored), (clean, none) = call_explorer(
        [
            ["fromQuery", "?bidirectional=true&mode=XYZ&foo=1&batch_first=yes&num_layers=3"],
            ["fromQuery", "?bidirectional=1&unbatched=0&mode=GRU&layout=packed"],
        ]
    )
    assert raw == {"bidirectional": True, "num_layers": "3"}
    assert ignored == [
        ["mode=XYZ", ["LSTM", "GRU", "RNN"]],
        ["foo=1", []],  # not a setting
        ["batch_first=yes", ["1", "0", "true", "false"]],
    ]
    assert clean == {"bidirectional": True, "unbatched": False, "mode": "GRU", "layout": "packed"}
    assert none == []


def test_the_picture_links_a_row_an_output_slice_and_a_cell() -> None:
    """Selecting h_n[r] marks the cell that produced it (forward: the last step, backward: the
    first), an output slice marks the top layer's cell at that step, and a cell marks the inputs
    it has read and the slices it feeds."""
    (result,) = run_explorer([config(num_layers=3, seq_len=6)])
    rows = [r for r in result["rows"]]
    calls = [["links", result, ["row", r["row"]]] for r in rows]
    calls += [["links", result, ["out", 2, d]] for d in (0, 1)]
    calls += [["links", result, ["cell", 0, 1, 0]], ["links", result, ["cell", 1, 0, 2]]]
    calls += [["links", result, ["expr", "top_bwd"]], ["links", result, ["expr", "view"]]]
    got = call_explorer(calls)
    for r, picked in zip(rows, got, strict=False):
        step = 0 if r["direction"] else 5
        assert picked["cells"] == [[r["layer"], r["direction"], step]]
        assert picked["rows"] == [r["row"]]
        assert picked["x"] == [0, 5]  # a final state has read the whole sequence
    forward_out, backward_out = got[len(rows)], got[len(rows) + 1]
    assert forward_out["cells"] == [[2, 0, 2]]
    assert forward_out["out"] == [[2, 0]]
    assert backward_out["cells"] == [[2, 1, 2]]
    low_backward, high_forward = got[len(rows) + 2], got[len(rows) + 3]
    assert low_backward == {"cells": [[0, 1, 0]], "x": [0, 5], "out": [], "rows": [1]}
    assert high_forward == {"cells": [[1, 0, 2]], "x": [0, 5], "out": [], "rows": []}
    assert got[-2]["cells"] == [[2, 1, 0]]
    assert sorted(got[-1]["cells"]) == sorted(
        [[r["layer"], r["direction"], 0 if r["direction"] else 5] for r in rows]
    )


def test_the_noscript_reads_are_the_javascripts() -> None:
    """The <noscript> table of what each state has read (found by autograd through the library's
    layer_outputs) says what explorer.js's ``reads`` says for the preset, at every step."""
    (result,) = run_explorer([{}])
    _, _, reads = extension.preset_facts()
    assert (
        [
            (
                layer,
                d,
                extension.span_end([s[0] for s in spans]),
                extension.span_end([s[1] for s in spans]),
            )
            for layer, by_direction in enumerate(result["reads"])
            for d, spans in enumerate(by_direction)
        ]
        == reads
        == [(0, 0, "0", "t"), (0, 1, "t", "9"), (1, 0, "0", "9"), (1, 1, "0", "9")]
    )


def test_receptive_fields_match_autograd() -> None:
    """For a sample of configurations: the gradient of each layer's output at step t, direction d,
    is non-zero exactly for the inputs the page says that state has read."""
    sample = GRID[1::29]
    assert {raw["mode"] for raw in sample} == set(MODULES)
    assert {raw["bidirectional"] for raw in sample} == {True, False}
    for index, (raw, result) in enumerate(zip(sample, run_explorer(sample), strict=True)):
        run = Run(raw, seed=index)
        x = run.sequence().double().requires_grad_()
        for layer, by_direction in enumerate(result["reads"]):
            cut = copy.deepcopy(run.cut(layer)).double()
            out, _ = cut(x)
            size = out.shape[-1] // len(by_direction)
            for direction, spans in enumerate(by_direction):
                for t, (first, last) in enumerate(spans):
                    weights = torch.zeros_like(out)
                    weights[t, direction * size : (direction + 1) * size] = 1.0
                    (grad,) = torch.autograd.grad(out, x, weights, retain_graph=True)
                    read = grad.abs().sum(-1).nonzero().flatten().tolist()
                    assert read == list(range(first, last + 1)), (raw, layer, direction, t)


def test_an_unbatched_input_ignores_the_batch_field() -> None:
    (result,) = run_explorer([config(unbatched=True, batch="not used")])
    assert result["ok"]
    assert result["tensors"][0]["shape"] == [4, 3]


def test_a_zero_batch_runs_in_torch() -> None:
    raw = config(batch=0)
    (result,) = run_explorer([raw])
    check_against_torch(raw, result, seed=0)


# -- the <noscript> tables: the library agrees with the JavaScript ---------------------------------
@pytest.mark.parametrize("chunk", range(2))
def test_the_library_describes_what_the_javascript_shows(chunk: int) -> None:
    """On the whole grid, ``describe`` gives every tensor it reports the shape the explorer shows,
    and ``unstack_states`` puts each row of ``h_n`` at the explorer's layer and direction."""
    for index in range(chunk, len(GRID), 2):
        raw, result = GRID[index], grid_results()[index]
        run = Run(raw, seed=index)
        shown = {t["name"]: t["shape"] for t in result["tensors"]}
        inputs: Any = run.x
        if run.layout == "packed":
            inputs = pack_padded_sequence(
                run.x, run.lengths, batch_first=run.batch_first, enforce_sorted=False
            )
        h_0 = torch.zeros(shown["h_0"])
        hx: Any = (h_0, torch.zeros(shown["c_0"])) if run.lstm else h_0
        report = describe(run.module, inputs, hx)
        names = {"input": "input, packed", "output": "output (PackedSequence)"}
        described = {names[t.name] if t.packed else t.name: list(t.shape) for t in report.tensors}
        assert set(described) == set(shown) - {"input", "output, padded back"} | (
            {"input"} if run.layout != "packed" else set()
        ), (raw, described, shown)
        assert all(shown[name] == shape for name, shape in described.items()), (raw, described)
        numbered = torch.zeros(shown["h_n"]) + torch.arange(float(len(result["rows"]))).view(
            -1, *[1] * (len(shown["h_n"]) - 1)
        )
        by_layer = unstack_states(numbered, run.module)
        for row in result["rows"]:
            assert by_layer[row["layer"], row["direction"]].flatten()[0] == row["row"], raw


def test_the_preset_is_the_same_in_both() -> None:
    (result,) = run_explorer([{}])
    report, rows, _ = extension.preset_facts()
    assert (
        result["module"]
        == "nn.LSTM(input_size=16, hidden_size=128, num_layers=2, bidirectional=True)"
    )
    assert report.module == "LSTM(16, 128, num_layers=2, bidirectional=True)"
    assert result["steps"] == extension.STEPS
    assert {t["name"]: t["shape"] for t in result["tensors"]} == {
        t.name: list(t.shape) for t in report.tensors
    }
    assert [(r["row"], r["layer"], r["direction"]) for r in result["rows"]] == rows


# -- languages: one string table per language, every string of the explorer in each -----------------
ZH = "zh_CN"
TABLE = SCRIPT.with_name(f"explorer-{ZH}.js")
# The page's layer in Node, on a stand-in document (no widget), rendering with a table that records
# every key asked for: the keys of the strings the page shows for these configurations.
NODE_RENDER = """
global.document = {readyState: "complete", querySelectorAll: () => []};
global.window = {};
const explorer = require(process.argv[1]);
new Function("window", require("fs").readFileSync(process.argv[2], "utf8"))(window);
const zh = window.lstmExplorerStrings.zh_CN, asked = new Set();
explorer.use(new Proxy(zh, {get: (table, key) => (asked.add(key), table[key])}));
const out = JSON.parse(require("fs").readFileSync(0, "utf8")).map((raw) => {
  const result = explorer.explore(raw);
  return result.ok ? [result, explorer.render(result, true, "lx1"), explorer.render(result, false,
    "lx2")] : [result, "", ""];
});
process.stdout.write(JSON.stringify({asked: [...asked], out}));
"""
LANGUAGE_CONFIGS = [*GRID, *(raw for raw, _, _ in INLINE_ERRORS.values()), config(dropout=0.5)]


@cache
def rendered_in_chinese() -> dict[str, Any]:
    """The page layer of explorer.js on every language configuration, with the Chinese table."""
    result: dict[str, Any] = node_json(NODE_RENDER, LANGUAGE_CONFIGS, SCRIPT, TABLE)
    return result


def is_pytorchs(message: str) -> bool:
    """PyTorch's own messages stay in English: readers search for them."""
    return re.match(r"\w+Error: ", message) is not None


def english_keys() -> set[str]:
    """Every key of the explorer's strings: what the page layer asks for over the configurations,
    the explorer's inline messages (keyed as tr() keys them), the literal keys of the form's script
    code, and what the templates ask for while rendering the form and the <noscript> tables."""
    keys = set(rendered_in_chinese()["asked"])
    for result, _, _ in rendered_in_chinese()["out"]:
        keys |= {
            template(message)[0]
            for message in result["errors"].values()
            if not is_pytorchs(message)
        }
    source = SCRIPT.read_text(encoding="utf-8")
    keys |= {json.loads(f'"{key}"') for key in re.findall(r'\btr\("((?:[^"\\]|\\.)*)"', source)}

    class Recording(dict[str, str]):
        def __getitem__(self, key: str) -> str:
            keys.add(key)
            return key

    chinese = extension.TABLES[ZH]
    extension.TABLES[ZH] = Recording()
    try:
        for compact in (True, False):
            widget(ZH, compact)
    finally:
        extension.TABLES[ZH] = chinese
    return keys


def test_the_chinese_table_has_exactly_the_english_keys() -> None:
    chinese = extension.load_table(ZH)
    assert sorted(english_keys() - set(chinese)) == []  # untranslated
    assert sorted(set(chinese) - english_keys()) == []  # no longer used
    assert all(text.strip() and text != key for key, text in chinese.items() if key.strip(", ;"))


def test_every_chinese_string_keeps_its_placeholders() -> None:
    for key, text in extension.load_table(ZH).items():
        assert sorted(re.findall(r"\{\d\}", key)) == sorted(re.findall(r"\{\d\}", text)), key


def test_english_needs_no_table_and_shows_the_text_itself() -> None:
    assert extension.load_table("en") == {}
    for result, _, _ in rendered_in_chinese()["out"]:
        for message in result["errors"].values():
            assert tr(message, "en") == message
    assert not TABLE.with_name("explorer-en.js").exists()


def test_python_and_javascript_key_texts_the_same_way() -> None:
    js = re.search(r"NUM = /(.*)/gi;", SCRIPT.read_text(encoding="utf-8"))
    assert js is not None
    python = NUMBER.pattern.replace("\\u201c", "\u201c").replace("\\u201d", "\u201d")
    assert js[1] == python
    assert NUMBER.flags & re.IGNORECASE
    assert template("Expected 3 lengths (one per sequence), got 2.") == (
        "Expected {0} lengths (one per sequence), got {1}.",
        ["3", "2"],
    )
    assert template("Not a number: \u201c1e5x\u201d.") == (
        "Not a number: {0}.",
        ["\u201c1e5x\u201d"],
    )
    assert template("h_0 for a decoder of state size 8") == (
        "h_0 for a decoder of state size {0}",
        ["8"],
    )


CODE = {"lengths", "output"}  # variables of the snippet, named in the Chinese text as in the code


def test_the_chinese_page_layer_shows_no_english_string() -> None:
    """Every key the Chinese page asked for is in the table, and its text has no English words
    but code, argument names and PyTorch's own messages."""
    chinese = extension.load_table(ZH)
    assert set(rendered_in_chinese()["asked"]) <= set(chinese)
    for key in chinese:
        for fragment in re.split(r"\{\d\}|<code>.*?</code>", chinese[key]):
            words = {w for w in re.findall(r"[A-Za-z_]\w+", fragment) if "_" not in w}
            assert words <= {"LSTM", "PyTorch", "PackedSequence", "JavaScript", *CODE}, key


# English term -> the glossary's Chinese term (docs/locale's glossary; a term inside code, as
# `output` names the tensor in "Last dimension of output", stays English next to the Chinese).
GLOSSARY = {
    r"final states?": "最终状态",
    r"cell states?": "细胞状态",
    r"unidirectional": "单向",
    # "the backward direction" is 反向 (the glossary's longer term): no 方向 on top
    r"(?<!forward )(?<!backward )directions?": "方向",
    r"forward": "前向",
    r"backward": "反向",
    r"layers?": "层",
    r"batch(es)?": "批次",
    r"padd(ing|ed)": "填充",
    r"pack(ing|ed)?": "打包",
    r"sequences?": "序列",
    r"time steps?": "时间步",
    r"outputs?": "输出",
    r"tensors?": "张量",
    r"shapes?": "形状",
    r"dimensions?": "维度",
    r"decoders?": "解码器",
    r"explorer": "形状探索器",
}


def test_the_chinese_strings_follow_the_glossary() -> None:
    for key, text in extension.load_table(ZH).items():
        prose = re.sub(r"<code>.*?</code>", "", key)
        for term, chinese in GLOSSARY.items():
            if re.search(rf"\b{term}\b", prose, re.IGNORECASE):
                assert chinese in text, (key, term)


def test_the_chinese_page_says_what_torch_says() -> None:
    """Shapes, row maps and PyTorch's messages are the same whatever the language."""
    for result, full, compact in rendered_in_chinese()["out"]:
        for message in result["errors"].values():
            assert is_pytorchs(message) or tr(message, ZH) != message, message
        if not result["ok"]:
            continue
        for tensor in result["tensors"]:
            shape = "(" + ", ".join(map(str, tensor["shape"])) + ")"
            assert f'<code class="lx-shape">{shape}</code>' in full
            assert f'<code class="lx-shape">{shape}</code>' in compact
        for row in result["rows"]:
            layer = f"<td>{row['layer']}</td><td>{'反向' if row['direction'] else '前向'}"
            assert f"<code>h_n[{row['row']}]</code>" in full
            assert layer in full
        if result["warning"]:
            assert result["warning"].split(", but")[0] in full  # torch's words, not translated


def test_shapes_are_written_as_python_tuples() -> None:
    """(8,) for a 1-D shape, as Python prints it, in every table and expression of the page."""
    seen_one_d = False
    for result, full, _ in rendered_in_chinese()["out"]:
        if not result["ok"]:
            continue
        shapes = re.findall(r'<code class="lx-shape">(.*?)</code>', full)
        every = [t["shape"] for t in result["tensors"]] + [
            e["shape"] for e in result["expressions"]
        ]
        every += [p["shape"] for p in result["params"]]
        assert sorted(shapes) == sorted(repr(tuple(shape)) for shape in every)
        seen_one_d |= any(len(shape) == 1 for shape in every)
    assert seen_one_d


def test_the_snippet_is_a_named_region_and_the_error_box_a_block() -> None:
    """aria-label on a <pre> with no role is ignored by screen readers: it has role="region"."""
    _, full, _ = rendered_in_chinese()["out"][0]
    assert re.search(r'<pre tabindex="0" role="region" aria-label="[^"]+"><code>', full)
    assert '<div class="lx-error" hidden></div>' in widget()


def test_the_form_has_a_control_for_every_field_the_script_reads() -> None:
    """widget.html has a control named after each key of explorer.js's PRESET (the compact form:
    all but four), each label and description points at an element of the widget, and the form
    is one line: no whitespace between its tags."""
    preset = re.search(r"var PRESET = \{(.*?)\};", SCRIPT.read_text(encoding="utf-8"), re.DOTALL)
    assert preset is not None
    keys = set(re.findall(r"(\w+):", preset[1]))
    for lang in ("en", ZH):
        for compact in (True, False):
            form = widget(lang, compact).split("</noscript>")[1]
            names = re.findall(r' name="(\w+)"', form)
            assert names == re.findall(r' data-field="(\w+)"', form)
            assert len(set(names)) == len(names)
            extra = {"dropout", "unbatched", "layout", "lengths"}
            assert set(names) == (keys - extra if compact else keys), (lang, compact)
            ids = re.findall(r' id="([^"]+)"', form)
            for refs in re.findall(r' (?:for|aria-describedby)="([^"]+)"', form):
                assert set(refs.split()) <= set(ids), refs
            assert not re.search(r">\s+<", form)
            assert ("lx-full" in form) == compact


def test_the_widget_and_its_assets_follow_the_build_language() -> None:
    assert extension.language("zh_CN") == extension.language("zh-CN") == ZH
    assert extension.language(None) == extension.language("en") == "en"
    table = extension.render(ZH, "noscript.html")
    assert "输入" in table
    assert "<code>h_n</code>" in table
    assert "Tensor" not in table
    assert "Tensor" in extension.render("en", "noscript.html")
    assert f"<noscript>{table}</noscript>" in widget(ZH)
    assert 'data-lang="zh_CN"' in widget(ZH)
    with pytest.raises(KeyError):
        extension._("A string nobody translated", ZH)


def test_each_edition_ships_at_most_45_kb_of_explorer(tmp_path: Path) -> None:
    """Script and style sheet as the site serves them (``shipped``: no indentation or comment
    lines), with the Chinese table on Chinese pages; the shipped script gives the same results."""
    english = len(extension.shipped(SCRIPT.read_text(encoding="utf-8")).encode()) + len(
        extension.shipped_css(
            SCRIPT.with_name("explorer.css").read_text(encoding="utf-8")
        ).encode()
    )
    chinese = english + len(extension.shipped(TABLE.read_text(encoding="utf-8")).encode())
    assert chinese <= 45_000, chinese
    shipped = tmp_path / "explorer.js"
    shipped.write_text(extension.shipped(SCRIPT.read_text(encoding="utf-8")), encoding="utf-8")
    assert run_explorer(GRID[::40], shipped) == [
        grid_results()[i] for i in range(0, len(GRID), 40)
    ]
    table = tmp_path / "table.js"
    table.write_text(extension.shipped(TABLE.read_text(encoding="utf-8")), encoding="utf-8")
    text = table.read_text(encoding="utf-8")
    assert json.loads(text[text.index("= {\n") + 2 : text.rindex("}") + 1]) == extension.TABLES[ZH]
    css = extension.shipped_css(SCRIPT.with_name("explorer.css").read_text(encoding="utf-8"))
    assert css.count("{") == css.count("}")
    assert ".lx-net .lx-pt:focus rect" in css  # a space before a colon stays


def test_a_sentence_keeps_its_full_stop() -> None:
    assert template("Each length must be at least 1.") == (
        "Each length must be at least {0}.",
        ["1"],
    )
    assert tr("Expected a whole number, got 1.5.", ZH) == "应为整数，实际为 1.5。"
