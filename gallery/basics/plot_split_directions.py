"""
Splitting the directions of ``output``
======================================

A bidirectional layer writes both directions into one tensor: at every step the last axis of
``output`` holds the forward state followed by the backward state. Most downstream code needs them
apart, or needs one vector per sequence in which both directions have read every token. The
obvious candidate, ``output[-1]``, is not that vector: its backward half is the backward direction
after its first step, which in a one-layer network has read one token. This example splits
``output`` without copying it, builds the right summary vector, and measures what the wrong one
misses, in one layer and in two.
"""

# %%
# Three ways to split, no copies
# ------------------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``H`` hidden units per direction, and
# ``D = 2`` directions. ``output`` of a bidirectional :class:`torch.nn.LSTM` has shape
# ``(T, N, 2 * H)``; the first
# ``H`` features of each step are the forward direction, the last ``H`` the backward one
# (:ref:`explain-output-tensor`). Slicing, ``view`` and :func:`torch.chunk` all split it, and all
# three return *views*: tensors that share memory with ``output``.

import matplotlib.pyplot as plt
import torch
from torch import nn

torch.manual_seed(0)

T, N, INPUT_SIZE, H = 6, 3, 5, 4

lstm = nn.LSTM(INPUT_SIZE, H, bidirectional=True)
x = torch.randn(T, N, INPUT_SIZE)
with torch.no_grad():
    output, (h_n, c_n) = lstm(x)
assert output.shape == (T, N, 2 * H)

fwd_slice, bwd_slice = output[..., :H], output[..., H:]
both = output.view(T, N, 2, H)
fwd_view, bwd_view = both[:, :, 0], both[:, :, 1]
fwd_chunk, bwd_chunk = torch.chunk(output, 2, dim=-1)

for fwd, bwd in [(fwd_view, bwd_view), (fwd_chunk, bwd_chunk)]:
    assert torch.equal(fwd, fwd_slice)
    assert torch.equal(bwd, bwd_slice)
    assert fwd.shape == bwd.shape == (T, N, H)

# %%
# A view has no storage of its own: it is a pointer into ``output``'s memory with its own shape
# and strides. The forward half starts where ``output`` starts; the backward half starts ``H``
# elements later. Both keep ``output``'s strides ``(N * 2 * H, 2 * H, 1)``: consecutive *samples*
# (batch entries) of one half are ``2 * H`` elements apart, consecutive *steps* ``N * 2 * H``.
# Neither half is contiguous, because after its ``H`` features comes the other half's ``H``, not
# the next sample.

base = output.untyped_storage().data_ptr()
size = output.element_size()
print(f"{'split':<28}{'same storage':<14}{'offset (elements)':<19}{'strides'}")
for name, t in [
    ("output[..., :H]", fwd_slice),
    ("output[..., H:]", bwd_slice),
    ("output.view(T, N, 2, H)", both),
    ("torch.chunk(output, 2, -1)", fwd_chunk),
    ("  (its second chunk)", bwd_chunk),
]:
    same = t.untyped_storage().data_ptr() == base
    offset = (t.data_ptr() - output.data_ptr()) // size
    print(f"{name:<28}{same!s:<14}{offset:<19}{t.stride()}")
    assert same

assert fwd_slice.data_ptr() == fwd_chunk.data_ptr() == output.data_ptr()
assert bwd_slice.data_ptr() == bwd_chunk.data_ptr() == output.data_ptr() + H * size
step_stride, sample_stride, feature_stride = fwd_slice.stride()
assert (step_stride, sample_stride, feature_stride) == (N * 2 * H, 2 * H, 1)
assert bwd_slice.stride() == fwd_slice.stride() == output.stride()
assert not fwd_slice.is_contiguous()
assert not bwd_slice.is_contiguous()

# %%
# Because they share memory, ``fwd_slice.contiguous()`` (or any op that needs a contiguous
# tensor) makes a copy, and an in-place change to ``output`` shows through every view.

copy = fwd_slice.contiguous()
assert copy.data_ptr() != output.data_ptr()
output[0, 0, 0] += 1.0
assert fwd_view[0, 0, 0] == fwd_chunk[0, 0, 0] == fwd_slice[0, 0, 0] != copy[0, 0, 0]
output[0, 0, 0] -= 1.0

# %%
# The summary vector
# ------------------
#
# The forward direction has read the whole sequence at the *last* step; the backward direction
# has read it at the *first* step. The vector in which both have seen every token is therefore
# the forward half of ``output[-1]`` joined with the backward half of ``output[0]``. It is also
# what ``h_n`` holds: the last two rows of ``h_n`` are the top layer's final forward and final
# backward states (:ref:`explain-final-states`).

