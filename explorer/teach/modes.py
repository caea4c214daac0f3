"""Forward and reverse mode in LaTeX and words: each node's row, the factoring, and what each way costs."""

from __future__ import annotations

from dataclasses import dataclass

from ..calculus.cost import Cost, Operations
from ..calculus.factoring import downstream, leaves, nested, upstream
from ..calculus.result import Analysis
from ..language.printsize import budget, short
from .notation import TERMS_PER_LINE, capped, coloured, tex_derivative, tex_number, tex_partial, wrap
from .paths import PAGE_PATHS

#: Nodes listed per mode on the page; the rest are in the walkthrough and the downloads.
MAX_ROWS = 40


#: A factored form is written out only up to this many partials (it repeats shared subtrees).
MAX_LEAVES = 40


#: Expression nodes (as printed) one row may hold: a row is read at a glance, and nested programs print
#: exponentially long; what does not fit is said to be too long.
ROW_NODES = 1_200


def _edge(analysis: Analysis, i: int) -> str:
    """∂t/∂s of edge i, with its operand number when another edge joins the same nodes (x·x)."""
    edge = analysis.edges[i]
    symbol = tex_partial(edge.target, edge.source)
    return symbol + (f"^{{({edge.position + 1})}}" if (edge.source, edge.target) in analysis.flow.parallel else "")


def sides(*sides: str) -> str:
    """Sides joined by '=', without repeating a side equal to the one before."""
    return " = ".join(side for n, side in enumerate(sides) if n == 0 or side != sides[n - 1])


def node_index(analysis: Analysis) -> dict[str, int]:
    return {node.id: i for i, node in enumerate(analysis.nodes)}


