"""
Bridging a bidirectional encoder to a unidirectional decoder
============================================================

A sequence-to-sequence model often encodes with a bidirectional LSTM and decodes with a
unidirectional one, started from the encoder's final states. The shapes do not match:
for ``L`` layers, a batch of ``N`` sentences and ``H`` hidden units per direction, the
encoder returns ``h_n`` and ``c_n`` of shape ``(L*2, N, H)``, one row per layer and
direction, while the decoder wants ``(L_dec, N, H_dec)``, one row per layer. There are
several sound ways to bridge the gap, and two popular expressions that run without error
and hand the decoder the wrong states: a slice that keeps only the lowest layer, and a
reshape that mixes sentences. This example builds each bridge, checks which encoder rows
feed which decoder rows, and catches both mistakes.
"""

# %%
# The encoder's final states
# --------------------------
#
# Notation: ``L`` layers, ``N`` sentences in the batch, ``H`` hidden units per direction,
# ``T_SRC`` source steps; the decoder has ``L_dec`` layers of ``H_dec`` units.
#
# A 2-layer bidirectional encoder with ``H = 6`` reads a batch of ``N = 3`` source
# sequences. ``h_n`` and ``c_n`` are stacked layer-major, direction-minor: rows ``2l`` and
# ``2l + 1`` are layer ``l``'s forward and backward states (:ref:`explain-final-states`,
# :ref:`sphx_glr_auto_examples_basics_plot_untangle_h_n.py`).

import warnings
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.colors import ListedColormap
from torch import nn
from torch.autograd.functional import jacobian

torch.manual_seed(0)
INPUT_SIZE, H, L, N, T_SRC, T_TGT = 5, 6, 2, 3, 7, 4
encoder = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True)
source = torch.randn(T_SRC, N, INPUT_SIZE)
target = torch.randn(T_TGT, N, INPUT_SIZE)  # the decoder's (teacher-forced) inputs

with torch.no_grad():
    _, (h_n, c_n) = encoder(source)
assert h_n.shape == c_n.shape == (L * 2, N, H)
print(f"h_n, c_n: {tuple(h_n.shape)}  (L*2, N, H)")

# %%
# A decoder checks the shape of its initial state
# -----------------------------------------------
#
# A unidirectional :class:`torch.nn.LSTM` with ``L`` layers wants ``h_0`` and ``c_0`` of
# shape ``(L, N, H_dec)``. Handing it ``h_n`` as it is fails, because ``h_n`` has twice as
# many rows.

decoder = nn.LSTM(INPUT_SIZE, H, num_layers=L)
try:
    decoder(target, (h_n, c_n))
except RuntimeError as error:
    print("RuntimeError:", error)
else:
    raise AssertionError("a (L*2, N, H) state should be rejected by an L-layer decoder")

# %%
# The error is the good case. The dangerous mistakes produce a tensor of the right shape
# with the wrong contents. Each strategy below is a function from ``h_n`` (or ``c_n``) to
# the decoder's initial state, applied to both.
#
# (a) Sum the two directions
# --------------------------
#
# ``view(L, 2, N, H)`` separates layers and directions; summing over the direction axis
# gives one ``(N, H)`` state per layer. The decoder keeps the encoder's ``H``.


def sum_directions(state: torch.Tensor) -> torch.Tensor:
    return state.view(L, 2, N, H).sum(dim=1)


summed = sum_directions(h_n)
assert summed.shape == (L, N, H)
for layer in range(L):
    torch.testing.assert_close(summed[layer], h_n[2 * layer] + h_n[2 * layer + 1])

# %%
# (b) Concatenate the directions per layer
# ----------------------------------------
#
# Moving the direction axis next to the hidden axis and merging them gives ``(L, N, 2H)``:
# for every layer, the forward state followed by the backward state, as in ``output``.
# The decoder's hidden size must be ``2H``. The ``transpose`` is what makes this correct;
# ``reshape`` then copies, since the transposed tensor is not contiguous.


def concat_directions(state: torch.Tensor) -> torch.Tensor:
    return state.view(L, 2, N, H).transpose(1, 2).reshape(L, N, 2 * H)


