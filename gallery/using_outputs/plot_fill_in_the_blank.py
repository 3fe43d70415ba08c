"""
Fill in the blank, for real
===========================

"Joe likes ___, especially fried, scrambled or poached": the words before the blank say nothing
about it, the words after it settle it. Bidirectional models are made for this case, and it is
also a per-token tagging task, where the prediction for one step is read from ``output[t]``
of :class:`torch.nn.LSTM`. Here we train a unidirectional and a bidirectional model on a small
synthetic corpus built so that only the right context decides the blank, and compare them with
the best accuracy that *any* reader of the left context alone could reach on the same held-out
sentences. The unidirectional model cannot pass that bound; the bidirectional one solves the
task.
"""

# %%
# A corpus where the answer comes after the blank
# -----------------------------------------------
#
# Notation: ``N`` sentences of ``T`` tokens, ``D`` directions, ``H`` hidden units per
# direction; with ``batch_first=True`` the LSTM's ``output`` is ``(N, T, D * H)``.
#
# Every sentence reads ``<name> <verb> ___ , especially <cue> , <cue> or <cue> .``. The food is
# drawn uniformly and independently of the name and the verb; the three cues are drawn from the
# food's own list, so any one of them identifies it. All sentences have the same length, so the
# blank is always at step ``T_BLANK = 2`` and no padding is needed.
import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)
torch.use_deterministic_algorithms(True)
# The models are tiny: one thread is faster than several here, and the results then do not
# depend on how many cores the machine has.
torch.set_num_threads(1)

NAMES = ["Joe", "Ana", "Sam", "Mia", "Raj", "Lea", "Tom", "Zoe"]
VERBS = ["likes", "loves", "enjoys"]
CUES = {
    "eggs": ["fried", "scrambled", "poached", "boiled", "devilled"],
    "pasta": ["penne", "fusilli", "ravioli", "lasagne", "gnocchi"],
    "tea": ["green", "jasmine", "chai", "oolong", "mint"],
    "cheese": ["cheddar", "brie", "feta", "gouda", "stilton"],
    "soup": ["tomato", "lentil", "miso", "onion", "pea"],
}
FOODS = list(CUES)
K = len(FOODS)  # number of classes
FILLERS = ["___", ",", "especially", "or", "."]
vocab = NAMES + VERBS + FILLERS + [cue for cues in CUES.values() for cue in cues]
index = {word: i for i, word in enumerate(vocab)}
T_BLANK = 2


def make_corpus(n: int, seed: int) -> tuple[list[list[str]], torch.Tensor, torch.Tensor]:
    """n sentences as words, token ids (n, T) and food labels (n,)."""
    rng = np.random.default_rng(seed)
    sentences, labels = [], []
    for _ in range(n):
        food = int(rng.integers(K))
        cues = rng.choice(CUES[FOODS[food]], size=3, replace=False)
        name, verb = NAMES[rng.integers(len(NAMES))], VERBS[rng.integers(len(VERBS))]
        words = [name, verb, "___", ",", "especially", cues[0], ",", cues[1], "or", cues[2], "."]
        sentences.append(words)
        labels.append(food)
    ids = torch.tensor([[index[w] for w in words] for words in sentences])
    return sentences, ids, torch.tensor(labels)


train_words, train_x, train_y = make_corpus(2000, seed=1)
test_words, test_x, test_y = make_corpus(500, seed=2)
T = train_x.shape[1]
assert train_x.shape == (2000, T)
assert test_x.shape == (500, T)
assert T == 11
assert all(words[T_BLANK] == "___" for words in train_words + test_words)
print(" ".join(test_words[0]), "->", FOODS[test_y[0]])

# %%
# The left-context bound
# ----------------------
#
# A unidirectional model's ``output[t]`` is a function of the tokens ``0..t`` only. At the blank
# those are the name, the verb and the blank itself, so whatever it learns, its prediction is
# one food per (name, verb) pair. On a fixed test set, the best such rule picks the most frequent
# food of each pair, and its accuracy is an exact upper bound for every left-context reader:
# no margin is needed.
counts: dict[tuple[str, str], np.ndarray] = {}
for words, label in zip(test_words, test_y.tolist(), strict=True):
    counts.setdefault((words[0], words[1]), np.zeros(K, dtype=int))[label] += 1
left_bound = sum(c.max() for c in counts.values()) / len(test_words)
chance = 1 / K
print(f"{len(counts)} left contexts; chance = {chance:.3f}, left-context bound = {left_bound:.3f}")
assert chance <= left_bound < chance + 0.15

# %%
# Two taggers with the same budget
# --------------------------------
#
# Both models embed the tokens, run a one-layer :class:`torch.nn.LSTM` with ``batch_first=True``
# and classify ``output[:, T_BLANK]``, of shape ``(N, D * H)``. For the bidirectional model that
# vector is the forward state after "Joe likes ___" joined with the backward state after "___ ,
# especially fried , scrambled or poached ." (see :ref:`explain-output-tensor`).
#
# We give both (almost) the same number of parameters rather than the same hidden size per
# direction. With equal ``H``, the bidirectional model would have twice the recurrent weights and
# its win could be blamed on size. With equal budgets, the unidirectional model gets the *larger*
# hidden state (``H = 25`` against ``16`` per direction), so any gap comes from what each model
# can read, not from how much it can store.


