"""describe(): the report's tensors, dimension meanings, verified equalities and text table."""

from __future__ import annotations

import warnings

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from lstm_outputs import Report, describe
from lstm_outputs.describe import Check, Dim, TensorInfo


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
    with pytest.raises(KeyError, match=r"no tensor named 'c_n'.*input, output, h_n"):
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
