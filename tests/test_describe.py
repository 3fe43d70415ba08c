"""describe(): the report's tensors, dimension meanings, verified equalities and text table."""

from __future__ import annotations

import warnings

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from lstm_outputs import Check, Dim, Report, TensorInfo, describe


def bilstm(**kwargs: object) -> nn.LSTM:
    torch.manual_seed(0)
    return nn.LSTM(8, 16, num_layers=2, bidirectional=True, **kwargs)  # type: ignore[arg-type]


def test_report_of_two_layer_bidirectional_lstm() -> None:
    lstm = bilstm()
    report = describe(lstm, torch.randn(5, 3, 8))
    assert isinstance(report, Report)
    assert report.ok
    assert [t.name for t in report.tensors] == ["input", "output", "h_n", "c_n"]
    assert report.tensor("output").shape == (5, 3, 32)
    assert report.tensor("h_n").shape == (4, 3, 16)
    assert report.tensor("c_n").shape == (4, 3, 16)
    output_dims = report.tensor("output").dims
    assert [d.symbol for d in output_dims] == ["T=5", "N=3", "D*H=2*16"]
    assert "[..., :16] forward, [..., 16:] backward" in output_dims[2].meaning
    rows = report.tensor("h_n").dims[0]
    assert rows.symbol == "L*D=2*2"
    assert "0: l0 fwd, 1: l0 bwd, 2: l1 fwd, 3: l1 bwd" in rows.meaning
    expressions = {c.expression: (c.expected, c.observed) for c in report.checks}
    assert expressions == {
        "output[-1, :, :16] == h_n[-2]": (True, True),
        "output[0, :, 16:] == h_n[-1]": (True, True),
        "output[-1, :, 16:] != h_n[-1]": (False, False),
    }


def test_str_is_a_plain_text_table_with_tuple_shapes() -> None:
    text = str(describe(bilstm(), torch.randn(5, 3, 8)))
    lines = text.splitlines()
    assert lines[0] == "LSTM(8, 16, num_layers=2, bidirectional=True)"
    assert lines[2].split() == ["tensor", "shape", "dim", "size", "meaning"]
    assert set(lines[3]) == {"-", " "}
    assert "(5, 3, 32)" in text
    assert "(4, 3, 16)" in text
    assert "torch.Size" not in text
    assert "output[-1, :, :16] == h_n[-2]  equal     equal" in text
    assert lines[-1] == "all 3 checks came out as expected"
    assert text.isascii()


def test_report_is_deterministic() -> None:
    a = str(describe(bilstm(), torch.zeros(4, 2, 8)))
    b = str(describe(bilstm(), torch.zeros(4, 2, 8)))
    assert a == b


def test_batch_first_gru_has_no_c_n_and_indexes_time_second() -> None:
    torch.manual_seed(0)
    gru = nn.GRU(8, 6, num_layers=3, bidirectional=True, batch_first=True)
    report = describe(gru, torch.randn(3, 5, 8))
    assert report.ok
    assert [t.name for t in report.tensors] == ["input", "output", "h_n"]
    assert [d.symbol for d in report.tensor("output").dims] == ["N=3", "T=5", "D*H=2*6"]
    assert [c.expression for c in report.checks] == [
        "output[:, -1, :6] == h_n[-2]",
        "output[:, 0, 6:] == h_n[-1]",
        "output[:, -1, 6:] != h_n[-1]",
    ]
    with pytest.raises(KeyError, match=r"name: expected one of input, output, h_n, got 'c_n'"):
        report.tensor("c_n")


def test_unidirectional_rnn_unbatched() -> None:
    torch.manual_seed(0)
    rnn = nn.RNN(8, 4, num_layers=2)
    report = describe(rnn, torch.randn(6, 8))
    assert report.ok
    assert report.tensor("output").shape == (6, 4)
    assert report.tensor("h_n").shape == (2, 4)
    assert [c.expression for c in report.checks] == ["output[-1] == h_n[-1]"]
    assert "0: layer 0, 1: layer 1" in report.tensor("h_n").dims[0].meaning
    assert str(report).endswith("1 check came out as expected")


