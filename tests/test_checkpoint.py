"""describe_checkpoint: every RNN of a saved state dict found, its configuration inferred."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn

from lstm_outputs import describe, describe_checkpoint


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
        (report,) = describe_checkpoint(rnn.state_dict()).values()
        x = torch.randn(5, 3, input_size, generator=torch.Generator().manual_seed(0))
        direct = describe(rnn, x)
    # Same configuration (repr) and the same weights: the same report, values included.
    assert report.module == repr(rnn)
    assert report.tensors == direct.tensors
    assert report.checks == direct.checks
    assert report.ok


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
    reports = describe_checkpoint(path)
    assert list(reports) == ["model_state_dict.encoder.rnn", "model_state_dict.decoder"]
    encoder = reports["model_state_dict.encoder.rnn"]
    assert encoder.module == "LSTM(6, 10, num_layers=2, bidirectional=True)"
    assert encoder.tensor("h_n").shape == (4, 3, 10)
    assert any("batch_first, dropout are not stored" in note for note in encoder.notes)
    assert reports["model_state_dict.decoder"].module == "GRU(20, 10, bias=False)"
    # --key: the full prefix, or its tail when unique.
    assert list(describe_checkpoint(str(path), key="encoder.rnn")) == [
        "model_state_dict.encoder.rnn"
    ]
    assert list(describe_checkpoint(path, key="model_state_dict.decoder")) == [
        "model_state_dict.decoder"
    ]


def test_rnn_nonlinearity_is_named_as_assumed() -> None:
    (report,) = describe_checkpoint(nn.RNN(3, 4, nonlinearity="relu").state_dict()).values()
    assert report.module == "RNN(3, 4)"  # tanh: the weights cannot say relu
    assert any("nonlinearity (tanh assumed)" in note for note in report.notes)


def test_batch_first_and_input_size_are_the_callers() -> None:
    state = nn.GRU(3, 4).state_dict()
    (report,) = describe_checkpoint(state, batch_first=True, seq_len=7, batch_size=2).values()
    assert report.module == "GRU(3, 4, batch_first=True)"
    assert report.tensor("output").shape == (2, 7, 4)


class Payload:
    """An object whose unpickling would create a file: what weights_only=True prevents."""

    def __init__(self, target: str) -> None:
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (self.target, "w"))


def test_loading_never_runs_code(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save({"lstm.weight_ih_l0": torch.zeros(4, 1), "x": Payload(str(target))}, path)
    with pytest.raises(ValueError, match=r"holds pickled Python objects .*it is not loaded"):
        describe_checkpoint(path)
    assert not target.exists()


def test_a_pickled_module_is_refused_with_how_to_save_its_state_dict(tmp_path: Path) -> None:
    path = tmp_path / "module.pt"
    torch.save(nn.Sequential(nn.LSTM(4, 4)), path)
    with pytest.raises(ValueError, match="checkpoint: expected tensors only") as excinfo:
        describe_checkpoint(os.fspath(path))
    message = str(excinfo.value)
    assert "a whole pickled module (torch.nn.modules.container.Sequential)" in message
    assert "torch.save(model.state_dict(), path)" in message


def test_direction_count_must_agree_with_the_reverse_weights() -> None:
    state = dict(nn.LSTM(4, 4, num_layers=2, bidirectional=True).state_dict())
    for name in [n for n in state if n.endswith("_reverse")]:
        del state[name]  # layer 1 still reads 2*4 features
    with pytest.raises(ValueError, match=r"weight_ih_l1 of width 8 \(D=2\) but no _reverse"):
        describe_checkpoint(state)


def test_a_layer_missing_is_inconsistent() -> None:
    state = dict(nn.GRU(4, 4, num_layers=3).state_dict())
    del state["weight_ih_l1"]
    with pytest.raises(ValueError, match=r"layers \[0, 2\]"):
        describe_checkpoint(state)
