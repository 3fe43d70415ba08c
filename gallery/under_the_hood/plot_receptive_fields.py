"""
What each output has seen
=========================

A common reading of a bidirectional LSTM says that at step ``t`` the forward half of ``output``
has seen the tokens up to ``t`` and the backward half the tokens from ``t`` on. That is true for
one layer only. From the second layer of :class:`torch.nn.LSTM` on, every direction reads both
directions of the layer below, so each half of every output step depends on the whole sequence.
Whether a readout can leak the future, or whether a "forward" feature is really causal, depends
on this, so we measure it with autograd instead of arguing about it.
"""

# %%
# Measuring influence with autograd
# ---------------------------------
#
# Notation: ``T`` steps, ``E`` input features, ``H`` hidden units per direction.
#
# For an unbatched sequence ``x`` of shape ``(T, E)`` the output has shape ``(T, 2 * H)``: the
# forward half is ``output[:, :H]``, the backward half ``output[:, H:]``. We want the Jacobian
# ``d output[t, j] / d x[s, e]``, reduced to one number per pair ``(t, s)`` and half:
# :math:`\sum_{j \in \text{half}} \sum_e |\partial\, \text{output}[t, j] / \partial x[s, e]|`.
#
# :func:`torch.autograd.functional.jacobian` computes it with one backward pass per output
# element, ``T * 2 * H`` of them. Because the sequences of a batch never interact, one pass is
# enough: put ``T * 2 * H`` copies of ``x`` in a batch, pick a different output element from
# each copy, and a single :func:`torch.autograd.grad` of their sum returns every row of the
# Jacobian in the gradient of its own copy. We work in float64; the smallest non-zero influence,
# printed below, is hundreds of orders of magnitude above float64's underflow, so an exact zero
# in the maps is a missing path, not a number too small to store.
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.colors import LogNorm
from matplotlib.patches import Patch
from torch import nn

T, E, H = 8, 3, 4  # steps, input features, hidden size per direction

torch.manual_seed(0)
x = torch.randn(T, E, dtype=torch.float64)
# What the jacobian function's own documentation says about its default mode:
jacobian_doc = " ".join(torch.autograd.functional.jacobian.__doc__.split())
assert "we invoke ``autograd.grad`` once per row of the jacobian" in jacobian_doc


def jacobian(model, x: torch.Tensor) -> torch.Tensor:
    """d output[t, j] / d x[s, e] with shape (T, 2H, T, E), from one backward pass."""
    rows = torch.cartesian_prod(torch.arange(T), torch.arange(2 * H))  # (t, j) per copy
    copies = x.unsqueeze(1).repeat(1, len(rows), 1).requires_grad_()  # (T, B, E)
    output = model(copies)[0]  # (T, B, 2H)
    picked = output[rows[:, 0], torch.arange(len(rows)), rows[:, 1]]
    (grad,) = torch.autograd.grad(picked.sum(), copies)  # grad[s, b, e] = d picked[b] / d x[s, e]
    return grad.reshape(T, T, 2 * H, E).permute(1, 2, 0, 3)


