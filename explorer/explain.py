"""The words of what the paper teaches: each edge's rule, the four steps, one path against all, a gradient's form.

A sibling of :mod:`explorer.describe` (the rule sentence and the text
report), which uses these, as :mod:`explorer.lessons` writes the same
lessons in LaTeX. Every sentence is written here once, for the JSON form,
the page and the command line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import sympy as sp

from .floats import Undefined, value_of
from .flow import DataFlow, Edge
from .lesson import STEP_PATHS, STEP_ROWS, STEP_TITLES, Difference
from .printing import derivative, number, partial, size, unicode
from .printsize import parenthesised, shown
from .result import Analysis, Path

__all__ = [
    "SECANT",
    "difference_sentence",
    "entry_name",
    "equalities",
    "explanation",
    "explanations",
    "gradient_form",
    "gradient_sentence",
    "gradient_words",
    "layers_check",
    "midpoint_sentence",
    "naive_sentence",
    "rule_chain",
    "step_value",
    "step_texts",
]

#: Characters of one formula in a step's words; a longer one is cut, with "…".
STEP_CHARS = 2000


def equalities(*sides: str) -> str:
    """Sides joined by '=', without repeating a side equal to the one before.

    Examples
    --------
    >>> equalities("2·x", "2·x", "1")
    '2·x = 1'
    """
    kept = [side for k, side in enumerate(sides) if side and (k == 0 or side != sides[k - 1])]
    return " = ".join(kept)


#: Characters of an operation shown in an edge's explanation; a longer one is cut, with "…".
LOCAL_CHARS = 60


def _local(flow: DataFlow, node_id: str) -> str:
    text = unicode(flow.node(node_id).local, typed=True)
    return text if len(text) <= LOCAL_CHARS else text[: LOCAL_CHARS - 1] + "…"


def explanation(flow: DataFlow, edge: Edge, parallel: bool | None = None, local: str | None = None) -> str:
    """An edge's local partial and the rule it comes from, in words.

    ``parallel`` says whether another edge joins the same two nodes (then the
    operand is named), ``local`` is the target's operation as shown; None
    works them out. An operation longer than :data:`LOCAL_CHARS` is cut.

    Examples
    --------
    >>> from explorer.graph import build
    >>> from explorer.parse import parse
    >>> flow = build(parse("ln(sin(x**3)**2)"))
    >>> explanation(flow, flow.edges[1])
    'u2 = sin(u1), so ∂u2/∂u1 = cos(u1) (trigonometric rule)'
    """
    if parallel is None:
        parallel = (edge.source, edge.target) in flow.parallel
    name = partial(edge.target, edge.source) + (f" (operand {edge.position + 1})" if parallel else "")
    local = _local(flow, edge.target) if local is None else local
    return f"{edge.target} = {local}, so {name} = {_short(shown(edge.partial))} ({edge.rule} rule)"


def explanations(flow: DataFlow) -> tuple[str, ...]:
    """:func:`explanation` of every edge, in order; each operation is printed once.

    Examples
    --------
    >>> from explorer.graph import build
    >>> from explorer.parse import parse
    >>> explanations(build(parse("x*x")))
    ('y = x·x, so ∂y/∂x (operand 1) = x (product rule)', 'y = x·x, so ∂y/∂x (operand 2) = x (product rule)')
    """
    locals_ = {node: _local(flow, node) for node in dict.fromkeys(e.target for e in flow.edges)}
    return tuple(explanation(flow, e, (e.source, e.target) in flow.parallel, locals_[e.target]) for e in flow.edges)


def rule_chain(analysis: Analysis, path: Path) -> str:
    """The rules along a path, from the input: ``power → trigonometric → power → logarithm``.

    A path of more than seven steps shows its first and last three, with … between.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> a = run("ln(sin(x**3)**2)")
    >>> rule_chain(a, a.paths[0])
    'power → trigonometric → power → logarithm'
    """
    rules = [analysis.edges[i].rule for i in path.edges]
    return " → ".join(rules if len(rules) <= 7 else [*rules[:3], "…", *rules[-3:]])


def _short(text: str) -> str:
    return text if len(text) <= STEP_CHARS else text[: STEP_CHARS - 1] + "…"


def _capped(lines: list[str], what: str, total: int | None = None) -> str:
    """Lines joined, at most :data:`STEP_ROWS` of them, then how many more (of ``total``, if given) there are."""
    total = len(lines) if total is None else total
    if total > STEP_ROWS:
        lines = [*lines[:STEP_ROWS], f"… and {total - STEP_ROWS:,} more {what}"]
    return "\n".join(lines)


def entry_name(analysis: Analysis, k: int) -> str:
    """The name of entry ``k`` of the derivative: ``dy/dx``, ``dy/dw1``.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> entry_name(run("w = [w1, w2]; y = sum(w)", "w"), 1)
    'dy/dw2'
    """
    out, name = analysis.entries[k]
    return derivative(out, name) if name else f"d{out}"


def step_texts(analysis: Analysis, start: int = 0) -> tuple[tuple[str, str], ...]:
    """The paper's four steps for this expression, in words: (title, text) each, from step ``start`` (0-based).

    (1) the intermediate variables, (2) each one's partials with their
    rules, (3) the products along the paths, added, (4) the same with the
    intermediate variables substituted back, and the total.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> for title, text in step_texts(run("x + x**2")):
    ...     print(f"{title}:", text.replace("\\n", "; "))
    Introduce intermediate variables: u1 = x²; y = x + u1
    Differentiate each one with respect to its own parameters: u1 = x², so ∂u1/∂x = 2·x (power rule); \