concatenated = concat_directions(h_n)
assert concatenated.shape == (L, N, 2 * H)
assert not h_n.view(L, 2, N, H).transpose(1, 2).is_contiguous()
assert concatenated.data_ptr() != h_n.data_ptr()  # reshape copied
for layer in range(L):
    expected = torch.cat([h_n[2 * layer], h_n[2 * layer + 1]], dim=-1)
    torch.testing.assert_close(concatenated[layer], expected)

# %%
# (c) A learned bridge
# --------------------
#
# A linear layer maps each layer's concatenated ``2H`` vector to any decoder size
# ``H_dec`` (here 10), learned with the rest of the model. ``h`` of an LSTM without
# ``proj_size`` is ``o * tanh(c)`` and lies in ``(-1, 1)``, so the bridged ``h_0`` goes
# through ``tanh`` to stay in that range; ``c`` is a running sum that no ``tanh`` squashes,
# and it gets its own linear layer without one. (With ``proj_size``, ``h`` is that product
# multiplied by the matrix ``weight_hr``, and no such bound holds: the check below scales
# that matrix and gets an ``h`` outside ``(-1, 1)``.)

H_DEC = 10
bridge_h, bridge_c = nn.Linear(2 * H, H_DEC), nn.Linear(2 * H, H_DEC)


def learned_h(state: torch.Tensor) -> torch.Tensor:
    return torch.tanh(bridge_h(concat_directions(state)))


def learned_c(state: torch.Tensor) -> torch.Tensor:
    return bridge_c(concat_directions(state))


assert h_n.abs().max() < 1  # this encoder has no proj_size
projected = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True, proj_size=2)
with torch.no_grad(), warnings.catch_warnings():
    # On CPU, an LSTM with proj_size warns that oneDNN cannot run it; the result is exact.
    warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")
    for layer in range(L):
        for suffix in ("", "_reverse"):
            getattr(projected, f"weight_hr_l{layer}{suffix}").mul_(10)
    _, (h_projected, _) = projected(source)
assert h_projected.abs().max() > 1  # with proj_size, h is not bounded by 1
bridged = learned_h(h_n)
assert bridged.shape == (L, N, H_DEC)
assert bridged.abs().max() < 1

# %%
# (d) The top layer only, repeated
# --------------------------------
#
# The top layer's two final states, ``cat(h_n[-2], h_n[-1])``, are the usual summary of a
# sentence (:ref:`explain-cheat-sheet`). Repeating that one vector for every decoder
# layer frees the decoder's depth from the encoder's: here the decoder has 3 layers.

L_DEC = 3


def top_repeated(state: torch.Tensor) -> torch.Tensor:
    top = torch.cat([state[-2], state[-1]], dim=-1)  # (N, 2H)
    return top.unsqueeze(0).repeat(L_DEC, 1, 1)


repeated = top_repeated(h_n)
assert repeated.shape == (L_DEC, N, 2 * H)
for layer in range(L_DEC):
    torch.testing.assert_close(repeated[layer], concatenated[-1])

# %%
# (e), (f) One direction per layer: ``h_n[0::2]`` and ``h_n[1::2]``
# -----------------------------------------------------------------
#
# Because the rows alternate forward, backward within each layer, a step-2 slice selects one
# direction of every layer: ``h_n[0::2]`` the forward states of layers ``0..L-1``,
# ``h_n[1::2]`` the backward ones. Each is ``(L, N, H)``, ready for an ``L``-layer decoder of
# the encoder's size, and each drops the other direction.


def forward_rows(state: torch.Tensor) -> torch.Tensor:
    return state[0::2]


def backward_rows(state: torch.Tensor) -> torch.Tensor:
    return state[1::2]


for select, direction in [(forward_rows, 0), (backward_rows, 1)]:
    assert select(h_n).shape == (L, N, H)
    torch.testing.assert_close(select(h_n), h_n.view(L, 2, N, H)[:, direction])
    for layer in range(L):
        torch.testing.assert_close(select(h_n)[layer], h_n[2 * layer + direction])

