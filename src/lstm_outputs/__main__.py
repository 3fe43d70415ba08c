"""Command line: ``python -m lstm_outputs describe ...`` (also the ``lstm-outputs`` script).

Builds a seeded module and a random input of the requested sizes (or rebuilds the RNNs saved
in a checkpoint), runs :func:`lstm_outputs.describe` and prints its report, as a table or as
JSON. Exit status: 0 when every check came out as expected, 1 when one did not, 2 for a usage
or input error. torch is imported only once the arguments are parsed, so ``--help`` and
``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from lstm_outputs import __version__

if TYPE_CHECKING:
    from torch import Tensor, nn

    from lstm_outputs.report import Report

MEMORY_LIMIT = 1 << 30
"""Bytes (1 GiB): a configuration estimated to need more is described on the meta device."""

DEFAULTS = {"mode": "LSTM", "layers": 1, "input_size": 8, "hidden_size": 16, "batch_size": 3}

EXIT_CODES = """\
exit status:
  0  every check came out as expected (or could not be decided on these values)
  1  a check did NOT come out as expected
  2  usage or input error (one line on stderr; --traceback shows the traceback)"""

EXAMPLES = """\
examples:
  {prog} describe --layers 2 --bidirectional
  {prog} describe --mode GRU --batch-first --batch-size 2
  {prog} describe --bidirectional --lengths 5 2 3
  {prog} describe --hidden-size 50000        (too large for memory: shapes only)
  {prog} describe --checkpoint model.pt --key encoder.rnn
  {prog} describe --json > report.json"""


def _prog() -> str:
    """``python -m lstm_outputs`` when run with -m, else the script's own name."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if not name or name in ("__main__.py", "-c", "-m"):
        return "python -m lstm_outputs"
    return name


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (then exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer seed, got {text!r}") from None
    if not -(2**63) <= value < 2**64:
        raise argparse.ArgumentTypeError(
            f"expected a seed in [-2**63, 2**64 - 1], got {value} (torch.manual_seed's range)"
        )
    return value


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``python -m lstm_outputs`` (also the ``lstm-outputs`` script)."""
    prog = prog or _prog()
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=prog,
        description="Explain the outputs of a PyTorch nn.LSTM, nn.GRU or nn.RNN.",
        epilog=EXAMPLES.format(prog=prog) + "\n\n" + EXIT_CODES,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub = commands.add_parser(
        "describe",
        help="run a module and describe every tensor it returns",
        description=textwrap.fill(
            "Build a seeded module and a random input (or rebuild the RNNs saved in a "
            "checkpoint), run it, and print the shape and the meaning of every dimension of "
            "output, h_n (and c_n), with the equalities between their slices checked on the "
            "real values. A configuration too large for memory is described on the meta "
            "device: shapes and notes, value checks skipped.",
            78,
        ),
        epilog=EXAMPLES.format(prog=prog) + "\n\n" + EXIT_CODES,
        formatter_class=formatter,
    )
    module = sub.add_argument_group("the module (not with --checkpoint)")
    module.add_argument(
        "--mode", choices=("LSTM", "GRU", "RNN"), help="module type (default: LSTM)"
    )
    module.add_argument("--layers", type=_positive, metavar="L", help="num_layers (default: 1)")
    module.add_argument(
        "--bidirectional", action="store_true", help="two directions, D = 2 (default: off)"
    )
    module.add_argument(
        "--input-size", type=_positive, metavar="I", help="input_size (default: 8)"
    )
    module.add_argument(
        "--hidden-size", type=_positive, metavar="H", help="hidden_size (default: 16)"
    )
    module.add_argument(
        "--proj-size",
        type=_positive,
        metavar="P",
        help="proj_size, LSTM only, smaller than --hidden-size (default: none)",
    )
    saved = sub.add_argument_group("a saved model")
    saved.add_argument(
        "--checkpoint",
        metavar="PATH",
        help="describe the RNNs in this file instead of building one: a state dict saved with "
        "torch.save (also nested, or next to other objects; read with weights_only=True, "
        "never unpickling code), a safetensors, .npz or ONNX file (default: none)",
    )
    saved.add_argument(
        "--key",
        metavar="PREFIX",
        help="with --checkpoint: only the RNN under this prefix, e.g. encoder.rnn "
        "(default: every RNN found)",
    )
    data = sub.add_argument_group("the input")
    data.add_argument("--seq-len", type=_positive, default=5, metavar="T", help="T (default: 5)")
    data.add_argument(
        "--batch-size", type=_positive, metavar="N", help="N, not with --unbatched (default: 3)"
    )
    data.add_argument(
        "--batch-first",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="build the module with batch_first=True and feed (N, T, I); with --checkpoint, "
        "the layout your model uses, which a state dict does not store (default: off; with "
        "--checkpoint, both layouts, each labelled)",
    )
    data.add_argument(
        "--unbatched",
        action="store_true",
        help="feed one (T, I) sequence with no batch dim (default: off)",
    )
    data.add_argument(
        "--lengths",
        type=_positive,
        nargs="+",
        default=None,
        metavar="LEN",
        help="pack the batch with these sequence lengths, one per sequence, each <= --seq-len "
        "(default: no packing)",
    )
    data.add_argument(
        "--seed",
        type=_seed,
        default=0,
        help="torch.manual_seed, -2**63 to 2**64-1 (default: 0)",
    )
    out = sub.add_argument_group("output")
    out.add_argument(
        "--json",
        action="store_true",
        help="print the reports as JSON (schema: lstm_outputs/report.schema.json) instead of "
        "tables (default: off)",
    )
    out.add_argument(
        "--traceback",
        action="store_true",
        help="on an error, show the Python traceback, not one line (default: off)",
    )
    sub.set_defaults(parser=sub)
    return parser


def _check_arguments(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Refuse contradictory or impossible combinations (exit status 2)."""
    if args.unbatched:
        for flag, given in (
            ("--batch-size", args.batch_size is not None),
            ("--batch-first", args.batch_first is not None),
            ("--lengths", args.lengths is not None),
        ):
            if given:
                parser.error(f"{flag}: expected no batch options with --unbatched, got {flag}")
    if args.checkpoint is None and args.batch_first is None:
        args.batch_first = False
    if args.checkpoint is not None:
        for flag in ("mode", "layers", "input_size", "hidden_size", "proj_size"):
            if getattr(args, flag) is not None:
                option = "--" + flag.replace("_", "-")
                parser.error(
                    f"{option}: expected no module option with --checkpoint (the sizes are read "
                    f"from the saved weights), got {option}"
                )
        if args.bidirectional:
            parser.error(
                "--bidirectional: expected no module option with --checkpoint (the direction "
                "count is read from the saved weights), got --bidirectional"
            )
    elif args.key is not None:
        parser.error("--key: expected --checkpoint too (it picks one RNN in it), got --key alone")
    for name, value in DEFAULTS.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.proj_size is not None:
        if args.mode != "LSTM":
            parser.error(f"--proj-size is only valid with --mode LSTM, got --mode {args.mode}")
        if args.proj_size >= args.hidden_size:
            parser.error(
                f"--proj-size must be smaller than --hidden-size ({args.hidden_size}), "
                f"got {args.proj_size}"
            )
    if args.lengths is not None:
        if len(args.lengths) != args.batch_size:
            parser.error(
                f"--lengths needs one length per sequence (--batch-size {args.batch_size}), "
                f"got {len(args.lengths)}"
            )
        if max(args.lengths) > args.seq_len:
            parser.error(
                f"--lengths must not exceed --seq-len {args.seq_len}, got {max(args.lengths)}"
            )


def estimate_bytes(args: argparse.Namespace) -> int:
    """A generous estimate of the memory a CPU run of this configuration needs."""
    gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[args.mode]
    h: int = args.hidden_size
    d, layers = 2 if args.bidirectional else 1, int(args.layers)
    out: int = args.proj_size or h
    batch = 1 if args.unbatched else int(args.batch_size)
    params = 0
    for layer in range(layers):
        width = args.input_size if layer == 0 else d * out
        params += d * (gates * h * (width + out + 2) + (h * out if args.proj_size else 0))
    activations = args.seq_len * batch * (args.input_size + layers * d * (gates * h + out + h))
    return int(4 * (params + activations))


def _build(args: argparse.Namespace, device: str) -> nn.RNNBase:
    from torch import nn

    kwargs: dict[str, Any] = {
        "num_layers": args.layers,
        "bidirectional": args.bidirectional,
        "batch_first": args.batch_first,
        "device": device,
    }
    if args.proj_size is not None:
        kwargs["proj_size"] = args.proj_size
    module_type = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[args.mode]
    rnn: nn.RNNBase = module_type(args.input_size, args.hidden_size, **kwargs)
    return rnn


def _input(args: argparse.Namespace, rnn: nn.RNNBase) -> Tensor | Any:
    """The seeded random input for ``rnn`` (packed with ``--lengths``)."""
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence

    param = next(rnn.parameters())
    size = int(rnn.input_size)
    if args.unbatched:
        shape: tuple[int, ...] = (args.seq_len, size)
    elif args.batch_first:
        shape = (args.batch_size, args.seq_len, size)
    else:
        shape = (args.seq_len, args.batch_size, size)
    if param.device.type == "meta":
        x = torch.empty(shape, device="meta", dtype=param.dtype)
    else:
        x = torch.randn(shape).to(param.dtype)
    if args.lengths is None:
        return x
    lengths = torch.tensor(args.lengths)
    return pack_padded_sequence(x, lengths, batch_first=args.batch_first, enforce_sorted=False)


def _reports(args: argparse.Namespace) -> list[tuple[str | None, Report]]:
    import dataclasses
    import warnings

    import torch

    from lstm_outputs.report import describe

    torch.manual_seed(args.seed)
    if args.checkpoint is not None:
        from lstm_outputs.checkpoint import describe_all

        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message="LSTM with projections is not supported with oneDNN"
            )
            described = describe_all(
                args.checkpoint,
                args.key,
                batch_first=args.batch_first,
                seq_len=args.seq_len,
                batch_size=args.batch_size,
                seed=args.seed,
                lengths=args.lengths,
                unbatched=args.unbatched,
            )
        return list(described.items())
    else:
        needed = estimate_bytes(args)
        device = "meta" if needed > MEMORY_LIMIT else "cpu"
        notes = []
        if device == "meta":
            notes.append(
                f"about {needed / 2**30:.1f} GiB needed, more than the {MEMORY_LIMIT >> 30} "
                "GiB this command allows itself: described on the meta device"
            )
        found: list[tuple[str | None, nn.RNNBase, list[str]]] = [
            (None, _build(args, device), notes)
        ]
    reports: list[tuple[str | None, Report]] = []
    for key, rnn, extra in found:
        with warnings.catch_warnings():
            # CPU oneDNN has no LSTM with projections; PyTorch warns and falls back.
            warnings.filterwarnings(
                "ignore", message="LSTM with projections is not supported with oneDNN"
            )
            report = describe(rnn, _input(args, rnn))
        reports.append((key, dataclasses.replace(report, notes=(*report.notes, *extra))))
    return reports


def _to_json(reports: list[tuple[str | None, Report]]) -> str:
    document = {
        "version": 2,
        "ok": all(report.ok for _, report in reports),
        "reports": [{"key": key, **report.to_dict()} for key, report in reports],
    }
    return json.dumps(document, indent=2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0, 1 or 2)."""
    args, unknown = build_parser().parse_known_args(argv)
    parser: argparse.ArgumentParser = args.parser  # the subcommand's, for its messages
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    _check_arguments(args, parser)
    try:
        reports = _reports(args)
    except Exception as error:
        if args.traceback:
            traceback.print_exc()
        else:
            message = " ".join(str(error).split()) or type(error).__name__
            print(f"{parser.prog}: error: {message}", file=sys.stderr)
        return 2
    try:
        if args.json:
            print(_to_json(reports))
        else:
            for index, (key, report) in enumerate(reports):
                if index:
                    print()
                if key is not None:
                    print(f"[{key or 'top level'}]")
                print(report)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if all(report.ok for _, report in reports) else 1


if __name__ == "__main__":
    raise SystemExit(main())
