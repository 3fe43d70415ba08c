"""summary_vector and last_valid_step, including what padding does to each direction."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from lstm_outputs import last_valid_step, summary_vector

LENGTHS = [5, 2, 3]


def make(mode: str, *, bidirectional: bool = True, batch_first: bool = False) -> nn.RNNBase:
    torch.manual_seed(0)
    rnn: nn.RNNBase = getattr(nn, mode)(
        4, 6, num_layers=2, bidirectional=bidirectional, batch_first=batch_first
    )
    return rnn


def final_h(state: Tensor | tuple[Tensor, Tensor]) -> Tensor:
    return state[0] if isinstance(state, tuple) else state


def padded_batch(batch_first: bool) -> Tensor:
    torch.manual_seed(1)
    x = torch.randn(3, 5, 4)  # (N, T, I)
    for n, length in enumerate(LENGTHS):
        x[n, length:] = 0.0  # padding after the real steps
    return x if batch_first else x.transpose(0, 1).contiguous()


def alone(rnn: nn.RNNBase, x: Tensor, n: int, batch_first: bool) -> tuple[Tensor, Tensor]:
    """Run sequence ``n`` alone (unbatched, without its padding): its output and h_n."""
    seq = x[n, : LENGTHS[n]] if batch_first else x[: LENGTHS[n], n]
    with torch.no_grad():
        output, state = rnn(seq)
    return output, final_h(state)


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("batch_first", [False, True])
def test_summary_vector_of_packed_batch_equals_per_sequence_runs(
    mode: str, batch_first: bool
) -> None:
    rnn = make(mode, batch_first=batch_first)
    x = padded_batch(batch_first)
    packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first, enforce_sorted=False)
    with torch.no_grad():
        _, state = rnn(packed)
    summary = summary_vector(final_h(state), rnn)
    assert summary.shape == (3, 12)
    for n in range(3):
        output_alone, h_alone = alone(rnn, x, n, batch_first)
        torch.testing.assert_close(summary[n], summary_vector(h_alone, rnn))
        # ... which is the forward half at the last step joined with the backward half at step 0
        expected = torch.cat([output_alone[-1, :6], output_alone[0, 6:]])
        torch.testing.assert_close(summary[n], expected)


def test_summary_vector_of_padded_unpacked_batch_has_read_the_padding() -> None:
    rnn = make("LSTM")
    x = padded_batch(batch_first=False)
    with torch.no_grad():
        _, (h_n, _) = rnn(x)  # not packed: every sequence runs over all T=5 steps
    summary = summary_vector(h_n, rnn)
    _, h_alone = alone(rnn, x, 0, batch_first=False)
    torch.testing.assert_close(summary[0], summary_vector(h_alone, rnn))  # full length: exact
    for n in (1, 2):  # shorter: both halves differ from the sequence run alone
        _, h_alone = alone(rnn, x, n, batch_first=False)
        reference = summary_vector(h_alone, rnn)
        assert not torch.allclose(summary[n, :6], reference[:6], atol=1e-4)
        assert not torch.allclose(summary[n, 6:], reference[6:], atol=1e-4)


def test_summary_vector_unidirectional_is_a_view_of_the_top_row() -> None:
    rnn = make("GRU", bidirectional=False)
    _, h_n = rnn(torch.randn(5, 3, 4))
    summary = summary_vector(h_n, rnn)
    assert summary.shape == (3, 6)
    assert summary._base is h_n
    assert torch.equal(summary, h_n[-1])


def test_summary_vector_unbatched() -> None:
    rnn = make("RNN")
    output, h_n = rnn(torch.randn(5, 4))
    summary = summary_vector(h_n, rnn)
    assert summary.shape == (12,)
    assert torch.equal(summary, torch.cat([output[-1, :6], output[0, 6:]]))


@pytest.mark.parametrize("batch_first", [False, True])
def test_last_valid_step_unidirectional_is_exact_without_packing(batch_first: bool) -> None:
    rnn = make("LSTM", bidirectional=False, batch_first=batch_first)
    x = padded_batch(batch_first)
    with torch.no_grad():
        output, _ = rnn(x)
    last = last_valid_step(
        output, torch.tensor(LENGTHS), batch_first=batch_first, bidirectional=False
    )
    assert last.shape == (3, 6)
    for n in range(3):
        output_alone, _ = alone(rnn, x, n, batch_first)
        torch.testing.assert_close(last[n], output_alone[-1])


def test_last_valid_step_bidirectional_padded_warns_and_backward_half_is_wrong() -> None:
    rnn = make("GRU")
    x = padded_batch(batch_first=False)
    with torch.no_grad():
        output, _ = rnn(x)
    with pytest.warns(UserWarning, match=r"backward half \[\.\.\., 6:\].*has read their padding"):
        last = last_valid_step(output, torch.tensor(LENGTHS), bidirectional=True)
    for n in range(3):
        output_alone, _ = alone(rnn, x, n, batch_first=False)
        reference = output_alone[-1]
        if LENGTHS[n] == 5:
            torch.testing.assert_close(last[n], reference)
        else:
            # Backward half: started at step T-1 and read the padding. Forward half: with two
            # layers, layer 1 reads layer 0's backward outputs at every step, so it is off too.
            assert not torch.allclose(last[n, 6:], reference[6:], atol=1e-4)
            assert not torch.allclose(last[n, :6], reference[:6], atol=1e-4)


def test_last_valid_step_bidirectional_one_layer_forward_half_exact() -> None:
    torch.manual_seed(0)
    rnn = nn.LSTM(4, 6, bidirectional=True)  # one layer: the forward half never sees the future
    x = padded_batch(batch_first=False)
    with torch.no_grad():
        output, _ = rnn(x)
    with pytest.warns(UserWarning, match="pack_padded_sequence"):
        last = last_valid_step(output, LENGTHS, bidirectional=True)
    for n in (1, 2):
        output_alone, _ = alone(rnn, x, n, batch_first=False)
        torch.testing.assert_close(last[n, :6], output_alone[-1, :6])
        assert not torch.allclose(last[n, 6:], output_alone[-1, 6:], atol=1e-4)


@pytest.mark.parametrize("batch_first", [False, True])
def test_last_valid_step_from_packed_is_exact_and_silent(batch_first: bool) -> None:
    rnn = make("LSTM", batch_first=batch_first)
    x = padded_batch(batch_first)
    packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first, enforce_sorted=False)
    with torch.no_grad():
        packed_output, (h_n, _) = rnn(packed)
    output, lengths = pad_packed_sequence(packed_output, batch_first=batch_first)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        last = last_valid_step(output, lengths, batch_first=batch_first, from_packed=True)
    for n in range(3):
        output_alone, _ = alone(rnn, x, n, batch_first)
        torch.testing.assert_close(last[n], output_alone[-1])
    assert torch.equal(last[:, :6], h_n[-2])


def test_last_valid_step_default_warns_only_when_padding_is_present() -> None:
    output = torch.randn(5, 3, 8)
    with pytest.warns(UserWarning, match="Pass bidirectional=False"):
        last_valid_step(output, [5, 2, 3])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        full = last_valid_step(output, [5, 5, 5])  # no padding: nothing to warn about
        last_valid_step(output, [5, 2, 3], bidirectional=False)
    assert torch.equal(full, output[-1])


@pytest.mark.parametrize(
    "lengths",
    [
        [5, 2, 3],
        (5, 2, 3),
        torch.tensor([5, 2, 3], dtype=torch.int32),
        np.array([5, 2, 3]),
        np.array([5, 2, 3], dtype=np.uint8),
        [np.int64(5), np.int32(2), np.int16(3)],
        [torch.tensor(5), torch.tensor(2), torch.tensor(3)],
    ],
    ids=["list", "tuple", "int32", "numpy", "numpy-uint8", "numpy-scalars", "0-d-tensors"],
)
def test_last_valid_step_accepts_every_unambiguous_integer_sequence(lengths: object) -> None:
    output = torch.randn(3, 5, 4)  # batch_first
    expected = torch.stack([output[0, 4], output[1, 1], output[2, 2]])
    last = last_valid_step(output, lengths, batch_first=True, bidirectional=False)  # type: ignore[arg-type]
    assert torch.equal(last, expected)


def test_last_valid_step_takes_layout_and_directions_from_rnn() -> None:
    """T == N: shapes cannot tell (T, N) from (N, T); rnn= settles it."""
    rnn = make("GRU", batch_first=True)
    torch.manual_seed(2)
    x = torch.randn(5, 5, 4)  # (N, T, I) with N == T
    with torch.no_grad():
        output, _ = rnn(pack_padded_sequence(x, [5, 2, 3, 1, 4], True, enforce_sorted=False))
    padded, lengths = pad_packed_sequence(output, batch_first=True)
    last = last_valid_step(padded, lengths, rnn=rnn, from_packed=True)
    expected = torch.stack([padded[n, int(length) - 1] for n, length in enumerate(lengths)])
    assert torch.equal(last, expected)
    # Without rnn (and the default batch_first=False) the same call reads the wrong dims,
    # and shapes alone cannot notice: this is why rnn= exists.
    wrong = last_valid_step(padded, lengths, from_packed=True)
    assert not torch.equal(wrong, expected)
    # rnn= makes the bidirectional warning precise too: padding-free rows, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        last_valid_step(padded, [5, 5, 5, 5, 5], rnn=rnn)


def test_last_valid_step_on_meta_device_with_cpu_lengths() -> None:
    # lengths for pack_padded_sequence live on the CPU; an output on another device is fine.
    output = torch.empty(5, 3, 8, device="meta")
    last = last_valid_step(output, torch.tensor(LENGTHS), bidirectional=False)
    assert last.device.type == "meta"
    assert last.shape == (3, 8)
