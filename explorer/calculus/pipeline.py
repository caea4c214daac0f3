"""The pipeline, in this process: text → tokens → syntax tree → graph → paths and totals → values → result.

:func:`run` does the whole analysis of one expression: numbers and
expressions, no words (:mod:`explorer.teach` adds the sentences and the LaTeX
of what the paper teaches), in an immutable
:class:`~explorer.calculus.result.Analysis`; :func:`revalue` recomputes only
what depends on the evaluation point. Neither is bounded in time: the
library's :func:`explorer.analyze` runs them in a worker process. Progress
is reported through an optional callback, so a stopped run can say which
step was too expensive, without this module knowing who listens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import sympy as sp

from ..errors import ExpressionError
from ..graph.build import build
from ..graph.flow import DataFlow
from ..language.parse import parse
from .accumulate import forward, jacobian, reverse, vector_chain
from .cost import cost
from .differences import differences
from .layers import layers
from .numeric import accumulate_values, adjoint_values, evaluate, path_value
from .paths import count_paths, iter_paths, path_product, rule_for
from .point import complete, read_point
from .result import Analysis, Path
from .shapes.closed import Shapes, shapes
from .shapes.values import block_values

__all__ = [
    "MAX_PATHS",
    "MAX_PATH_STEPS",
    "NUMBERS",
    "Progress",
    "choose_wrt",
    "renumbered",
    "revalue",
    "run",
    "wrt_inputs",
]

#: How many paths are listed (and multiplied out symbolically) at most.
MAX_PATHS = 100

#: How many edges the listed paths may have in all: long paths are costly to multiply out,
#: so a graph of long chains lists fewer of them (all are still counted).
MAX_PATH_STEPS = 4000

#: The most entries of the Jacobian whose vector chain split ∂y/∂g · ∂g/∂x is computed (vector outputs only).
MAX_SPLIT = 4096

#: ``progress(stage, hint)``: the step starting now, as a phrase that follows "while"
#: ("differentiating"), and what a user could try if it is stopped (or None).
Progress = Callable[[str, str | None], None]


def _silent(stage: str, hint: str | None = None) -> None:
    return None


def choose_wrt(
    inputs: Sequence[str], wrt: str | None, vectors: Mapping[str, Sequence[str]] | None = None
) -> str | None:
    """What to differentiate by: ``wrt`` if it is an input or a named vector, else a default.

    The default is ``x`` when it is an input, else the first vector of
    inputs (the paper's ``w`` of a neuron), else the first input.
    :func:`wrt_inputs` refuses a vector that is not made of inputs.

    Examples
    --------
    >>> choose_wrt(("w", "x"), None), choose_wrt(("w", "x"), "w"), choose_wrt((), None)
    ('x', 'w', None)
    >>> choose_wrt(("w1", "w2", "b"), None, {"h": ("u1", "u2"), "w": ("w1", "w2")})
    'w'
    """
    vectors = vectors or {}
    if wrt is None or wrt == "":
        if "x" in inputs:
            return "x"
        of_inputs = [name for name, entries in vectors.items() if all(e in inputs for e in entries)]
        return of_inputs[0] if of_inputs else inputs[0] if inputs else None
    if wrt not in inputs and wrt not in vectors:
        listed = ", ".join([*inputs, *(v for v in vectors if all(e in inputs for e in vectors[v]))]) or "none"
        shown = wrt if len(wrt) <= 40 else wrt[:37] + "…"
        raise ExpressionError(f"{shown!r} is not an input of this expression (inputs: {listed})")
    return wrt


def wrt_inputs(flow: DataFlow, wrt: str | None) -> tuple[str, ...]:
    """The inputs a derivative by ``wrt`` moves: ``(wrt,)``, a vector's entries, or none.

    Raises
    ------
    ExpressionError
        For a vector that is not made of inputs alone (its entries computed, or constants).

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> wrt_inputs(build(parse("w = [w1, w2]; y = sum(w)")), "w")
    ('w1', 'w2')
    """
    if wrt is None:
        return ()
    if wrt in flow.inputs:
        return (wrt,)
    vector = flow.input_vectors().get(wrt)
    if vector is None:
        entries = dict(flow.vectors).get(wrt, ())
        inputs = set(flow.inputs)
        if any(e is not None and e not in inputs for e in entries):
            what = "computed values"
        elif any(entries):
            what = "constants beside its inputs"
        else:
            what = "constant values"
        raise ExpressionError(
            f"{wrt!r} holds {what}, not inputs alone: differentiate by an input or a vector or matrix of inputs"
        )
    return vector


def _entries(flow: DataFlow, inputs: Sequence[str]) -> list[tuple[str, str]]:
    """The derivative's entries, output by output: (output, input) for every input moved."""
    return [(out, name) for out in flow.outputs for name in inputs]


def _paths(flow: DataFlow, inputs: Sequence[str], max_paths: int) -> list[Path]:
    paths: list[Path] = []
    steps = 0
    for out, name in _entries(flow, inputs):
        for edges in iter_paths(flow, name, out):
            steps += len(edges)
            if len(paths) >= max_paths or (paths and steps > MAX_PATH_STEPS):
                break
            product, product_expr = path_product(flow, edges)
            nodes = (name, *(flow.edges[i].target for i in edges))
            paths.append(Path(out, nodes, edges, product, product_expr, None))
    return paths


def _numbers(
    flow: DataFlow, inputs: Sequence[str], paths: Sequence[Path], values: Mapping[str, float], graph: Shapes | None
) -> dict:
    """Everything that depends on the evaluation point: values, path values, notes, the graph of shapes."""
    point, notes = complete(flow.inputs, values)
    unused = tuple(f"{name} is assigned but never used by the output" for name in flow.unused) + flow.remarks
    evaluation = evaluate(flow, point)
    # forward by an input (one pass each) where there are fewer inputs than outputs, else the reverse passes
    # (one per output) give every entry: 2,000 inputs to one output is one pass, not 2,000
    forward_by = flow.inputs if len(flow.inputs) <= len(flow.outputs) else inputs[:1] if len(inputs) == 1 else ()
    by_input = {
        name: accumulate_values(flow, evaluation.edge_values, name, evaluation.kinks, evaluation.undefined)
        for name in forward_by
    }
    valued = tuple(replace(p, value=path_value(evaluation.edge_values, p.edges, evaluation.kinks)) for p in paths)
    adjoints = [
        adjoint_values(flow, evaluation.edge_values, out, evaluation.kinks, evaluation.undefined)
        for out in flow.outputs
    ]
    row = {out: k for k, out in enumerate(flow.outputs)}

    def entry(out: str, name: str) -> float | None:
        return by_input[name][out] if name in by_input else adjoints[row[out]][name]

    checks = differences(flow, point, inputs)
    scalar = inputs[0] if len(inputs) == 1 else None  # forward mode: by one input
    whole = tuple(tuple(entry(out, name) for name in flow.inputs) for out in flow.outputs)
    return {
        "point": point,
        "paths": valued,
        "node_values": evaluation.node_values,
        "edge_values": evaluation.edge_values,
        "total_values": tuple(entry(out, name) for out, name in _entries(flow, inputs))
        if inputs
        else tuple(0.0 for _ in flow.outputs),
        "jacobian_values": whole,
        "finite_differences": tuple(d.estimate for d in checks) if inputs else tuple(0.0 for _ in flow.outputs),
        "differences": checks,
        "forward_values": tuple(by_input[scalar][n.id] for n in flow.nodes) if scalar else (),
        "adjoint_values": tuple(tuple(a[n.id] for n in flow.nodes) for a in adjoints) if flow.inputs else (),
        "notes": tuple(dict.fromkeys(notes + unused + evaluation.notes)),
        "block_values": block_values(graph, flow, evaluation.node_values, whole) if graph else None,
    }


def run(
    text: str,
    wrt: str | None = None,
    at: Mapping[str, object] | str | None = None,
    *,
    share: bool = True,
    max_paths: int = MAX_PATHS,
    progress: Progress | None = None,
) -> Analysis:
    """Analyse an expression in this process, without a time bound.

    Parameters are those of :func:`explorer.analyze`; ``progress`` is called
    with the name of each expensive step as it starts. The totals are not
    yet checked against ``sympy.diff`` (``verification='unchecked'``) nor
    simplified: :mod:`explorer.calculus.verify` does both.

    Notes
    -----
    Linear in the size of the graph: counting paths, accumulating totals and
    evaluating at the point each touch every edge once; only the listed
    paths are multiplied out.

    Examples
    --------
    >>> a = run("x*x**2")
    >>> a.rule, a.path_count, a.total, a.total_values
    ('total-derivative', 2, 3*x**2, (0.75,))
    """
    report = progress or _silent
    values = read_point(at)  # a malformed point is refused before any symbolic work
    report("building the graph", None)
    flow = build(parse(text), share=share)
    inputs = flow.inputs
    wrt = choose_wrt(inputs, wrt, dict(flow.vectors))
    moved = wrt_inputs(flow, wrt)
    counts = {name: count_paths(flow, name) for name in moved}
    path_counts = tuple(counts[name][out] for out, name in _entries(flow, moved)) or tuple(0 for _ in flow.outputs)
    by_vector = wrt is not None and wrt not in inputs
    rule = rule_for(flow.is_vector or by_vector, sum(path_counts))

    report("multiplying along the paths", "try fewer or shorter paths (--max-paths)")
    paths = _paths(flow, moved, max_paths)

    report("adding up the totals", None)
    # the chosen input's totals by forward accumulation (reused); the rest of the Jacobian forward or in
    # reverse, whichever needs fewer passes (a vector of 60 weights and one output: one reverse pass)
    known = {moved[0]: forward(flow, moved[0])} if len(moved) == 1 else {}
    rows = jacobian(flow, flow.outputs, known) if inputs else [[] for _ in flow.outputs]
    matrix = sp.ImmutableMatrix(len(flow.outputs), len(inputs), lambda i, j: rows[i][j])
    if flow.is_vector and len(inputs) * len(flow.outputs) <= MAX_SPLIT:
        inner, outer, inner_jac = vector_chain(flow, known)
    else:  # the split is taught for a vector output of a readable size: a 2,000 × 2,000 ∂g/∂x is not
        inner, outer, inner_jac = (), sp.ImmutableMatrix(0, 0, []), sp.ImmutableMatrix(0, 0, [])
    column, row = {name: j for j, name in enumerate(inputs)}, {out: i for i, out in enumerate(flow.outputs)}
    totals = tuple(rows[row[out]][column[name]] for out, name in _entries(flow, moved))
    totals = totals or tuple(sp.S.Zero for _ in flow.outputs)

    report("accumulating in reverse", None)
    backward = tuple(reverse(flow, out) for out in flow.outputs) if inputs else ()

    report("cutting the graph into layers", None)
    cut = layers(flow)
    graph = shapes(flow)

    report("evaluating at the point", "try another point")
    return Analysis(
        text=text,
        flow=flow,
        wrt=wrt,
        rule=rule,
        path_counts=path_counts,
        paths_truncated=len(paths) < sum(path_counts),
        totals=totals,
        oracle=(),
        verified=False,
        verification="unchecked",
        jacobian=matrix,
        inner=inner,
        outer_jacobian=outer,
        inner_jacobian=inner_jac,
        simplified=False,
        forward=tuple(known[moved[0]][n.id] for n in flow.nodes) if len(moved) == 1 else (),
        adjoints=tuple(tuple(a[n.id] for n in flow.nodes) for a in backward),
        cost=cost(flow, moved[0] if len(moved) == 1 else None),
        wrt_inputs=moved,
        layers=cut,
        shapes=graph,
        **_numbers(flow, moved, paths, values, graph),
    )


#: The fields of an :class:`~explorer.calculus.result.Analysis` that depend on the evaluation point.
NUMBERS = (
    "point",
    "paths",
    "node_values",
    "edge_values",
    "total_values",
    "jacobian_values",
    "finite_differences",
    "differences",
    "forward_values",
    "adjoint_values",
    "notes",
    "block_values",
)


def renumbered(analysis: Analysis, numbers: Analysis) -> Analysis:
    """``analysis`` with the numbers of ``numbers``: the same expression, evaluated at another point.

    No work: the values at a point come from the graph's edges, never from the
    (checked, simplified) totals, so a checked analysis takes the numbers of an
    unchecked one at the new point as they are.

    Examples
    --------
    >>> from explorer.calculus.verify import verify
    >>> checked = verify(run("x*x**2"))
    >>> moved = renumbered(checked, revalue(run("x*x**2"), {"x": 2}))
    >>> moved.verification, moved.total_values
    ('symbolic', (12.0,))
    """
    if analysis.text != numbers.text or analysis.wrt != numbers.wrt:
        raise ValueError("the numbers must come from an analysis of the same expression and input")
    return replace(analysis, **{name: getattr(numbers, name) for name in NUMBERS})


def revalue(analysis: Analysis, at: Mapping[str, object] | str | None) -> Analysis:
    """The same analysis at another point: only the numbers are recomputed.

    Examples
    --------
    >>> revalue(run("x*x**2"), {"x": 2}).total_values
    (12.0,)
    """
    values = read_point(at)
    return replace(analysis, **_numbers(analysis.flow, analysis.wrt_inputs, analysis.paths, values, analysis.shapes))
