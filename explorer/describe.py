"""The words of a result: the rule sentence and the text report, shared by the page, the CLI and the exports.

Every sentence about a result is written here once. Functions take an
optional formatter for names (the page shows them as inline code), so the
page's Markdown and the CLI's plain text cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp

from .printing import derivative, number, partial, path_label, size, unicode
from .result import Analysis

__all__ = ["RULE_NAMES", "rule_sentence", "text_report"]

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


def _shown(expr: sp.Expr) -> str:
    """The expression in Unicode, or a phrase when it is too long to write out (nested programs)."""
    return unicode(expr) if size(expr, MAX_NODES) <= MAX_NODES else "(too long to write out)"


def _factor(expr: sp.Expr) -> str:
    text = _shown(expr)
    return f"({text})" if expr.is_Add or text.startswith("−") else text


def _equalities(*sides: str) -> str:
    """Sides joined by '=', without repeating a side equal to the one before."""
    kept = [side for k, side in enumerate(sides) if k == 0 or side != sides[k - 1]]
    return " = ".join(kept)


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
            names = "·".join(partial(a.edges[i].target, a.edges[i].source) for i in p.edges)
            factors = " · ".join(_factor(a.edges[i].partial) for i in p.edges) if len(p.edges) > 1 else ""
            sides = _equalities(*filter(None, (factors, _shown(p.product), number(p.value))))
            lines.append(f"    {k}. {path_label(p.nodes)}:  {names} = {sides}")
        if a.paths_truncated:
            lines.append(f"    … {a.path_count - len(a.paths):,} more paths not listed ({a.path_count:,} in all)")
    for out, total, value in zip(a.outputs, a.totals, a.total_values):
        name = derivative(out, a.wrt) if a.wrt else f"d{out}"
        lines.append(f"  {name} = {_equalities(_shown(total), number(value))}")
    if a.is_vector and a.inputs:
        lines.append(f"  Jacobian ∂({', '.join(a.outputs)})/∂({', '.join(a.inputs)}) = {_shown(a.jacobian)}")
    lines.append(f"  check: {check_sentence(a)}")
    lines += [f"  note: {note}" for note in a.notes]
    return "\n".join(lines)


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
