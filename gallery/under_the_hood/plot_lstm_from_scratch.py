"""
An LSTM from scratch, from its named parameters
===============================================

The :class:`torch.nn.LSTM` reference lists every parameter (``weight_ih_l1_reverse`` and
friends) with its shape, and from the shapes the wiring can be inferred: ``weight_ih_l[k]`` for
``k > 0`` reads ``num_directions * hidden_size`` features, both directions of the layer below.
What the reference states in a line is easy to get wrong in code, in particular the gate order
inside each weight matrix when porting weights to or from another framework. Here we rebuild
the whole forward pass, for several layers, both directions and with ``proj_size``, from
``named_parameters()`` and a few lines of tensor code, and check that every output and final
state agrees with PyTorch's to 1e-6. If the rebuild matches, the wiring it encodes is the real
one.
"""

# %%
# The parameters, by name
# -----------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``E`` input features (``input_size``), ``H``
# hidden units per direction; ``L`` layers and ``D`` directions in the models further down.
#
# Every layer ``k`` and direction has its own set of four tensors. The suffix ``_l{k}`` names the
# layer (0 is the one that reads the data) and ``_reverse`` marks the backward direction. Each
# weight matrix stacks the four gates on top of each other, so it has ``4 * H`` rows. We work in
# float64 so that the comparisons below are limited by the algorithm, not by rounding.
import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
T, N, E, H = 6, 3, 5, 4  # steps, batch, input features, hidden size

lstm = nn.LSTM(E, H, num_layers=2, bidirectional=True).double()
x = torch.randn(T, N, E, dtype=torch.float64)


def role(name: str) -> str:
    """Describe a parameter name such as ``weight_ih_l1_reverse`` in words."""
    kind, _, rest = name.partition("_l")
    layer = rest.removesuffix("_reverse")
    direction = "backward" if rest.endswith("_reverse") else "forward"
    what = {
        "weight_ih": "input -> 4 gates",
        "weight_hh": "previous h -> 4 gates",
        "bias_ih": "bias of the input term",
        "bias_hh": "bias of the recurrent term",
        "weight_hr": "projects h to proj_size",
    }[kind]
    return f"layer {layer}, {direction:<8}  {what}"


print(f"{'name':<22} {'shape':<9} role")
for name, p in lstm.named_parameters():
    print(f"{name:<22} {tuple(p.shape)!s:<9} {role(name)}")

# %%
# Two shapes carry the wiring. ``weight_hh_l{k}`` has ``H`` columns: each direction's recurrence
# only sees its own previous state. ``weight_ih_l1`` has ``2 * H`` columns, not ``H``: layer 1
# reads the concatenation of *both* directions of layer 0, in each of its own directions (see
# :ref:`explain-bidirectional-layers`). The reference states the same shapes in words, and the gate
# order as ``W_ii|W_if|W_ig|W_io``; the first assertions below check that its text still says so.
doc = " ".join(nn.LSTM.__doc__.split())
assert "Otherwise, the shape is `(4*hidden_size, num_directions * hidden_size)`" in doc
assert "`(W_ii|W_if|W_ig|W_io)`" in doc
params = dict(lstm.named_parameters())
assert params["weight_ih_l0"].shape == (4 * H, E)
assert params["weight_hh_l0"].shape == (4 * H, H)
assert params["bias_ih_l0"].shape == params["bias_hh_l0"].shape == (4 * H,)
assert params["weight_ih_l1"].shape == params["weight_ih_l1_reverse"].shape == (4 * H, 2 * H)

# %%
# The gate order: i, f, g, o
# --------------------------
#
# Row block 0 of every ``weight_*`` and ``bias_*`` belongs to the input gate ``i``, block 1 to the
# forget gate ``f``, block 2 to the candidate cell value ``g`` and block 3 to the output gate
# ``o``. One step of one direction is then
#
# .. math::
#
#     z &= W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}, \qquad
#     [z_i; z_f; z_g; z_o] = z, \\
#     c_t &= \sigma(z_f) \odot c_{t-1} + \sigma(z_i) \odot \tanh(z_g), \qquad
#     h_t = \sigma(z_o) \odot \tanh(c_t),
#
# followed by :math:`h_t \leftarrow W_{hr} h_t` when ``proj_size`` is set. The figure shows the
# four blocks of ``weight_ih_l1`` and the two halves of its columns.
w = params["weight_ih_l1"].detach().numpy()
lim = np.abs(w).max()
fig, ax = plt.subplots(figsize=(5.2, 5.0), facecolor="white")
im = ax.imshow(w, cmap="PuOr", vmin=-lim, vmax=lim, aspect="auto")
for b in range(1, 4):
    ax.axhline(b * H - 0.5, color="black", lw=1.5)
