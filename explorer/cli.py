"""The command line: analyse expressions and print or export the result.

``python -m explorer EXPR [EXPR ...] [--wrt VAR] [--at x=0.5,w=2]
[--format text|json|svg|png|dot|latex] [-o FILE]``. Rejected input prints a
message on stderr, never a traceback, and the exit status is 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .analysis import MAX_PATHS, Analysis, analyze, describe_rule
from .parse import ExpressionError
from .printing import derivative, number, partial, path_label, unicode

__all__ = ["main", "format_text"]

FORMATS = ("text", "json", "svg", "png", "dot", "latex")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m explorer",
        description="Draw the chain rules: data-flow graph, paths, products and total derivative.",
        epilog="Examples: python -m explorer 'x*x**2'   python -m explorer 'sigmoid(w*x + b)' --wrt w --json",
    )
    parser.add_argument("expressions", nargs="+", metavar="EXPR", help="expression or program (u1 = x**3; y = sin(u1))")
    parser.add_argument("--wrt", metavar="VAR", help="input to differentiate by (default x, else the first input)")
    parser.add_argument(
        "--at", metavar="POINT", default="", help="evaluation point, e.g. x=0.5,w=2 (values may be pi/4)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument("--json", action="store_const", const="json", dest="format", help="alias of --format json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (one expression only; needed for png)")
    parser.add_argument("--scale", type=int, choices=(1, 2, 3, 4), default=2, help="PNG scale factor (default 2)")
    parser.add_argument("--theme", choices=("light", "dark", "transparent"), default="light", help="graph theme")
    parser.add_argument(
        "--labels", choices=("both", "symbolic", "numeric"), default="both", help="edge labels of the graph"
    )
    parser.add_argument("--highlight", type=int, metavar="K", help="highlight path K (1-based) in the graph")
    parser.add_argument("--no-share", action="store_true", help="one node per occurrence of a repeated subexpression")
    parser.add_argument("--max-paths", type=int, default=MAX_PATHS, metavar="N", help="paths to list (all are counted)")
    parser.add_argument(
        "--timeout", type=float, metavar="SECONDS", help="time budget per expression (default 5, or EXPLORER_TIMEOUT)"
    )
    return parser


def format_text(analysis: Analysis) -> str:
    """A readable summary: rule, intermediate variables, paths with products, total, check.

    Examples
    --------
    >>> print(format_text(analyze("x + x**2")))
    x + x**2
      Total-derivative chain rule: x reaches y through 2 paths
      variables:
        u1 = x²
        y = x + u1
      paths at x = 0.5:
        1. x → u1 → y:  ∂u1/∂x·∂y/∂u1 = 2·x · 1 = 2·x = 1
        2. x → y:  ∂y/∂x = 1 = 1
      dy/dx = 2·x + 1 = 2
      verified: equals sympy.diff (symbolic)
    """
    a = analysis
    lines = [a.text, f"  {describe_rule(a)}", "  variables:"]
    lines += [f"    {n.id} = {unicode(n.local)}" for n in a.nodes if n.kind != "input"]
    point = ", ".join(f"{k} = {number(v)}" for k, v in a.point.items())
    if a.paths:
        lines.append(f"  paths at {point}:" if point else "  paths:")
        for k, p in enumerate(a.paths, 1):
            names = "·".join(partial(a.edges[i].target, a.edges[i].source) for i in p.edges)
            factors = " · ".join(_factor(a.edges[i].partial) for i in p.edges)
            product = f"{factors} = {unicode(p.product)}" if len(p.edges) > 1 else factors
            lines.append(f"    {k}. {path_label(p.nodes)}:  {names} = {product} = {number(p.value)}")
        if a.paths_truncated:
            lines.append(f"    … {a.path_count - len(a.paths):,} more paths not listed ({a.path_count:,} in all)")
    for out, total, value in zip(a.outputs, a.totals, a.total_values):
        name = derivative(out, a.wrt) if a.wrt else f"d{out}"
        lines.append(f"  {name} = {unicode(total)} = {number(value)}")
    if a.is_vector and a.inputs:
        lines.append(f"  Jacobian ∂({', '.join(a.outputs)})/∂({', '.join(a.inputs)}) = {unicode(a.jacobian)}")
    check = f"equals sympy.diff ({a.verification})" if a.verified else "DOES NOT match sympy.diff"
    lines.append(f"  verified: {check}")
    lines += [f"  note: {note}" for note in a.notes]
    return "\n".join(lines)


def _factor(expr) -> str:
    text = unicode(expr)
    return f"({text})" if expr.is_Add else text


def _export(analysis: Analysis, args: argparse.Namespace) -> str | bytes:
    if args.format == "json":
        return json.dumps(analysis.to_dict(), ensure_ascii=False)
    if args.format == "text":
        return format_text(analysis)
    from . import export, render  # graphviz is only needed for the graph formats

    if args.format == "latex":
        return export.to_latex(analysis)
    highlight = None if args.highlight is None else args.highlight - 1
    if highlight is not None and not 0 <= highlight < len(analysis.paths):
        raise ExpressionError(f"--highlight {args.highlight}: there are {len(analysis.paths)} listed paths")
    dot = render.to_dot(analysis, highlight=highlight, labels=args.labels, theme=args.theme)
    if args.format == "dot":
        return dot
    if args.format == "svg":
        return export.to_svg(dot)
    return export.to_png(dot, scale=args.scale)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 rejected input).

    Examples
    --------
    >>> main(["x*x", "--json"])  # doctest: +ELLIPSIS
    {"input": "x*x", ...}
    0
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.output and len(args.expressions) > 1:
        parser.error("-o/--output takes one expression")
    if args.format == "png" and not args.output:
        parser.error("--format png needs -o FILE")
    status = 0
    for text in args.expressions:
        try:
            analysis = analyze(
                text,
                args.wrt,
                args.at,
                share=not args.no_share,
                max_paths=max(args.max_paths, 0),
                budget=args.timeout,
            )
            result = _export(analysis, args)
        except ExpressionError as err:
            print(f"error: {text!r}: {err}", file=sys.stderr)
            status = 2
            continue
        except RuntimeError as err:  # a missing renderer: say so, no traceback
            print(f"error: {err}", file=sys.stderr)
            return 1
        if args.output:
            mode = "wb" if isinstance(result, bytes) else "w"
            with open(args.output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
                fh.write(result)
        else:
            print(result)
    return status
