"""
GRU and RNN
===========

:class:`torch.nn.GRU` and :class:`torch.nn.RNN` lay out ``output`` and ``h_n`` exactly like
:class:`torch.nn.LSTM`, so everything about splitting directions and untangling layers carries
over. Two things differ: they have no cell state, so the second return value is a tensor rather
than a pair, and their weights stack three gates (GRU) or one (RNN) instead of four. Code moved
from an LSTM to a GRU can trip on the first difference without an error, as shown below.
"""

# %%
# What each module returns
# ------------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``L`` layers, ``D = 2`` directions, ``H``
# hidden units per direction.
#
# All three return a pair ``(output, state)``. For the LSTM ``state`` is the tuple
# ``(h_n, c_n)``; for GRU and RNN it is ``h_n`` itself, a plain tensor. The shapes of ``output``
# and ``h_n`` are the same for all three (:ref:`explain-output-tensor`,
# :ref:`explain-final-states`).

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)

T, N, INPUT_SIZE, H = 5, 3, 4, 6
L, D = 2, 2
MODES = ("LSTM", "GRU", "RNN")
GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}

x = torch.randn(T, N, INPUT_SIZE)
models = {
    mode: getattr(nn, mode)(INPUT_SIZE, H, num_layers=L, bidirectional=True) for mode in MODES
}
results = {}
with torch.no_grad():
    for mode, model in models.items():
        output, state = model(x)
        h_n = state[0] if mode == "LSTM" else state
        results[mode] = (output, h_n)
        print(
            f"{mode:<5} state is a {type(state).__name__:<7}"
            f"output {tuple(output.shape)}  h_n {tuple(h_n.shape)}"
        )
        assert output.shape == (T, N, D * H)
        assert h_n.shape == (L * D, N, H)
        assert isinstance(state, tuple) == (mode == "LSTM")
        assert isinstance(state, torch.Tensor) == (mode != "LSTM")

# %%
# A silent unpacking bug
# ----------------------
#
# ``output, (h_n, c_n) = model(x)`` is LSTM code. On a GRU it unpacks ``h_n`` along its first
# axis. With four rows that fails loudly, but a 1-layer bidirectional GRU has exactly two rows,
# and the line runs: "``h_n``" is then the forward final state and "``c_n``" the backward one.

with torch.no_grad():
    try:
        output, (h_n, c_n) = models["GRU"](x)
    except ValueError as error:
        message = str(error)
    else:
        raise AssertionError("unpacking four rows into two names succeeded")
    print("2-layer bidirectional GRU:", message)
    assert message.startswith("too many values to unpack (expected 2")

    small_gru = nn.GRU(INPUT_SIZE, H, bidirectional=True)
    output, (h_n, c_n) = small_gru(x)
    print("1-layer bidirectional GRU: unpacked into", tuple(h_n.shape), "and", tuple(c_n.shape))
    assert h_n.shape == c_n.shape == (N, H)
    torch.testing.assert_close(h_n, output[-1, :, :H])  # the forward final state
    torch.testing.assert_close(c_n, output[0, :, H:])  # the backward final state, not a cell

# %%
# The same summary vector
# -----------------------
#
# The top layer's final forward state is the first half of ``output[-1]`` and its final backward
# state the second half of ``output[0]``, for every mode
# (:ref:`sphx_glr_auto_examples_basics_plot_split_directions.py`).

for output, h_n in results.values():
    summary = torch.cat([output[-1, :, :H], output[0, :, H:]], dim=-1)
    torch.testing.assert_close(summary, torch.cat([h_n[-2], h_n[-1]], dim=-1))
    torch.testing.assert_close(summary, h_n.view(L, D, N, H)[-1].permute(1, 0, 2).reshape(N, -1))

# %%
# The row order of ``h_n`` is the same too: rows 0 and 1 are layer 0. We check it as in
# :ref:`sphx_glr_auto_examples_basics_plot_untangle_h_n.py`, by copying layer 0 into a 1-layer
# module of the same kind and running it alone.

with torch.no_grad():
    for mode, model in models.items():
        layer0 = getattr(nn, mode)(INPUT_SIZE, H, bidirectional=True)
        layer0.load_state_dict({k: v for k, v in model.state_dict().items() if "_l0" in k})
        state0 = layer0(x)[1]
        h0 = state0[0] if mode == "LSTM" else state0
        torch.testing.assert_close(h0, results[mode][1][0:2])

# %%
# Gates in the weight shapes
# --------------------------
#
# The parameters have the same names in all three modules. The gate weights are stacked along
# the first axis: LSTM input, forget, cell and output gates (``4H``); GRU reset, update and new
# gates (``3H``); RNN a single map (``H``). Layer 1 reads ``D * H`` features in every mode. The
# GRU order ``r, z, n`` is checked further down by computing one step by hand.

names = {mode: [name for name, _ in model.named_parameters()] for mode, model in models.items()}
assert names["LSTM"] == names["GRU"] == names["RNN"]