ax.axvline(H - 0.5, color="black", lw=1.5, ls="--")
gate_names = ["i: input gate", "f: forget gate", "g: candidate", "o: output gate"]
ax.set_yticks([b * H + (H - 1) / 2 for b in range(4)], gate_names)
ax.set_xticks(
    [(H - 1) / 2, H + (H - 1) / 2],
    ["columns 0..H-1\nlayer 0 forward h", "columns H..2H-1\nlayer 0 backward h"],
)
for tick, colour in zip(ax.get_xticklabels(), ["#0072B2", "#D55E00"], strict=True):
    tick.set_color(colour)
ax.set_xlabel("column: which input feature of layer 1")
ax.set_ylabel("row block: which gate")
ax.set_title("weight_ih_l1, shape (4H, 2H)")
fig.colorbar(im, ax=ax, label="weight")
fig.tight_layout()


# %%
# The rebuild
# -----------
#
# Three small functions: one step of one direction, one direction over the whole sequence, and
# the stack. The ``order`` argument names the gate of each row block; PyTorch's is ``"ifgo"``.
# The only line that couples the directions is the ``torch.cat`` at the end of a layer, and it is
# what the next layer reads.
def cell_step(x_t, h, c, w_ih, w_hh, b_ih, b_hh, w_hr, order):
    z = x_t @ w_ih.T + b_ih + h @ w_hh.T + b_hh
    block = dict(zip(order, z.chunk(4, dim=-1), strict=True))
    i, f, o = (torch.sigmoid(block[name]) for name in "ifo")
    g = torch.tanh(block["g"])
    c = f * c + i * g
    h = o * torch.tanh(c)
    if w_hr is not None:
        h = h @ w_hr.T
    return h, c, torch.stack([i, f, g, o])


def run_direction(xs, h, c, weights, reverse, order):
    outputs, gates = [None] * len(xs), [None] * len(xs)
    steps = range(len(xs) - 1, -1, -1) if reverse else range(len(xs))
    for t in steps:  # the backward direction starts at the last step
        h, c, gates[t] = cell_step(xs[t], h, c, *weights, order)
        outputs[t] = h
    return torch.stack(outputs), h, c, torch.stack(gates)


def lstm_from_scratch(model, xs, hx=None, order="ifgo", trace=None):
    p = dict(model.named_parameters())
    L, D = model.num_layers, 2 if model.bidirectional else 1
    H_out = model.proj_size or model.hidden_size
    if hx is None:
        zeros = xs.new_zeros
        hx = (zeros(L * D, xs.shape[1], H_out), zeros(L * D, xs.shape[1], model.hidden_size))
    h_0, c_0 = hx
    layer_input, h_n, c_n = xs, [], []
    for k in range(L):
        halves = []
        for d in range(D):
            sfx = f"_l{k}" + ("_reverse" if d == 1 else "")
            names = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
            weights = [p[n + sfx] for n in names] + [p.get("weight_hr" + sfx)]
            row = k * D + d  # h_n and c_n are layer-major, direction-minor
            out, h, c, gates = run_direction(
                layer_input, h_0[row], c_0[row], weights, d == 1, order
            )
            halves.append(out)
            h_n.append(h)
            c_n.append(c)
            if trace is not None:
                trace[(k, d)] = gates
        layer_input = torch.cat(halves, dim=-1)  # the next layer reads both directions
    return layer_input, (torch.stack(h_n), torch.stack(c_n))


# %%
# Does it match?
# --------------
#
# We compare the output and both final states for four models: one layer unidirectional, two
# and three layers bidirectional, and three bidirectional layers with ``proj_size``, each once
# with zero and once with random initial states.

# LSTM with proj_size has no oneDNN kernel; PyTorch warns and uses its own, which is what we want.
warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")

