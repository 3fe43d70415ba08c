"""``reference_forward`` against the real modules, plus the wiring facts it documents."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

from lstm_outputs.reference import _cell_weights, reference_forward

ATOL = 1e-6
RTOL = 1e-6

MODES = ("LSTM", "GRU", "RNN_TANH", "RNN_RELU")


@dataclass(frozen=True)
class Case:
    mode: str
    num_layers: int
    bidirectional: bool
    batch_first: bool
    bias: bool
    proj_size: int
    input_size: int
    hidden_size: int
    layout: str  # "batched", "unbatched", "packed_sorted", "packed_unsorted"
    steps: int
    batch: int
    lengths: tuple[int, ...]
    with_hx: bool
    seed: int


@st.composite
def cases(draw: st.DrawFn) -> Case:
    mode = draw(st.sampled_from(MODES))
    hidden_size = draw(st.integers(1, 4))
    proj_size = 0
    if mode == "LSTM" and hidden_size > 1:
        proj_size = draw(st.sampled_from([0, *range(1, hidden_size)]))
    layout = draw(st.sampled_from(["batched", "unbatched", "packed_sorted", "packed_unsorted"]))
    steps = draw(st.integers(1, 5))
    batch = 1 if layout == "unbatched" else draw(st.integers(1, 4))
    lengths: tuple[int, ...] = ()
    if layout.startswith("packed"):
        drawn = draw(st.lists(st.integers(1, steps), min_size=batch, max_size=batch))
        lengths = tuple(sorted(drawn, reverse=True) if layout == "packed_sorted" else drawn)
    return Case(
        mode=mode,
        num_layers=draw(st.integers(1, 3)),
        bidirectional=draw(st.booleans()),
        batch_first=draw(st.booleans()),
        bias=draw(st.booleans()),
        proj_size=proj_size,
        input_size=draw(st.integers(1, 4)),
        hidden_size=hidden_size,
        layout=layout,
        steps=steps,
        batch=batch,
        lengths=lengths,
        with_hx=draw(st.booleans()),
        seed=draw(st.integers(0, 2**16)),
    )


def build(case: Case) -> nn.RNNBase:
    common: dict[str, Any] = {
        "input_size": case.input_size,
        "hidden_size": case.hidden_size,
        "num_layers": case.num_layers,
        "bidirectional": case.bidirectional,
        "batch_first": case.batch_first,
        "bias": case.bias,
    }
    rnn: nn.RNNBase
    if case.mode == "LSTM":
        rnn = nn.LSTM(**common, proj_size=case.proj_size)
    elif case.mode == "GRU":
        rnn = nn.GRU(**common)
    else:
        rnn = nn.RNN(**common, nonlinearity="tanh" if case.mode == "RNN_TANH" else "relu")
    # float64 so that atol=1e-6 measures the reference's correctness, not float32 rounding.
    return rnn.double().eval()


def make_inputs(case: Case, rnn: nn.RNNBase) -> tuple[Tensor | PackedSequence, Any]:
    g = torch.Generator().manual_seed(case.seed + 1)

    def randn(*shape: int) -> Tensor:
        return torch.randn(*shape, generator=g, dtype=torch.float64)

    if case.layout == "unbatched":
        x: Tensor | PackedSequence = randn(case.steps, case.input_size)
    elif case.layout == "batched":
        shape = (case.steps, case.batch) if not case.batch_first else (case.batch, case.steps)
        x = randn(*shape, case.input_size)
    else:
        padded = randn(case.batch, case.steps, case.input_size)
        if not case.batch_first:
            padded = padded.transpose(0, 1)
        x = pack_padded_sequence(
            padded,
            torch.tensor(case.lengths),
            batch_first=case.batch_first,
            enforce_sorted=case.layout == "packed_sorted",
        )
    hx: Any = None
    if case.with_hx:
        rows = case.num_layers * (2 if case.bidirectional else 1)
        batch_dims = () if case.layout == "unbatched" else (case.batch,)
        h_out = case.proj_size or case.hidden_size
        h0 = randn(rows, *batch_dims, h_out)
        hx = (h0, randn(rows, *batch_dims, case.hidden_size)) if case.mode == "LSTM" else h0
    return x, hx


def assert_same(actual: Any, expected: Any) -> None:
    if isinstance(expected, PackedSequence):
        assert isinstance(actual, PackedSequence)
        torch.testing.assert_close(actual.data, expected.data, atol=ATOL, rtol=RTOL)
        assert torch.equal(actual.batch_sizes, expected.batch_sizes)
        for name in ("sorted_indices", "unsorted_indices"):
            a, e = getattr(actual, name), getattr(expected, name)
            assert (a is None) == (e is None), name
            assert e is None or torch.equal(a, e), name
    elif isinstance(expected, tuple):
        assert isinstance(actual, tuple)
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected, strict=True):
            assert_same(a, e)
    else:
        assert isinstance(actual, Tensor)
        assert actual.shape == expected.shape
        torch.testing.assert_close(actual, expected, atol=ATOL, rtol=RTOL)


# ------------------------------------------------------------------------------------------
# (1) property test over the configuration grid


@settings(deadline=None, max_examples=250)
@given(case=cases())
def test_matches_module(case: Case) -> None:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(case.seed)
        rnn = build(case)
    x, hx = make_inputs(case, rnn)
    expected = rnn(x, hx)
    actual = reference_forward(rnn, x, hx)
    assert_same(actual, expected)


# ------------------------------------------------------------------------------------------
# (2) explicit facts


def seeded_lstm(**kwargs: Any) -> nn.LSTM:
    torch.manual_seed(0)
    return nn.LSTM(**kwargs).double().eval()


def test_weight_shapes_bidirectional_lstm() -> None:
    lstm = seeded_lstm(input_size=3, hidden_size=5, num_layers=2, bidirectional=True)
    hidden = 5
    assert lstm.weight_ih_l0.shape == (4 * hidden, 3)
    # Layer 1 reads both directions of layer 0, joined: 2*H columns.
    assert lstm.weight_ih_l1.shape == (4 * hidden, 2 * hidden)
    assert lstm.weight_ih_l1_reverse.shape == (4 * hidden, 2 * hidden)
    assert lstm.weight_hh_l1.shape == (4 * hidden, hidden)
    assert _cell_weights(lstm, 1, reverse=True).w_ih is lstm.weight_ih_l1_reverse
    x = torch.randn(4, 2, 3, dtype=torch.float64)
    assert_same(reference_forward(lstm, x), lstm(x))


def test_weight_shapes_proj_size() -> None:
    with warnings.catch_warnings():
        # CPU oneDNN does not implement proj_size; PyTorch warns and uses its fallback.
        warnings.filterwarnings("ignore", message="LSTM with projections is not supported")
        lstm = seeded_lstm(
            input_size=3, hidden_size=6, num_layers=2, bidirectional=True, proj_size=2
        )
    assert lstm.weight_hr_l0.shape == (2, 6)  # (proj_size, H)
    assert lstm.weight_hh_l0.shape == (4 * 6, 2)  # (4*H, H_out)
    assert lstm.weight_ih_l1.shape == (4 * 6, 2 * 2)  # (4*H, D*H_out)
    x = torch.randn(4, 2, 3, dtype=torch.float64)
    out, (h_n, c_n) = reference_forward(lstm, x)
    assert out.shape == (4, 2, 2 * 2)
    assert (h_n.shape, c_n.shape) == ((4, 2, 2), (4, 2, 6))
    assert_same((out, (h_n, c_n)), lstm(x))


def one_lstm_step(lstm: nn.LSTM, x: Tensor, h0: Tensor, c0: Tensor) -> tuple[Tensor, Tensor]:
    _, (h_n, c_n) = lstm(x, (h0, c0))
    return h_n[0], c_n[0]


def gate_preactivations(lstm: nn.LSTM, x: Tensor, h0: Tensor) -> Tensor:
    return (
        x[0] @ lstm.weight_ih_l0.T
        + lstm.bias_ih_l0
        + h0[0] @ lstm.weight_hh_l0.T
        + lstm.bias_hh_l0
    )


def test_lstm_forget_gate_rows() -> None:
    """Rows H:2H are the forget gate: shifting their bias changes c by (dsigma(f)) * c_0."""
    hidden = 3
    lstm = seeded_lstm(input_size=2, hidden_size=hidden)
    x = torch.randn(1, 4, 2, dtype=torch.float64)
    h0 = torch.randn(1, 4, hidden, dtype=torch.float64)
    c0 = torch.randn(1, 4, hidden, dtype=torch.float64)
    f_pre = gate_preactivations(lstm, x, h0)[:, hidden : 2 * hidden]
    _, c1 = one_lstm_step(lstm, x, h0, c0)
    delta = 0.7
    with torch.no_grad():
        lstm.bias_ih_l0[hidden : 2 * hidden] += delta
    _, c1_shifted = one_lstm_step(lstm, x, h0, c0)
    expected_change = (torch.sigmoid(f_pre + delta) - torch.sigmoid(f_pre)) * c0[0]
    torch.testing.assert_close(c1_shifted - c1, expected_change)
    assert expected_change.abs().min() > 1e-4  # the check above is not vacuous
    # and the reference, reading the same rows, agrees with the perturbed module
    assert_same(reference_forward(lstm, x, (h0, c0)), lstm(x, (h0, c0)))


def test_lstm_output_gate_rows_leave_c_alone() -> None:
    """Rows 3H:4H are the output gate: they change h but not c."""
    hidden = 3
    lstm = seeded_lstm(input_size=2, hidden_size=hidden)
    x = torch.randn(1, 4, 2, dtype=torch.float64)
    h0 = torch.randn(1, 4, hidden, dtype=torch.float64)
    c0 = torch.randn(1, 4, hidden, dtype=torch.float64)
    h1, c1 = one_lstm_step(lstm, x, h0, c0)
    with torch.no_grad():
        lstm.bias_hh_l0[3 * hidden :] += 1.0
    h1_shifted, c1_shifted = one_lstm_step(lstm, x, h0, c0)
    torch.testing.assert_close(c1_shifted, c1)
    assert not torch.allclose(h1_shifted, h1)


def test_gru_update_gate_rows() -> None:
    """GRU rows H:2H are the update gate z: z -> 1 keeps the previous state."""
    hidden = 3
    torch.manual_seed(0)
    gru = nn.GRU(input_size=2, hidden_size=hidden).double().eval()
    with torch.no_grad():
        gru.bias_ih_l0[hidden : 2 * hidden] = 60.0
    x = torch.randn(1, 4, 2, dtype=torch.float64)
    h0 = torch.randn(1, 4, hidden, dtype=torch.float64)
    _, h_n = gru(x, h0)
    torch.testing.assert_close(h_n, h0)
    _, h_ref = reference_forward(gru, x, h0)
    torch.testing.assert_close(h_ref, h0)


def test_gradients_match_module() -> None:
    lstm = seeded_lstm(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
    x = torch.randn(5, 2, 3, dtype=torch.float64, requires_grad=True)
    (grad_module,) = torch.autograd.grad(lstm(x)[0][2].sum(), x)
    (grad_reference,) = torch.autograd.grad(reference_forward(lstm, x)[0][2].sum(), x)
    torch.testing.assert_close(grad_reference, grad_module)
    # two layers, both directions: output step 2 depends on every input step
    assert (grad_reference.abs().sum(dim=(1, 2)) > 0).all()


# ------------------------------------------------------------------------------------------
# bad inputs: one test per case


@pytest.fixture
def lstm() -> nn.LSTM:
    return seeded_lstm(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)


# The rejections (wrong module, input, state, dtype, training-mode dropout) are cases of the
# bad-input table in tests/test_bad_inputs.py.


def test_dropout_is_fine_in_eval_mode() -> None:
    torch.manual_seed(0)
    lstm = nn.LSTM(3, 4, num_layers=2, dropout=0.5).double().eval()
    x = torch.randn(5, 2, 3, dtype=torch.float64)
    assert_same(reference_forward(lstm, x), lstm(x))


def test_training_mode_without_dropout_is_fine() -> None:
    lstm = seeded_lstm(input_size=3, hidden_size=4, num_layers=2).train()
    x = torch.randn(5, 2, 3, dtype=torch.float64)
    assert_same(reference_forward(lstm, x), lstm(x))


def test_one_layer_training_mode_with_dropout_is_fine() -> None:
    """With one layer there is no 'between layers': PyTorch applies no dropout at all."""
    lstm = seeded_lstm(input_size=3, hidden_size=4, bidirectional=True).train()
    lstm.dropout = 0.5  # set afterwards: the constructor warns about this (harmless) setting
    x = torch.randn(5, 2, 3, dtype=torch.float64)
    assert_same(reference_forward(lstm, x), lstm(x))