# %%
# Every decoder accepts its state
# -------------------------------
#
# Each strategy gets a decoder of the matching size and depth, which runs on the target
# sequence from the bridged ``(h_0, c_0)``. The table lists the shapes along the way.

strategies = {
    "(a) sum": (sum_directions, sum_directions, H, L),
    "(b) concat": (concat_directions, concat_directions, 2 * H, L),
    "(c) linear+tanh": (learned_h, learned_c, H_DEC, L),
    "(d) top, repeated": (top_repeated, top_repeated, 2 * H, L_DEC),
    "(e) h_n[0::2]": (forward_rows, forward_rows, H, L),
    "(f) h_n[1::2]": (backward_rows, backward_rows, H, L),
}
print(f"{'strategy':<19} {'h_n':<11} {'h_0 = c_0':<12} {'decoder':<20} output")
for name, (make_h, make_c, hidden, layers) in strategies.items():
    decoder = nn.LSTM(INPUT_SIZE, hidden, num_layers=layers)
    with torch.no_grad():
        h_0, c_0 = make_h(h_n), make_c(c_n)
        output, (h_dec, _) = decoder(target, (h_0, c_0))
    assert h_0.shape == c_0.shape == (layers, N, hidden)
    assert output.shape == (T_TGT, N, hidden)
    assert h_dec.shape == (layers, N, hidden)
    spec = f"LSTM(H={hidden}, L={layers})"
    print(
        f"{name:<19} {tuple(h_n.shape)!s:<11} {tuple(h_0.shape)!s:<12} {spec:<20}"
        f" {tuple(output.shape)}"
    )

# %%
# The silent mistake: ``h_n[:L]``
# -------------------------------
#
# "The decoder has ``L`` layers, so take ``L`` rows": ``h_n[:L]`` has exactly the shape an
# ``L``-layer decoder of size ``H`` wants, and it runs. But the first ``L`` rows are not one
# per layer. With ``L = 2`` they are layer 0's forward and layer 0's backward state: decoder
# layer 0 starts from the encoder's forward direction, decoder layer 1 from its *backward*
# direction, and the top encoder layer is not used at all.


def first_rows(state: torch.Tensor) -> torch.Tensor:
    return state[:L]


assert first_rows(h_n).shape == (L, N, H)
torch.testing.assert_close(first_rows(h_n)[0], h_n.view(L, 2, N, H)[0, 0])  # layer 0, forward
torch.testing.assert_close(first_rows(h_n)[1], h_n.view(L, 2, N, H)[0, 1])  # layer 0, backward
with torch.no_grad():
    decoder = nn.LSTM(INPUT_SIZE, H, num_layers=L)
    output, _ = decoder(target, (first_rows(h_n), first_rows(c_n)))  # runs: no error
assert output.shape == (T_TGT, N, H)

# %%
# What have those rows seen? Both were computed by the encoder's first layer alone: a
# one-layer bidirectional LSTM holding only layer 0's weights reproduces them, and changing
# every weight of the top layer leaves them untouched, while the top layer's rows (the ones a
# decoder should start from) move.

layer0_only = nn.LSTM(INPUT_SIZE, H, bidirectional=True)
layer0_only.load_state_dict({k: v for k, v in encoder.state_dict().items() if "_l0" in k})
other_top = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True)
other_top.load_state_dict(
    {k: v for k, v in encoder.state_dict().items() if "_l0" in k}
    | {k: v for k, v in other_top.state_dict().items() if "_l0" not in k}
)
with torch.no_grad():
    _, (h_layer0, _) = layer0_only(source)
    _, (h_other_top, _) = other_top(source)
torch.testing.assert_close(first_rows(h_n), h_layer0)
torch.testing.assert_close(first_rows(h_other_top), first_rows(h_n))
assert not torch.allclose(h_other_top[L:], h_n[L:])

