"""The words of a result: the rule sentence and the text report, shared by the page, the CLI and the exports.

Every sentence about a result is written here once. Functions take an
optional formatter for names (the page shows them as inline code), so the
page's Markdown and the CLI's plain text cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp

from .printing import derivative, number, partial, path_label, size, unicode
from .result import Analysis, Path

__all__ = [
    "RULE_NAMES",
    "check_sentence",
    "graph_description",
    "parenthesised",
    "path_equation",
    "rule_sentence",
    "shown",
    "text_report",
]

#: Rule -> how it is named in sentences and headings.
RULE_NAMES = {
    "single-variable": "Single-variable chain rule",
    "total-derivative": "Total-derivative chain rule",
    "vector": "Vector chain rule",
    "none": "No chain rule needed",
}


def _same(text: str) -> str:
    return text


def rule_sentence(
    rule: str,
    wrt: str | None,
    outputs: Sequence[str],
    path_count: int,
    *,
    name: Callable[[str], str] = _same,
    title: Callable[[str], str] = _same,
) -> str:
    """Which chain rule applies, in one sentence.

    Parameters
    ----------
    rule : str
        ``'single-variable'``, ``'total-derivative'``, ``'vector'`` or ``'none'``.
    wrt : str or None
        The input differentiated by (None: the expression has no inputs).
    outputs : sequence of str
        The output ids.
    path_count : int
        Paths from ``wrt`` to all outputs.
    name, title : callable, optional
        Format a variable name and the rule's name (the page passes Markdown).

    Examples
    --------
    >>> rule_sentence("total-derivative", "x", ["y"], 2)
    'Total-derivative chain rule: x reaches y through 2 paths'
    >>> rule_sentence("vector", "x", ["y1", "y2"], 2)
    'Vector chain rule: 2 outputs, x reaches them through 2 paths'
    >>> rule_sentence("none", "x", ["y"], 0, name=lambda s: f"`{s}`")
    'No chain rule needed: `y` does not depend on `x` (0 paths), so the derivative is 0'
    """
    head = title(RULE_NAMES.get(rule, rule))
    paths = f"{path_count:,} path" + ("" if path_count == 1 else "s")
    if wrt is None:
        return f"{head}: the expression has no variables, so its derivative is 0"
    if rule == "vector":
        return f"{head}: {len(outputs)} outputs, {name(wrt)} reaches them through {paths}"
    out = name(outputs[0])
    if rule == "none" or path_count == 0:
        return f"{head}: {out} does not depend on {name(wrt)} (0 paths), so the derivative is 0"
    return f"{head}: {name(wrt)} reaches {out} through {paths}"


#: Expression nodes (as printed) the report writes out; longer expressions are said to be too long.
MAX_NODES = 2_000


def shown(expr: sp.Expr) -> str:
    """The expression in Unicode, or a phrase when it is too long to write out (nested programs).

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> shown(x**2), shown(sp.Add(*(sp.sin(k * x) for k in range(1, 2000))))
    ('x²', '(too long to write out)')
    """
    return unicode(expr) if size(expr, MAX_NODES) <= MAX_NODES else "(too long to write out)"


def parenthesised(expr: sp.Expr) -> str:
    """An expression as a factor or term among others: in parentheses when it is a sum or negative.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> parenthesised(-sp.cos(x)), parenthesised(x + 1), parenthesised(2 * x)
    ('(−cos(x))', '(x + 1)', '2·x')
    """
    text = shown(expr)
    return f"({text})" if expr.is_Add or text.startswith("−") else text


def _equalities(*sides: str) -> str:
    """Sides joined by '=', without repeating a side equal to the one before."""
    kept = [side for k, side in enumerate(sides) if side and (k == 0 or side != sides[k - 1])]
    return " = ".join(kept)


def path_equation(analysis: Analysis, path: Path, *, value: bool = True) -> str:
    """A path's chain of partials = its factors = their product (= its value): no side said twice.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> a = run("x*x**2")
    >>> path_equation(a, a.paths[0])
    '∂u1/∂x·∂y/∂u1 = 2·x · x = 2·x² = 0.5'
    """
    edges = [analysis.edges[i] for i in path.edges]
    names = "·".join(partial(e.target, e.source) for e in edges)
    factors = " · ".join(parenthesised(e.partial) for e in edges) if len(edges) > 1 else ""
    return _equalities(names, factors, shown(path.product), number(path.value) if value else "")


def text_report(analysis: Analysis) -> str:
    """A readable summary: rule, intermediate variables, paths with products, total, check.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> print(text_report(run("x + x**2")))
    x + x**2
      Total-derivative chain rule: x reaches y through 2 paths
      variables:
        u1 = x²
        y = x + u1
      paths at x = 0.5:
        1. x → u1 → y:  ∂u1/∂x·∂y/∂u1 = 2·x · 1 = 2·x = 1
        2. x → y:  ∂y/∂x = 1
      dy/dx = 2·x + 1 = 2
      check: not checked against sympy.diff
    """
    a = analysis
    lines = [a.text, f"  {a.summary}", "  variables:"]
    lines += [f"    {n.id} = {unicode(n.local, typed=True)}" for n in a.nodes if n.kind != "input"]
    point = ", ".join(f"{k} = {number(v)}" for k, v in a.point.items())
    if a.paths:
        lines.append(f"  paths at {point}:" if point else "  paths:")
        for k, p in enumerate(a.paths, 1):
            lines.append(f"    {k}. {path_label(p.nodes)}:  {path_equation(a, p)}")
        if a.paths_truncated:
            lines.append(f"    … {a.path_count - len(a.paths):,} more paths not listed ({a.path_count:,} in all)")
    for out, total, value in zip(a.outputs, a.totals, a.total_values):
        name = derivative(out, a.wrt) if a.wrt else f"d{out}"
        lines.append(f"  {name} = {_equalities(shown(total), number(value))}")
    if a.is_vector and a.inputs:
        lines.append(f"  Jacobian ∂({', '.join(a.outputs)})/∂({', '.join(a.inputs)}) = {shown(a.jacobian)}")
    lines.append(f"  check: {check_sentence(a)}")
    lines += [f"  note: {note}" for note in a.notes]
    return "\n".join(lines)


#: Steps and characters per path the graph's description says at most (a screen reader reads it all).
DESCRIBED_STEPS = 40
DESCRIBED_PATH = 300


def _described(label: str) -> str:
    return (
        label if len(label) <= DESCRIBED_PATH else label[: DESCRIBED_PATH // 2] + " … " + label[-DESCRIBED_PATH // 2 :]
    )


def graph_description(analysis: Analysis, *, highlight: int | None = None, limit: int = 20) -> str:
    """The graph in words, for people who cannot see it: the rule sentence, the steps and the paths.

    The alternative text of the page's graph image. Paths are numbered as in
    the path table and the sum, so the numbers, not only the colours, tie
    them together.

    Parameters
    ----------
    analysis : Analysis
    highlight : int, optional
        Index of the highlighted path.
    limit : int
        Paths listed at most; the rest are counted.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> graph_description(run("x*x**2"), highlight=1).split(". ")  # doctest: +NORMALIZE_WHITESPACE
    ['Data-flow graph', 'Total-derivative chain rule: x reaches y through 2 paths',
     'Steps: u1 = x², y = x·u1', 'Path 1: x → u1 → y', 'Path 2 (highlighted): x → y.']
    """
    steps = [f"{n.id} = {unicode(n.local, typed=True)}" for n in analysis.nodes if n.kind != "input"]
    words = [f"Data-flow graph. {analysis.summary}."]
    if steps:
        more = f", and {len(steps) - DESCRIBED_STEPS:,} more" if len(steps) > DESCRIBED_STEPS else ""
        words.append(f"Steps: {', '.join(steps[:DESCRIBED_STEPS])}{more}.")
    for k, path in enumerate(analysis.paths[:limit]):
        mark = " (highlighted)" if k == highlight else ""
        words.append(f"Path {k + 1}{mark}: {_described(path_label(path.nodes))}.")
    listed = min(limit, len(analysis.paths))
    if highlight is not None and listed <= highlight < len(analysis.paths):
        words.append(f"Path {highlight + 1} (highlighted): {_described(path_label(analysis.paths[highlight].nodes))}.")
        listed += 1
    if analysis.path_count > listed:
        words.append(f"{analysis.path_count - listed:,} more paths are not listed.")
    return " ".join(words)


def check_sentence(analysis: Analysis) -> str:
    """How the totals were checked against ``sympy.diff``, in words.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from explorer.analysis import run
    >>> check_sentence(replace(run("x*x"), verified=True, verification="symbolic"))
    'equals sympy.diff (symbolically)'
    """
    how = {
        "symbolic": "equals sympy.diff (symbolically)",
        "numeric": "equals sympy.diff at several points (numerically; a symbolic comparison was too costly)",
        "failed": "DOES NOT match sympy.diff; please report this expression",
        "unchecked": "not checked against sympy.diff",
    }
    return how.get(analysis.verification, analysis.verification)
