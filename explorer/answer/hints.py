"""An exercise's hints, to be shown one at a time on request: the rule, the number of paths, one path's product."""

from __future__ import annotations

from ..calculus.result import Analysis
from ..language.printing import partial
from ..teach.rules import RULE_NAMES, rule_sentence
from .wording import quote, route

__all__ = ["hints"]


_RULE_HINTS = {
    "single-variable": "{wrt} reaches {out} along one path: multiply the local partial derivatives along it.",
    "total-derivative": (
        "{wrt} reaches {out} along more than one path: add up, over every path, the product of the local "
        "partial derivatives along it."
    ),
    "vector": (
        "each output's derivative is the sum, over its own paths, of the products of local partial "
        "derivatives; together they are the Jacobian ∂y/∂g · ∂g/∂x."
    ),
    "none": "{out} does not depend on {wrt}, so the derivative is 0.",
}


def hints(analysis: Analysis, path: int = 0) -> tuple[str, ...]:
    """An exercise's hints, to be shown one at a time: the rule, the number of paths, one path's product.

    Parameters
    ----------
    analysis : Analysis
    path : int
        Which path's product the last hint spells out (0-based; the page
        picks one the learner's answer is missing).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> for hint in hints(explained("sin(x**2)")):
    ...     print(hint)
    Single-variable chain rule: x reaches y along one path: multiply the local partial derivatives along it.
    Paths: x reaches y through 1 path.
    Path 1, x → u1 → y: ∂u1/∂x = 2·x (power rule), ∂y/∂u1 = cos(u1) (trigonometric rule); their product is 2·x·cos(x²).
    """
    if analysis.wrt is None:
        return ("No chain rule needed: the expression has no variables, so its derivative is 0.",)
    rule = analysis.rule
    first = f"{RULE_NAMES[rule]}: " + _RULE_HINTS[rule].format(wrt=analysis.wrt, out=analysis.outputs[0])
    count = rule_sentence(rule, analysis.wrt, analysis.outputs, analysis.path_count, title=lambda _: "Paths") + "."
    if rule == "none" or not analysis.paths:
        return first, count
    i = path if 0 <= path < len(analysis.paths) else 0
    steps = [analysis.edges[e] for e in analysis.paths[i].edges]
    factors = ", ".join(
        f"{partial(e.target, e.source)} = {quote(e.partial)}" + (f" ({e.rule} rule)" if e.rule else "") for e in steps
    )
    product = quote(analysis.paths[i].product_expr)
    return first, count, f"Path {i + 1}, {route(analysis, i)}: {factors}; their product is {product}."
