"""
What ``batch_first`` changes
============================

``batch_first=True`` is the setting most code uses, because data loaders yield batches with the
batch axis first: ``(N, T, ...)`` for ``N`` sequences of ``T`` steps. It swaps the first two axes
of the input and of ``output``, and nothing else: ``h_n``, ``c_n``, the initial states and the
weights keep their layout. Code that assumes the flag reaches the states, or that reshapes
``output`` with the default layout in mind, often runs without error and returns numbers from the
wrong steps and samples. This example shows which reshapes fail, how, and what to write instead.
"""

# %%
# Same weights, two layouts
# -------------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``L`` layers, ``D = 2`` directions,
# ``H`` hidden units per direction.
#
# We build two 2-layer bidirectional :class:`torch.nn.LSTM` modules that differ only in
# ``batch_first``. The flag does not touch the parameters: both modules have the same names and
# shapes, so one loads the other's ``state_dict``. The sizes are all different (``T != N`` in
# particular), so that a wrong axis order cannot hide.

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Rectangle
from torch import nn

torch.manual_seed(0)

T, N, INPUT_SIZE, H = 5, 3, 2, 6
L, D = 2, 2

seq_first = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True)
batch_first = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True, batch_first=True)
batch_first.load_state_dict(seq_first.state_dict())
shapes_a = {k: v.shape for k, v in seq_first.state_dict().items()}
shapes_b = {k: v.shape for k, v in batch_first.state_dict().items()}
assert shapes_a == shapes_b

x = torch.randn(T, N, INPUT_SIZE)
x_bf = x.transpose(0, 1)  # (N, T, INPUT_SIZE): the same data, batch first
# A DataLoader's default collate stacks N samples of shape (T, INPUT_SIZE) along a new dim 0:
collated = torch.utils.data.default_collate([x[:, n] for n in range(N)])
torch.testing.assert_close(collated, x_bf)

with torch.no_grad():
    output, (h_n, c_n) = seq_first(x)
    output_bf, (h_n_bf, c_n_bf) = batch_first(x_bf)

print("batch_first=False  output", tuple(output.shape), " h_n", tuple(h_n.shape))
print("batch_first=True   output", tuple(output_bf.shape), " h_n", tuple(h_n_bf.shape))
assert output.shape == (T, N, D * H)
assert output_bf.shape == (N, T, D * H)
assert h_n_bf.shape == c_n_bf.shape == h_n.shape == (L * D, N, H)

# %%
# The results carry the same numbers: ``output_bf`` is ``output`` with its first two axes
# swapped, and the states are equal as they are, with no transpose.

torch.testing.assert_close(output_bf, output.transpose(0, 1))
torch.testing.assert_close(h_n_bf, h_n)
torch.testing.assert_close(c_n_bf, c_n)

# %%
# The initial states follow the same rule: ``h_0`` and ``c_0`` are ``(L * D, N, H)`` whatever
# ``batch_first`` says. Passing them batch first is rejected, because here ``N != L * D``; were
# the two equal, the call would succeed and mix samples with layers.

zeros = torch.zeros(L * D, N, H)
with torch.no_grad():
    torch.testing.assert_close(batch_first(x_bf, (zeros, zeros))[0], output_bf)
    try:
        batch_first(x_bf, (zeros.transpose(0, 1), zeros.transpose(0, 1)))
    except RuntimeError as error:
        message = str(error)
    else:
        raise AssertionError("batch-first initial states were accepted")
print("h_0 passed as (N, L*D, H):", message)
assert message == f"Expected hidden[0] size {(L * D, N, H)}, got {[N, L * D, H]}"

# %%
# With a batch of ``L * D = 4`` sequences the same mistake goes through, and the outputs differ
# from those computed with the states in the right layout.

x4 = torch.randn(L * D, T, INPUT_SIZE)
h_0, c_0 = torch.randn(L * D, L * D, H), torch.randn(L * D, L * D, H)
with torch.no_grad():
    out_right = batch_first(x4, (h_0, c_0))[0]
    out_wrong = batch_first(x4, (h_0.transpose(0, 1), c_0.transpose(0, 1)))[0]
assert out_wrong.shape == out_right.shape
assert not torch.allclose(out_wrong, out_right)

# %%
# ``output`` with ``batch_first=True`` is a transposed view
# ---------------------------------------------------------
#
# The module hands ``output_bf`` back in the ``(T, N, ...)`` memory layout with its first two
# axes swapped, so it is not contiguous: moving one step along ``T`` jumps ``N * D * H``
# elements in memory, moving one sample along ``N`` jumps only ``D * H``. Transposing it back
# is free (a view of the same memory) and gives a contiguous tensor.