print(f"{'parameter':<22}" + "".join(f"{mode:>10}" for mode in MODES))
for name in names["LSTM"]:
    if name.endswith("_reverse"):
        continue
    shapes = [tuple(getattr(models[mode], name).shape) for mode in MODES]
    print(f"{name:<22}" + "".join(f"{s!s:>10}" for s in shapes))
    for mode, shape in zip(MODES, shapes, strict=True):
        rows = GATES[mode] * H
        if name.startswith("weight_ih"):
            assert shape == (rows, INPUT_SIZE if name.endswith("l0") else D * H)
        elif name.startswith("weight_hh"):
            assert shape == (rows, H)
        else:
            assert shape == (rows,)

# %%
# One GRU step by hand, with the row blocks read as reset ``r``, update ``z`` and new ``n``
# (the equations of the :class:`torch.nn.GRU` reference), reproduces the module; reading the
# first two blocks the other way round does not.

gru = nn.GRU(INPUT_SIZE, H)
h_prev = torch.randn(1, N, H)
with torch.no_grad():
    _, h_next = gru(x[:1], h_prev)
    gi = x[0] @ gru.weight_ih_l0.T + gru.bias_ih_l0
    gh = h_prev[0] @ gru.weight_hh_l0.T + gru.bias_hh_l0


def gru_step(first: int, second: int) -> torch.Tensor:
    """One step with block ``first`` as the reset gate and ``second`` as the update gate."""
    i_blocks, h_blocks = gi.chunk(3, dim=-1), gh.chunk(3, dim=-1)
    r = torch.sigmoid(i_blocks[first] + h_blocks[first])
    z = torch.sigmoid(i_blocks[second] + h_blocks[second])
    n = torch.tanh(i_blocks[2] + r * h_blocks[2])
    return (1 - z) * n + z * h_prev[0]


torch.testing.assert_close(gru_step(0, 1), h_next[0])
assert not torch.allclose(gru_step(1, 0), h_next[0], atol=1e-4)

# %%
# Parameter counts
# ----------------
#
# Every parameter is a stack of equal blocks, one per gate, so at equal sizes the counts stand
# exactly 4 : 3 : 1. The chart splits each count into its gate blocks, measured by cutting every
# parameter of a real module along its first axis; it uses a realistic size.

GATE_NAMES = {
    "LSTM": ["input i", "forget f", "cell g", "output o"],
    "GRU": ["reset r", "update z", "new n"],
    "RNN": ["single map"],
}


def per_gate_counts(model: nn.Module, gates: int) -> list[int]:
    """Number of parameters in each gate block, summed over all parameters."""
    blocks = [0] * gates
    for p in model.parameters():
        for j, block in enumerate(p.chunk(gates, dim=0)):
            blocks[j] += block.numel()
    return blocks


blocks = {
    mode: per_gate_counts(
        getattr(nn, mode)(128, 256, num_layers=2, bidirectional=True), GATES[mode]
    )
    for mode in MODES
}
counts = {mode: sum(b) for mode, b in blocks.items()}
for mode in MODES:
    print(f"{mode:<5}{counts[mode]:>12,} parameters = {GATES[mode]} x {blocks[mode][0]:,}")
    assert len(set(blocks[mode])) == 1  # all gate blocks are the same size
assert counts["LSTM"] * 3 == counts["GRU"] * 4
assert counts["GRU"] == counts["RNN"] * 3

GATE_COLORS = ["#009E73", "#56B4E9", "#CC79A7", "#E69F00"]
fig, ax = plt.subplots(figsize=(7, 4.2))
for x_pos, mode in enumerate(MODES):
    bottom = 0.0
    for j, (block, gate) in enumerate(zip(blocks[mode], GATE_NAMES[mode], strict=True)):
        ax.bar(
            x_pos, block / 1e6, bottom=bottom, color=GATE_COLORS[j], width=0.6, edgecolor="white"
        )
        ax.text(x_pos, bottom + block / 2e6, gate, ha="center", va="center", fontsize=9)
        bottom += block / 1e6
    ax.text(x_pos, bottom + 0.03, f"{counts[mode]:,}", ha="center", va="bottom", fontsize=9)
ax.set_xticks(range(len(MODES)), MODES)
ax.set_ylabel("parameters (millions)")
ax.set_xlabel("mode")
ax.set_title("Parameters by gate block\n2-layer bidirectional, input 128, hidden_size 256")
ax.set_ylim(0, max(counts.values()) / 1e6 * 1.12)
fig.tight_layout()

# %%
# The shapes of all three modes under every switch are tabulated in
# :ref:`sphx_glr_auto_examples_basics_plot_shapes_at_a_glance.py`; ``proj_size`` exists only for
# the LSTM (:ref:`sphx_glr_auto_examples_basics_plot_proj_size.py`).

plt.show()
