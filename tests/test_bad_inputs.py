"""Every wrong input raises TypeError or ValueError naming what was expected and what came.

One case per wrong input; each asserts the exception type and two message fragments: one
naming the expectation, one naming the value received (with its shape when it has one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from lstm_outputs import (
    describe,
    last_valid_step,
    split_directions,
    summary_vector,
    top_layer_states,
    unstack_states,
)
from lstm_outputs._validate import check_rnn_module

torch.manual_seed(0)
LSTM = nn.LSTM(8, 16, num_layers=2, bidirectional=True)  # L=2, D=2, H=16
GRU = nn.GRU(8, 16)  # L=1, D=1
with torch.no_grad():
    OUTPUT, (H_N, C_N) = LSTM(torch.randn(5, 3, 8))  # (5, 3, 32), (4, 3, 16), (4, 3, 16)
    PACKED = pack_padded_sequence(
        torch.randn(5, 3, 8), torch.tensor([5, 2, 3]), enforce_sorted=False
    )
    PACKED_OUTPUT, _ = LSTM(PACKED)
LENGTHS = torch.tensor([5, 2, 3])

# (call, exception type, fragment naming the expectation, fragment naming what was received)
CASES: dict[str, tuple[Callable[[], Any], type[Exception], str, str]] = {
    # --- split_directions ---
    "split: not a tensor": (
        lambda: split_directions([[1.0, 2.0]]),  # type: ignore[call-overload]
        TypeError,
        "expected a tensor of rank 3 (T, N, D*H)",
        "got a list ([[1.0, 2.0]])",
    ),
    "split: numpy array": (
        lambda: split_directions(OUTPUT.numpy()),  # type: ignore[call-overload]
        TypeError,
        "or a PackedSequence",
        "got a numpy.ndarray of shape (5, 3, 32) (not a torch.Tensor)",
    ),
    "split: rank 1": (
        lambda: split_directions(torch.zeros(32)),
        ValueError,
        "expected a tensor of rank 3",
        "got shape (32,)",
    ),
    "split: rank 4": (
        lambda: split_directions(torch.zeros(2, 5, 3, 32)),
        ValueError,
        "or rank 2 (T, D*H) for unbatched input",
        "got shape (2, 5, 3, 32)",
    ),
    "split: last dim not D*H": (
        lambda: split_directions(OUTPUT[..., :30], LSTM),
        ValueError,
        "expected last dim D*H = 2*16 = 32",
        "got shape (5, 3, 30)",
    ),
    "split: odd last dim without module": (
        lambda: split_directions(torch.zeros(5, 3, 31)),
        ValueError,
        "expected an even last dim D*H = 2*H",
        "got shape (5, 3, 31)",
    ),
    "split: unidirectional module": (
        lambda: split_directions(torch.zeros(5, 3, 16), GRU),
        ValueError,
        "expected the output of a bidirectional module (D=2)",
        "got a unidirectional GRU",
    ),
    "split: packed data last dim not D*H": (
        lambda: split_directions(PACKED, LSTM),  # the packed *input*: last dim 8
        ValueError,
        "expected last dim D*H = 2*16 = 32",
        "got shape (10, 8)",
    ),
    "split: module is nn.Linear": (
        lambda: split_directions(OUTPUT, nn.Linear(8, 16)),  # type: ignore[call-overload]
        TypeError,
        "expected an nn.LSTM, nn.GRU or nn.RNN module",
        "got an nn.Linear module",
    ),
    # --- unstack_states / top_layer_states / summary_vector ---
    "unstack: first dim not L*D": (
        lambda: unstack_states(H_N[:3], LSTM),
        ValueError,
        "expected dim 0 of size L*D = 2*2 = 4",
        "got shape (3, 3, 16)",
    ),
    "unstack: rank 4": (
        lambda: unstack_states(H_N.view(2, 2, 3, 16), LSTM),
        ValueError,
        "expected a tensor of rank 3 (L*D, N, H)",
        "got shape (2, 2, 3, 16)",
    ),
    "unstack: last dim not H": (
        lambda: unstack_states(torch.zeros(4, 3, 12), LSTM),
        ValueError,
        "expected last dim H = 16 (hidden_size)",
        "got shape (4, 3, 12)",
    ),
    "unstack: module is nn.RNNCell": (
        lambda: unstack_states(H_N, nn.RNNCell(8, 16)),  # type: ignore[arg-type]
        TypeError,
        "expected an nn.LSTM, nn.GRU or nn.RNN module",
        "got an nn.RNNCell module: a single cell",
    ),
    "unstack: module is nn.LSTMCell": (
        lambda: top_layer_states(H_N, nn.LSTMCell(8, 16)),  # type: ignore[arg-type]
        TypeError,
        "expected an nn.LSTM, nn.GRU or nn.RNN module",
        "got an nn.LSTMCell module",
    ),
    "unstack: arguments swapped": (
        lambda: unstack_states(LSTM, H_N),  # type: ignore[arg-type]
        TypeError,
        "expected an nn.LSTM, nn.GRU or nn.RNN module",
        "got a tensor of shape (4, 3, 16) (were the arguments swapped?",
    ),
    "unstack: PackedSequence where a tensor is required": (
        lambda: unstack_states(PACKED_OUTPUT, LSTM),  # type: ignore[arg-type]
        TypeError,
        "expected h_n or c_n, a tensor of shape (L*D, N, H)",
        "got a PackedSequence with data of shape (10, 32)",
    ),
    "summary: the pair (h_n, c_n)": (
        lambda: summary_vector((H_N, C_N), LSTM),  # type: ignore[arg-type]
        TypeError,
        "h_n: expected h_n or c_n, a tensor of shape (L*D, N, H)",
        "got a tuple of 2 (a tensor of shape (4, 3, 16), a tensor of shape (4, 3, 16)); an LSTM "
        "returns (h_n, c_n): pass one of them, not the pair",
    ),
    "summary: output instead of h_n": (
        lambda: summary_vector(OUTPUT, LSTM),
        ValueError,
        "h_n: expected dim 0 of size L*D = 2*2 = 4",
        "got shape (5, 3, 32)",
    ),
    "summary: unbatched state of wrong size": (
        lambda: summary_vector(torch.zeros(2, 16), LSTM),
        ValueError,
        "expected dim 0 of size L*D = 2*2 = 4 (num_layers * num_directions of this LSTM)",
        "got shape (2, 16)",
    ),
    # --- last_valid_step ---
    "last: PackedSequence where a tensor is required": (
        lambda: last_valid_step(PACKED_OUTPUT, LENGTHS),  # type: ignore[arg-type]
        TypeError,
        "expected a padded tensor of shape (T, N, D*H)",
        "got a PackedSequence with data of shape (10, 32)",
    ),
    "last: unbatched output": (
        lambda: last_valid_step(OUTPUT[:, 0], LENGTHS),
        ValueError,
        "expected a tensor of rank 3 (T, N, D*H) or (N, T, D*H)",
        "got shape (5, 32); an unbatched output has one sequence",
    ),
    "last: lengths do not match the batch": (
        lambda: last_valid_step(OUTPUT, torch.tensor([5, 2])),
        ValueError,
        "shape (3,) for a batch of N=3",
        "got shape (2,)",
    ),
    "last: lengths exceed the sequence": (
        lambda: last_valid_step(OUTPUT, torch.tensor([6, 2, 3])),
        ValueError,
        "expected every length in [1, T] = [1, 5]",
        "got values from 2 to 6",
    ),
    "last: zero length": (
        lambda: last_valid_step(OUTPUT, [5, 0, 3]),
        ValueError,
        "expected every length in [1, T] = [1, 5]",
        "got values from 0 to 5",
    ),
    "last: lengths 2-D": (
        lambda: last_valid_step(OUTPUT, LENGTHS[:, None]),
        ValueError,
        "expected a 1-D integer tensor (or list of ints) of shape (3,)",
        "got shape (3, 1)",
    ),
    "last: lengths float": (
        lambda: last_valid_step(OUTPUT, torch.tensor([5.0, 2.0, 3.0])),
        TypeError,
        "expected an integer dtype",
        "got torch.float32 with shape (3,)",
    ),
    "last: lengths bool": (
        lambda: last_valid_step(OUTPUT, torch.tensor([True, True, False])),
        TypeError,
        "expected an integer dtype",
        "got torch.bool",
    ),
    "last: lengths list of floats": (
        lambda: last_valid_step(OUTPUT, [5.0, 2.0, 3.0]),  # type: ignore[list-item]
        TypeError,
        "expected a 1-D integer tensor (or list of ints)",
        "got a list ([5.0, 2.0, 3.0])",
    ),
    "last: lengths not a sequence": (
        lambda: last_valid_step(OUTPUT, 5),  # type: ignore[arg-type]
        TypeError,
        "expected a 1-D integer tensor (or list of ints) of shape (3,)",
        "got an int (5)",
    ),
    "last: lengths on the wrong device": (
        lambda: last_valid_step(OUTPUT, LENGTHS.to("meta")),
        ValueError,
        "expected a tensor on the CPU or on output's device (cpu)",
        "got a tensor of shape (3,) on meta",
    ),
    "last: bidirectional with odd last dim": (
        lambda: last_valid_step(torch.zeros(5, 3, 31), LENGTHS, bidirectional=True),
        ValueError,
        "expected an even last dim D*H = 2*H",
        "got shape (5, 3, 31)",
    ),
    # --- describe ---
    "describe: module is nn.Linear": (
        lambda: describe(nn.Linear(8, 16), torch.randn(5, 3, 8)),  # type: ignore[arg-type]
        TypeError,
        "expected an nn.LSTM, nn.GRU or nn.RNN module",
        "got an nn.Linear module",
    ),
    "describe: feature size not input_size": (
        lambda: describe(LSTM, torch.randn(5, 3, 7)),
        ValueError,
        "expected last dim I = input_size = 8",
        "got shape (5, 3, 7)",
    ),
    "describe: input rank 4": (
        lambda: describe(LSTM, torch.randn(2, 5, 3, 8)),
        ValueError,
        "expected a tensor of shape (T, N, I) or (T, I) unbatched, or a PackedSequence",
        "got shape (2, 5, 3, 8)",
    ),
    "describe: non-tensor input": (
        lambda: describe(LSTM, np.zeros((5, 3, 8))),
        TypeError,
        "input: expected a tensor of shape (T, N, I)",
        "got a numpy.ndarray of shape (5, 3, 8)",
    ),
    "describe: no input": (
        lambda: describe(LSTM),
        TypeError,
        "expected the module's input, optionally followed by its initial state (h_0, c_0)",
        "got 0 arguments after the module",
    ),
    "describe: LSTM state not a pair": (
        lambda: describe(LSTM, torch.randn(5, 3, 8), torch.zeros(4, 3, 16)),
        TypeError,
        "an LSTM expects its initial state as a tuple (h_0, c_0)",
        "got a tensor of shape (4, 3, 16)",
    ),
    "describe: GRU state given as a pair": (
        lambda: describe(GRU, torch.randn(5, 3, 8), (torch.zeros(1, 3, 16),) * 2),
        TypeError,
        "a GRU expects its initial state as a single tensor h_0",
        "got a tuple of 2",
    ),
    "describe: initial state of wrong shape": (
        lambda: describe(
            LSTM, torch.randn(5, 3, 8), (torch.zeros(2, 3, 16), torch.zeros(4, 3, 16))
        ),
        ValueError,
        "h_0: expected shape (4, 3, 16) (L*D = 2*2 = 4, N = 3, H = 16)",
        "got shape (2, 3, 16)",
    ),
    "check_rnn_module: a string": (
        lambda: check_rnn_module("LSTM"),
        TypeError,
        "expected an nn.LSTM, nn.GRU or nn.RNN module",
        "got a str ('LSTM')",
    ),
}


@pytest.mark.parametrize(
    ("call", "kind", "expected", "received"), CASES.values(), ids=CASES.keys()
)
def test_bad_input_raises_a_clear_error(
    call: Callable[[], Any], kind: type[Exception], expected: str, received: str
) -> None:
    with pytest.raises(kind) as excinfo:
        call()
    message = str(excinfo.value)
    assert expected in message
    assert received in message


def test_there_are_at_least_fifteen_distinct_cases() -> None:
    assert len(CASES) >= 15