print("output_bf.stride() =", output_bf.stride(), " contiguous:", output_bf.is_contiguous())
assert output_bf.stride() == (D * H, N * D * H, 1)
assert not output_bf.is_contiguous()
assert output_bf.transpose(0, 1).is_contiguous()
assert output_bf.transpose(0, 1).data_ptr() == output_bf.data_ptr()

# %%
# This decides what happens to code written for the default layout, which splits the directions
# with ``output.view(T, N, 2, H)``. On ``output_bf`` that ``view`` raises, because no choice of
# strides turns these memory jumps into a ``(T, N)`` grid of rows:

try:
    output_bf.view(T, N, 2, H)
except RuntimeError as error:
    message = str(error)
else:
    raise AssertionError("the view succeeded")
print("output_bf.view(T, N, 2, H):", message)
assert message.startswith("view size is not compatible with input tensor's size and stride")

# %%
# A reshape that silently mixes steps and samples
# -----------------------------------------------
#
# The error invites ``.reshape`` (or ``.contiguous().view``), and that one does **not** raise:
# the two shapes hold the same number of elements. ``reshape`` lays ``output_bf`` out in its
# logical ``(N, T)`` order and re-reads that sequence of ``N * T`` rows as ``(T, N)``. Element
# ``[t, n]`` of the result is logical row ``t * N + n``: sample ``(t * N + n) // T`` at step
# ``(t * N + n) % T``. The same happens to ``view`` whenever the batch-first tensor has been made
# contiguous along the way, for example by ``.contiguous()`` or by joining batches with
# :func:`torch.cat`. The correct split keeps ``N`` first: ``output_bf.view(N, T, 2, H)``, which is
# a view, because it only splits the last axis.

wrong = output_bf.reshape(T, N, 2, H)
torch.testing.assert_close(wrong, output_bf.contiguous().view(T, N, 2, H))
assert torch.cat([output_bf, output_bf]).is_contiguous()
right = output_bf.view(N, T, 2, H)
assert right.data_ptr() == output_bf.data_ptr()
torch.testing.assert_close(right.transpose(0, 1), output.view(T, N, 2, H))

mixed = []
for t in range(T):
    row = []
    for n in range(N):
        sample, step = divmod(t * N + n, T)
        torch.testing.assert_close(wrong[t, n], right[sample, step])
        row.append((sample, step))
    mixed.append(row)

print("output_bf.reshape(T, N, 2, H)[t, n] holds (sample, step):")
for t, row in enumerate(mixed):
    print(f"  t={t}:", "  ".join(f"({s}, {k})" for s, k in row))
n_right = sum((s, k) == (n, t) for t, row in enumerate(mixed) for n, (s, k) in enumerate(row))
print(f"{n_right} of {T * N} positions hold the step and sample their index claims")
assert n_right == 3

# %%
# Only three positions land by chance on the right sample and step. The "last step, forward
# half" read from the mixed tensor, ``wrong[-1, :, 0]``, returns logical rows 12 to 14, which are
# steps 2, 3 and 4 of the last sample.

torch.testing.assert_close(wrong[-1, :, 0], output_bf[-1, 2:5, :H])
assert not torch.allclose(wrong[-1, :, 0], output[-1, :, :H])
torch.testing.assert_close(right[:, -1, 0], output[-1, :, :H])

# %%
# With ``batch_first=True`` the summary vector (forward state after the last step, backward
# state after step 0; see :ref:`sphx_glr_auto_examples_basics_plot_split_directions.py`) is
# indexed on axis 1 of ``output`` but still on axis 0 of ``h_n``.

summary = torch.cat([output_bf[:, -1, :H], output_bf[:, 0, H:]], dim=-1)
torch.testing.assert_close(summary, torch.cat([h_n_bf[-2], h_n_bf[-1]], dim=-1))

# %%
# Making ``h_n`` batch first: ``view`` raises, ``reshape`` copies
# ---------------------------------------------------------------
#
# To get one row per sample out of ``h_n`` (for instance all final states of every layer,
# ``(N, L * D * H)``), move the batch axis first with ``transpose(0, 1)``. The result is a view
# with permuted strides, not contiguous, so ``view`` cannot flatten it and raises; ``reshape``
# (or ``.contiguous()`` followed by ``view``) copies it into the new order.

h_bf = h_n.transpose(0, 1)
assert h_bf.shape == (N, L * D, H)
assert not h_bf.is_contiguous()
try:
    h_bf.view(N, -1)