def forward_row(analysis: Analysis, node_id: str) -> str:
    r"""d(node)/dx as forward mode computes it: Σ over in-edges of ∂node/∂s · ds/dx.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> for side in forward_row(explained("x*x**2"), "y").split(" = "):
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
    index = node_index(analysis)
    live = downstream(analysis.flow, [wrt])
    incoming = [e for e in analysis.flow.incoming()[node_id] if analysis.edges[e].source in live]
    if node_id == wrt:
        return tex_derivative(wrt, wrt) + " = 1"
    symbols, factors = [], []
    for e in incoming:
        edge = analysis.edges[e]
        upstream_total = analysis.forward[index[edge.source]]
        seeded = edge.source == wrt
        symbols.append(_edge(analysis, e) + ("" if seeded else " " + tex_derivative(edge.source, wrt)))
        factors.append(wrap(edge.partial) + ("" if upstream_total == 1 else r" \cdot " + wrap(upstream_total)))
    total = analysis.forward[index[node_id]]
    at = tex_number(analysis.forward_values[index[node_id]] if analysis.forward_values else None)
    return sides(tex_derivative(node_id, wrt), " + ".join(symbols) or "0", " + ".join(factors) or "0", short(total), at)


def reverse_row(analysis: Analysis, k: int, node_id: str) -> str:
    r"""The adjoint d(y)/d(node) as reverse mode computes it: Σ over out-edges of dy/dt · ∂t/∂node.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> reverse_row(explained("x*x**2"), 0, "u1")
    '\\frac{dy}{du_{1}} = \\frac{\\partial y}{\\partial u_{1}} = x = 0.5'
    """
    with budget(ROW_NODES):
        return _reverse_row(analysis, k, node_id)


def _reverse_row(analysis: Analysis, k: int, node_id: str) -> str:
    out = analysis.outputs[k]
    index = node_index(analysis)
    if node_id == out:
        return tex_derivative(out, out) + " = 1"
    live = upstream(analysis.flow, [out])
    leaving = [e for e in analysis.flow.outgoing()[node_id] if analysis.edges[e].target in live]
    symbols, factors = [], []
    for e in leaving:
        edge = analysis.edges[e]
        adjoint = analysis.adjoints[k][index[edge.target]]
        seeded = edge.target == out
        symbols.append(("" if seeded else tex_derivative(out, edge.target) + " ") + _edge(analysis, e))
        factors.append(("" if adjoint == 1 else wrap(adjoint) + r" \cdot ") + wrap(edge.partial))
    total = analysis.adjoints[k][index[node_id]]
    at = tex_number(analysis.adjoint_values[k][index[node_id]] if analysis.adjoint_values else None)
    return sides(tex_derivative(out, node_id), " + ".join(symbols) or "0", " + ".join(factors) or "0", short(total), at)


def adjoint_gradient(analysis: Analysis) -> str:
    r"""Every input's derivative, the adjoints of the inputs after one reverse pass per output.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> for row in adjoint_gradient(explained("x*z + sin(x)")).split(r" \\ "):
    ...     print(row)
    \begin{aligned}\frac{dy}{dx} &= z + \cos{\left(x \right)} = 2.378
    \frac{dy}{dz} &= x = 0.5\end{aligned}
    """
    index = node_index(analysis)
    rows = []
    for out, adjoints, values in zip(analysis.outputs, analysis.adjoints, analysis.adjoint_values):
        for x in analysis.inputs:
            with budget(ROW_NODES):
                rows.append(f"{tex_derivative(out, x)} &= {short(adjoints[index[x]])} = {tex_number(values[index[x]])}")
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
    >>> from explorer.teach import explained
    >>> print(factoring(explained("u1 = x*x; y = u1*u1"), 0))  # doctest: +ELLIPSIS
    \begin{aligned}\frac{dy}{dx} &= {\color{#0072B2}...} \\ &= \left(...\right)\,\left(...\right) && \text{forward: ...
    """
    wrt, out = analysis.wrt, analysis.outputs[k]
    if wrt is None or not analysis.path_counts[k]:
        return None

    def leaf(i: int) -> str:
        return _edge(analysis, i)

    indexes = [j for j, p in enumerate(analysis.paths) if p.output == out][:PAGE_PATHS]
    terms = [
        coloured(j, r"\,".join(leaf(i) for i in reversed(analysis.paths[j].edges)), theme=theme, document=document)
        for j in indexes
    ]
    more = len(indexes) < analysis.path_counts[k]
    terms += [r"\cdots"] if more else []
    rows = [" + ".join(terms[i : i + TERMS_PER_LINE]) for i in range(0, len(terms), TERMS_PER_LINE)]
    lines = [tex_derivative(out, wrt) + " &= " + r" \\ &\quad + ".join(rows)]
    notes = {"forward": "grouped by the last edge", "reverse": "grouped by the first edge"}
    for mode in ("forward", "reverse"):
        tree = nested(analysis.flow, wrt, out, mode)
        if tree is not None and leaves(tree) <= MAX_LEAVES:
            lines.append("&= " + _tree(tree, leaf) + r" && \text{" + mode + ": " + notes[mode] + "}")
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


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
    >>> from explorer.teach import explained
    >>> f = mode_formulas(explained("sigmoid(w*x + b)", wrt="w"))
    >>> len(f.forward), len(f.reverse[0]), f.gradient.count(r"\\") + 1
    (4, 6, 3)
    """
    if analysis.wrt is None:
        return ModeFormulas((), (), None, ())
    live = downstream(analysis.flow, [analysis.wrt])
    nodes = [n.id for n in analysis.nodes if n.id in live]
    forward = tuple(capped(forward_row(analysis, n)) for n in nodes[:MAX_ROWS])
    reverse = []
    more = max(len(nodes) - MAX_ROWS, 0)
    for k, out in enumerate(analysis.outputs):
        reaching = upstream(analysis.flow, [out])
        back = [n.id for n in reversed(analysis.nodes) if n.id in reaching]
        more = max(more, len(back) - MAX_ROWS)
        reverse.append(tuple(capped(reverse_row(analysis, k, n)) for n in back[:MAX_ROWS]))
    factored = tuple(
        capped(f) if (f := factoring(analysis, k, theme=theme)) else None for k in range(len(analysis.outputs))
    )
    return ModeFormulas(forward, tuple(reverse), capped(adjoint_gradient(analysis)), factored, more)


def operations(ops: Operations) -> str:
    """A count of operations in words.

    Examples
    --------
    >>> operations(Operations(1, 2_048, 1))
    '2,048 multiplications and 1 addition'
    """
    mults = f"{ops.multiplications:,} multiplication" + ("" if ops.multiplications == 1 else "s")
    adds = f"{ops.additions:,} addition" + ("" if ops.additions == 1 else "s")
    return f"{mults} and {adds}"


def _passes(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else ("es" if what.endswith("s") else "s"))


def cost_lines(cost: Cost) -> list[str]:
    """A small table: the operations of the sum of paths, forward and reverse mode, for one input and for all.

    ``×`` counts multiplications, ``+`` additions.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> for line in cost_lines(explained("sigmoid(w*x + b)", wrt="w").cost):
    ...     print(line)
    operations    sum of paths     forward mode      reverse mode
    d/dw          1 path: 2×, 0+   1 pass: 2×, 0+    1 pass: 4×, 0+
    all 3 inputs  3 paths: 5×, 0+  3 passes: 5×, 0+  1 pass: 4×, 0+
    """
    rows = [(f"d/d{cost.wrt}", cost.paths, cost.forward, cost.reverse)] if cost.wrt else []
    every = "the one input" if cost.inputs == 1 else f"all {cost.inputs:,} inputs"
    rows.append((every, cost.all_paths, cost.all_forward, cost.all_reverse))
    table = [["operations", "sum of paths", "forward mode", "reverse mode"]]
    for what, paths, forward, reverse in rows:
        cells = [_passes(paths.passes, "path"), _passes(forward.passes, "pass"), _passes(reverse.passes, "pass")]
        ops = [f"{o.multiplications:,}×, {o.additions:,}+" for o in (paths, forward, reverse)]
        table.append([what, *(f"{c}: {o}" for c, o in zip(cells, ops))])
    widths = [max(len(row[c]) for row in table) + 2 for c in range(3)]
    return ["".join(cell.ljust(w) for cell, w in zip(row, widths)) + row[3] for row in table]


def why(cost: Cost) -> str:
    """Why one mode wins here, in a sentence.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> why(explained("sigmoid(w*x + b)").cost)  # doctest: +ELLIPSIS
    'With 3 inputs and 1 output, reverse mode gets every derivative in 1 pass from the output back, ...'
    """
    n, m = cost.inputs, cost.outputs
    if n == 0:
        return "There is no input: nothing to differentiate."
    shape = f"With {n:,} input{'s' if n != 1 else ''} and {m:,} output{'s' if m != 1 else ''}"
    if n > m:
        return (
            f"{shape}, reverse mode gets every derivative in {_passes(m, 'pass')} from the output back, where "
            f"forward mode needs one pass per input: this is why backpropagation runs in reverse."
        )
    if m > n:
        passes = _passes(n, "pass")
        return f"{shape}, forward mode gets every derivative in {passes}, where reverse mode needs one per output."
    return f"{shape}, forward and reverse mode need as many passes; the graph's shape decides which does less."
