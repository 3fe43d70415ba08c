"""
Projections: ``proj_size``
==========================

With ``proj_size=P`` an :class:`torch.nn.LSTM` multiplies each new hidden state, of ``H`` hidden
units, by a learned ``(P, H)`` matrix before passing it on, which shrinks ``output``, ``h_n``,
every recurrent weight and every input weight above the first layer, while the cell state keeps its
full size ``H``. Because ``h_n`` and ``c_n`` then have different widths, code that treats them
alike breaks; and because the projection sits inside the recurrence, it is not the same as a linear
layer applied to ``output`` afterwards. This example lists every changed shape and recomputes one
step by hand.
"""

# %%
# Shapes of the results
# ---------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``L`` layers, ``D = 2`` directions, ``H``
# hidden units (``hidden_size``) and ``P`` = ``proj_size``.
#
# ``output`` and ``h_n`` carry the projected state ``h`` (``P`` per direction); ``c_n`` carries
# the cell state ``c`` (``H`` per direction). The sizes are chosen so that ``P``, ``H`` and
# ``D * P`` differ and each can be recognised in a printed shape.

import warnings

import matplotlib.pyplot as plt
import torch
from torch import nn

# On CPU, an LSTM with proj_size warns that oneDNN does not support it and that PyTorch's default
# implementation is used instead. The results are unaffected, so we silence exactly that warning.
warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")

torch.manual_seed(0)

T, N, INPUT_SIZE, H, P = 5, 2, 4, 7, 3
L, D = 2, 2

lstm = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True, proj_size=P)
x = torch.randn(T, N, INPUT_SIZE)
with torch.no_grad():
    output, (h_n, c_n) = lstm(x)

print("output", tuple(output.shape), " h_n", tuple(h_n.shape), " c_n", tuple(c_n.shape))
assert output.shape == (T, N, D * P)
assert h_n.shape == (L * D, N, P)
assert c_n.shape == (L * D, N, H)

# %%
# The layout rules of :ref:`explain-final-states` are untouched: the top layer's final forward
# and backward states are still the last two rows of ``h_n`` and still sit in ``output``.

torch.testing.assert_close(h_n[-2], output[-1, :, :P])
torch.testing.assert_close(h_n[-1], output[0, :, P:])

# %%
# Initial states must match too: ``h_0`` is ``(L * D, N, P)`` and ``c_0`` is ``(L * D, N, H)``.

h_0, c_0 = torch.zeros(L * D, N, P), torch.zeros(L * D, N, H)
with torch.no_grad():
    torch.testing.assert_close(lstm(x, (h_0, c_0))[0], output)

# %%
# Shapes of the weights
# ---------------------
#
# Each layer and direction gains ``weight_hr_l{k}`` of shape ``(P, H)``, the projection. The
# recurrent weight ``weight_hh_l{k}`` reads the projected state, so it is ``(4H, P)`` instead of
# ``(4H, H)``, and layer 1 reads both projected directions of layer 0, so ``weight_ih_l1`` is
# ``(4H, D * P)``. The four gates (input, forget, cell, output) are stacked along the first axis,
# hence ``4H``. Biases do not change.

expected = {}
for k in range(L):
    for suffix in ("", "_reverse"):
        expected[f"weight_ih_l{k}{suffix}"] = (4 * H, INPUT_SIZE if k == 0 else D * P)
        expected[f"weight_hh_l{k}{suffix}"] = (4 * H, P)
        expected[f"bias_ih_l{k}{suffix}"] = (4 * H,)
        expected[f"bias_hh_l{k}{suffix}"] = (4 * H,)
        expected[f"weight_hr_l{k}{suffix}"] = (P, H)

actual = {name: tuple(p.shape) for name, p in lstm.named_parameters()}
for name, shape in actual.items():
    if not name.endswith("_reverse"):
        print(f"{name:<15}{shape}")
assert actual == expected

# %%
# One step by hand
# ----------------
#
# For a 1-layer forward LSTM the last step is, with ``sigma`` the logistic sigmoid and gates in
# PyTorch's order ``i, f, g, o``:
#
# .. math::
#
#    {[i, f, g, o]} &= W_{ih} x_T + b_{ih} + W_{hh} h_{T-1} + b_{hh}, \\
#    c_T &= \sigma(f) \odot c_{T-1} + \sigma(i) \odot \tanh(g), \\
#    h_T &= W_{hr} \bigl(\sigma(o) \odot \tanh(c_T)\bigr).
#
# Without ``proj_size`` the last equation has no ``W_hr``. ``h_{T-1}`` is ``output[-2]``;
# ``c_{T-1}`` is not returned by the full run, so we get it from a run on the first ``T - 1``
# steps, whose outputs equal the full run's up to that step.

cell = nn.LSTM(INPUT_SIZE, H, proj_size=P)
with torch.no_grad():
    out, (h_T, c_T) = cell(x)
    out_prefix, (h_prev, c_prev) = cell(x[:-1])
torch.testing.assert_close(out_prefix, out[:-1])
torch.testing.assert_close(h_prev[0], out[-2])