def test_proj_size_and_initial_state() -> None:
    torch.manual_seed(0)
    with warnings.catch_warnings():
        # oneDNN has no LSTM with projections; PyTorch warns and falls back on CPU.
        warnings.filterwarnings(
            "ignore", message="LSTM with projections is not supported with oneDNN"
        )
        lstm = nn.LSTM(8, 16, num_layers=2, bidirectional=True, proj_size=4)
        h0, c0 = torch.randn(4, 3, 4), torch.randn(4, 3, 16)
        report = describe(lstm, torch.randn(5, 3, 8), (h0, c0))
    assert report.ok
    assert [t.name for t in report.tensors] == ["input", "h_0", "c_0", "output", "h_n", "c_n"]
    assert report.tensor("output").shape == (5, 3, 8)
    assert report.tensor("h_n").dims[2] == Dim(4, "H=4", "projected hidden state (proj_size)")
    assert report.tensor("c_n").dims[2].symbol == "H_cell=16"
    assert report.tensor("h_0").dims[1].meaning == "sequence in the batch (initial state)"
    assert any("proj_size=4" in note for note in report.notes)


@pytest.mark.parametrize("batch_first", [False, True])
def test_packed_input_checks_each_sequence_end(batch_first: bool) -> None:
    lstm = bilstm(batch_first=batch_first)
    x = torch.randn(3, 5, 8) if batch_first else torch.randn(5, 3, 8)
    packed = pack_padded_sequence(x, torch.tensor([2, 5, 3]), batch_first, enforce_sorted=False)
    report = describe(lstm, packed)
    assert report.ok
    output = report.tensor("output")
    assert output.packed
    assert output.shape == (10, 32)
    assert output.dims[0].symbol == "sum(lengths)=10"
    assert "batch_sizes = [3, 3, 2, 1, 1]" in output.dims[0].meaning
    forward = report.checks[0].expression
    if batch_first:
        assert forward == "padded[arange(N), lengths - 1, :16] == h_n[-2]"
    else:
        assert forward == "padded[lengths - 1, arange(N), :16] == h_n[-2]"
    assert len(report.checks) == 2
    assert "output (packed)" in str(report)


def test_a_failed_check_is_flagged() -> None:
    good = Check("a[0] == b[0]", "fine", expected=True, observed=True)
    bad = Check("a[1] == b[1]", "broken", expected=True, observed=False)
    info = TensorInfo("h_n", (2, 3), (Dim(2, "L*D=2*1", "rows"), Dim(3, "H=3", "hidden")))
    report = Report("FakeRNN()", (info,), (good, bad), ())
    assert not report.ok
    text = str(report)
    assert "differ  <-- UNEXPECTED" in text
    assert text.endswith("1 of 2 checks did NOT come out as expected")


def test_describe_does_not_track_gradients_or_change_mode() -> None:
    lstm = bilstm(dropout=0.5)
    lstm.train()
    x = torch.randn(5, 3, 8, requires_grad=True)
    assert describe(lstm, x).ok  # dropout acts between layers, never on the top layer
    assert lstm.training
    assert x.grad is None


def test_unbatched_with_initial_state() -> None:
    torch.manual_seed(0)
    gru = nn.GRU(8, 6, num_layers=2, bidirectional=True)
    report = describe(gru, torch.randn(5, 8), torch.zeros(4, 6))
    assert report.ok
    assert [t.name for t in report.tensors] == ["input", "h_0", "output", "h_n"]
    assert report.tensor("h_0").shape == (4, 6)
    assert [c.expression for c in report.checks][:2] == [
        "output[-1, :6] == h_n[-2]",
        "output[0, 6:] == h_n[-1]",
    ]


# --- checks state facts; values that cannot decide them are said so, not failed -----------


def test_empty_batch_is_not_decidable_not_failed() -> None:
    """N=0: empty slices compare equal, so no check can be decided on them."""
    report = describe(bilstm(), torch.randn(5, 0, 8))
    assert report.ok
    assert [c.status for c in report.checks] == ["not decidable here"] * 3
    assert all("empty" in c.reason for c in report.checks)
    assert str(report).endswith("3 checks not decidable here on these values (no check failed)")


def test_all_zero_relu_outputs_are_not_decidable_not_failed() -> None:
    """A bidirectional ReLU RNN whose units are all off: different states both read 0."""
    rnn = nn.RNN(3, 2, nonlinearity="relu", bidirectional=True)
    with torch.no_grad():
        for param in rnn.parameters():
            param.zero_()
        rnn.bias_ih_l0_reverse.fill_(-1.0)  # the backward units never switch on
    report = describe(rnn, torch.randn(4, 2, 3))
    assert report.ok
    statuses = {c.expression: c.status for c in report.checks}
    assert statuses == {
        "output[-1, :, :2] == h_n[-2]": "as expected",
        "output[0, :, 2:] == h_n[-1]": "as expected",
        "output[-1, :, 2:] != h_n[-1]": "not decidable here",
    }
    assert "all zeros" in report.checks[2].reason
    assert "not decidable here" in str(report)


