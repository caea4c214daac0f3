"""Which chain rule applies and which rule each edge comes from, in words; how the totals were checked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..calculus.result import Analysis, Path
from ..graph.flow import DataFlow, Edge
from ..language.printing import partial, unicode
from ..language.printsize import shown
from .notation import clip

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
    components: Sequence[str] = (),
    shape: tuple[int, ...] = (),
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
    components : sequence of str, optional
        The entries of ``wrt`` when it is a vector of inputs (or a matrix, row by row).
    shape : tuple of int, optional
        ``(rows, columns)`` when ``wrt`` is a matrix: its entries are written as rows.

    Examples
    --------
    >>> rule_sentence("total-derivative", "x", ["y"], 2)
    'Total-derivative chain rule: x reaches y through 2 paths'
    >>> rule_sentence("vector", "x", ["y1", "y2"], 2)
    'Vector chain rule: 2 outputs, x reaches them through 2 paths'
    >>> rule_sentence("none", "x", ["y"], 0, name=lambda s: f"`{s}`")
    'No chain rule needed: `y` does not depend on `x` (0 paths), so the derivative is 0'
    >>> rule_sentence("vector", "w", ["y"], 3, components=["w1", "w2", "w3"])
    'Vector chain rule: w = [w1, w2, w3] reaches y through 3 paths'
    >>> rule_sentence("vector", "W", ["y"], 4, components=["a", "b", "c", "d"], shape=(2, 2))
    'Vector chain rule: W = [[a, b], [c, d]] reaches y through 4 paths'
    """
    head = title(RULE_NAMES.get(rule, rule))
    paths = f"{path_count:,} path" + ("" if path_count == 1 else "s")
    if wrt is None:
        return f"{head}: the expression has no variables, so its derivative is 0"
    by = name(wrt)
    if components and len(shape) == 2:  # a matrix: its rows, or its shape when it is large
        rows, columns = shape
        if len(components) > 12:
            by += f" ({rows}×{columns} matrix)"
        else:
            lines = [components[r * columns : (r + 1) * columns] for r in range(rows)]
            by += " = [" + ", ".join("[" + ", ".join(name(c) for c in line) + "]" for line in lines) + "]"
    elif components:
        some = list(components) if len(components) <= 6 else [*components[:3], "…", components[-1]]
        by += " = [" + ", ".join(c if c == "…" else name(c) for c in some) + "]"
    if rule == "vector" and len(outputs) > 1:
        return f"{head}: {len(outputs)} outputs, {by} reaches them through {paths}"
    out = name(outputs[0])
    if rule == "none" or path_count == 0:
        return f"{head}: {out} does not depend on {by} (0 paths), so the derivative is 0"
    return f"{head}: {by} reaches {out} through {paths}"


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
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> flow = build(parse("ln(sin(x**3)**2)"))
    >>> explanation(flow, flow.edges[1])
    'u2 = sin(u1), so ∂u2/∂u1 = cos(u1) (trigonometric rule)'
    """
    if parallel is None:
        parallel = (edge.source, edge.target) in flow.parallel
    name = partial(edge.target, edge.source) + (f" (operand {edge.position + 1})" if parallel else "")
    local = _local(flow, edge.target) if local is None else local
    return f"{edge.target} = {local}, so {name} = {clip(shown(edge.partial))} ({edge.rule} rule)"


def explanations(flow: DataFlow) -> tuple[str, ...]:
    """:func:`explanation` of every edge, in order; each operation is printed once.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
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
    >>> from explorer.teach import explained
    >>> a = explained("ln(sin(x**3)**2)")
    >>> rule_chain(a, a.paths[0])
    'power → trigonometric → power → logarithm'
    """
    rules = [analysis.edges[i].rule for i in path.edges]
    return " → ".join(rules if len(rules) <= 7 else [*rules[:3], "…", *rules[-3:]])


def check_sentence(analysis: Analysis) -> str:
    """How the totals were checked against ``sympy.diff`` (``sympy.Matrix.jacobian`` for a gradient), in words.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from explorer.teach import explained
    >>> check_sentence(replace(explained("x*x"), verified=True, verification="symbolic"))
    'equals sympy.diff (symbolically)'
    """
    oracle = "sympy.Matrix.jacobian" if analysis.by_vector else "sympy.diff"
    how = {
        "symbolic": f"equals {oracle} (symbolically)",
        "numeric": f"equals {oracle} at several points (numerically; a symbolic comparison was too costly)",
        "failed": f"DOES NOT match {oracle}; please report this expression",
        "unchecked": f"not checked against {oracle}",
    }
    return how.get(analysis.verification, analysis.verification)
