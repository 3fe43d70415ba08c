"""describe_checkpoint: every RNN of a checkpoint found, its configuration inferred, nothing
presented as holding that depends on what the file cannot tell, every common format read or
named."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import Tensor, nn

from lstm_outputs import Report, describe, describe_checkpoint
from lstm_outputs.checkpoint import VALUE_CHECK_LIMIT


def build(mode: str, **kwargs: Any) -> nn.RNNBase:
    torch.manual_seed(0)
    module: nn.RNNBase = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[mode](**kwargs)
    return module


@given(
    mode=st.sampled_from(["LSTM", "GRU", "RNN"]),
    layers=st.integers(1, 3),
    bidirectional=st.booleans(),
    bias=st.booleans(),
    input_size=st.integers(1, 6),
    hidden_size=st.integers(1, 6),
    proj=st.integers(0, 5),
)
def test_the_configuration_is_read_back_from_the_weights(
    mode: str,
    layers: int,
    bidirectional: bool,
    bias: bool,
    input_size: int,
    hidden_size: int,
    proj: int,
) -> None:
    kwargs: dict[str, Any] = {
        "input_size": input_size,
        "hidden_size": hidden_size,
        "num_layers": layers,
        "bidirectional": bidirectional,
        "bias": bias,
    }
    if mode == "LSTM" and 0 < proj < hidden_size:
        kwargs["proj_size"] = proj
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*oneDNN.*")
        rnn = build(mode, **kwargs)
        (report,) = describe_checkpoint(rnn.state_dict(), batch_first=False).values()
        x = torch.randn(5, 3, input_size, generator=torch.Generator().manual_seed(0))
        direct = describe(rnn, x)
    # Same configuration and the same weights: the same report, values included. An nn.RNN's
    # nonlinearity is not stored: it reads "=?", and its checks ran with tanh and relu.
    assert report.module == repr(rnn)[:-1] + (", nonlinearity=?)" if mode == "RNN" else ")")
    assert report.tensors == direct.tensors
    assert [c.expression for c in report.checks] == [c.expression for c in direct.checks]
    if mode != "RNN":
        assert report.checks == direct.checks
    assert report.ok


# --- nothing presented as holding depends on what the file cannot tell ----------------------


def holds(expression: str, values: dict[str, Tensor]) -> bool:
    """Evaluate a check's expression (``a == b`` or ``a != b``) on real tensors."""
    op = " == " if " == " in expression else " != "
    left, right = (eval(side, {}, values) for side in expression.split(op))
    return torch.equal(left, right) == (op == " == ")


def presented_as_holding(report: Report, batch_first: bool) -> list[str]:
    """The expressions a reader of the report may take as true of a module of that layout."""
    layout = f"batch_first={batch_first}"
    return [c.expression for c in report.checks if c.condition in ("", layout)]


@pytest.mark.parametrize(
    ("mode", "kwargs"),
    [
        ("LSTM", {"num_layers": 2, "bidirectional": True}),
        ("GRU", {"num_layers": 1, "bidirectional": True}),
        ("RNN", {"num_layers": 2, "nonlinearity": "relu"}),
        ("LSTM", {"num_layers": 3, "bidirectional": True, "dropout": 0.5}),  # in training mode
    ],
)
def test_no_expression_presented_as_holding_is_false_in_either_layout(
    mode: str, kwargs: dict[str, Any]
) -> None:
    real = build(mode, input_size=4, hidden_size=6, batch_first=True, **kwargs)
    (report,) = describe_checkpoint(real.state_dict()).values()  # batch_first not given
    assert "batch_first=?" in report.module
    conditions = {c.condition for c in report.checks}
    assert conditions == {"batch_first=False", "batch_first=True"}
    # No check that depends on the layout counts as expected, nor does the verdict say so.
    assert all(c.status != "as expected" for c in report.checks if c.condition)
    assert "as expected" not in report.verdict
    assert "depend on batch_first" in report.verdict
    # What holds either way comes first: h_n (and c_n), unlabelled.
    first = [t.name for t in report.tensors if not t.condition]
    assert first == (["h_n", "c_n"] if mode == "LSTM" else ["h_n"])
    assert any(u.startswith("batch_first: not stored") for u in report.unknown)
    assert any(u.startswith("dropout: not stored") for u in report.unknown)
    x = torch.randn(5, 3, 4, generator=torch.Generator().manual_seed(1))
    for batch_first in (True, False):
        module = build(mode, input_size=4, hidden_size=6, batch_first=batch_first, **kwargs)
        module.load_state_dict(real.state_dict())
        module.train()  # dropout (if any) active: it must change no check
        with torch.no_grad():
            output, state = module(x.transpose(0, 1) if batch_first else x)
        h_n = state[0] if mode == "LSTM" else state
        values = {"output": output, "h_n": h_n}
        shown = presented_as_holding(report, batch_first)
        assert shown, "the report must give this layout's expressions"
        for expression in shown:
            assert holds(expression, values), (batch_first, expression)
        # The other layout's expressions are wrong here: presenting them as holding would be.
        other = [
            c.expression
            for c in report.checks
            if c.condition not in ("", f"batch_first={batch_first}")
        ]
        assert not all(holds(e, values) for e in other if " == " in e)
        shapes = {
            t.name: t.shape
            for t in report.tensors
            if t.condition in ("", f"batch_first={batch_first}")
        }
        assert shapes["output"] == tuple(output.shape)
        assert shapes["h_n"] == tuple(h_n.shape)


