"""
Readouts for sentence classification
====================================

A sentence classifier built on a bidirectional :class:`torch.nn.LSTM` must turn ``output`` and
``h_n`` into one vector per sentence, and the choice decides what the classifier can see. The
tempting ``output[-1]`` is the last step of the *tensor*: for a padded batch it is not the last
step of most sentences, and its backward half is the top layer's backward direction after a single
step, usually taken on padding. In the 2-layer model used here that half still depends on every
token, through the layer below, so the question is not what it *can* see but what it can learn to
see. This example trains four readouts with the same data, initial weights and budget on a task
whose answer sits at the start of each sentence, and shows which ones find it.
"""

# %%
# A task decided at the start of the sentence
# -------------------------------------------
#
# Notation: ``T`` steps, a batch of ``N`` sentences, ``L`` layers, ``D = 2`` directions and
# ``H`` hidden units per direction; ``output`` is ``(T, N, D * H)`` and ``h_n`` is
# ``(L * D, N, H)`` (:ref:`explain-output-tensor`, :ref:`explain-final-states`).
#
# Sentences are random tokens ``1..10`` (``0`` is the pad token) of length 2 to 12,
# right-padded to ``T = 12``. The label is 1 when the *first* token is above 5. Everything
# after it is noise, so a readout succeeds only if it carries the first token's
# information. Every random draw is seeded.

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

VOCAB, PAD, T, MIN_LENGTH = 11, 0, 12, 2
EMBED, H, L = 8, 8, 2
STEPS, BATCH, N_TEST = 20, 64, 1000


def make_data(n: int, generator: torch.Generator) -> tuple[torch.Tensor, ...]:
    """Return tokens (T, n), lengths (n,) int64 and labels (n,)."""
    lengths = torch.randint(MIN_LENGTH, T + 1, (n,), generator=generator)
    tokens = torch.randint(1, VOCAB, (T, n), generator=generator)
    tokens[torch.arange(T).unsqueeze(1) >= lengths] = PAD
    labels = (tokens[0] > 5).long()
    return tokens, lengths, labels


generator = torch.Generator().manual_seed(0)
train_tokens, train_lengths, train_labels = make_data(STEPS * BATCH, generator)
test_tokens, test_lengths, test_labels = make_data(N_TEST, generator)
assert test_tokens.shape == (T, N_TEST)
assert test_lengths.dtype == torch.int64
print(f"train: {STEPS} batches of {BATCH}; test: {N_TEST} sentences")
print(f"test label balance: {test_labels.float().mean():.3f}")

# %%
# Four readouts
# -------------
#
# Each readout maps the LSTM's results to an ``(N, 2H)`` feature vector; a linear layer
# maps that to two logits. Three of them run on the packed batch
# (:ref:`sphx_glr_auto_examples_variable_length_plot_packing.py`); the first runs the
# padded batch as it is, which is what happens when packing is forgotten.
#
# * **last step, padded**: ``output[-1]`` of an unpacked run. Its forward half has read
#   the sentence and then the padding; its backward half is the top layer's backward
#   direction after one step, taken at position ``T - 1`` (usually a pad), which reads
#   layer 0's output there
#   (:ref:`sphx_glr_auto_examples_variable_length_plot_padding_effects.py`).
# * **last step, packed**: ``output[-1]`` after
#   :func:`torch.nn.utils.rnn.pad_packed_sequence`. It is all zeros for every sentence
#   shorter than ``T``.
# * **final states**: ``cat(h_n[-2], h_n[-1])``, the top layer's forward state at each
#   sentence's true end and its backward state at step 0 (:ref:`explain-final-states`).
# * **masked mean**: the average of ``output`` over the valid steps only.


