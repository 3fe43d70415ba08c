"""Property-based tests: every helper agrees with plain torch indexing, over the whole grid.

The grid: mode LSTM/GRU/RNN, 1-3 layers, uni- or bidirectional, ``batch_first`` either way,
``proj_size`` (LSTM only), unbatched input, and packed batches with random lengths. The
expected values are written out with explicit indices (and explicit loops, which the
library itself never uses) so that the tests do not share code with the library.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

from lstm_outputs import (
    describe,
    last_valid_step,
    layer_outputs,
    split_directions,
    summary_vector,
    top_layer_states,
    unstack_states,
)


@dataclass(frozen=True)
class Config:
    mode: str
    layers: int
    bidirectional: bool
    batch_first: bool
    hidden: int
    proj: int
    layout: str  # "batched", "unbatched" or "packed"
    steps: int
    batch: int
    lengths: tuple[int, ...]  # one per sequence (used to pack, or as padding lengths)
    seed: int

    @property
    def D(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def H(self) -> int:
        return self.proj or self.hidden


@st.composite
def configs(
    draw: st.DrawFn,
    layouts: tuple[str, ...] = ("batched", "unbatched", "packed"),
    bidirectional: tuple[bool, ...] = (False, True),
) -> Config:
    mode = draw(st.sampled_from(["LSTM", "GRU", "RNN"]))
    hidden = draw(st.integers(2, 4))
    proj = draw(st.integers(0, hidden - 1)) if mode == "LSTM" else 0
    steps, batch = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    lengths = draw(st.lists(st.integers(1, steps), min_size=batch, max_size=batch))
    return Config(
        mode=mode,
        layers=draw(st.integers(1, 3)),
        bidirectional=draw(st.sampled_from(bidirectional)),
        batch_first=draw(st.booleans()),
        hidden=hidden,
        proj=proj,
        layout=draw(st.sampled_from(layouts)),
        steps=steps,
        batch=batch,
        lengths=tuple(lengths),
        seed=draw(st.integers(0, 2**16)),
    )


@dataclass
class Run:
    rnn: nn.RNNBase
    x: Tensor | PackedSequence
    output: Tensor | PackedSequence
    h_n: Tensor
    c_n: Tensor | None


INPUT_SIZE = 3


def run(cfg: Config) -> Run:
    torch.manual_seed(cfg.seed)
    kwargs: dict[str, object] = {
        "num_layers": cfg.layers,
        "bidirectional": cfg.bidirectional,
        "batch_first": cfg.batch_first,
    }
    if cfg.proj:
        kwargs["proj_size"] = cfg.proj
    rnn: nn.RNNBase = getattr(nn, cfg.mode)(INPUT_SIZE, cfg.hidden, **kwargs)
    if cfg.layout == "unbatched":
        x: Tensor | PackedSequence = torch.randn(cfg.steps, INPUT_SIZE)
    else:
        shape = (cfg.batch, cfg.steps) if cfg.batch_first else (cfg.steps, cfg.batch)
        x = torch.randn(*shape, INPUT_SIZE)
        if cfg.layout == "packed":
            x = pack_padded_sequence(
                x, torch.tensor(cfg.lengths), batch_first=cfg.batch_first, enforce_sorted=False
            )
    with torch.no_grad():
        output, state = rnn(x)
    h_n, c_n = state if cfg.mode == "LSTM" else (state, None)
    return Run(rnn, x, output, h_n, c_n)


def same_storage(a: Tensor, b: Tensor) -> bool:
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


def time_major(cfg: Config, output: Tensor | PackedSequence) -> tuple[Tensor, list[int]]:
    """``output`` as a padded ``(T, N, D*H)`` tensor (``(T, D*H)`` unbatched) and its lengths."""
    if isinstance(output, PackedSequence):
        padded, lengths = pad_packed_sequence(output)
        return padded, lengths.tolist()
    if output.dim() == 2:
        return output, [output.shape[0]]
    return (output.transpose(0, 1) if cfg.batch_first else output), [cfg.steps] * cfg.batch


@given(configs())
def test_unstack_states_is_a_view_indexed_layer_then_direction(cfg: Config) -> None:
    r = run(cfg)
    for state in (r.h_n, r.c_n):
        if state is None:
            continue
        states = unstack_states(state, r.rnn)
        assert states.shape == (cfg.layers, cfg.D, *state.shape[1:])
        assert same_storage(states, state)
        for layer in range(cfg.layers):
            for direction in range(cfg.D):
                assert torch.equal(states[layer, direction], state[layer * cfg.D + direction])


@given(configs())
def test_top_layer_states_are_the_last_D_rows(cfg: Config) -> None:
    r = run(cfg)
    for state in (r.h_n, r.c_n):
        if state is None:
            continue
        top = top_layer_states(state, r.rnn)
        assert top.shape == (cfg.D, *state.shape[1:])
        assert same_storage(top, state)
        for direction in range(cfg.D):
            assert torch.equal(top[direction], state[(cfg.layers - 1) * cfg.D + direction])


@given(configs())
def test_summary_vector_joins_top_rows_and_matches_output_ends(cfg: Config) -> None:
    r = run(cfg)
    summary = summary_vector(r.h_n, r.rnn)
    top_rows = [r.h_n[(cfg.layers - 1) * cfg.D + d] for d in range(cfg.D)]
    assert torch.equal(summary, torch.cat(top_rows, dim=-1))
    batch_shape = () if cfg.layout == "unbatched" else (cfg.batch,)
    assert summary.shape == (*batch_shape, cfg.D * cfg.H)
    if cfg.D == 1:
        assert same_storage(summary, r.h_n)
    # From output: forward half at each sequence's last real step, backward half at step 0.
    padded, lengths = time_major(cfg, r.output)
    if cfg.layout == "unbatched":
        expected = torch.cat([padded[-1, : cfg.H], padded[0, cfg.H :]])
    else:
        rows = []
        for n, length in enumerate(lengths):
            rows.append(torch.cat([padded[length - 1, n, : cfg.H], padded[0, n, cfg.H :]]))
        expected = torch.stack(rows)
    assert torch.equal(summary, expected)


@given(configs(bidirectional=(True,)))
def test_split_directions_halves_the_last_dim_without_copying(cfg: Config) -> None:
    r = run(cfg)
    forward, backward = split_directions(r.output, r.rnn)
    if isinstance(r.output, PackedSequence):
        assert isinstance(forward, PackedSequence)
        assert isinstance(backward, PackedSequence)
        for half, expected in (
            (forward, r.output.data[:, : cfg.H]),
            (backward, r.output.data[:, cfg.H :]),
        ):
            assert torch.equal(half.data, expected)
            assert same_storage(half.data, r.output.data)
            assert half.batch_sizes is r.output.batch_sizes
            assert half.sorted_indices is r.output.sorted_indices
            assert half.unsorted_indices is r.output.unsorted_indices
        padded_fwd, _ = pad_packed_sequence(forward)
        padded, _ = pad_packed_sequence(r.output)
        assert torch.equal(padded_fwd, padded[..., : cfg.H])
    else:
        assert isinstance(forward, Tensor)
        assert isinstance(backward, Tensor)
        assert torch.equal(forward, r.output[..., : cfg.H])
        assert torch.equal(backward, r.output[..., cfg.H :])
        assert same_storage(forward, r.output)
        assert same_storage(backward, r.output)
    # Without the module, only the evenness of the last dim is checked: same halves.
    data = r.output.data if isinstance(r.output, PackedSequence) else r.output
    with pytest.warns(UserWarning, match="without rnn"):
        loose = split_directions(data)
    assert torch.equal(loose[0], data[..., : cfg.H])


@given(configs(layouts=("batched", "packed")))
def test_last_valid_step_gathers_step_lengths_minus_one(cfg: Config) -> None:
    r = run(cfg)
    if isinstance(r.output, PackedSequence):
        output, lengths_t = pad_packed_sequence(r.output, batch_first=cfg.batch_first)
        lengths = lengths_t.tolist()
    else:
        output, lengths = r.output, list(cfg.lengths)  # a padded, unpacked batch
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        last = last_valid_step(
            output,
            torch.tensor(lengths),
            batch_first=cfg.batch_first,
            bidirectional=cfg.bidirectional,
            from_packed=cfg.layout == "packed",
        )
    expected = torch.stack(
        [
            output[n, length - 1] if cfg.batch_first else output[length - 1, n]
            for n, length in enumerate(lengths)
        ]
    )
    assert torch.equal(last, expected)
    contaminated = (
        cfg.bidirectional
        and cfg.layout == "batched"
        and min(lengths) < output.shape[1 if cfg.batch_first else 0]
    )
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert bool(messages) == contaminated, messages
    if cfg.layout == "packed":
        # The forward half of each row is that sequence's final forward state.
        assert torch.equal(last[:, : cfg.H], r.h_n[(cfg.layers - 1) * cfg.D])


@given(configs(layouts=("packed",)))
def test_packed_summary_vector_equals_each_sequence_run_alone(cfg: Config) -> None:
    r = run(cfg)
    assert isinstance(r.x, PackedSequence)
    padded_x, _ = pad_packed_sequence(r.x)  # (T, N, I), original batch order
    summary = summary_vector(r.h_n, r.rnn)
    for n, length in enumerate(cfg.lengths):
        with torch.no_grad():
            _, state = r.rnn(padded_x[:length, n])  # unbatched: this sequence alone, no padding
        h_alone = state[0] if cfg.mode == "LSTM" else state
        torch.testing.assert_close(
            summary[n], summary_vector(h_alone, r.rnn), atol=1e-6, rtol=1e-5
        )


@given(configs())
def test_describe_checks_hold_and_shapes_match(cfg: Config) -> None:
    r = run(cfg)
    report = describe(r.rnn, r.x)
    assert report.ok, str(report)
    out = r.output.data if isinstance(r.output, PackedSequence) else r.output
    assert report.tensor("output").shape == tuple(out.shape)
    assert report.tensor("h_n").shape == tuple(r.h_n.shape)
    if r.c_n is not None:
        assert report.tensor("c_n").shape == tuple(r.c_n.shape)
    else:
        with pytest.raises(KeyError, match="c_n"):
            report.tensor("c_n")
    # Every check is decided on random real values (N >= 1): none is left undecided.
    assert all(check.status == "as expected" for check in report.checks), str(report)
    assert f"{tuple(r.h_n.shape)}" in str(report)


def each_layer_alone(cfg: Config, r: Run, layer: int, layer_input: Tensor) -> Tensor:
    """Layer ``layer`` of ``r.rnn`` as a 1-layer module of the same class, run on ``layer_input``
    (padded, time-major, (T, N, F)), with every sequence cut to its own length: its output."""
    kwargs: dict[str, object] = {"bidirectional": cfg.bidirectional}
    if cfg.proj:
        kwargs["proj_size"] = cfg.proj
    single: nn.RNNBase = getattr(nn, cfg.mode)(layer_input.shape[-1], cfg.hidden, **kwargs)
    with torch.no_grad():
        for name, param in single.named_parameters():
            param.copy_(getattr(r.rnn, name.replace("_l0", f"_l{layer}")))
        lengths = [layer_input.shape[0]] * layer_input.shape[1]
        if cfg.layout == "packed":
            lengths = list(cfg.lengths)
        columns = []
        for n, length in enumerate(lengths):  # each sequence alone, unbatched, no padding
            alone, _ = single(layer_input[:length, n])
            columns.append(
                torch.cat(
                    [alone, alone.new_zeros(layer_input.shape[0] - length, *alone.shape[1:])]
                )
            )
    return torch.stack(columns, dim=1)


@settings(max_examples=25)
@given(configs())
def test_layer_outputs_top_is_output_ends_are_the_states_and_layers_chain(cfg: Config) -> None:
    r = run(cfg)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="LSTM with projections is not supported")
        with torch.no_grad():
            result = layer_outputs(r.rnn, r.x)
    outputs, cells = result if cfg.mode == "LSTM" else (result, None)
    assert isinstance(outputs, Tensor)
    # Shapes: (L, *output's padded shape), cells with hidden_size per direction.
    padded, lengths = time_major(cfg, r.output)
    steps = padded.shape[0]
    if cfg.layout == "unbatched":
        assert outputs.shape == (cfg.layers, steps, cfg.D * cfg.H)
    elif cfg.batch_first:
        assert outputs.shape == (cfg.layers, cfg.batch, steps, cfg.D * cfg.H)
    else:
        assert outputs.shape == (cfg.layers, steps, cfg.batch, cfg.D * cfg.H)
    if cells is not None:
        assert cells.shape == (*outputs.shape[:-1], cfg.D * cfg.hidden)

    # Everything below on a time-major (L, T, N, F) view.
    def time_major_layers(value: Tensor) -> Tensor:
        if cfg.layout == "unbatched":
            return value.unsqueeze(2)
        return value.transpose(1, 2) if cfg.batch_first else value

    outs = time_major_layers(outputs)
    cs = None if cells is None else time_major_layers(cells)
    top = padded.unsqueeze(1) if cfg.layout == "unbatched" else padded
    torch.testing.assert_close(outs[-1], top, atol=1e-5, rtol=1e-4)  # the top layer is output
    # The ends of every layer and direction are its rows of h_n (and c_n).
    h_n = r.h_n.unsqueeze(1) if cfg.layout == "unbatched" else r.h_n
    c_n = None if r.c_n is None else (r.c_n.unsqueeze(1) if cfg.layout == "unbatched" else r.c_n)
    for layer in range(cfg.layers):
        for n, length in enumerate(lengths):
            row = layer * cfg.D
            pairs = [(outs, h_n, cfg.H)] + ([(cs, c_n, cfg.hidden)] if cs is not None else [])
            for states, finals, size in pairs:
                assert states is not None
                assert finals is not None
                torch.testing.assert_close(
                    states[layer, length - 1, n, :size], finals[row, n], atol=1e-5, rtol=1e-4
                )
                if cfg.D == 2:
                    torch.testing.assert_close(
                        states[layer, 0, n, size:], finals[row + 1, n], atol=1e-5, rtol=1e-4
                    )
            assert torch.all(outs[layer, length:, n] == 0)  # past a sequence's end: zeros
    # Every step, not only the ends: layer 0's forward direction at step t has read x[:t + 1]
    # only, so its h and c there are the final states of the module run on that prefix.
    if cfg.layout != "packed":
        assert isinstance(r.x, Tensor)
        for t in range(steps):
            prefix = (
                r.x[:, : t + 1] if cfg.batch_first and cfg.layout == "batched" else r.x[: t + 1]
            )
            with torch.no_grad():
                _, state = r.rnn(prefix)
            h_t, c_t = state if cfg.mode == "LSTM" else (state, None)
            if cfg.layout == "unbatched":  # (L*D, H) -> (L*D, 1, H)
                h_t = h_t.unsqueeze(1)
                c_t = None if c_t is None else c_t.unsqueeze(1)
            torch.testing.assert_close(outs[0, t, :, : cfg.H], h_t[0], atol=1e-5, rtol=1e-4)
            if cs is not None:
                assert c_t is not None
                torch.testing.assert_close(cs[0, t, :, : cfg.hidden], c_t[0], atol=1e-5, rtol=1e-4)
    # Layer 1 is layer 1 of the module run alone on layer 0's outputs: the layers chain.
    if cfg.layers >= 2:
        layer_1 = each_layer_alone(cfg, r, 1, outs[0])
        torch.testing.assert_close(outs[1], layer_1, atol=1e-5, rtol=1e-4)