# %%
# The other common mistake: ``h_n.view(L, N, 2H)``
# ------------------------------------------------
#
# ``h_n.view(L, N, 2 * H)`` has the same shape as strategy (b), so the decoder takes it
# without complaint. But ``view`` only regroups memory in order: the ``2 * N`` rows of
# ``(N, H)`` that make up one layer (forward batch, then backward batch) are re-cut into
# ``N`` rows of ``2H``. Row ``n`` of layer ``l`` is made of the flat rows ``2n`` and
# ``2n + 1`` of that layer, which belong to whichever sentences and directions happen to
# be there.


def wrong_view(state: torch.Tensor) -> torch.Tensor:
    return state.view(L, N, 2 * H)


wrong = wrong_view(h_n)
assert wrong.shape == concatenated.shape
for layer in range(L):
    for n in range(N):
        for half in range(2):
            flat = 2 * n + half  # position among the layer's 2N rows
            direction, sentence = divmod(flat, N)
            source_row = h_n[2 * layer + direction, sentence]
            torch.testing.assert_close(wrong[layer, n, half * H : (half + 1) * H], source_row)
        assert not torch.allclose(wrong[layer, n], concatenated[layer, n])

with torch.no_grad():
    decoder = nn.LSTM(INPUT_SIZE, 2 * H, num_layers=L)
    output, _ = decoder(target, (wrong_view(h_n), wrong_view(c_n)))  # runs: no error
assert output.shape == (T_TGT, N, 2 * H)

# %%
# With ``N = 3``, sentence 0's decoder starts, in every layer, from the forward states of
# sentences 0 and 1, and never sees a backward state:

for layer in range(L):
    forward_row = h_n[2 * layer]
    torch.testing.assert_close(wrong[layer, 0], torch.cat([forward_row[0], forward_row[1]], -1))
for n in range(N):
    (d1, s1), (d2, s2) = divmod(2 * n, N), divmod(2 * n + 1, N)
    print(f"wrong[l, {n}] = cat(h_n[2l + {d1}, {s1}], h_n[2l + {d2}, {s2}])")

# %%
# Which encoder rows feed which decoder rows
# ------------------------------------------
#
# The dependency of each strategy is measured, not drawn by hand: the Jacobian of the
# decoder's ``h_0`` with respect to ``h_n`` says which entries of ``h_n`` each decoder row
# ``(layer, sentence)`` reads. A cell is coloured by the direction of the ``h_n`` row it
# reads (forward blue, backward vermillion). A correct bridge reads only its own sentence:
# the coloured cells of row ``(l, n)`` all sit in column block ``n``.


def dependency(bridge: Callable[[torch.Tensor], torch.Tensor]) -> np.ndarray:
    """(L_out * N, N * L*2) grid: 0 = not read, 1 = reads a forward row, 2 = a backward row."""
    jac = jacobian(bridge, h_n)  # (L_out, N, H_out, L*2, N, H)
    reads = jac.abs().sum(dim=(2, 5)) > 0  # (L_out, N, L*2, N)
    direction = (torch.arange(L * 2) % 2 + 1).view(1, 1, L * 2, 1)
    grid = (reads * direction).permute(0, 1, 3, 2)  # columns grouped by sentence
    return grid.reshape(reads.shape[0] * N, N * L * 2).numpy()


panels = {name: dependency(make_h) for name, (make_h, _, _, _) in strategies.items()}
panels["mistake: h_n[:L]"] = dependency(first_rows)
panels["mistake: h_n.view(L, N, 2H)"] = dependency(wrong_view)

# %%
# The six bridges read only their own sentence and the layer they should: decoder layer
# ``l`` reads both directions of encoder layer ``l`` in (a), (b) and (c), one direction of
# it in (e) and (f), and every decoder layer reads the top encoder layer in (d). ``h_n[:L]``
# also stays within each sentence, but decoder layer ``l`` reads ``h_n`` row ``l``: layer 0
# forward, then layer 0 backward.