def last_step(output: torch.Tensor, h_n: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    return output[-1]


def final_states(output: torch.Tensor, h_n: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    return torch.cat([h_n[-2], h_n[-1]], dim=-1)


def masked_mean(output: torch.Tensor, h_n: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    valid = torch.arange(output.shape[0]).unsqueeze(1) < lengths  # (T, N)
    summed = (output * valid.unsqueeze(-1)).sum(dim=0)
    return summed / lengths.unsqueeze(1)


class Classifier(nn.Module):
    def __init__(self, readout: Callable[..., torch.Tensor], packed: bool) -> None:
        super().__init__()
        self.readout, self.packed = readout, packed
        self.embed = nn.Embedding(VOCAB, EMBED, padding_idx=PAD)
        self.lstm = nn.LSTM(EMBED, H, num_layers=L, bidirectional=True)
        self.head = nn.Linear(2 * H, 2)

    def features(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        x = self.embed(tokens)  # (T, N, EMBED)
        if self.packed:
            packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
            packed_output, (h_n, _) = self.lstm(packed)
            output, _ = pad_packed_sequence(packed_output, total_length=T)
        else:
            output, (h_n, _) = self.lstm(x)
        return self.readout(output, h_n, lengths)

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(tokens, lengths))


READOUTS = {
    "last step, padded": (last_step, False),
    "last step, packed": (last_step, True),
    "final states": (final_states, True),
    "masked mean": (masked_mean, True),
}

# %%
# What the padded last step depends on
# ------------------------------------
#
# With one layer, the backward half of ``output[-1]`` would depend on the last position
# only. With two layers it depends on every position: layer 1's backward direction starts
# at ``T - 1`` by reading layer 0's output there, and layer 0's *forward* half at ``T - 1``
# has read the whole sequence (:ref:`explain-bidirectional-layers`). We measure it with
# autograd, as in :ref:`sphx_glr_auto_examples_under_the_hood_plot_receptive_fields.py`:
# the gradient of that half with respect to each input step.


def backward_half_reads(num_layers: int) -> torch.Tensor:
    """Per input step s: |d output[-1, :, H:] / d x[s]| summed, for an untrained model."""
    torch.manual_seed(2)
    lstm = nn.LSTM(EMBED, H, num_layers=num_layers, bidirectional=True)
    x = torch.randn(T, 1, EMBED, requires_grad=True)
    output, _ = lstm(x)
    (grad,) = torch.autograd.grad(output[-1, :, H:].sum(), x)
    return grad.abs().sum(dim=(1, 2))  # (T,)


reads_1, reads_2 = backward_half_reads(1), backward_half_reads(L)
for layers, reads in [(1, reads_1), (L, reads_2)]:
    steps_read = (reads > 0).nonzero().flatten().tolist()
    print(f"{layers} layer(s): output[-1, :, H:] depends on input steps {steps_read}")
assert (reads_1[:-1] == 0).all()  # one layer: nothing before the last step...
assert reads_1[-1] > 0  # ...only the last step itself
assert (reads_2 > 0).all()  # two layers: every step, the first token included

# %%
# So the padded last step *can* see the first token. To use it, though, the network must
# carry that token forward, in layer 0 or layer 1, past every later token and every pad:
# none of the top layer's states at step ``T - 1`` is computed right after reading it.
#
# Before training, the packed features already show a different problem: with packing,
# ``output[-1]`` is exactly zero for every sentence shorter than ``T``, whatever the
# weights.

torch.manual_seed(0)
probe = Classifier(last_step, packed=True)
with torch.no_grad():
    probe_features = probe.features(test_tokens, test_lengths)
short = test_lengths < T
assert probe_features.shape == (N_TEST, 2 * H)
assert torch.all(probe_features[short] == 0)
print(f"sentences shorter than T: {int(short.sum())} of {N_TEST}; their output[-1] is all zeros")

# The final-states readout, on the same packed run: the forward half at each sentence's last
# valid step and the backward half at step 0 (see the packing example).
with torch.no_grad():
    packed_batch = pack_padded_sequence(
        probe.embed(test_tokens), test_lengths, enforce_sorted=False
    )
    packed_output, (h_n, _) = probe.lstm(packed_batch)
    output, _ = pad_packed_sequence(packed_output, total_length=T)
torch.testing.assert_close(h_n[-2], output[test_lengths - 1, torch.arange(N_TEST), :H])
torch.testing.assert_close(h_n[-1], output[0, :, H:])

# %%
# Same budget for everyone
# ------------------------
#
# Every model starts from the same weights (same seed), sees the same 20 batches in the
# same order, and takes 20 steps of :class:`torch.optim.Adam`.


predictions: dict[str, torch.Tensor] = {}
first_weights = None
for name, (readout, packed) in READOUTS.items():
    torch.manual_seed(1)
    model = Classifier(readout, packed)
    params = list(model.parameters())
    weights = torch.cat([p.detach().flatten() for p in params])
    first_weights = weights if first_weights is None else first_weights
    assert torch.equal(weights, first_weights)  # same initial weights for every readout
    optimizer = torch.optim.Adam(params, lr=0.02)
    for step in range(STEPS):
        batch = slice(step * BATCH, (step + 1) * BATCH)
        logits = model(train_tokens[:, batch], train_lengths[batch])
        loss = nn.functional.cross_entropy(logits, train_labels[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        predictions[name] = model(test_tokens, test_lengths).argmax(dim=1)

accuracy = {
    name: (pred == test_labels).float().mean().item() for name, pred in predictions.items()
}
print(f"{'readout':<20} {'test accuracy':>13}")
for name, acc in accuracy.items():
    print(f"{name:<20} {acc:>13.3f}")

# %%
# In this run (one seed, one training budget) the final states are near perfect, the masked
# mean is at most as good and well above chance, and both last-step readouts stay near
# chance. The assertions check this run's numbers; another seed moves them, and a longer
# training can teach the padded last step to carry the first token.

last_best = max(accuracy["last step, padded"], accuracy["last step, packed"])
assert accuracy["final states"] > 0.95
assert accuracy["final states"] >= accuracy["masked mean"]
assert accuracy["masked mean"] > last_best + 0.15
assert last_best < 0.6

COLOURS = ["#999999", "#E69F00", "#009E73", "#CC79A7"]
fig, ax = plt.subplots(figsize=(7, 3.5))
names = list(accuracy)
bars = ax.bar(names, [accuracy[n] for n in names], color=COLOURS)
ax.bar_label(bars, fmt="%.3f")
ax.axhline(0.5, color="black", linestyle=":", linewidth=1, label="chance")
ax.set_ylim(0, 1.1)
ax.set_ylabel("test accuracy")
ax.set_xlabel("readout")
ax.set_title(f"Same data, same initial weights, {STEPS} Adam steps each")
ax.legend(loc="upper left")
fig.tight_layout()

# %%
# Why the final states win
# ------------------------
#
# The backward direction reads each sentence from its true end (packing guarantees that)
# to step 0, so ``h_n[-1]`` is computed *right after* reading the first token, the one
# that decides the label. The classifier needs no memory, only a linear read of a fresh
# state.
#
# The masked mean contains that same state (the backward half at step 0), but with
# weight ``1 / length``. Its other routes to the first token run through forward
# recurrences, which would have to learn to carry it past every later token. The padded
# last step has only such routes, and here it stays at chance: 20 steps were not enough
# to learn them. In this run the mean does better on short sentences than on long ones.
#
# The packed last step sees zeros for every sentence shorter than ``T``, so it predicts
# one constant class for all of them.

assert predictions["last step, packed"][short].unique().numel() == 1

lengths_axis = np.arange(MIN_LENGTH, T + 1)
by_length = {
    name: np.array(
        [(pred == test_labels)[test_lengths == n].float().mean().item() for n in lengths_axis]
    )
    for name, pred in predictions.items()
}
print(f"{'length':<18} " + " ".join(f"{n:>5}" for n in lengths_axis))
for name, values in by_length.items():
    print(f"{name:<18} " + " ".join(f"{v:5.2f}" for v in values))

mean_short, mean_long = by_length["masked mean"][:3].mean(), by_length["masked mean"][-3:].mean()
print(f"masked mean, lengths 2-4: {mean_short:.3f}; lengths 10-12: {mean_long:.3f}")
assert mean_short >= mean_long
assert by_length["final states"].min() > 0.9

fig, ax = plt.subplots(figsize=(7, 3.5))
for (name, values), colour, marker in zip(by_length.items(), COLOURS, "os^D", strict=True):
    ax.plot(lengths_axis, values, marker=marker, color=colour, label=name)
ax.axhline(0.5, color="black", linestyle=":", linewidth=1)
ax.set_title("Test accuracy by sentence length")
ax.set_xlabel("sentence length (valid steps)")
ax.set_ylabel("test accuracy")
ax.set_ylim(0, 1.05)
ax.legend(fontsize=8, loc="lower left")
fig.tight_layout()

# %%
# On a real task the label is rarely at one end, and the masked mean or a learned
# attention over ``output`` are strong choices; the final states remain the cheapest
# summary in which both directions have read the whole sentence. ``output[-1]`` of a
# padded batch is never that summary.

plt.show()