def influence(model, x: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Return (forward, backward) arrays of shape (T, T): summed |d output[t, half] / d x[s]|."""
    size = jacobian(model, x).abs()
    return size[:, :H].sum(dim=(1, 3)).numpy(), size[:, H:].sum(dim=(1, 3)).numpy()


# %%
# The shortcut agrees with the direct computation, one :func:`torch.autograd.grad` call per
# output element, here for the row ``t = 0`` of a two-layer model:
torch.manual_seed(2)
check = nn.LSTM(E, H, num_layers=2, bidirectional=True).double()
x_leaf = x.clone().requires_grad_()
out_check = check(x_leaf)[0]
row_0 = torch.stack(
    [torch.autograd.grad(out_check[0, j], x_leaf, retain_graph=True)[0] for j in range(2 * H)]
)
assert row_0.shape == (2 * H, T, E)
torch.testing.assert_close(jacobian(check, x)[0], row_0, atol=1e-12, rtol=0)
print("one batched backward pass == one autograd.grad per output element:", True)

maps = {}
for num_layers in (1, 2, 3):
    torch.manual_seed(num_layers)
    model = nn.LSTM(E, H, num_layers=num_layers, bidirectional=True).double()
    maps[num_layers] = influence(model, x)
    assert maps[num_layers][0].shape == maps[num_layers][1].shape == (T, T)
smallest = min(values[values > 0].min() for pair in maps.values() for values in pair)
print(f"smallest non-zero influence: {smallest:.1e} (float64 underflows below about 1e-308)")
assert smallest > 1e-100

# %%
# One layer: two triangles of exact zeros
# ---------------------------------------
#
# With one layer there is no computational path from ``x[s]`` to the forward half at an earlier
# step ``t < s``, so autograd returns exactly ``0.0`` there (not a small number), and the
# backward half mirrors it. Every entry inside the triangles is non-zero.
fwd, bwd = maps[1]
t_idx, s_idx = np.indices((T, T))
assert (fwd[s_idx > t_idx] == 0).all()
assert (fwd[s_idx <= t_idx] > 0).all()
assert (bwd[s_idx < t_idx] == 0).all()
assert (bwd[s_idx >= t_idx] > 0).all()
print(f"1 layer : forward half zero at {(fwd == 0).sum()} of {T * T} (t, s) pairs (all s > t)")
print(f"1 layer : backward half zero at {(bwd == 0).sum()} of {T * T} (t, s) pairs (all s < t)")

# %%
# Two or more layers: no zeros at all
# -----------------------------------
#
# Layer 1's forward direction at step 0 reads layer 0's *backward* output at step 0, which has
# read the whole sequence. So the forward half of the top layer depends on future tokens
# already at step 0, and, the mirror image, the backward half depends on past tokens already at
# the last step ``T - 1``, where it starts. (The wiring is drawn in
# :ref:`explain-bidirectional-layers` and rebuilt by hand in
# :ref:`sphx_glr_auto_examples_under_the_hood_plot_lstm_from_scratch.py`.)
for num_layers in (2, 3):
    fwd, bwd = maps[num_layers]
    assert (fwd > 0).all()
    assert (bwd > 0).all()
    assert fwd[0, T - 1] > 0  # forward half at step 0 <- the last token
    assert bwd[T - 1, 0] > 0  # backward half at step T - 1 <- the first token
    print(
        f"{num_layers} layers: zeros in forward half {(fwd == 0).sum()}, backward half "
        f"{(bwd == 0).sum()}; forward half at t=0 depends on x[T-1]: {fwd[0, T - 1] > 0}"
    )

# %%
# The picture
# -----------
#
# Rows are layers, columns the two halves of ``output``; in each panel the row is the output step
# ``t`` and the column the input step ``s``. Colour is on a log scale shared by all panels, and
# exact zeros are hatched grey. For the weights drawn here, in every panel the mean non-zero
# influence falls as the distance ``|t - s|`` grows (other draws can break the fall at some
# distance), but for two or more layers it never reaches zero.
distance = np.abs(t_idx - s_idx)
for num_layers, pair in maps.items():
    for half, values in zip(("forward", "backward"), pair, strict=True):
        profile = [values[(distance == d) & (values > 0)].mean() for d in range(T)]
        assert all(np.diff(profile) < 0)
        row = " ".join(f"{v:.4f}" for v in profile)
        print(f"{num_layers} layer(s), {half:<8} mean by |t - s| = 0, 1, ...: {row}")

cmap = plt.get_cmap("viridis").with_extremes(bad=(0, 0, 0, 0))  # masked cells stay transparent


def log_norm(*arrays: np.ndarray) -> LogNorm:
    positive = np.concatenate([a[a > 0] for a in arrays])
    return LogNorm(vmin=positive.min(), vmax=positive.max())


def heatmap(ax, values, title, colour, norm):
    ax.set_facecolor("0.85")
    ax.patch.set_hatch("xx")  # shows through the transparent cells of the exact zeros
    ax.patch.set_edgecolor("0.55")
    image = ax.imshow(np.ma.masked_equal(values, 0.0), cmap=cmap, norm=norm, origin="upper")
    ax.set_title(title, color=colour, fontsize=10)
    ax.set_xticks(range(0, T, 2))
    ax.set_yticks(range(0, T, 2))
    return image


norm = log_norm(*maps[1], *maps[2], *maps[3])
fig, axes = plt.subplots(
    3, 2, figsize=(6.4, 8.4), facecolor="white", sharex=True, sharey=True, layout="constrained"
)
for row, num_layers in enumerate((1, 2, 3)):
    for col, (name, colour) in enumerate([("forward", "#0072B2"), ("backward", "#D55E00")]):
        layers = "layer" if num_layers == 1 else "layers"
        title = f"{num_layers} {layers}, {name} half"
        image = heatmap(axes[row, col], maps[num_layers][col], title, colour, norm)
    axes[row, 0].set_ylabel("output step t")
for ax in axes[-1]:
    ax.set_xlabel("input step s")
fig.colorbar(image, ax=axes, shrink=0.6, label="sum |d output[t, half] / d x[s]|")
zero_patch = Patch(facecolor="0.85", edgecolor="0.55", hatch="xx", label="exactly 0")
fig.legend(handles=[zero_patch], loc="outside lower center")

# %%
# Truly independent directions
# ----------------------------
#
# If a model needs the forward features to stay causal at every depth (the picture many
# tutorials draw), build the two stacks yourself: one unidirectional
# :class:`torch.nn.LSTM` on ``x`` and one on ``x`` reversed in time, with their outputs flipped
# back and joined at the top. Three layers deep, the triangles of zeros survive.
torch.manual_seed(4)
forward_stack = nn.LSTM(E, H, num_layers=3).double()
backward_stack = nn.LSTM(E, H, num_layers=3).double()


def independent_stacks(inp: torch.Tensor) -> tuple[torch.Tensor]:
    fwd_out, _ = forward_stack(inp)
    bwd_out, _ = backward_stack(inp.flip(0))  # dim 0 is time
    return (torch.cat([fwd_out, bwd_out.flip(0)], dim=-1),)


fwd, bwd = influence(independent_stacks, x)
assert (fwd[s_idx > t_idx] == 0).all()
assert (fwd[s_idx <= t_idx] > 0).all()
assert (bwd[s_idx < t_idx] == 0).all()
assert (bwd[s_idx >= t_idx] > 0).all()
print(f"independent stacks: zeros in forward half {(fwd == 0).sum()}, backward {(bwd == 0).sum()}")

fig2, axes2 = plt.subplots(
    1, 2, figsize=(7.2, 3.3), facecolor="white", sharey=True, layout="constrained"
)
norm2 = log_norm(fwd, bwd)
heatmap(axes2[0], fwd, "3 layers, separate forward stack", "#0072B2", norm2)
image = heatmap(axes2[1], bwd, "3 layers, separate backward stack", "#D55E00", norm2)
axes2[0].set_ylabel("output step t")
for ax in axes2:
    ax.set_xlabel("input step s")
fig2.colorbar(image, ax=axes2, label="sum |d output[t, half] / d x[s]|")

# %%
# The same reasoning for padding, the last valid step and sentence readouts is collected in
# :ref:`explain-output-tensor`.
plt.show()