def test_a_real_contradiction_still_fails() -> None:
    """Undecidable is not a loophole: slices of different states that differ where they
    should be equal are reported as NOT as expected."""
    lstm = bilstm()
    report = describe(lstm, torch.randn(5, 3, 8))
    fake = Check("x == y", "a claim", expected=True, observed=False)
    broken = Report(report.module, report.tensors, (*report.checks, fake), report.notes)
    assert not broken.ok
    assert fake.status == "NOT as expected"
    assert str(broken).endswith("1 of 4 checks did NOT come out as expected")


@pytest.mark.parametrize("layers", [1, 2, 3])
def test_backward_step_wording_is_true_for_every_layer_count(layers: int) -> None:
    """The top backward direction at step T-1 has *taken* one step; it has *read* one input
    only in a one-layer model. The wording says so, and the dependency is checked here."""
    torch.manual_seed(layers)
    lstm = nn.LSTM(3, 4, num_layers=layers, bidirectional=True)
    x = torch.randn(5, 2, 3, requires_grad=True)
    report = describe(lstm, x.detach())
    (meaning,) = [c.meaning for c in report.checks if not c.expected]
    assert "taken one step" in meaning
    output, _ = lstm(x)
    output[-1, :, 4:].sum().backward()
    assert x.grad is not None
    reads_earlier_steps = bool(x.grad[:-1].abs().sum() > 0)
    assert reads_earlier_steps == (layers > 1)
    assert ("read x[T-1] only" in meaning) == (layers == 1)
    assert ("read every input" in meaning) == (layers > 1)


def test_hx_none_is_accepted_like_the_module_does() -> None:
    lstm = bilstm()
    x = torch.randn(5, 3, 8)
    with_none, without = describe(lstm, x, None), describe(lstm, x)
    assert str(with_none) == str(without)
    assert with_none.ok


def test_meta_module_is_described_without_running() -> None:
    lstm = nn.LSTM(8, 50_000, num_layers=2, bidirectional=True, device="meta")
    report = describe(lstm, torch.empty(5, 3, 8, device="meta"))
    assert report.ok
    assert report.tensor("output").shape == (5, 3, 100_000)
    assert report.tensor("c_n").shape == (4, 3, 50_000)
    assert {c.status for c in report.checks} == {"skipped"}
    assert any("meta device" in note for note in report.notes)


def test_text_is_at_most_100_columns_and_long_lists_are_elided() -> None:
    lstm = nn.GRU(8, 4, num_layers=1000, bidirectional=True, device="meta")
    lengths = torch.arange(60, 0, -1)
    packed = pack_padded_sequence(torch.empty(60, 60, 8, device="meta"), lengths)
    text = str(describe(lstm, packed))
    assert max(len(line) for line in text.splitlines()) <= 100
    words = " ".join(text.split())  # the meaning column wraps
    assert "(2000 in all)" in words  # h_n rows
    assert "(60 in all)" in words  # batch_sizes
    assert "1998: l999 fwd" in words
    assert "padded[lengths - 1, arange(N), :4] == h_n[-2]" in words


def test_to_dict_holds_the_whole_report() -> None:
    report = describe(bilstm(), torch.randn(5, 3, 8))
    data = report.to_dict()
    assert data["module"] == report.module
    assert [t["name"] for t in data["tensors"]] == ["input", "output", "h_n", "c_n"]
    assert data["tensors"][2]["shape"] == [4, 3, 16]
    assert data["checks"][0]["status"] == "as expected"
    assert data["notes"] == list(report.notes)
    assert data["verdict"] == {
        "ok": True,
        "text": "all 3 checks came out as expected",
        "counts": {
            "as expected": 3,
            "NOT as expected": 0,
            "not decidable here": 0,
            "skipped": 0,
            "holds only under its condition": 0,
        },
    }
    assert data["unknown"] == []
    assert {c["condition"] for c in data["checks"]} == {""}


@given(
    hidden=st.integers(1, 2),
    layers=st.integers(1, 3),
    steps=st.integers(1, 4),
    batch=st.integers(0, 3),
    seed=st.integers(0, 2**16),
)
def test_no_false_alarm_on_small_relu_rnns(
    hidden: int, layers: int, steps: int, batch: int, seed: int
) -> None:
    """Small bidirectional ReLU RNNs often output zeros; no check may fail on them."""
    torch.manual_seed(seed)
    rnn = nn.RNN(2, hidden, num_layers=layers, nonlinearity="relu", bidirectional=True)
    report = describe(rnn, torch.randn(steps, batch, 2))
    assert report.ok, str(report)
    for check in report.checks:
        assert check.status in ("as expected", "not decidable here")
        assert (check.status == "not decidable here") == bool(check.reason)
