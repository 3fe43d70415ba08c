"""split_directions, unstack_states and top_layer_states on hand-picked configurations."""

from __future__ import annotations

import warnings

import pytest
import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

from lstm_outputs import split_directions, top_layer_states, unstack_states


def same_storage(a: Tensor, b: Tensor) -> bool:
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


@pytest.fixture
def bilstm() -> nn.LSTM:
    torch.manual_seed(0)
    return nn.LSTM(input_size=4, hidden_size=6, num_layers=2, bidirectional=True)


def test_split_directions_tensor_halves_are_views(bilstm: nn.LSTM) -> None:
    output, (h_n, _) = bilstm(torch.randn(5, 3, 4))
    forward, backward = split_directions(output, bilstm)
    assert forward.shape == backward.shape == (5, 3, 6)
    assert forward._base is output
    assert backward._base is output
    assert torch.equal(forward, output[:, :, :6])
    assert torch.equal(backward, output[:, :, 6:])
    # The halves line up with the top layer's final states at opposite ends of time.
    assert torch.equal(forward[-1], h_n[-2])
    assert torch.equal(backward[0], h_n[-1])


def test_split_directions_without_module_splits_even_last_dim_and_warns(bilstm: nn.LSTM) -> None:
    output, (h_n, _) = bilstm(torch.randn(5, 3, 4))
    with pytest.warns(UserWarning, match=r"without rnn, only the evenness .* pass the module"):
        forward, backward = split_directions(output)
    assert torch.equal(forward, output[..., :6])
    assert torch.equal(backward, output[..., 6:])
    # What the warning is about: an h_n of even size is split just the same without a module,
    # and refused with one.
    with pytest.warns(UserWarning, match="without rnn"):
        split_directions(h_n)
    with pytest.raises(ValueError, match=r"this looks like h_n"):
        split_directions(h_n, bilstm)


def test_split_directions_batch_first_and_unbatched() -> None:
    torch.manual_seed(0)
    gru = nn.GRU(4, 5, bidirectional=True, batch_first=True)
    output, h_n = gru(torch.randn(2, 7, 4))  # (N, T, I)
    forward, backward = split_directions(output, gru)
    assert forward.shape == (2, 7, 5)
    assert torch.equal(forward[:, -1], h_n[0])
    assert torch.equal(backward[:, 0], h_n[1])
    output, h_n = gru(torch.randn(7, 4))  # unbatched (T, I): batch_first does not apply
    forward, backward = split_directions(output, gru)
    assert forward.shape == backward.shape == (7, 5)
    assert same_storage(forward, output)
    assert torch.equal(forward[-1], h_n[0])
    assert torch.equal(backward[0], h_n[1])


def test_split_directions_packed_keeps_indices_and_shares_data(bilstm: nn.LSTM) -> None:
    x = torch.randn(5, 3, 4)
    packed = pack_padded_sequence(x, torch.tensor([2, 5, 3]), enforce_sorted=False)
    output, (h_n, _) = bilstm(packed)
    forward, backward = split_directions(output, bilstm)
    for half, cols in ((forward, slice(0, 6)), (backward, slice(6, 12))):
        assert isinstance(half, PackedSequence)
        assert torch.equal(half.data, output.data[:, cols])
        assert same_storage(half.data, output.data)
        assert half.batch_sizes is output.batch_sizes
        assert half.sorted_indices is output.sorted_indices
        assert half.unsorted_indices is output.unsorted_indices
    # Unpacking a half gives the same as unpacking everything and slicing.
    padded, lengths = pad_packed_sequence(output)
    padded_bwd, lengths_bwd = pad_packed_sequence(backward)
    assert torch.equal(padded_bwd, padded[..., 6:])
    assert torch.equal(lengths_bwd, lengths)
    assert torch.equal(padded_bwd[0], h_n[-1])