configs = [
    dict(num_layers=1, bidirectional=False),
    dict(num_layers=2, bidirectional=True),
    dict(num_layers=3, bidirectional=True),
    dict(num_layers=3, bidirectional=True, proj_size=2),
]
models = {}
with torch.no_grad():
    for cfg in configs:
        model = nn.LSTM(E, H, **cfg).double()
        models[str(cfg)] = model
        L, D, P = cfg["num_layers"], 1 + cfg["bidirectional"], cfg.get("proj_size") or H
        states = (
            torch.randn(L * D, N, P, dtype=torch.float64),
            torch.randn(L * D, N, H, dtype=torch.float64),
        )
        for hx in [None, states]:
            output, (h_n, c_n) = model(x, hx)
            ours, (our_h_n, our_c_n) = lstm_from_scratch(model, x, hx)
            assert output.shape == ours.shape == (T, N, D * P)
            assert h_n.shape == our_h_n.shape == (L * D, N, P)
            assert c_n.shape == our_c_n.shape == (L * D, N, H)
            for theirs, mine in [(output, ours), (h_n, our_h_n), (c_n, our_c_n)]:
                torch.testing.assert_close(mine, theirs, atol=1e-6, rtol=0)
            err = max((a - b).abs().max().item() for a, b in [(output, ours), (h_n, our_h_n)])
            start = "random" if hx else "zeros"
            print(f"{cfg!s:<58} hx={start:<6}  max |diff| < 1e-12: {err < 1e-12}")
            assert err < 1e-12

# %%
# With ``proj_size=P`` the projection ``weight_hr_l{k}`` of shape ``(P, H)`` shrinks ``h`` (and so
# ``output``, ``h_n``, and the input of the next layer) to ``P`` features, while ``c`` keeps
# ``H``. That is why ``weight_hh`` has ``P`` columns and the upper ``weight_ih`` has ``2 * P``.
proj = models[str(configs[-1])]
for name in ["weight_hr_l0", "weight_hh_l0", "weight_ih_l1", "weight_ih_l1_reverse"]:
    print(f"{name:<22} {tuple(getattr(proj, name).shape)}")
assert proj.weight_hr_l0.shape == (2, H)
assert proj.weight_hh_l0.shape == (4 * H, 2)
assert proj.weight_ih_l1.shape == (4 * H, 2 * 2)

# %%
# The gate order is the only one that works
# -----------------------------------------
#
# The same rebuild with the row blocks read in any of the other 23 orders does not reproduce
# PyTorch: the ``i, f, g, o`` layout is a fact about the weights, not a convention of ours.
with torch.no_grad():
    reference, _ = lstm(x)
    matching = [
        "".join(order)
        for order in itertools.permutations("ifgo")
        if torch.allclose(lstm_from_scratch(lstm, x, order=order)[0], reference, atol=1e-6, rtol=0)
    ]
print("orders that reproduce nn.LSTM:", matching)
assert matching == ["ifgo"]

# %%
# The four gates of one unit over time
# ------------------------------------
#
# Recording the gates in the rebuild shows what a single unit of layer 0 (forward direction) does
# over a longer random sequence. ``i``, ``f`` and ``o`` are sigmoids, so they lie in (0, 1) and
# act as soft switches; ``g`` is a tanh in (-1, 1), the signed amount offered to the cell state.
# The weights are untrained, so the traces only show the ranges, not learned behaviour.
#
# The same wiring explains what each output has seen, in
# :ref:`sphx_glr_auto_examples_under_the_hood_plot_receptive_fields.py`, and where dropout
# acts, in :ref:`sphx_glr_auto_examples_under_the_hood_plot_dropout_between_layers.py`.
torch.manual_seed(1)
long_x = torch.randn(30, 1, E, dtype=torch.float64)
trace = {}
with torch.no_grad():
    lstm_from_scratch(lstm, long_x, trace=trace)
gates = trace[(0, 0)][:, :, 0, 0].numpy()  # (T, gate, batch, unit) -> (T, gate)
assert gates.shape == (30, 4)
assert ((gates[:, [0, 1, 3]] > 0) & (gates[:, [0, 1, 3]] < 1)).all()
assert ((gates[:, 2] > -1) & (gates[:, 2] < 1)).all()

fig, ax = plt.subplots(figsize=(8, 3.6), facecolor="white")
colours, line_styles = ["#009E73", "#E69F00", "#CC79A7", "black"], ["-", "--", ":", "-."]
for j, (colour, ls, marker) in enumerate(zip(colours, line_styles, "os^D", strict=True)):
    ax.plot(gates[:, j], color=colour, ls=ls, marker=marker, ms=3.5, label=gate_names[j])
ax.axhline(0, color="0.7", lw=0.8)
ax.set_xlabel("time step t")
ax.set_ylabel("gate activation")
ax.set_title("layer 0, forward direction, unit 0")
ax.set_ylim(-1.05, 1.05)
ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
fig.tight_layout()

# sphinx_gallery_thumbnail_number = 1
plt.show()