expected_rows = {
    "(a) sum": lambda layer: [2 * layer, 2 * layer + 1],
    "(b) concat": lambda layer: [2 * layer, 2 * layer + 1],
    "(c) linear+tanh": lambda layer: [2 * layer, 2 * layer + 1],
    "(d) top, repeated": lambda layer: [2 * L - 2, 2 * L - 1],
    "(e) h_n[0::2]": lambda layer: [2 * layer],
    "(f) h_n[1::2]": lambda layer: [2 * layer + 1],
    "mistake: h_n[:L]": lambda layer: [layer],
}
for name, rows_of in expected_rows.items():
    grid = panels[name]
    for row in range(grid.shape[0]):
        layer, sentence = divmod(row, N)
        own = grid[row].reshape(N, L * 2)[sentence]  # this sentence's L*2 h_n rows
        assert np.all(np.delete(grid[row].reshape(N, L * 2), sentence, axis=0) == 0), name
        assert np.array_equal(np.flatnonzero(own), rows_of(layer)), name
first_grid = panels["mistake: h_n[:L]"].reshape(L, N, N, L * 2)
assert not first_grid[..., 2 * L - 2 :].any()  # no decoder row reads the top encoder layer

wrong_grid = panels["mistake: h_n.view(L, N, 2H)"].reshape(L * N, N, L * 2)
assert wrong_grid[0, 1].any()  # sentence 0's decoder reads sentence 1
assert not np.any(wrong_grid[0] == 2)  # and no backward state at all
print(
    "mistake, decoder (layer 0, sentence 0) reads sentences:", np.flatnonzero(wrong_grid[0].any(1))
)

# %%
# The figure shows one panel per strategy. Rows are the decoder's ``(layer, sentence)``
# initial states; columns are the rows of ``h_n`` (``l0 f`` = layer 0 forward, and so
# on), grouped by sentence. Grey marks each row's own sentence. The six bridges stay in
# the grey blocks and read their own layer; ``h_n[:L]`` stays in the blocks but reads only
# layer 0's columns; the mistaken ``view`` reaches into other sentences' blocks.

FWD, BWD, OWN = "#0072B2", "#D55E00", "#E6E6E6"
cmap = ListedColormap(["white", FWD, BWD, OWN])
fig, axes = plt.subplots(2, len(panels) // 2, figsize=(11, 7.6))
column_labels = [f"l{r // 2} {'fb'[r % 2]}" for r in range(L * 2)] * N
for ax, (name, grid) in zip(axes.flat, panels.items(), strict=True):
    rows = grid.shape[0]
    shown = grid.copy()
    for row in range(rows):
        block = slice((row % N) * L * 2, (row % N + 1) * L * 2)
        shown[row, block] = np.where(shown[row, block] == 0, 3, shown[row, block])
    ax.imshow(shown, cmap=cmap, vmin=0, vmax=3, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(N * L * 2), column_labels, rotation=90, fontsize=7)
    ax.set_yticks(range(rows), [f"l{r // N} s{r % N}" for r in range(rows)], fontsize=7)
    for k in range(1, N):
        ax.axvline(k * L * 2 - 0.5, color="black", linewidth=1)
    for k in range(1, rows // N):
        ax.axhline(k * N - 0.5, color="0.4", linewidth=0.8, linestyle="--")
    ax.set_title(name, fontsize=9)
    ax.set_xlabel("h_n row, by sentence s0 | s1 | s2", fontsize=8)
for ax in axes[:, 0]:
    ax.set_ylabel("decoder h_0 (layer, sentence)")
fig.tight_layout()

# %%
# Which bridge to use
# -------------------
#
# (b) keeps all the information and needs a decoder of size ``2H``; (a) keeps the size
# but adds the directions together; (c) adds parameters and frees the decoder's size;
# (d) frees the decoder's depth and starts every layer from the sentence summary; (e) and
# (f) keep the encoder's depth and size and drop one direction. All six keep each
# sentence's state with its own sentence; all but (d) also start each decoder layer from the
# encoder layer of the same index, while (d) starts every decoder layer from the top one.
# ``h_n[:L]`` starts the decoder from the lowest encoder layer with its directions
# alternating, and ``h_n.view(L, N, 2H)`` mixes sentences; PyTorch reports neither.

plt.show()
