r"""The LaTeX of accumulation: forward and reverse rows, the gradient, the factoring, each walkthrough step.

Built from :mod:`explorer.typeset`'s pieces (names, fractions, values, the
coloured sum of paths) and printed by :func:`sympy.latex`, so the page, the
downloads and the slides write every formula the same way. A local partial
is ``\partial``, a total derivative ``d``: forward mode computes
d(node)/dx, reverse mode the adjoint d(y)/d(node). Each row prints at most
:data:`ROW_NODES` expression nodes (:func:`explorer.printsize.budget`); the
rest is written too long. ``document=True`` writes colours for LaTeX files
(slides) rather than the page's KaTeX, as :func:`explorer.typeset.coloured`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import typeset
from .modes import downstream, leaves, nested, upstream
from .printsize import budget, short
from .result import Analysis
from .typeset import coloured, derivative, name, number, partial, sum_over_paths, wrap
from .walkthrough import Step

__all__ = [
    "MAX_LEAVES",
    "MAX_ROWS",
    "ModeFormulas",
    "factoring",
    "forward_row",
    "gradient",
    "mode_formulas",
    "reverse_row",
    "step_formula",
    "walkthrough_formulas",
]

#: Nodes listed per mode on the page; the rest are in the walkthrough and the downloads.
MAX_ROWS = 40

#: A factored form is written out only up to this many partials (it repeats shared subtrees).
MAX_LEAVES = 40

#: Expression nodes (as printed) one row may hold: a row is read at a glance, and nested programs print
#: exponentially long; what does not fit is said to be too long.
ROW_NODES = 1_200

#: Products of partials per line of the sum of paths.
TERMS_PER_LINE = 3


def _edge(analysis: Analysis, i: int) -> str:
    """∂t/∂s of edge i, with its operand number when another edge joins the same nodes (x·x)."""
    edge = analysis.edges[i]
    symbol = partial(edge.target, edge.source)
    return symbol + (f"^{{({edge.position + 1})}}" if (edge.source, edge.target) in analysis.flow.parallel else "")


def _sides(*sides: str) -> str:
    """Sides joined by '=', without repeating a side equal to the one before."""
    return " = ".join(side for n, side in enumerate(sides) if n == 0 or side != sides[n - 1])


def _index(analysis: Analysis) -> dict[str, int]:
    return {node.id: i for i, node in enumerate(analysis.nodes)}


def forward_row(analysis: Analysis, node_id: str) -> str:
    r"""d(node)/dx as forward mode computes it: Σ over in-edges of ∂node/∂s · ds/dx.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> for side in forward_row(run("x*x**2"), "y").split(" = "):
    ...     print(side)
    \frac{dy}{dx}
    \frac{\partial y}{\partial x} + \frac{\partial y}{\partial u_{1}} \frac{du_{1}}{dx}
    u_{1} + x \cdot 2 x
    3 x^{2}
    0.75
    """
    with budget(ROW_NODES):
        return _forward_row(analysis, node_id)


def _forward_row(analysis: Analysis, node_id: str) -> str:
    wrt = analysis.wrt
    index = _index(analysis)
    live = downstream(analysis.flow, [wrt])
    incoming = [e for e in analysis.flow.incoming()[node_id] if analysis.edges[e].source in live]
    if node_id == wrt:
        return derivative(wrt, wrt) + " = 1"
    symbols, factors = [], []
    for e in incoming:
        edge = analysis.edges[e]
        upstream_total = analysis.forward[index[edge.source]]
        seeded = edge.source == wrt
        symbols.append(_edge(analysis, e) + ("" if seeded else " " + derivative(edge.source, wrt)))
        factors.append(wrap(edge.partial) + ("" if upstream_total == 1 else r" \cdot " + wrap(upstream_total)))
    total = analysis.forward[index[node_id]]
    at = number(analysis.forward_values[index[node_id]] if analysis.forward_values else None)
    return _sides(derivative(node_id, wrt), " + ".join(symbols) or "0", " + ".join(factors) or "0", short(total), at)


def reverse_row(analysis: Analysis, k: int, node_id: str) -> str:
    r"""The adjoint d(y)/d(node) as reverse mode computes it: Σ over out-edges of dy/dt · ∂t/∂node.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> reverse_row(run("x*x**2"), 0, "u1")
    '\\frac{dy}{du_{1}} = \\frac{\\partial y}{\\partial u_{1}} = x = 0.5'
    """
    with budget(ROW_NODES):
        return _reverse_row(analysis, k, node_id)


def _reverse_row(analysis: Analysis, k: int, node_id: str) -> str:
    out = analysis.outputs[k]
    index = _index(analysis)
    if node_id == out:
        return derivative(out, out) + " = 1"
    live = upstream(analysis.flow, [out])
    leaving = [e for e in analysis.flow.outgoing()[node_id] if analysis.edges[e].target in live]
    symbols, factors = [], []
    for e in leaving:
        edge = analysis.edges[e]
        adjoint = analysis.adjoints[k][index[edge.target]]
        seeded = edge.target == out
        symbols.append(("" if seeded else derivative(out, edge.target) + " ") + _edge(analysis, e))
        factors.append(("" if adjoint == 1 else wrap(adjoint) + r" \cdot ") + wrap(edge.partial))
    total = analysis.adjoints[k][index[node_id]]
    at = number(analysis.adjoint_values[k][index[node_id]] if analysis.adjoint_values else None)
    return _sides(derivative(out, node_id), " + ".join(symbols) or "0", " + ".join(factors) or "0", short(total), at)


def gradient(analysis: Analysis) -> str:
    r"""Every input's derivative, the adjoints of the inputs after one reverse pass per output.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> for row in gradient(run("x*z + sin(x)")).split(r" \\ "):
    ...     print(row)
    \begin{aligned}\frac{dy}{dx} &= z + \cos{\left(x \right)} = 2.378
    \frac{dy}{dz} &= x = 0.5\end{aligned}
    """
    index = _index(analysis)
    rows = []
    for out, adjoints, values in zip(analysis.outputs, analysis.adjoints, analysis.adjoint_values):
        for x in analysis.inputs:
            with budget(ROW_NODES):
                rows.append(f"{derivative(out, x)} &= {short(adjoints[index[x]])} = {number(values[index[x]])}")
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def _tree(tree: tuple, leaf, context: str = "top") -> str:
    """A factored form in LaTeX; nested sums and products in parentheses, so the grouping shows."""
    kind = tree[0]
    if kind == "edge":
        return leaf(tree[1])
    if kind == "one":
        return "1"
    inner = "sum" if kind == "sum" else "product"
    body = (" + " if kind == "sum" else r"\,").join(_tree(t, leaf, inner) for t in tree[1])
    grouped = context != "top" and (kind == "sum" or context == "product")
    return r"\left(" + body + r"\right)" if grouped else body


def factoring(analysis: Analysis, k: int, *, theme: str = "light", document: bool = False) -> str | None:
    r"""The sum of paths to output ``k``, regrouped the way forward and reverse mode accumulate it.

    The first line is the sum over paths of the products of partials, each
    coloured like its path; forward mode groups the paths by their last
    edge, reverse mode by their first (Colah's factoring), and expanded each
    is that sum again. A form longer than :data:`MAX_LEAVES` partials is left
    out (it repeats shared parts; accumulation names them instead). None
    when there is no input or no path.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> print(factoring(run("u1 = x*x; y = u1*u1"), 0))  # doctest: +ELLIPSIS
    \begin{aligned}\frac{dy}{dx} &= {\color{#0072B2}...} \\ &= \left(...\right)\,\left(...\right) && \text{forward: ...
    """
    wrt, out = analysis.wrt, analysis.outputs[k]
    if wrt is None or not analysis.path_counts[k]:
        return None

    def leaf(i: int) -> str:
        return _edge(analysis, i)

    indexes = [j for j, p in enumerate(analysis.paths) if p.output == out][: typeset.PAGE_PATHS]
    terms = [
        coloured(j, r"\,".join(leaf(i) for i in reversed(analysis.paths[j].edges)), theme=theme, document=document)
        for j in indexes
    ]
    more = len(indexes) < analysis.path_counts[k]
    terms += [r"\cdots"] if more else []
    rows = [" + ".join(terms[i : i + TERMS_PER_LINE]) for i in range(0, len(terms), TERMS_PER_LINE)]
    lines = [derivative(out, wrt) + " &= " + r" \\ &\quad + ".join(rows)]
    notes = {"forward": "grouped by the last edge", "reverse": "grouped by the first edge"}
    for mode in ("forward", "reverse"):
        tree = nested(analysis.flow, wrt, out, mode)
        if tree is not None and leaves(tree) <= MAX_LEAVES:
            lines.append("&= " + _tree(tree, leaf) + r" && \text{" + mode + ": " + notes[mode] + "}")
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def step_formula(
    analysis: Analysis, walk: Sequence[Step], k: int, *, theme: str = "light", document: bool = False
) -> str:
    r"""The formula of step ``k`` of a walkthrough (:func:`explorer.walkthrough.steps`).

    Colours are the text shades for a ``theme`` page, or for a LaTeX file with ``document``
    (:func:`explorer.typeset.coloured`).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> from explorer.walkthrough import steps
    >>> a = run("x*x**2")
    >>> step_formula(a, steps(a), 1)
    'u_{1} = x^{2} = 0.25'
    """
    with budget(ROW_NODES):
        return _step_formula(analysis, walk, k, theme, document)


def _step_formula(analysis: Analysis, walk: Sequence[Step], k: int, theme: str, document: bool) -> str:
    step = walk[k]
    index = _index(analysis)
    if step.kind == "inputs":
        return r",\quad ".join(f"{name(n)} = {number(v)}" for n, v in analysis.point.items())
    if step.kind == "evaluate":
        node = analysis.nodes[index[step.node]]
        return _sides(name(node.id), short(node.local, typed=True), number(analysis.node_values.get(node.id)))
    if step.kind == "path":
        path = analysis.paths[step.path]
        done = [s.path for s in walk[: k + 1] if s.kind == "path" and s.output == step.output]
        terms = [coloured(j, wrap(analysis.paths[j].product_expr), theme=theme, document=document) for j in done]
        values = [analysis.paths[j].value for j in done]
        total = None if any(v is None for v in values) else sum(values)
        lines = [
            typeset.path_nodes(path) + r": &\quad " + typeset.product_cell(analysis, path) + " = " + number(path.value)
        ]
        if len(done) > 1:
            lines.append(r"\text{sum so far}: &\quad " + " + ".join(terms) + " = " + number(total))
        return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"
    if step.kind == "seed":
        return derivative(step.node, step.node) + " = 1"
    if step.kind == "forward":
        return forward_row(analysis, step.node)
    if step.kind == "reverse":
        return reverse_row(analysis, step.output, step.node)
    return _final(analysis, step.mode, theme, document)


def _final(analysis: Analysis, mode: str, theme: str, document: bool) -> str:
    if analysis.wrt is None:
        return r"\text{no inputs: the derivative is } 0"
    if mode == "reverse":
        return gradient(analysis)
    if mode == "paths":
        sums = (sum_over_paths(analysis, k, theme=theme, document=document) for k in range(len(analysis.outputs)))
        return r" \qquad ".join(sums)
    rows = [
        f"{derivative(out, analysis.wrt)} &= {short(t)} = {number(v)}"
        for out, t, v in zip(analysis.outputs, analysis.totals, analysis.total_values)
    ]
    return r"\begin{aligned}" + r" \\ ".join(rows) + r"\end{aligned}"


def walkthrough_formulas(analysis: Analysis, walk: Sequence[Step], theme: str = "light") -> tuple[str | None, ...]:
    r"""Every step's formula, each capped in size (None when too long to typeset on the page).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> from explorer.walkthrough import steps
    >>> a = run("x*x")
    >>> print(walkthrough_formulas(a, steps(a, "forward"))[-2])
    \frac{dy}{dx} = \frac{\partial y}{\partial x}^{(1)} + \frac{\partial y}{\partial x}^{(2)} = x + x = 2 x = 1
    """
    return tuple(_capped(step_formula(analysis, walk, k, theme=theme)) for k in range(len(walk)))


def _capped(formula: str) -> str | None:
    return formula if len(formula) <= typeset.MAX_TEX else None


@dataclass(frozen=True)
class ModeFormulas:
    """What the page typesets for forward and reverse mode; a formula too long to typeset is None.

    Attributes
    ----------
    forward : tuple of str or None
        d(node)/d(wrt) for the nodes the input reaches, in evaluation order.
    reverse : tuple of tuple of str or None
        Per output, the adjoints of the nodes that reach it, from the output back.
    gradient : str or None
    factoring : tuple of str or None
        Per output, :func:`factoring`.
    more : int
        Nodes left out of the lists (at most :data:`MAX_ROWS` are shown).
    """

    forward: tuple[str | None, ...]
    reverse: tuple[tuple[str | None, ...], ...]
    gradient: str | None
    factoring: tuple[str | None, ...]
    more: int = 0


def mode_formulas(analysis: Analysis, theme: str = "light") -> ModeFormulas:
    r"""The page's formulas for forward and reverse mode, coloured for a ``theme`` page.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> f = mode_formulas(run("sigmoid(w*x + b)", wrt="w"))
    >>> len(f.forward), len(f.reverse[0]), f.gradient.count(r"\\") + 1
    (4, 6, 3)
    """
    if analysis.wrt is None:
        return ModeFormulas((), (), None, ())
    live = downstream(analysis.flow, [analysis.wrt])
    nodes = [n.id for n in analysis.nodes if n.id in live]
    forward = tuple(_capped(forward_row(analysis, n)) for n in nodes[:MAX_ROWS])
    reverse = []
    more = max(len(nodes) - MAX_ROWS, 0)
    for k, out in enumerate(analysis.outputs):
        reaching = upstream(analysis.flow, [out])
        back = [n.id for n in reversed(analysis.nodes) if n.id in reaching]
        more = max(more, len(back) - MAX_ROWS)
        reverse.append(tuple(_capped(reverse_row(analysis, k, n)) for n in back[:MAX_ROWS]))
    factored = tuple(
        _capped(f) if (f := factoring(analysis, k, theme=theme)) else None for k in range(len(analysis.outputs))
    )
    return ModeFormulas(forward, tuple(reverse), _capped(gradient(analysis)), factored, more)