class Tagger(nn.Module):
    def __init__(self, hidden: int, bidirectional: bool) -> None:
        super().__init__()
        self.embed = nn.Embedding(len(vocab), 16)
        self.lstm = nn.LSTM(16, hidden, batch_first=True, bidirectional=bidirectional)
        self.head = nn.Linear((1 + bidirectional) * hidden, K)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        output, _ = self.lstm(self.embed(ids))  # (N, T, D * H)
        return self.head(output[:, T_BLANK])  # tag the blank from its own step


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


torch.manual_seed(0)
models = {"unidirectional": Tagger(25, False), "bidirectional": Tagger(16, True)}
for name, model in models.items():
    print(f"{name:<15} H = {model.lstm.hidden_size:>2}, parameters: {n_params(model)}")
uni_n, bi_n = (n_params(m) for m in models.values())
assert abs(uni_n - bi_n) / bi_n < 0.02

with torch.no_grad():
    output, _ = models["bidirectional"].lstm(models["bidirectional"].embed(test_x[:4]))
assert output.shape == (4, T, 2 * 16)

# Changing every word after the blank moves the bidirectional model's vector at the blank and
# leaves the unidirectional one's unchanged, bit for bit: it reads tokens 0..T_BLANK only.
shuffled = test_x[:4].clone()
shuffled[:, T_BLANK + 1 :] = test_x[4:8, T_BLANK + 1 :]
with torch.no_grad():
    for name, model in models.items():
        at_blank = model.lstm(model.embed(test_x[:4]))[0][:, T_BLANK]
        at_blank_shuffled = model.lstm(model.embed(shuffled))[0][:, T_BLANK]
        assert torch.equal(at_blank, at_blank_shuffled) == (name == "unidirectional"), name

# %%
# Training
# --------
#
# The same optimiser, batches and number of steps for both; accuracy is measured on the held-out
# sentences every 5 steps.
STEPS, BATCH, EVERY = 150, 64, 5


def accuracy(model: nn.Module) -> float:
    with torch.no_grad():
        return (model(test_x).argmax(dim=-1) == test_y).double().mean().item()


curves = {}
for name, model in models.items():
    torch.manual_seed(1)  # the same batches for both models
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    steps, scores = [0], [accuracy(model)]
    for step in range(1, STEPS + 1):
        batch = torch.randint(len(train_x), (BATCH,))
        loss = nn.functional.cross_entropy(model(train_x[batch]), train_y[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if step % EVERY == 0:
            steps.append(step)
            scores.append(accuracy(model))
    curves[name] = (steps, scores)
    print(f"{name:<15} held-out accuracy after {STEPS} steps: {scores[-1]:.3f}")

# %%
# The learning curves
# -------------------
fig, ax = plt.subplots(figsize=(7, 4), facecolor="white")
ax.plot(*curves["unidirectional"], color="#0072B2", marker="o", ms=3, label="unidirectional")
ax.plot(
    *curves["bidirectional"], color="#009E73", ls="--", marker="s", ms=3, label="bidirectional"
)
ax.axhline(left_bound, color="black", ls=":", label=f"left-context bound ({left_bound:.2f})")
ax.axhline(chance, color="0.6", ls="-.", label=f"chance ({chance:.2f})")
ax.set_xlabel("training step")
ax.set_ylabel("held-out accuracy at the blank")
ax.set_ylim(0, 1.02)
ax.set_title("Filling the blank: held-out accuracy while training, same parameter budget")
ax.legend(loc="center right")
fig.tight_layout()

# %%
# The numbers behind the picture: the bidirectional tagger is (nearly) always right; the
# unidirectional one never passes the bound, at any evaluation step. It stays near chance rather
# than at the bound, because the bound uses the majority food of each (name, verb) pair *in the
# test set*, which is noise that no training set reveals.
uni_scores, bi_scores = curves["unidirectional"][1], curves["bidirectional"][1]
assert bi_scores[-1] > 0.9
assert bi_scores[-1] - uni_scores[-1] > 0.6
assert max(uni_scores) <= left_bound
print(f"final accuracy: bidirectional {bi_scores[-1]:.3f}, unidirectional {uni_scores[-1]:.3f}")
print(f"best unidirectional accuracy at any step: {max(uni_scores):.3f} <= {left_bound:.3f}")

# %%
# Why the bound holds: the unidirectional tagger gives the same answer to every sentence that
# shares a name and a verb, however different the cues.
with torch.no_grad():
    uni_pred = models["unidirectional"](test_x).argmax(dim=-1).tolist()
    bi_pred = models["bidirectional"](test_x).argmax(dim=-1).tolist()
answers: dict[tuple[str, str], set[int]] = {}
for words, pred in zip(test_words, uni_pred, strict=True):
    answers.setdefault((words[0], words[1]), set()).add(pred)
assert all(len(a) == 1 for a in answers.values())

for i in range(4):
    words = test_words[i]
    print(
        f"{' '.join(words):<58} uni: {FOODS[uni_pred[i]]:<7} bi: {FOODS[bi_pred[i]]:<7} "
        f"truth: {FOODS[test_y[i]]}"
    )

# %%
# In a one-layer model the forward half of ``output[t]`` has read only the left context; in
# deeper bidirectional models both halves have read everything, as
# :ref:`sphx_glr_auto_examples_under_the_hood_plot_receptive_fields.py` shows. The motivation is
# told in words in :ref:`explain-why-two-directions`.
plt.show()