summary_from_output = torch.cat([output[-1, :, :H], output[0, :, H:]], dim=-1)
summary_from_h_n = torch.cat([h_n[-2], h_n[-1]], dim=-1)
torch.testing.assert_close(summary_from_output, summary_from_h_n)
assert summary_from_h_n.shape == (N, 2 * H)

# %%
# The tempting ``output[-1]`` shares its forward half with the summary, but its backward half is
# the backward direction after its *first* step, when (in this one-layer model) it has read only
# token ``T - 1``.

tempting = output[-1]
torch.testing.assert_close(tempting[:, :H], summary_from_h_n[:, :H])
assert not torch.allclose(tempting[:, H:], summary_from_h_n[:, H:])

# %%
# Proof by perturbation
# ---------------------
#
# If the backward half of ``output[-1]`` has read only the last token, then replacing every
# *other* token leaves it unchanged, bit for bit, while the forward half moves.

x_other = x.clone()
x_other[:-1] = torch.randn(T - 1, N, INPUT_SIZE)
with torch.no_grad():
    output_other, (h_n_other, _) = lstm(x_other)

bwd_same = torch.equal(output_other[-1, :, H:], output[-1, :, H:])
fwd_same = torch.equal(output_other[-1, :, :H], output[-1, :, :H])
print(f"after replacing tokens 0..T-2: backward half of output[-1] unchanged: {bwd_same}")
print(f"after replacing tokens 0..T-2: forward half of output[-1] unchanged:  {fwd_same}")
assert bwd_same
assert not fwd_same
assert not torch.allclose(h_n_other[-1], h_n[-1])  # the real backward summary did move

# %%
# A finer test changes only the *first* token and records, step by step, how far each half of
# ``output`` moves. In one layer the forward half moves at every step (it carries token 0 along
# the sequence) and the backward half moves only at step 0, the one step at which it reads
# token 0.
#
# With two layers the picture changes: layer 1 reads *both* directions of layer 0 at every step
# (:ref:`explain-bidirectional-layers`), so the change reaches the backward half of the top layer
# at every step too. What each half "has seen" is a one-layer statement.

x_first = x.clone()
x_first[0] = torch.randn(N, INPUT_SIZE)


def half_changes(rnn: nn.LSTM) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-step norm of the change in each half of ``output`` when token 0 is replaced."""
    with torch.no_grad():
        delta = rnn(x_first)[0] - rnn(x)[0]
    return delta[..., :H].norm(dim=(1, 2)), delta[..., H:].norm(dim=(1, 2))


fwd_1, bwd_1 = half_changes(lstm)
assert (fwd_1 > 0).all()
assert bwd_1[0] > 0
assert (bwd_1[1:] == 0).all()

deep = nn.LSTM(INPUT_SIZE, H, num_layers=2, bidirectional=True)
fwd_2, bwd_2 = half_changes(deep)
assert (fwd_2 > 0).all()
assert (bwd_2 > 0).all()

for name, values in [
    ("1 layer, forward", fwd_1),
    ("1 layer, backward", bwd_1),
    ("2 layers, forward", fwd_2),
    ("2 layers, backward", bwd_2),
]:
    print(f"{name:<20}", " ".join(f"{v:.4f}" for v in values.tolist()))

# %%
# The plot shows the same numbers. A bar of height zero is an exact zero, not a small value.

FWD, BWD = "#0072B2", "#D55E00"
steps = list(range(T))
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
for ax, (fwd, bwd), title in zip(
    axes, [(fwd_1, bwd_1), (fwd_2, bwd_2)], ["1 layer", "2 layers (top layer)"], strict=True
):
    ax.bar([t - 0.2 for t in steps], fwd.tolist(), width=0.4, color=FWD, label="forward half")
    ax.bar([t + 0.2 for t in steps], bwd.tolist(), width=0.4, color=BWD, label="backward half")
    ax.set_xticks(steps)
    ax.set_xlabel("step t of output")
    ax.set_title(f"{title}: token 0 replaced")
axes[0].set_ylabel("norm of change in output[t]")
axes[0].legend(frameon=False)
fig.tight_layout()

# %%
# In short: split with a slice or ``view`` (free), build the per-sequence vector from
# ``output[-1, :, :H]`` and ``output[0, :, H:]`` or from ``h_n[-2]`` and ``h_n[-1]``, and do not
# use ``output[-1]`` alone. With padded batches the last *valid* step differs per sequence; see
# :ref:`sphx_glr_auto_examples_variable_length_plot_padding_effects.py`. The layout of ``h_n``
# for deeper networks is taken apart in :ref:`sphx_glr_auto_examples_basics_plot_untangle_h_n.py`.

plt.show()