def test_an_rnn_s_checks_hold_with_either_nonlinearity() -> None:
    for nonlinearity in ("tanh", "relu"):
        real = build(
            "RNN", input_size=3, hidden_size=4, bidirectional=True, nonlinearity=nonlinearity
        )
        (report,) = describe_checkpoint(real.state_dict(), batch_first=False).values()
        assert report.module == "RNN(3, 4, bidirectional=True, nonlinearity=?)"
        assert any(u.startswith("nonlinearity: not stored") for u in report.unknown)
        x = torch.randn(5, 3, 3, generator=torch.Generator().manual_seed(0))
        with torch.no_grad():
            output, h_n = real(x)
        for check in report.checks:
            assert holds(check.expression, {"output": output, "h_n": h_n}), check.expression


def test_an_unbatched_input_needs_no_layout() -> None:
    from lstm_outputs.checkpoint import describe_all

    state = build("GRU", input_size=3, hidden_size=4, bidirectional=True).state_dict()
    (report,) = describe_all(state, unbatched=True).values()
    assert all(not c.condition for c in report.checks)
    assert report.checks
    assert all(not t.condition for t in report.tensors)
    assert "with this unbatched input it changes nothing" in report.unknown[0]


# --- finding the RNNs ------------------------------------------------------------------------