gates = (
    x[-1] @ cell.weight_ih_l0.T + cell.bias_ih_l0 + out[-2] @ cell.weight_hh_l0.T + cell.bias_hh_l0
)
i, f, g, o = gates.detach().chunk(4, dim=-1)
c_by_hand = torch.sigmoid(f) * c_prev[0] + torch.sigmoid(i) * torch.tanh(g)
h_unprojected = torch.sigmoid(o) * torch.tanh(c_by_hand)
h_by_hand = h_unprojected @ cell.weight_hr_l0.detach().T

assert h_unprojected.shape == (N, H)
assert h_by_hand.shape == (N, P)
torch.testing.assert_close(c_by_hand, c_T[0])
torch.testing.assert_close(h_by_hand, h_T[0])
torch.testing.assert_close(h_by_hand, out[-1])
print("c_T by hand within 1e-6 of c_n:", bool((c_by_hand - c_T[0]).abs().max() < 1e-6))
print("h_T by hand within 1e-6 of h_n:", bool((h_by_hand - h_T[0]).abs().max() < 1e-6))

# %%
# The unprojected ``o * tanh(c)`` of width ``H`` is never returned; only its projection is, and
# that projection is also what the next step reads (``weight_hh_l0`` has ``P`` columns). A
# :class:`torch.nn.Linear` applied to ``output`` after the LSTM would shrink what is returned but
# leave the recurrence reading all ``H`` features.

assert cell.weight_hh_l0.shape == (4 * H, P)
plain, shrink = nn.LSTM(INPUT_SIZE, H), nn.Linear(H, P)
with torch.no_grad():
    assert shrink(plain(x)[0]).shape == out.shape  # what is returned shrinks...
assert plain.weight_hh_l0.shape == (4 * H, H)  # ...but the recurrence still reads all H

# %%
# Parameter counts
# ----------------
#
# Per layer and direction, an LSTM has ``4H * (input width + H_out) + 8H`` parameters plus
# ``P * H`` for the projection, where ``H_out`` is ``P`` or ``H``. For ``H = 256`` the projection
# removes more from ``weight_hh`` and from layer 1's ``weight_ih`` than it adds in ``weight_hr``.


def count_parts(proj: int) -> dict[str, int]:
    """Parameter counts by kind for a 2-layer bidirectional LSTM with H=256, input 128."""
    model = nn.LSTM(128, 256, num_layers=2, bidirectional=True, proj_size=proj)
    parts = {"weight_ih": 0, "weight_hh": 0, "bias": 0, "weight_hr": 0}
    for name, p in model.named_parameters():
        parts[name.split("_l")[0].replace("bias_ih", "bias").replace("bias_hh", "bias")] += (
            p.numel()
        )
    h_out = proj or 256
    by_formula = sum(
        4 * 256 * ((128 if k == 0 else 2 * h_out) + h_out) + 8 * 256 + proj * 256
        for k in range(2)
        for _ in range(2)
    )
    assert sum(parts.values()) == by_formula
    return parts


settings = [0, 128, 64]
counts = {proj: count_parts(proj) for proj in settings}
print(f"{'':<15}" + "".join(f"{k:>11}" for k in [*counts[0], "total"]))
for proj, parts in counts.items():
    label = f"proj_size={proj}" if proj else "no projection"
    print(f"{label:<15}" + "".join(f"{v:>11,}" for v in [*parts.values(), sum(parts.values())]))
totals = [sum(counts[p].values()) for p in settings]
assert totals[0] > totals[1] > totals[2]

fig, ax = plt.subplots(figsize=(7, 4))
colors = {
    "weight_ih": "#0072B2",
    "weight_hh": "#56B4E9",
    "bias": "#999999",
    "weight_hr": "#D55E00",
}
labels = [
    f"{f'proj_size={p}' if p else 'no projection'}\noutput width {D * (p or 256)}"
    for p in settings
]
bottom = [0] * len(settings)
for kind, color in colors.items():
    values = [counts[p][kind] / 1e6 for p in settings]
    ax.bar(labels, values, bottom=bottom, color=color, label=kind, width=0.6)
    bottom = [b + v for b, v in zip(bottom, values, strict=True)]
for j, total in enumerate(totals):
    ax.text(j, total / 1e6 + 0.03, f"{total:,}", ha="center", va="bottom", fontsize=9)
ax.set_ylabel("parameters (millions)")
ax.set_title("2-layer bidirectional LSTM, input 128, hidden_size 256")
ax.legend(frameon=False, loc="upper right")
ax.set_ylim(0, max(totals) / 1e6 * 1.15)
fig.tight_layout()

# %%
# The same layout rules hold for GRU and RNN, which have no ``proj_size``; see
# :ref:`sphx_glr_auto_examples_basics_plot_gru_and_rnn.py`. All shapes side by side are in
# :ref:`sphx_glr_auto_examples_basics_plot_shapes_at_a_glance.py`, and the cell equations in
# :ref:`explain-the-cell`.

plt.show()
