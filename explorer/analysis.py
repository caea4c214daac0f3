"""The pipeline, in this process: text → tokens → syntax tree → graph → paths and totals → values → result.

:func:`run` does the whole analysis of one expression and returns an
immutable :class:`~explorer.result.Analysis`; :func:`revalue` recomputes only
what depends on the evaluation point. Neither is bounded in time: the
library's :func:`explorer.analyze` runs them in a worker process. Progress
is reported through an optional callback, so a stopped run can say which
step was too expensive, without this module knowing who listens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import sympy as sp

from . import chain, cost, modes
from .describe import rule_sentence
from .errors import ExpressionError
from .flow import DataFlow
from .graph import build
from .numeric import accumulate_values, adjoint_values, evaluate, finite_differences, path_value
from .parse import parse
from .point import complete, read_point
from .result import Analysis, Path

__all__ = ["MAX_PATHS", "MAX_PATH_STEPS", "NUMBERS", "Progress", "choose_wrt", "renumbered", "revalue", "run"]

#: How many paths are listed (and multiplied out symbolically) at most.
MAX_PATHS = 100

#: How many edges the listed paths may have in all: long paths are costly to multiply out,
#: so a graph of long chains lists fewer of them (all are still counted).
MAX_PATH_STEPS = 4000

#: ``progress(stage, hint)``: the step starting now, as a phrase that follows "while"
#: ("differentiating"), and what a user could try if it is stopped (or None).
Progress = Callable[[str, str | None], None]


def _silent(stage: str, hint: str | None = None) -> None:
    return None


def choose_wrt(inputs: Sequence[str], wrt: str | None) -> str | None:
    """The input to differentiate by: ``wrt`` if it is an input, else ``x``, else the first input.

    Examples
    --------
    >>> choose_wrt(("w", "x"), None), choose_wrt(("w", "x"), "w"), choose_wrt((), None)
    ('x', 'w', None)
    """
    if wrt is None or wrt == "":
        if "x" in inputs:
            return "x"
        return inputs[0] if inputs else None
    if wrt not in inputs:
        listed = ", ".join(inputs) if inputs else "none"
        shown = wrt if len(wrt) <= 40 else wrt[:37] + "…"
        raise ExpressionError(f"{shown!r} is not an input of this expression (inputs: {listed})")
    return wrt


def _paths(flow: DataFlow, wrt: str | None, max_paths: int) -> list[Path]:
    paths: list[Path] = []
    steps = 0
    for out in flow.outputs:
        if wrt is None:
            break
        for edges in chain.iter_paths(flow, wrt, out):
            steps += len(edges)
            if len(paths) >= max_paths or (paths and steps > MAX_PATH_STEPS):
                break
            product, product_expr = chain.path_product(flow, edges)
            nodes = (wrt, *(flow.edges[i].target for i in edges))
            paths.append(Path(out, nodes, edges, product, product_expr, None))
    return paths


def _numbers(flow: DataFlow, wrt: str | None, paths: Sequence[Path], values: Mapping[str, float]) -> dict:
    """Everything that depends on the evaluation point: values, path values, notes."""
    point, notes = complete(flow.inputs, values)
    unused = tuple(f"{name} is assigned but never used by the output" for name in flow.unused)
    evaluation = evaluate(flow, point)
    by_input = {name: accumulate_values(flow, evaluation.edge_values, name, evaluation.kinks) for name in flow.inputs}
    valued = tuple(replace(p, value=path_value(evaluation.edge_values, p.edges, evaluation.kinks)) for p in paths)
    adjoints = [adjoint_values(flow, evaluation.edge_values, out, evaluation.kinks) for out in flow.outputs]
    return {
        "point": point,
        "paths": valued,
        "node_values": evaluation.node_values,
        "edge_values": evaluation.edge_values,
        "total_values": tuple((by_input[wrt][out] if wrt else 0.0) for out in flow.outputs),
        "jacobian_values": tuple(tuple(by_input[name][out] for name in flow.inputs) for out in flow.outputs),
        "finite_differences": finite_differences(flow, point, wrt),
        "forward_values": tuple(by_input[wrt][n.id] for n in flow.nodes) if wrt else (),
        "adjoint_values": tuple(tuple(a[n.id] for n in flow.nodes) for a in adjoints) if flow.inputs else (),
        "notes": tuple(dict.fromkeys(notes + unused + evaluation.notes)),
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
    simplified: :mod:`explorer.verify` does both.

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
    wrt = choose_wrt(inputs, wrt)
    counts = chain.count_paths(flow, wrt) if wrt is not None else {}
    path_counts = tuple(counts.get(out, 0) for out in flow.outputs)
    rule = chain.rule_for(flow.is_vector, sum(path_counts))

    report("multiplying along the paths", "try fewer or shorter paths (--max-paths)")
    paths = _paths(flow, wrt, max_paths)

    report("adding up the totals", None)
    known = {wrt: chain.accumulate(flow, wrt)} if wrt is not None else {}
    rows = chain.jacobian(flow, flow.outputs, known) if inputs else [[] for _ in flow.outputs]
    jacobian = sp.ImmutableMatrix(len(flow.outputs), len(inputs), lambda i, j: rows[i][j])
    inner, outer, inner_jac = chain.vector_chain(flow, known)

    report("accumulating in reverse", None)
    adjoints = tuple(modes.adjoints(flow, out) for out in flow.outputs) if inputs else ()

    report("evaluating at the point", "try another point")
    return Analysis(
        text=text,
        flow=flow,
        wrt=wrt,
        rule=rule,
        summary=rule_sentence(rule, wrt, flow.outputs, sum(path_counts)),
        path_counts=path_counts,
        paths_truncated=len(paths) < sum(path_counts),
        totals=tuple(known[wrt][out] if wrt else sp.S.Zero for out in flow.outputs),
        oracle=(),
        verified=False,
        verification="unchecked",
        jacobian=jacobian,
        inner=inner,
        outer_jacobian=outer,
        inner_jacobian=inner_jac,
        simplified=False,
        forward=tuple(known[wrt][n.id] for n in flow.nodes) if wrt else (),
        adjoints=tuple(tuple(a[n.id] for n in flow.nodes) for a in adjoints),
        cost=cost.cost(flow, wrt),
        **_numbers(flow, wrt, paths, values),
    )


#: The fields of an :class:`~explorer.result.Analysis` that depend on the evaluation point.
NUMBERS = (
    "point",
    "paths",
    "node_values",
    "edge_values",
    "total_values",
    "jacobian_values",
    "finite_differences",
    "notes",
)


def renumbered(analysis: Analysis, numbers: Analysis) -> Analysis:
    """``analysis`` with the numbers of ``numbers``: the same expression, evaluated at another point.

    No work: the values at a point come from the graph's edges, never from the
    (checked, simplified) totals, so a checked analysis takes the numbers of an
    unchecked one at the new point as they are.

    Examples
    --------
    >>> from explorer.verify import verify
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
    return replace(analysis, **_numbers(analysis.flow, analysis.wrt, analysis.paths, values))
