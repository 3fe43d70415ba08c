"""
Every layer's states at every step
==================================

.. index:: ! single: every layer's output

A stacked :class:`torch.nn.LSTM` computes a hidden state and a cell state for every layer,
every direction and every step, and returns few of them: ``output`` holds the **top** layer's
hidden states at every step, ``h_n`` and ``c_n`` every layer's states at the **last** step of
each direction. Probing what a lower layer has learned, or plotting how the cell state evolves,
needs the rest. This example computes them from the module's own weights, one layer at a time,
and checks them against everything the module does return.
"""

# %%
# What the module returns
# -----------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``L`` layers, ``D = 2`` directions, ``H``
# hidden units per direction; ``output`` is ``(T, N, D * H)``, ``h_n`` and ``c_n`` are
# ``(L * D, N, H)``.
#
# A 3-layer bidirectional model: of the ``L * T = 18`` hidden states that each direction
# computes for each sequence, ``output`` holds the top layer's ``T = 6`` and ``h_n`` one per
# layer, its last.

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)
E, H, L, T, N = 3, 4, 3, 6, 2
lstm = nn.LSTM(E, H, num_layers=L, bidirectional=True)
x = torch.randn(T, N, E)
with torch.no_grad():
    output, (h_n, c_n) = lstm(x)
assert output.shape == (T, N, 2 * H)
assert h_n.shape == c_n.shape == (L * 2, N, H)
print(f"output {tuple(output.shape)}, h_n {tuple(h_n.shape)}, c_n {tuple(c_n.shape)}")

# %%
# Every layer's hidden states: one layer at a time
# ------------------------------------------------
#
# Layer ``l`` of the stack is a one-layer bidirectional LSTM holding the parameters with suffix
# ``_l{l}`` (and ``_l{l}_reverse``), and layer ``l + 1`` reads its whole output, both directions
# side by side (:ref:`explain-bidirectional-layers`). Running the layers one after the other
# keeps each one's output: ``outputs[l]`` is layer ``l``'s ``(T, N, D * H)``, laid out like
# ``output``.


def single_layer(layer: int, input_size: int) -> nn.LSTM:
    """A 1-layer bidirectional LSTM holding `lstm`'s parameters of layer `layer`."""
    single = nn.LSTM(input_size, H, bidirectional=True)
    with torch.no_grad():
        for name, param in single.named_parameters():
            param.copy_(getattr(lstm, name.replace("_l0", f"_l{layer}")))
    return single


layers = [single_layer(layer, E if layer == 0 else 2 * H) for layer in range(L)]
outputs = []
layer_input = x
with torch.no_grad():
    for single in layers:
        layer_input, _ = single(layer_input)
        outputs.append(layer_input)
outputs = torch.stack(outputs)  # (L, T, N, D * H)
assert outputs.shape == (L, T, N, 2 * H)

# %%
# The top layer is ``output``, and each layer ends where ``h_n`` says: its forward direction at
# the last step (row ``2l`` of ``h_n``), its backward direction at step 0 (row ``2l + 1``).

torch.testing.assert_close(outputs[-1], output)
for layer in range(L):
    torch.testing.assert_close(outputs[layer, -1, :, :H], h_n[2 * layer])
    torch.testing.assert_close(outputs[layer, 0, :, H:], h_n[2 * layer + 1])
print("outputs[-1] == output; every layer's ends == its rows of h_n")

# %%
# Every layer's cell states: one step at a time
# ---------------------------------------------
#
# No PyTorch module returns the cell state of each step; a cell does. An
# :class:`torch.nn.LSTMCell` with one direction's weights, stepped over that layer's input
# (right to left for the backward direction), gives ``c`` at every step. Its last ``c`` in each
# direction is the module's ``c_n``, and its ``h`` reproduces ``outputs`` on the way.


def cell_of(layer: int, suffix: str) -> nn.LSTMCell:
    """An LSTMCell holding `lstm`'s weights of one layer and direction."""
    cell = nn.LSTMCell(getattr(lstm, f"weight_ih_l{layer}{suffix}").shape[1], H)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(cell, name).copy_(getattr(lstm, f"{name}_l{layer}{suffix}"))
    return cell


cells = torch.zeros(L, T, N, 2 * H)  # laid out like outputs, with c in place of h
with torch.no_grad():
    for layer in range(L):
        layer_input = x if layer == 0 else outputs[layer - 1]
        for direction, (suffix, steps) in enumerate(
            [("", range(T)), ("_reverse", range(T - 1, -1, -1))]
        ):
            cell, state = cell_of(layer, suffix), (torch.zeros(N, H), torch.zeros(N, H))
            half = slice(direction * H, (direction + 1) * H)
            for t in steps:
                state = cell(layer_input[t], state)
                torch.testing.assert_close(state[0], outputs[layer, t, :, half])  # h: as above
                cells[layer, t, :, half] = state[1]
for layer in range(L):
    torch.testing.assert_close(cells[layer, -1, :, :H], c_n[2 * layer])
    torch.testing.assert_close(cells[layer, 0, :, H:], c_n[2 * layer + 1])
print("every layer's c at its ends == its rows of c_n")

# %%
# The library this site is built with, ``lstm_outputs``, computes both in one call, for
# :class:`torch.nn.LSTM`, :class:`torch.nn.GRU` and :class:`torch.nn.RNN`, with ``proj_size``,
# ``batch_first``, unbatched and packed input: ``outputs, cells = layer_outputs(lstm, x)``
# (:ref:`api`). This script spells it out so that it runs with torch alone.
#
# What the module does not return
# -------------------------------
#
# Each panel is one layer and one direction, for sequence 0: the hidden state's units (rows)
# at every step (columns). The framed column is the only one the module hands back for the
# lower layers (``h_n``); the top layer's panels are ``output``. Everything else was computed
# and dropped.

fig, axes = plt.subplots(L, 2, figsize=(7.5, 6), sharex=True, sharey=True)
limit = float(outputs[:, :, 0].abs().max())
for layer in range(L):
    for direction, name in enumerate(["forward", "backward"]):
        ax = axes[layer, direction]
        values = outputs[layer, :, 0, direction * H : (direction + 1) * H].T.numpy()  # (H, T)
        image = ax.imshow(values, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
        end = T - 1 if direction == 0 else 0  # where this direction's final state sits
        ax.add_patch(plt.Rectangle((end - 0.5, -0.5), 1, H, fill=False, lw=2.5, ec="black"))
        kept = "output" if layer == L - 1 else f"h_n[{2 * layer + direction}] only"
        ax.set_title(f"layer {layer} {name}: kept = {kept}", fontsize=9)
        ax.set_yticks(range(H))
        if layer == L - 1:
            ax.set_xlabel("time step t")
        if direction == 0:
            ax.set_ylabel("unit")
fig.colorbar(image, ax=axes, shrink=0.6, label="hidden state value")
plt.show()
