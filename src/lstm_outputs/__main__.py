"""Command line: ``python -m lstm_outputs describe --mode LSTM --layers 2 --bidirectional ...``.

Builds a seeded module and a random input of the requested sizes, runs :func:`describe` and
prints its report. Exit status: 0 when every check came out as expected, 1 otherwise, 2 for
bad arguments.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Sequence

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from lstm_outputs.describe import describe

__all__ = ["build_parser", "main"]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m lstm_outputs`` (also the ``lstm-outputs`` script)."""
    parser = argparse.ArgumentParser(
        prog="python -m lstm_outputs",
        description="Explain the outputs of a PyTorch nn.LSTM, nn.GRU or nn.RNN.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub = commands.add_parser(
        "describe",
        help="run a seeded module on random input and describe every tensor it returns",
        description=(
            "Build a seeded module and a random input, run it, and print the shape and the "
            "meaning of every dimension of output, h_n (and c_n), with the equalities between "
            "their slices checked on the real values."
        ),
    )
    sub.add_argument("--mode", choices=("LSTM", "GRU", "RNN"), default="LSTM")
    sub.add_argument("--layers", type=_positive, default=1, help="num_layers (default 1)")
    sub.add_argument("--bidirectional", action="store_true")
    sub.add_argument("--input-size", type=_positive, default=8, help="I (default 8)")
    sub.add_argument("--hidden-size", type=_positive, default=16, help="hidden_size (default 16)")
    sub.add_argument(
        "--proj-size",
        type=_positive,
        default=None,
        help="proj_size, LSTM only; must be smaller than --hidden-size",
    )
    sub.add_argument("--seq-len", type=_positive, default=5, help="T (default 5)")
    sub.add_argument("--batch-size", type=_positive, default=3, help="N (default 3)")
    sub.add_argument("--batch-first", action="store_true")
    sub.add_argument(
        "--unbatched", action="store_true", help="feed one (T, I) sequence with no batch dim"
    )
    sub.add_argument(
        "--lengths",
        type=_positive,
        nargs="+",
        default=None,
        metavar="LEN",
        help="pack the batch with these sequence lengths (one per sequence, each <= --seq-len)",
    )
    sub.add_argument("--seed", type=int, default=0, help="torch.manual_seed (default 0)")
    sub.set_defaults(parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    parser: argparse.ArgumentParser = args.parser  # the subcommand's, for its usage line
    if args.proj_size is not None:
        if args.mode != "LSTM":
            parser.error(f"--proj-size is only valid with --mode LSTM, got --mode {args.mode}")
        if args.proj_size >= args.hidden_size:
            parser.error(
                f"--proj-size must be smaller than --hidden-size ({args.hidden_size}), "
                f"got {args.proj_size}"
            )
    if args.lengths is not None:
        if args.unbatched:
            parser.error("--lengths packs a batch; it cannot be combined with --unbatched")
        if len(args.lengths) != args.batch_size:
            parser.error(
                f"--lengths needs one length per sequence (--batch-size {args.batch_size}), "
                f"got {len(args.lengths)}"
            )
        if max(args.lengths) > args.seq_len:
            parser.error(
                f"--lengths must not exceed --seq-len {args.seq_len}, got {max(args.lengths)}"
            )

    torch.manual_seed(args.seed)
    kwargs: dict[str, object] = {
        "num_layers": args.layers,
        "bidirectional": args.bidirectional,
        "batch_first": args.batch_first,
    }
    if args.proj_size is not None:
        kwargs["proj_size"] = args.proj_size
    module_type = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[args.mode]
    rnn = module_type(args.input_size, args.hidden_size, **kwargs)

    if args.unbatched:
        shape: tuple[int, ...] = (args.seq_len, args.input_size)
    elif args.batch_first:
        shape = (args.batch_size, args.seq_len, args.input_size)
    else:
        shape = (args.seq_len, args.batch_size, args.input_size)
    x = torch.randn(shape)
    with warnings.catch_warnings():
        # CPU oneDNN has no LSTM with projections; PyTorch warns and falls back. Not our concern.
        warnings.filterwarnings(
            "ignore", message="LSTM with projections is not supported with oneDNN"
        )
        if args.lengths is not None:
            lengths = torch.tensor(args.lengths)
            packed = pack_padded_sequence(
                x, lengths, batch_first=args.batch_first, enforce_sorted=False
            )
            report = describe(rnn, packed)
        else:
            report = describe(rnn, x)
    print(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