y = x + u1, so ∂y/∂x = 1 (sum rule); y = x + u1, so ∂y/∂u1 = 1 (sum rule)
    Combine: multiply along each path, add the paths: dy/dx = ∂y/∂u1·∂u1/∂x + ∂y/∂x = 1·2·x + 1
    Substitute back and simplify: dy/dx = 2·x + 1
    """
    a = analysis
    nodes = [n for n in a.nodes if n.kind != "input"]
    rows = [f"{n.id} = {unicode(n.local, typed=True)}" for n in nodes[:STEP_ROWS]] if start == 0 else []
    first = _capped(rows, "variables", len(nodes))
    second = _capped(list(a.explanations), "partials") or "No edges: nothing depends on an input."
    combined, substituted = [], []
    for k, paths in enumerate(a.entry_paths()):
        name = entry_name(a, k)
        chosen = [a.paths[i] for i in paths[:STEP_PATHS]]
        more = " + …" if len(chosen) < a.path_counts[k] else ""
        if not chosen:
            combined.append(f"{name} = 0: no path")
            substituted.append(f"{name} = 0")
            continue
        steps = [[a.edges[i] for i in p.edges[::-1]] for p in chosen]  # outermost first, as the rule is written
        names = " + ".join("·".join(partial(e.target, e.source) for e in path) for path in steps)
        factors = " + ".join("·".join(parenthesised(e.partial) for e in path) for path in steps)
        combined.append(_short(f"{name} = {equalities(names + more, factors + more)}"))
        products = " + ".join(
            parenthesised(p.product_expr) if len(chosen) > 1 else shown(p.product_expr) for p in chosen
        )
        substituted.append(_short(f"{name} = {equalities(products + more, shown(a.totals[k]))}"))
    titles = list(STEP_TITLES)
    titles[2] = STEP_TITLES[2][0 if a.path_count == 1 else 1]
    texts = [first, second, _capped(combined, "entries"), _capped(substituted, "entries")]
    return tuple(zip(titles, texts, strict=True))[start:]


def naive_sentence(analysis: Analysis, k: int) -> str | None:
    """What following one path alone gives for entry ``k``, against the total; None with fewer than 2 paths.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> naive_sentence(run("x + x**2", at={"x": 1}), 0)
    'one path alone gives 2·x = 2 (path 1) or 1 = 1 (path 2), not dy/dx = 2·x + 1 = 3: every path counts'
    """
    a = analysis
    paths = a.entry_paths()[k]
    if a.path_counts[k] < 2 or not paths:
        return None
    alone = [f"{shown(a.paths[i].product_expr)} = {number(a.paths[i].value)} (path {i + 1})" for i in paths[:3]]
    if len(paths) > 3 or a.path_counts[k] > len(paths):
        alone.append("…")
    total = equalities(shown(a.totals[k]), number(a.total_values[k]))
    return _short(f"one path alone gives {' or '.join(alone)}, not {entry_name(a, k)} = {total}: every path counts")


def difference_sentence(difference: Difference, brief: bool = False) -> str:
    """A finite difference in words: where the input goes, where the output goes, and Δy/Δx.

    ``brief`` says only the estimate and the step (the tiny central step of the check).

    Examples
    --------
    >>> difference_sentence(Difference("y", "x", 1.0, 1.0, 2.0, 6.0))
    'x from 1 to 2 (Δx = 1): y from 2 to 6 (Δy = 4), so Δy/Δx = 4'
    >>> difference_sentence(Difference("y", "x", 0.99, 0.02, 1.97, 2.03), brief=True)
    'Δy/Δx = 3 with Δx = 0.02 across x = 1'
    """
    d = difference
    x, y = d.wrt, d.output
    if brief:
        middle = number(d.start + d.step / 2, 6)
        return f"Δ{y}/Δ{x} = {number(d.estimate, 6)} with Δ{x} = {number(d.step)} across {x} = {middle}"
    return (
        f"{x} from {number(d.start, 6)} to {number(d.end, 6)} (Δ{x} = {number(d.step)}): "
        f"{y} from {number(d.before, 6)} to {number(d.after, 6)} (Δ{y} = {number(d.delta)}), "
        f"so Δ{y}/Δ{x} = {number(d.estimate, 6)}"
    )


#: Why the slope of a step is compared with the derivatives in the middle of the step.
SECANT = (
    "The slope Δy/Δx of a step is the derivative at some point inside the step (for a quadratic such as "
    "x + x², exactly at its middle): the sum over every path matches it, one path alone does not."
)


def midpoint_sentence(middle: Analysis, k: int) -> str:
    """Entry ``k`` of an analysis at the middle of a step: every path together, and each path alone.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> midpoint_sentence(run("x + x**2", at={"x": 1.5}), 0)
    'at the middle of the step, x = 1.5: every path together gives dy/dx = 4; path 1 alone 3, path 2 alone 1'
    """
    x = middle.entries[k][1]
    paths = middle.entry_paths()[k]
    alone = ", ".join(f"path {i + 1} alone {number(middle.paths[i].value)}" for i in paths[:STEP_PATHS])
    head = f"at the middle of the step, {x} = {number(middle.point[x] if x else None, 6)}: every path together gives "
    return f"{head}{entry_name(middle, k)} = {number(middle.total_values[k])}" + (f"; {alone}" if alone else "")


def layers_check(
    product: Sequence[Sequence[float | None]] | None, whole: Sequence[Sequence[float | None]]
) -> tuple[bool | None, str]:
    """Do the layers' Jacobians multiply to the whole Jacobian at the point? (None: a value is undefined), in words.

    Examples
    --------
    >>> layers_check(((2.0,),), ((2.0,),))
    (True, 'At this point the product of the layers is [2] and the Jacobian is [2]: equal.')
    """

    def matrix(rows) -> str:
        return "[" + "; ".join(", ".join(number(v) for v in row) for row in rows) + "]"

    if product is None or any(v is None for row in whole for v in row):
        return None, "Some value is undefined at this point, so the product is not compared here."
    agree = all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)  # type: ignore[arg-type]
        for p, w in zip(product, whole, strict=True)
        for a, b in zip(p, w, strict=True)
    )
    verdict = "equal" if agree else "they differ (an ill-conditioned point?)"
    return (
        agree,
        f"At this point the product of the layers is {matrix(product)} and the Jacobian is {matrix(whole)}: {verdict}.",
    )


def gradient_sentence(analysis: Analysis, factor: sp.Expr, vector: str | None, step: float | None) -> str:
    """The paper's reading of a gradient of the form ``f·xᵀ`` (or ``f·1ᵀ``), at the point too.

    ``step`` is the value at the point of the argument of the step function
    H in ``f`` (a ReLU's input), when there is one.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> a = run("w = [w1, w2]; x = [x1, x2]; y = max(0, dot(w, x) + b)", "w")
    >>> z = sp.Symbol("z")
    >>> print(gradient_sentence(a, sp.Heaviside(z), "x", 2.5).replace("; ", "\\n"))
    dy/dw = H(z)·xᵀ: xᵀ where the unit is active (z > 0), 0 where it is not (z < 0)
    here z = 2.5: active, so dy/dw = xᵀ
    """
    lhs = derivative(analysis.outputs[0], analysis.wrt or "")
    target = "1ᵀ (a vector of ones)" if vector is None else f"{vector}ᵀ"
    if factor == 1:
        return f"{lhs} = {target}"
    sentence = f"{lhs} = {parenthesised(factor)}·{target}"
    steps = factor.atoms(sp.Heaviside)
    if len(steps) != 1:
        return sentence
    (h,) = steps
    z = shown(h.args[0])
    z = z if len(z) <= 60 else "its input"
    rest = sp.cancel(factor / h)
    active = target if rest == 1 else f"{parenthesised(rest)}·{target}"
    sentence += f": {active} where the unit is active ({z} > 0), 0 where it is not ({z} < 0)"
    if step is None:
        return sentence
    if step > 0:
        return sentence + f"; here {z} = {number(step)}: active, so {lhs} = {active}"
    if step < 0:
        return sentence + f"; here {z} = {number(step)}: inactive, so {lhs} = 0"
    return sentence + f"; here {z} = 0, the kink, where the derivative is undefined"


#: The most entries of a vector ``wrt`` whose gradient is searched for the paper's form ``f·xᵀ``.
MAX_FORM_ENTRIES = 50

#: The largest total (in printed nodes) searched for that form; a larger one is not divided out.
MAX_FORM_NODES = 3_000


def gradient_form(analysis: Analysis) -> tuple[sp.Expr, str | None] | None:
    """The paper's form of a gradient by a vector: ``f·xᵀ`` for another vector x of the program, or ``f·1ᵀ``.

    Returns (f, the vector's name, None for the vector of ones), or None
    when the gradient has neither form (or is not a gradient).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> gradient_form(run("w = [w1, w2]; x = [x1, x2]; y = max(0, dot(w, x) + b)", "w"))
    (Heaviside(b + w1*x1 + w2*x2), 'x')
    >>> gradient_form(run("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w"))
    (1, None)
    """
    if not analysis.by_vector or analysis.is_vector or len(analysis.wrt_inputs) > MAX_FORM_ENTRIES:
        return None
    if any(size(t, MAX_FORM_NODES) > MAX_FORM_NODES for t in analysis.totals):
        return None
    first = analysis.totals[0]
    if len(analysis.totals) > 1 and all(t == first for t in analysis.totals):
        return first, None
    symbols = {n.id: n.symbol for n in analysis.nodes}
    for vector, entries in analysis.flow.input_vectors().items():
        if len(entries) != len(analysis.totals):
            continue
        ratios = {sp.cancel(t / symbols[e]) for t, e in zip(analysis.totals, entries)}
        if len(ratios) == 1:  # every entry is the same f times its own entry of the vector: f·xᵀ
            return ratios.pop(), vector
    return None


def step_value(analysis: Analysis, factor: sp.Expr) -> float | None:
    """The value at the point of the argument of the step function H in ``factor`` (the unit's input)."""
    steps = factor.atoms(sp.Heaviside)
    if len(steps) != 1:
        return None
    (step,) = steps
    symbols = tuple(n.symbol for n in analysis.nodes if n.kind == "input")
    try:
        return value_of(step.args[0], symbols, [analysis.point[s.name] for s in symbols])
    except Undefined:
        return None


def gradient_words(analysis: Analysis) -> str | None:
    """The paper's reading of a gradient by a vector (:func:`gradient_sentence`), or None when it has no such form.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> gradient_words(run("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)", "w"))
    'dy/dw = 1ᵀ (a vector of ones)'
    """
    form = gradient_form(analysis)
    if form is None:
        return None
    factor, vector = form
    return gradient_sentence(analysis, factor, vector, step_value(analysis, factor))
