"""The command line: analyse expressions and print or export the result.

``python -m explorer EXPR [EXPR ...] [--wrt VAR] [--at x=0.5,w=2]
[--format text|svg|png|dot|latex|json|frames|beamer] [-o FILE]
[--mode paths|forward|reverse] [--view paths|gradients|steps|shapes] [--step N]
[--frames DIR] [--check ANSWER]``. The format, mode and view choices, the
graph's themes and label styles come from the library's tables. Rejected
input prints a message on stderr, never a traceback, with exit status 2; a
capacity problem (out of time or memory) or a failed drawing or write exits
with status 1. ``--check ANSWER`` checks a learner's derivative: exit status
0 when it is right, 1 when it is not (an answer of the wrong shape too), 2
when it cannot be read.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .answer.feedback import check_report, marks
from .bounded import analyze, export, frame_files
from .calculus.factoring import MODES
from .calculus.pipeline import MAX_PATHS
from .checking import check_answer
from .drawing.dot import ORIENTATIONS, THEMES
from .drawing.labels import LABELS
from .drawing.layout import MAX_SCALE
from .drawing.views import VIEWS
from .errors import CapacityError, ExplorerError, ExpressionError
from .exports.formats import FORMATS, Options, json_text
from .workers.settings import MAX_SECONDS

__all__ = ["main"]

EXAMPLES = """\
examples:
  python -m explorer 'x*x**2'
  python -m explorer 'u1 = x**3; u2 = sin(u1); y = ln(u2**2)'
  python -m explorer 'sigmoid(w*x + b)' --wrt w --at x=2 --json
  python -m explorer 'x + x**2' --at x=1 --step 1
  python -m explorer 'w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)' --wrt w
  python -m explorer 'W = [[w11, w12, w13], [w21, w22, w23]]; x = [x1, x2, x3]; y = sum(tanh(W @ x + b))' --wrt W
  python -m explorer 'W = [[a, b], [c, d]]; x = [p, q]; y = sum(tanh(W @ x))' --view shapes --format svg -o shapes.svg
  python -m explorer '[ln(x**2), sin(3*x)]' --format svg -o vector.svg
  python -m explorer 'sigmoid(w*x + b)' --mode reverse
  python -m explorer 'x*x**2' --frames frames/ --theme slides
  python -m explorer 'x*x**2' --format beamer --mode reverse -o slides.tex
  python -m explorer 'sin(x**2)' --check 'cos(x**2)'
"""


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(value) and 0 < value <= MAX_SECONDS):
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most {MAX_SECONDS:g} seconds, not {text}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _step(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value) or value == 0:
        raise argparse.ArgumentTypeError(f"must be a finite number other than 0, not {text}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m explorer",
        description="Draw the chain rules: data-flow graph, paths, products and total derivative.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expressions", nargs="+", metavar="EXPR", help="expression or program (u1 = x**3; y = sin(u1))")
    parser.add_argument(
        "--wrt",
        metavar="VAR",
        help="input, or vector or matrix of inputs (a gradient), to differentiate by (default x, else the first "
        "vector or matrix of inputs, else the first input)",
    )
    parser.add_argument("--at", metavar="POINT", help="evaluation point, e.g. x=0.5,w=2 (values may be pi/4)")
    parser.add_argument(
        "--format", choices=tuple(FORMATS), default="text", help="output format (default text: a summary)"
    )
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="alias of --format json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (one expression only; needed for png)")
    scales = range(1, MAX_SCALE + 1)
    parser.add_argument("--scale", type=int, choices=scales, default=2, help="PNG scale factor (default 2)")
    parser.add_argument("--theme", choices=tuple(THEMES), default="light", help="graph theme (default light)")
    parser.add_argument("--labels", choices=tuple(LABELS), default="both", help="edge labels of the graph")
    parser.add_argument(
        "--orientation",
        choices=tuple(ORIENTATIONS),
        default="auto",
        help="graph direction: left to right, top to bottom, or auto (by the graph's shape)",
    )
    parser.add_argument("--highlight", type=int, metavar="K", help="highlight path K (1-based) in the graph")
    parser.add_argument("--rules", action="store_true", help="name each edge's differentiation rule in the graph")
    parser.add_argument(
        "--dx",
        type=_step,
        metavar="DX",
        help="text, json: the finite difference from the point to point + DX (the paper: --at x=1 --dx 1)",
    )
    parser.add_argument(
        "--mode",
        choices=tuple(MODES),
        default="paths",
        help="what the text shows: the sum of paths, or forward or reverse accumulation; also the walkthrough "
        "that --step, --frames and the frames and beamer formats draw (default paths)",
    )
    parser.add_argument(
        "--view",
        choices=tuple(VIEWS),
        default="paths",
        help="what the graph shows: paths, gradients, a step, or shapes (one node per operation on whole vectors "
        "and matrices, each edge its Jacobian)",
    )
    parser.add_argument("--step", type=_count, metavar="N", help="draw step N (from 1) of the --mode walkthrough")
    parser.add_argument("--frames", metavar="DIR", help="write every step of the walkthrough as a PNG into DIR")
    parser.add_argument(
        "--check",
        metavar="ANSWER",
        help="check ANSWER, your derivative of EXPR (shaped as it: [dy/dw1, dy/dw2] by a vector w): which paths, "
        "edges or rules it gets wrong (exit 0 if right, 1 if not, a wrong shape too, 2 if it cannot be read)",
    )
    parser.add_argument("--no-share", action="store_true", help="one node per occurrence of a repeated subexpression")
    parser.add_argument(
        "--max-paths", type=_count, default=MAX_PATHS, metavar="N", help="paths to list (all are counted)"
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="time budget per expression (default 5, or EXPLORER_TIMEOUT)",
    )
    return parser


def _options(result, args: argparse.Namespace) -> Options:
    highlight = None if args.highlight is None else args.highlight - 1
    if highlight is not None and not 0 <= highlight < len(result.paths):
        raise ExpressionError(f"--highlight {args.highlight}: there are {len(result.paths)} listed paths")
    view, step = args.view, 0
    if args.step is not None:  # checked against the walkthrough's length where it is made, in a worker
        view, step = "steps", args.step - 1
    return Options(
        highlight=highlight,
        labels=args.labels,
        theme=args.theme,
        scale=args.scale,
        orientation=args.orientation,
        view=view,
        mode=args.mode,
        step=step,
        rules=args.rules,
        dx=args.dx,
    )


def _checked(result, args: argparse.Namespace) -> tuple[str | bytes, int]:
    """The output with ``--check``: the verdict and diagnosis, the JSON with a ``check`` key, or the marked graph."""
    checked = check_answer(result, args.check, budget=args.timeout)
    status = 0 if checked["correct"] else 1
    if args.format == "text":
        report = check_report(checked).replace("\n", "\n  ")
        return f"{result.text}\n  your answer: {checked['answer']}\n  {report}\n", status
    if args.format == "json":
        data = json.loads(export(result, "json", Options(dx=args.dx)))  # written in a worker, as without --check
        return json_text({**data, "check": checked}), status
    options = Options(
        labels=args.labels,
        theme=args.theme,
        scale=args.scale,
        orientation=args.orientation,
        rules=args.rules,
        marks=marks(checked, result) or None,
    )
    return export(result, args.format, options), status


def _render(text: str, args: argparse.Namespace) -> tuple[str | bytes, int]:
    result = analyze(text, args.wrt, args.at, share=not args.no_share, max_paths=args.max_paths, budget=args.timeout)
    if args.check is not None:
        data, status = _checked(result, args)
    elif args.frames:
        data, status = _write_frames(frame_files(result, _options(result, args)), Path(args.frames)), 0
    else:
        data, status = export(result, args.format, _options(result, args)), 0
    return (data if isinstance(data, bytes) or data.endswith("\n") else data + "\n"), status


def _write_frames(files: tuple[tuple[str, bytes], ...], folder: Path) -> str:
    """Write the frames into ``folder`` (made if missing); the list of them, with their titles, is the output."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (folder / name).write_bytes(data)
    titles = dict(files)["steps.txt"].decode("utf-8")
    return "".join(f"{folder / line}\n" for line in titles.splitlines())