def test_split_directions_with_proj_size_uses_proj_size() -> None:
    torch.manual_seed(0)
    with warnings.catch_warnings():
        # oneDNN has no LSTM with projections; PyTorch warns and falls back on CPU.
        warnings.filterwarnings(
            "ignore", message="LSTM with projections is not supported with oneDNN"
        )
        lstm = nn.LSTM(4, 8, proj_size=3, bidirectional=True)
        output, (h_n, c_n) = lstm(torch.randn(5, 2, 4))
    forward, backward = split_directions(output, lstm)
    assert forward.shape == (5, 2, 3)
    assert torch.equal(forward[-1], h_n[-2])
    assert torch.equal(backward[0], h_n[-1])
    assert c_n.shape == (2, 2, 8)


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("num_layers", [1, 3])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_unstack_states_rows_are_layer_major_direction_minor(
    mode: str, num_layers: int, bidirectional: bool
) -> None:
    torch.manual_seed(0)
    rnn: nn.RNNBase = getattr(nn, mode)(3, 4, num_layers=num_layers, bidirectional=bidirectional)
    _, state = rnn(torch.randn(6, 2, 3))
    h_n = state[0] if mode == "LSTM" else state
    d = 2 if bidirectional else 1
    states = unstack_states(h_n, rnn)
    assert states.shape == (num_layers, d, 2, 4)
    assert states._base is h_n
    for layer in range(num_layers):
        for direction in range(d):
            assert torch.equal(states[layer, direction], h_n[layer * d + direction])
    assert torch.equal(states, h_n.view(num_layers, d, 2, 4))
    top = top_layer_states(h_n, rnn)
    assert top.shape == (d, 2, 4)
    assert same_storage(top, h_n)
    assert torch.equal(top, h_n[-d:])


def test_unstack_states_c_n_and_unbatched() -> None:
    torch.manual_seed(0)
    with warnings.catch_warnings():
        # oneDNN has no LSTM with projections; PyTorch warns and falls back on CPU.
        warnings.filterwarnings(
            "ignore", message="LSTM with projections is not supported with oneDNN"
        )
        lstm = nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2)
        output, (h_n, c_n) = lstm(torch.randn(4, 3))  # unbatched
    assert h_n.shape == (4, 2)
    assert c_n.shape == (4, 5)
    assert unstack_states(h_n, lstm).shape == (2, 2, 2)
    cells = unstack_states(c_n, lstm)
    assert cells.shape == (2, 2, 5)
    assert torch.equal(cells[1, 0], c_n[2])
    assert top_layer_states(c_n, lstm).shape == (2, 5)
    assert torch.equal(top_layer_states(h_n, lstm)[0], output[-1, :2])


def test_unstack_states_of_a_non_contiguous_state_is_still_a_view(bilstm: nn.LSTM) -> None:
    _, (h_n, _) = bilstm(torch.randn(5, 3, 4))
    strided = h_n[:, ::2]  # every other sequence: a non-contiguous (4, 2, 6) view
    assert not strided.is_contiguous()
    states = unstack_states(strided, bilstm)
    assert same_storage(states, h_n)
    assert torch.equal(states[1, 1], h_n[3, ::2])


def test_public_names_and_light_import() -> None:
    import subprocess
    import sys

    import lstm_outputs

    assert set(lstm_outputs.__all__) == {
        "Check",
        "Dim",
        "Report",
        "TensorInfo",
        "describe",
        "describe_checkpoint",
        "last_valid_step",
        "layer_outputs",
        "reference_forward",
        "split_directions",
        "summary_vector",
        "top_layer_states",
        "unstack_states",
    }
    assert lstm_outputs.__version__ == "0.1.0"
    for name in lstm_outputs.__all__:
        assert getattr(lstm_outputs, name).__doc__, name
    # The diagrams (and matplotlib) are not imported with the library.
    code = (
        "import sys, lstm_outputs; "
        "print(sorted(m for m in sys.modules if 'matplotlib' in m or m.endswith('diagrams')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