def test_nested_checkpoint_on_disk_every_rnn_and_by_key(tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = nn.ModuleDict(
        {
            "encoder": nn.ModuleDict({"rnn": nn.LSTM(6, 10, num_layers=2, bidirectional=True)}),
            "head": nn.Linear(20, 2),
            "decoder": nn.GRU(20, 10, bias=False),
        }
    )
    path = tmp_path / "model.pt"
    torch.save({"epoch": 3, "model_state_dict": model.state_dict(), "lr": 0.1}, path)
    reports = describe_checkpoint(path, batch_first=False)
    assert list(reports) == ["model_state_dict.encoder.rnn", "model_state_dict.decoder"]
    encoder = reports["model_state_dict.encoder.rnn"]
    assert encoder.module == "LSTM(6, 10, num_layers=2, bidirectional=True)"
    assert encoder.tensor("h_n").shape == (4, 3, 10)
    assert "batch_first: not stored in a state dict; False as given" in encoder.unknown[0]
    assert reports["model_state_dict.decoder"].module == "GRU(20, 10, bias=False)"
    # --key: the full prefix, or its tail when unique.
    assert list(describe_checkpoint(str(path), key="encoder.rnn")) == [
        "model_state_dict.encoder.rnn"
    ]
    assert list(describe_checkpoint(path, key="model_state_dict.decoder")) == [
        "model_state_dict.decoder"
    ]


def test_batch_first_and_sizes_are_the_callers() -> None:
    state = nn.GRU(3, 4).state_dict()
    (report,) = describe_checkpoint(state, batch_first=True, seq_len=7, batch_size=2).values()
    assert report.module == "GRU(3, 4, batch_first=True)"
    assert report.tensor("output").shape == (2, 7, 4)
    assert all(not c.condition for c in report.checks)


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (nn.LSTMCell(3, 5), ["input", "h_1", "c_1"]),
        (nn.GRUCell(3, 5), ["input", "h_1"]),
        (nn.RNNCell(3, 5, bias=False), ["input", "h_1"]),
    ],
)
def test_cells_are_described_as_cells(cell: nn.Module, names: list[str]) -> None:
    (report,) = describe_checkpoint({"decoder.cell": cell.state_dict()}).values()
    assert report.module.startswith(type(cell).__name__ + "(3, 5")
    assert [t.name for t in report.tensors] == names
    x = torch.randn(3, 3, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        result = cell(x)
    real = result if isinstance(result, tuple) else (result,)
    assert [t.shape for t in report.tensors[1:]] == [tuple(r.shape) for r in real]
    assert "no num_layers and no directions" in report.notes[0]
    assert report.checks == ()
    assert report.verdict.startswith("no checks")


def test_two_parameter_sets_merged_under_one_key_are_refused() -> None:
    lstm = nn.LSTM(3, 4).state_dict()
    merged = {"enc": {f"rnn.{k}": v for k, v in lstm.items()}, "enc.rnn": dict(lstm)}
    with pytest.raises(ValueError, match=r"two under 'enc.rnn': 'enc.rnn.weight_ih_l0' and"):
        describe_checkpoint(merged)


def test_a_layer_missing_is_inconsistent() -> None:
    state = dict(nn.GRU(4, 4, num_layers=3).state_dict())
    del state["weight_ih_l1"]
    with pytest.raises(ValueError, match=r"layers \[0, 2\]"):
        describe_checkpoint(state)


def test_direction_count_must_agree_with_the_reverse_weights() -> None:
    state = dict(nn.LSTM(4, 4, num_layers=2, bidirectional=True).state_dict())
    for name in [n for n in state if n.endswith("_reverse")]:
        del state[name]  # layer 1 still reads 2*4 features
    with pytest.raises(ValueError, match=r"weight_ih_l1 of width 8 \(D=2\) but no _reverse"):
        describe_checkpoint(state)


# --- every format ----------------------------------------------------------------------------


def tagger() -> nn.Module:
    torch.manual_seed(0)
    return nn.ModuleDict({"embed": nn.Embedding(10, 4), "rnn": nn.LSTM(4, 6, bidirectional=True)})


def test_safetensors_file(tmp_path: Path) -> None:
    from safetensors.torch import save_file

    path = tmp_path / "model.safetensors"
    save_file(tagger().state_dict(), path)
    (report,) = describe_checkpoint(path, batch_first=False).values()
    direct = describe(
        tagger()["rnn"], torch.randn(5, 3, 4, generator=torch.Generator().manual_seed(0))
    )
    assert report.module == "LSTM(4, 6, bidirectional=True)"
    assert report.checks == direct.checks  # the saved values, read back
    assert "read from a safetensors file" in report.notes


def test_safetensors_shapes_without_the_safetensors_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetensors.torch import save_file

    path = tmp_path / "model.safetensors"
    save_file(tagger().state_dict(), path)
    monkeypatch.setitem(sys.modules, "safetensors", None)  # import safetensors raises
    (report,) = describe_checkpoint(path, batch_first=False).values()
    assert report.tensor("h_n").shape == (2, 3, 6)  # from the header
    assert {c.status for c in report.checks} == {"skipped"}
    assert "pip install safetensors" in report.verdict


def test_npz_archive(tmp_path: Path) -> None:
    path = tmp_path / "weights.npz"
    np.savez(path, **{k: v.numpy() for k, v in tagger().state_dict().items()})
    (report,) = describe_checkpoint(path, batch_first=False).values()
    assert report.module == "LSTM(4, 6, bidirectional=True)"
    assert report.ok
    assert report.checks[0].status == "as expected"


def test_legacy_torch_save_format(tmp_path: Path) -> None:
    path = tmp_path / "old.pt"
    torch.save(tagger().state_dict(), path, _use_new_zipfile_serialization=False)
    (report,) = describe_checkpoint(path, batch_first=False).values()
    assert report.module == "LSTM(4, 6, bidirectional=True)"
    assert report.ok


class HyperParameters:
    """A user's class in a checkpoint: weights_only refuses it."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:  # what unpickling would run: it must not
        return (open, (self.target, "w"))


def test_state_dict_beside_objects_weights_only_refuses(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    path = tmp_path / "run.ckpt"
    model = tagger()
    optimizer = torch.optim.Adam(model.parameters())
    torch.save(
        {
            "state_dict": model.state_dict(),  # Lightning's layout
            "hyper_parameters": {
                "args": argparse.Namespace(lr=0.1),
                "extra": HyperParameters(str(target)),
            },
            "best_score": np.float64(0.5),
            "history": np.zeros(3),
            "optimizer": optimizer,  # the object, not its state_dict()
        },
        path,
    )
    (report,) = describe_checkpoint(path, batch_first=False).values()
    assert not target.exists()  # nothing from the file ran
    assert report.module == "LSTM(4, 6, bidirectional=True)"
    assert report.ok
    safe, refused = report.notes[:2]
    assert safe.startswith("weights_only=True refused argparse.Namespace")
    assert "safe_globals" in safe
    assert "io.open" in refused
    assert "torch.optim.adam.Adam" in refused
    assert "read as an inert placeholder" in refused


def test_a_whole_pickled_module_is_read_without_unpickling_it(tmp_path: Path) -> None:
    path = tmp_path / "module.pt"
    torch.save(nn.Sequential(nn.LSTM(4, 4)), path)
    (report,) = describe_checkpoint(os.fspath(path)).values()
    assert report.module == "LSTM(4, 4, batch_first=?)"
    assert "torch.nn.modules.rnn.LSTM" in report.notes[0]


def test_objects_without_rnn_weights_outside_them_say_how_to_extract(tmp_path: Path) -> None:
    path = tmp_path / "opt.pt"
    torch.save({"optimizer": torch.optim.SGD(nn.LSTM(2, 2).parameters(), lr=0.1)}, path)
    with pytest.raises(ValueError, match="weights_only=True does not unpickle") as excinfo:
        describe_checkpoint(path)
    assert "torch.optim.sgd.SGD" in str(excinfo.value)
    assert "obj = torch.load(path, weights_only=False)" in str(excinfo.value)


def forward_model() -> nn.Module:
    class Model(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm = nn.LSTM(4, 6)

        def forward(self, x: Tensor) -> Tensor:
            return self.lstm(x)[0]

    return Model()


def test_torchscript_and_export_archives_are_named_with_the_two_lines(tmp_path: Path) -> None:
    script = tmp_path / "scripted.pt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.jit.save(torch.jit.script(forward_model()), script)
    with pytest.raises(ValueError, match="a TorchScript archive") as excinfo:
        describe_checkpoint(script)
    assert "model = torch.jit.load(path); torch.save(model.state_dict()" in str(excinfo.value)
    program = tmp_path / "model.pt2"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exported = torch.export.export(forward_model(), (torch.randn(3, 2, 4),))
        torch.export.save(exported, program)
    with pytest.raises(ValueError, match=r"a torch\.export program") as excinfo:
        describe_checkpoint(program)
    assert "program = torch.export.load(path)" in str(excinfo.value)
    # The two lines work:
    assert next(iter(torch.export.load(program).state_dict)) == "lstm.weight_ih_l0"


def onnx_file(path: Path, *, bidirectional: bool) -> None:
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    d, h, i = (2 if bidirectional else 1), 6, 4
    weights = [
        numpy_helper.from_array(np.zeros((d, 4 * h, i), np.float32), "W"),
        numpy_helper.from_array(np.zeros((d, 4 * h, h), np.float32), "R"),
    ]
    node = helper.make_node(
        "LSTM",
        ["X", "W", "R"],
        ["Y", "Y_h", "Y_c"],
        name="encoder",
        hidden_size=h,
        direction="bidirectional" if bidirectional else "forward",
    )
    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["T", "N", i])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
        initializer=weights,
    )
    onnx.save(helper.make_model(graph), path)


def test_onnx_nodes_in_onnx_layout(tmp_path: Path) -> None:
    path = tmp_path / "model.onnx"
    onnx_file(path, bidirectional=True)
    (report,) = describe_checkpoint(path, seq_len=5, batch_size=3).values()
    shapes = {t.name: t.shape for t in report.tensors}
    assert shapes == {"X": (5, 3, 4), "Y": (5, 2, 3, 6), "Y_h": (2, 3, 6), "Y_c": (2, 3, 6)}
    assert report.module == "ONNX LSTM node 'encoder'"
    assert "one node is one layer" in report.notes[0]


def test_onnx_without_the_onnx_package_gives_the_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    path = tmp_path / "model.onnx"
    onnx_file(path, bidirectional=False)
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx raises ImportError
    with pytest.raises(ValueError, match="an ONNX file: pip install onnx") as excinfo:
        describe_checkpoint(path)
    assert "onnx.load(path).graph.initializer" in str(excinfo.value)


def test_mixed_dtypes_are_described_in_the_common_one() -> None:
    state = dict(nn.GRU(3, 4).state_dict())
    state["weight_hh_l0"] = state["weight_hh_l0"].half()
    (report,) = describe_checkpoint(state, batch_first=False).values()
    assert report.ok
    assert report.checks[0].status == "as expected"
    assert any(n.startswith("mixed dtypes (weight_hh_l0 torch.float16") for n in report.notes)


@pytest.mark.filterwarnings("ignore:torch.quantize_per_tensor:UserWarning")
def test_quantized_weights_are_named() -> None:
    state = {
        k: torch.quantize_per_tensor(v, 0.1, 0, torch.qint8)
        for k, v in nn.LSTM(3, 4).state_dict().items()
    }
    with pytest.raises(
        ValueError, match=r"dtype torch.qint8, not floating point \(a quantized model\?"
    ):
        describe_checkpoint(state)


def test_non_finite_weights_are_described_without_value_checks() -> None:
    state = dict(nn.LSTM(3, 4, bidirectional=True).state_dict())
    state["weight_hh_l0"] = state["weight_hh_l0"].clone()
    state["weight_hh_l0"][0, 0] = float("nan")
    (report,) = describe_checkpoint(state).values()
    assert report.ok  # not a failed check: a diagnosis
    assert {c.status for c in report.checks} == {"skipped"}
    assert (
        "the weights are not finite: NaN or inf values in weight_hh_l0 (1 of 64)" in report.verdict
    )
    assert report.tensor("h_n").shape == (2, 3, 4)


def test_a_meta_device_state_dict_gives_shapes_only() -> None:
    state = nn.LSTM(3, 4, num_layers=2, device="meta").state_dict()
    (report,) = describe_checkpoint(state, batch_first=True).values()
    assert report.tensor("output").shape == (3, 5, 4)
    assert (
        report.verdict
        == "1 check skipped: the tensors are on the meta device: shapes only, no values"
    )


def test_a_tiny_file_declaring_huge_tensors_is_described_on_meta(tmp_path: Path) -> None:
    hidden = 1 << 14  # weight_hh_l0 alone declares 4*H*H floats = 4 GiB
    shapes = {name: p.shape for name, p in nn.LSTM(8, hidden, device="meta").named_parameters()}
    state = {name: torch.zeros(1).expand(shape) for name, shape in shapes.items()}  # no memory
    path = tmp_path / "huge.pt"
    torch.save(state, path)
    assert path.stat().st_size < 10_000
    (report,) = describe_checkpoint(path, batch_first=False).values()
    assert report.tensor("h_n").shape == (1, 3, hidden)
    assert {c.status for c in report.checks} == {"skipped"}
    assert "described on the meta device" in report.verdict
    assert f"{VALUE_CHECK_LIMIT / 2**30:.1f} GiB" in report.verdict


@pytest.mark.parametrize(
    ("setup", "fragment"),
    [
        (lambda p: p.mkdir(), "a folder, not a file: pass the checkpoint file inside it"),
        (lambda p: p.write_bytes(b""), "an empty file, 0 bytes"),
        (lambda p: p.write_bytes(b"PK\x03\x04 truncated"), "truncated or corrupt; save it again"),
        (lambda p: p.write_text("hello"), "not a file written by torch.save"),
        (lambda p: p.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(16)), "an HDF5 file"),
    ],
)
def test_files_that_are_not_checkpoints_are_named(
    tmp_path: Path, setup: Any, fragment: str
) -> None:
    path = tmp_path / "model.pt"
    setup(path)
    with pytest.raises(
        ValueError, match=r"checkpoint: expected a file saved with torch\.save"
    ) as excinfo:
        describe_checkpoint(path)
    assert fragment in str(excinfo.value)


def test_dev_null_is_not_a_regular_file() -> None:
    with pytest.raises(ValueError, match="a device or other special file, not a regular file"):
        describe_checkpoint(os.devnull)