except RuntimeError as error:
    message = str(error)
else:
    raise AssertionError("view on a transposed h_n succeeded")
print("h_n.transpose(0, 1).view(N, -1):", message)
assert message.startswith("view size is not compatible with input tensor's size and stride")

per_sample = h_bf.reshape(N, -1)
torch.testing.assert_close(per_sample, h_bf.contiguous().view(N, -1))
assert per_sample.data_ptr() != h_n.data_ptr()
for n in range(N):
    torch.testing.assert_close(per_sample[n], torch.cat(list(h_n[:, n]), dim=-1))

# %%
# ``h_n.view(N, -1)`` without the transpose does not raise, and is wrong in the same way as the
# ``reshape`` of ``output`` above: its first row is not sample 0's states.
# :ref:`sphx_glr_auto_examples_basics_plot_untangle_h_n.py` maps where each of its slices comes
# from.

unsafe = h_n.view(N, -1)
assert unsafe.shape == per_sample.shape
assert not torch.allclose(unsafe[0], per_sample[0])

# %%
# The picture
# -----------
#
# Left: the axis order of each tensor under both settings (``I`` is ``input_size``); only the
# input and ``output`` change. Right: which ``(sample, step)`` each position of
# ``output_bf.reshape(T, N, 2, H)`` really holds; the three cells with a vermillion frame are
# the only ones that are right.

BWD, GREY = "#D55E00", "#999999"
FEATURE = "#56B4E9"
AXIS_COLORS = {
    "T": "#009E73",
    "N": "#CC79A7",
    "L*D": GREY,
    "D*H": FEATURE,
    "H": FEATURE,
    "I": FEATURE,
}

fig, (ax_axes, ax_mix) = plt.subplots(
    1, 2, figsize=(10.5, 4.6), gridspec_kw={"width_ratios": [1.3, 1]}
)
layouts = [
    ("input, batch_first=False", ["T", "N", "I"]),
    ("input, batch_first=True", ["N", "T", "I"]),
    ("output, batch_first=False", ["T", "N", "D*H"]),
    ("output, batch_first=True", ["N", "T", "D*H"]),
    ("h_n, either setting", ["L*D", "N", "H"]),
    ("c_n, either setting", ["L*D", "N", "H"]),
]
for i, (label, dims) in enumerate(layouts):
    y = len(layouts) - 1 - i
    ax_axes.text(-0.2, y + 0.4, label, ha="right", va="center", fontsize=10)
    for j, dim in enumerate(dims):
        ax_axes.add_patch(
            Rectangle((j, y), 0.95, 0.8, facecolor=AXIS_COLORS[dim], alpha=0.85, edgecolor="none")
        )
        ax_axes.text(j + 0.475, y + 0.4, dim, ha="center", va="center", color="black", fontsize=11)
for j in range(3):
    ax_axes.text(j + 0.475, -0.3, f"dim {j}", ha="center", va="center", fontsize=9)
ax_axes.set_xlim(-3.2, 3)
ax_axes.set_ylim(-0.6, len(layouts))
ax_axes.axis("off")
ax_axes.set_title("Axis order")

sample_map = [[s for s, _ in row] for row in mixed]
ax_mix.imshow(sample_map, cmap="Greys", vmin=-1.5, vmax=N, aspect="equal")
for t, row in enumerate(mixed):
    for n, (s, k) in enumerate(row):
        ax_mix.text(
            n,
            t,
            f"n={s}\nt={k}",
            ha="center",
            va="center",
            fontsize=9,
            color="white" if s >= 1 else "black",
        )
        if (s, k) == (n, t):
            ax_mix.add_patch(
                Rectangle((n - 0.5, t - 0.5), 1, 1, fill=False, edgecolor=BWD, linewidth=3)
            )
ax_mix.set_xticks(range(N))
ax_mix.set_yticks(range(T))
ax_mix.set_xlabel("n (index read as sample)")
ax_mix.set_ylabel("t (index read as step)")
ax_mix.set_title("output_bf.reshape(T, N, 2, H)[t, n] holds", fontsize=10)
fig.tight_layout()

# %%
# Rule of thumb: with ``batch_first=True``, swap ``T`` and ``N`` in every expression that
# touches the input or ``output`` and in none that touches ``h_n``, ``c_n``, ``h_0``, ``c_0`` or
# the weights. :ref:`sphx_glr_auto_examples_basics_plot_shapes_at_a_glance.py` tabulates the
# shapes, and :ref:`explain-cheat-sheet` lists the expressions for both settings.

plt.show()