class _ClosedError(Exception):
    """Standard output is closed (``>&-``): there is nowhere to write."""


def _write(data: str | bytes, path: str | None) -> None:
    """Write the output as UTF-8 bytes, to ``path`` or to standard output: the same bytes either way, in any locale."""
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    if path is not None:
        with open(path, "wb") as out:
            out.write(raw)
        return
    if sys.stdout is None:
        raise _ClosedError
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a doctest's): it takes text
        sys.stdout.write(raw.decode("utf-8"))
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(raw)
    buffer.flush()


def _shown(text: str) -> str:
    """An expression as it may be echoed to a terminal: control characters escaped, long text cut."""
    shown = repr(text)
    return shown if len(shown) <= 80 else shown[:77] + "…'"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 a failure or a wrong answer, 2 rejected input).

    Examples
    --------
    >>> main(["x*x", "--format", "dot"])  # doctest: +ELLIPSIS
    digraph "chain rule" {
    ...
    0
    """
    if hasattr(sys.stderr, "reconfigure"):  # a terminal that cannot show ∂ or ² gets \\u escapes, not a crash
        sys.stderr.reconfigure(errors="backslashreplace")
    parser = _parser()
    args = parser.parse_args(argv)
    if args.output and len(args.expressions) > 1:
        parser.error("-o/--output takes one expression")
    if args.format in ("png", "frames") and not args.output and not args.frames:
        parser.error(f"--format {args.format} needs -o FILE")
    if args.frames and (len(args.expressions) > 1 or args.output):
        parser.error("--frames DIR takes one expression and no -o")
    if args.check is not None and len(args.expressions) > 1:
        parser.error("--check takes one expression")
    if args.check is not None and args.frames:
        parser.error("--check and --frames do not go together")
    status = 0
    try:
        for text in args.expressions:
            try:
                data, verdict = _render(text, args)
            except ExpressionError as err:
                print(f"error: {_shown(text)}: {err}", file=sys.stderr)
                status = 2
                continue
            except (CapacityError, ExplorerError) as err:  # out of time or memory, or no renderer
                print(f"error: {_shown(text)}: {err}", file=sys.stderr)
                status = max(status, 1)
                continue
            except OSError as err:
                if not args.frames:
                    raise
                print(f"error: cannot write {args.frames}: {err.strerror or err}", file=sys.stderr)
                return 1
            try:
                _write(data, args.output)
            except BrokenPipeError:
                raise
            except _ClosedError:
                print("error: standard output is closed: use -o FILE to write to a file", file=sys.stderr)
                return 1
            except OSError as err:
                where = args.output or "to standard output"
                print(f"error: cannot write {where}: {err.strerror or err}", file=sys.stderr)
                return 1
            status = max(status, verdict)
    except BrokenPipeError:  # the reader went away (| head): stop quietly, as Python's documentation shows
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return status
