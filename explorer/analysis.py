"""The result of analysing one expression: graph, paths, totals, verification.

:func:`analyze` runs the pipeline parse → graph → chain → numeric and
returns an immutable :class:`Analysis`; :meth:`Analysis.to_dict` is the JSON
form shared by the CLI, the app's download and anyone scripting the explorer.
"""

from __future__ import annotations

import contextlib
import math
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import sympy as sp

from . import bounded, chain
from .functions import elementary
from .graph import DataFlow, Edge, Node, build
from .numeric import Undefined, accumulate_values, evaluate, finite_differences, point_for, value_of
from .parse import ExpressionError, parse
from .printing import unicode

__all__ = [
    "Analysis",
    "Path",
    "Value",
    "RULES",
    "describe_rule",
    "constant_value",
    "parse_point",
    "verify",
    "simplify_totals",
    "analyze",
    "MAX_PATHS",
]

#: A number at the evaluation point, or None where it is undefined there.
Value = float | None

#: Rule name -> how the app and CLI say it.
RULES = {
    "single-variable": "Single-variable chain rule",
    "total-derivative": "Total-derivative chain rule",
    "vector": "Vector chain rule",
    "none": "No chain rule needed",
}


@dataclass(frozen=True)
class Path:
    """One path from the chosen input to an output.

    Attributes
    ----------
    output : str
        The output node the path ends at.
    nodes : tuple of str
        Node ids from the input to the output (``('x', 'u1', 'y')``).
    edges : tuple of int
        Indexes into :attr:`Analysis.edges`, one per step.
    product : sympy.Expr
        The product of the edges' local partials, in terms of the
        intermediate variables (``cos(u1)*3*x**2``).
    product_expr : sympy.Expr
        The same product in terms of the inputs.
    value : float or None
        The product at the evaluation point.
    """

    output: str
    nodes: tuple[str, ...]
    edges: tuple[int, ...]
    product: sp.Expr
    product_expr: sp.Expr
    value: Value


@dataclass(frozen=True)
class Analysis:
    """Everything the explorer knows about one expression (immutable).

    Attributes
    ----------
    text : str
        The input as typed.
    flow : DataFlow
        The data-flow graph: ``flow.nodes``, ``flow.edges``.
    wrt : str or None
        The input the derivative is taken with respect to (None when the
        expression has no inputs).
    point : Mapping[str, float]
        The evaluation point, one value per input.
    rule : {'single-variable', 'total-derivative', 'vector', 'none'}
        Which chain rule applies; ``'none'`` when no path reaches an output
        (the derivative is 0).
    paths : tuple of Path
        Enumerated paths to all outputs, output by output, in a stable order,
        at most ``max_paths`` of them.
    path_counts : tuple of int
        The exact number of paths to each output (counted, not enumerated).
    paths_truncated : bool
        True when fewer paths are listed than exist.
    totals : tuple of sympy.Expr
        d(output)/d(wrt) per output, simplified when that finished in time.
    total_values : tuple of float or None
        The totals at the point.
    path_sums : tuple of sympy.Expr or None
        Σ of the listed path products per output (None when truncated).
    oracle : tuple of sympy.Expr
        ``sympy.diff`` of each output's expression.
    verified : bool
        The totals agree with the oracle.
    verification : {'symbolic', 'numeric', 'failed'}
        How the agreement was established.
    jacobian : sympy.ImmutableMatrix
        ∂outputs/∂inputs, rows are outputs, columns inputs.
    jacobian_values : tuple of tuple of float or None
    inner : tuple of str
        For the vector chain rule y = f(g(x)): the ids of the nodes g that
        feed the outputs directly.
    outer_jacobian : sympy.ImmutableMatrix
        ∂y/∂g, local partials of the outputs by g (u-terms).
    inner_jacobian : sympy.ImmutableMatrix
        ∂g/∂x, totals of g by the inputs (in the inputs); ``outer · inner``
        equals :attr:`jacobian` after substitution.
    node_values : Mapping[str, float or None]
    edge_values : tuple of float or None
        Values at the point, one per edge of ``flow.edges``.
    finite_differences : tuple of float or None
        A central finite difference of each output by ``wrt`` at the point,
        computed from the node functions alone: an independent numeric check
        of :attr:`total_values`.
    notes : tuple of str
        Things worth saying in words (undefined values, kinks, unused steps).
    simplified : bool
        Whether simplification of the totals finished within its budget.
    """

    text: str
    flow: DataFlow
    wrt: str | None
    point: Mapping[str, float]
    rule: str
    paths: tuple[Path, ...]
    path_counts: tuple[int, ...]
    paths_truncated: bool
    totals: tuple[sp.Expr, ...]
    total_values: tuple[Value, ...]
    path_sums: tuple[sp.Expr, ...] | None
    oracle: tuple[sp.Expr, ...]
    verified: bool
    verification: str
    jacobian: sp.ImmutableMatrix
    jacobian_values: tuple[tuple[Value, ...], ...]
    inner: tuple[str, ...]
    outer_jacobian: sp.ImmutableMatrix
    inner_jacobian: sp.ImmutableMatrix
    node_values: Mapping[str, Value]
    edge_values: tuple[Value, ...]
    finite_differences: tuple[Value, ...] = ()
    notes: tuple[str, ...] = ()
    simplified: bool = True
    shared: bool = field(default=True)

    def __post_init__(self):
        object.__setattr__(self, "point", MappingProxyType(dict(self.point)))
        object.__setattr__(self, "node_values", MappingProxyType(dict(self.node_values)))

    def __reduce__(self):
        # MappingProxyType does not pickle; rebuild from plain dicts (worker processes pickle results)
        values = {f: getattr(self, f) for f in self.__dataclass_fields__}
        values["point"] = dict(self.point)
        values["node_values"] = dict(self.node_values)
        return (_rebuild, (values,))

    # -- conveniences ---------------------------------------------------------
    @property
    def inputs(self) -> tuple[str, ...]:
        """Input variable ids in order of first appearance."""
        return self.flow.inputs

    @property
    def outputs(self) -> tuple[str, ...]:
        """Output node ids (``('y',)`` or ``('y1', 'y2', ...)``)."""
        return self.flow.outputs

    @property
    def nodes(self) -> tuple[Node, ...]:
        """Graph nodes in evaluation order."""
        return self.flow.nodes

    @property
    def edges(self) -> tuple[Edge, ...]:
        """Graph edges, one per operand position."""
        return self.flow.edges

    @property
    def is_vector(self) -> bool:
        """True for a vector output ``[f1, f2, ...]``."""
        return self.flow.is_vector

    @property
    def path_count(self) -> int:
        """The exact number of paths from ``wrt`` to all outputs together."""
        return sum(self.path_counts)

    @property
    def total(self) -> sp.Expr | list[sp.Expr]:
        """The total derivative: one expression, or a list for a vector output."""
        return list(self.totals) if self.is_vector else self.totals[0]

    def at(self, at: Mapping[str, object] | str | None) -> Analysis:
        """The same analysis at another point: only the numbers are recomputed (in a worker).

        Examples
        --------
        >>> a = analyze("x*x**2")
        >>> a.total_values, a.at({"x": 2}).total_values
        ((0.75,), (12.0,))
        """
        at = dict(at) if isinstance(at, Mapping) else at
        return bounded.run(_at, self, at, step="evaluating at the point", hint="try another point")

    @property
    def finite_difference_agrees(self) -> tuple[bool | None, ...]:
        """Per output: does the total's value match the finite difference? None where either is undefined.

        Examples
        --------
        >>> analyze("ln(sin(x**3)**2)").finite_difference_agrees
        (True,)
        """
        return tuple(
            None if t is None or f is None else math.isclose(t, f, rel_tol=1e-5, abs_tol=1e-6)
            for t, f in zip(self.total_values, self.finite_differences)
        )

    def graph(self):
        """A fresh :class:`networkx.MultiDiGraph` of the data flow."""
        return self.flow.to_networkx()

    def _repr_svg_(self) -> str | None:
        """Jupyter shows an analysis as its graph (None when no Graphviz renderer is installed)."""
        from .export import repr_svg  # export imports this module

        return repr_svg(self)

    def to_dict(self) -> dict:
        """The JSON form: plain strings, numbers, lists and None.

        Expressions are strings that ``sympy.sympify`` reads back (the
        activations written out as ``exp``/``Max``); ``*_latex`` and
        ``label`` keys hold the same for display.

        Examples
        --------
        >>> d = _analyze("x + x**2").to_dict()
        >>> d["rule"], d["path_count"], d["total"], d["total_value"], d["verified"]
        ('total-derivative', 2, '2*x + 1', 2.0, True)
        >>> [p["product"] for p in d["paths"]]
        ['2*x', '1']
        """

        def s(expr: sp.Expr) -> str:
            return sp.sstr(elementary(expr))

        vector = self.is_vector
        return {
            "input": self.text,
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "wrt": self.wrt,
            "point": dict(self.point),
            "rule": self.rule,
            "rule_text": describe_rule(self),
            "nodes": [
                {
                    "id": n.id,
                    "kind": n.kind,
                    "op": n.op,
                    "operands": list(n.operands),
                    "expr": s(n.expr),
                    "local": sp.sstr(elementary(n.local), order="none"),
                    "label": unicode(n.local),
                    "local_latex": sp.latex(n.local, order="none"),
                    "value": self.node_values.get(n.id),
                }
                for n in self.nodes
            ],
            "edges": [
                {
                    "source": e.source,
                    "target": e.target,
                    "position": e.position,
                    "partial": s(e.partial),
                    "partial_inputs": s(e.partial_expr),
                    "partial_latex": sp.latex(e.partial),
                    "value": v,
                }
                for e, v in zip(self.edges, self.edge_values)
            ],
            "paths": [
                {
                    "output": p.output,
                    "nodes": list(p.nodes),
                    "edges": list(p.edges),
                    "product": s(p.product_expr),
                    "product_u": s(p.product),
                    "product_latex": sp.latex(p.product),
                    "value": p.value,
                }
                for p in self.paths
            ],
            "path_count": self.path_count,
            "path_counts": list(self.path_counts),
            "paths_truncated": self.paths_truncated,
            "total": [s(t) for t in self.totals] if vector else s(self.totals[0]),
            "total_latex": [sp.latex(t) for t in self.totals] if vector else sp.latex(self.totals[0]),
            "total_value": list(self.total_values) if vector else self.total_values[0],
            "simplified": self.simplified,
            "jacobian": [[s(v) for v in row] for row in self.jacobian.tolist()],
            "jacobian_values": [list(row) for row in self.jacobian_values],
            "vector_chain": {
                "inner": list(self.inner),
                "outer": [[s(v) for v in row] for row in self.outer_jacobian.tolist()],
                "inner_jacobian": [[s(v) for v in row] for row in self.inner_jacobian.tolist()],
            },
            "oracle": [s(o) for o in self.oracle] if vector else s(self.oracle[0]),
            "verified": self.verified,
            "verification": self.verification,
            "notes": list(self.notes),
        }


def _rebuild(values: dict) -> Analysis:
    return Analysis(**values)


def describe_rule(analysis: Analysis) -> str:
    """The rule in words, as the app and the CLI say it.

    Examples
    --------
    >>> describe_rule(_analyze("x + x**2"))
    'Total-derivative chain rule: x reaches y through 2 paths'
    >>> describe_rule(_analyze("sin(x**2)"))
    'Single-variable chain rule: x reaches y through 1 path'
    >>> describe_rule(_analyze("[x**2, sin(x)]"))
    'Vector chain rule: 2 outputs, x reaches them through 2 paths'
    >>> describe_rule(_analyze("x + 1", wrt=None, at=None).__class__ and _analyze("y**2 + 1", "y"))
    'Single-variable chain rule: y reaches f through 1 path'
    """
    count = analysis.path_count
    paths = f"{count:,} path" + ("" if count == 1 else "s")
    if analysis.rule == "vector":
        outputs = len(analysis.outputs)
        return f"{RULES['vector']}: {outputs} outputs, {analysis.wrt} reaches them through {paths}"
    out = analysis.outputs[0]
    if analysis.rule == "none":
        if analysis.wrt is None:
            return f"{RULES['none']}: {out} is a constant, its derivative is 0"
        return f"{RULES['none']}: {out} does not depend on {analysis.wrt} (0 paths), so the derivative is 0"
    return f"{RULES[analysis.rule]}: {analysis.wrt} reaches {out} through {paths}"


# -- the pipeline ---------------------------------------------------------------

#: How many paths are listed (and multiplied out symbolically) at most.
MAX_PATHS = 100

#: How many edges the listed paths may have in all: long paths are costly to multiply out,
#: so a graph of long chains lists fewer of them (all are still counted).
MAX_PATH_STEPS = 4000

#: Seconds of budget below which simplification is not even started: a simplification that is
#: stopped costs a worker restart (a fresh process importing sympy).
MIN_SIMPLIFY_BUDGET = 0.5

#: Totals larger than this (sympy.count_ops) are not handed to ``simplify``.
SIMPLIFY_MAX_OPS = 400


def _point(inputs: tuple[str, ...], at: Mapping[str, object] | str | None) -> tuple[dict[str, float], list[str]]:
    """Read the evaluation point: numbers, or constant expressions such as ``pi/4``."""

    if at is None:
        at = {}
    if isinstance(at, str):
        at = parse_point(at)
    values: dict[str, float] = {}
    notes: list[str] = []
    for name, raw in at.items():
        if name not in inputs:
            notes.append(f"{name} is not an input of this expression; its value is ignored")
            continue
        values[name] = _number(name, raw)
    return point_for(inputs, values), notes


def _number(name: str, raw: object) -> float:

    if isinstance(raw, bool):
        raise ExpressionError(f"the value of {name} must be a number")
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:
            raise ExpressionError(f"the value of {name} is too large") from None
    elif isinstance(raw, str):
        value = constant_value(raw, name)
    else:
        raise ExpressionError(f"the value of {name} must be a number, not {type(raw).__name__}")
    if not math.isfinite(value):
        raise ExpressionError(f"the value of {name} must be a finite number")
    return value


def constant_value(text: str, name: str = "the value") -> float:
    """The float value of a constant expression typed by a user (``-1``, ``pi/4``, ``1e-3``).

    Parsed by the same allowlist parser as expressions.

    Examples
    --------
    >>> round(constant_value("pi/4"), 6)
    0.785398
    """

    try:
        flow = build(parse(text))
    except ExpressionError as err:
        raise ExpressionError(f"{name}: {err}") from None
    if flow.inputs or flow.is_vector:
        raise ExpressionError(f"{name} must be a number, got {text.strip()!r}")
    try:
        return value_of(flow.nodes[-1].expr, (), ())
    except Undefined as why:
        raise ExpressionError(f"{name} is {why}") from None


def parse_point(text: str) -> dict[str, str]:
    """Split ``"x=0.5, w=2"`` into ``{"x": "0.5", "w": "2"}``.

    Examples
    --------
    >>> parse_point("x=0.5,w=pi/2")
    {'x': '0.5', 'w': 'pi/2'}
    """

    point: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier() or not value.strip():
            raise ExpressionError(f"cannot read {part!r} as name=value (for example x=0.5)")
        point[name] = value.strip()
    return point


def _choose_wrt(inputs: tuple[str, ...], wrt: str | None) -> str | None:

    if wrt is None or wrt == "":
        if "x" in inputs:
            return "x"
        return inputs[0] if inputs else None
    if wrt not in inputs:
        listed = ", ".join(inputs) if inputs else "none"
        raise ExpressionError(f"{wrt!r} is not an input of this expression (inputs: {listed})")
    return wrt


def _is_zero(expr: sp.Expr) -> bool:
    if expr == 0:
        return True
    if sp.count_ops(expr) > SIMPLIFY_MAX_OPS:
        return False
    return sp.expand(expr) == 0


def _agree_numerically(a: sp.Expr, b: sp.Expr, symbols: tuple[sp.Symbol, ...], point: Mapping[str, float]) -> bool:
    """True when a and b agree at the point and at several other points where both are defined."""

    rng = random.Random(20180210)  # noqa: S311 - fixed seed: the same verdict every run
    trials = [[point[s.name] for s in symbols]]
    trials += [[rng.uniform(-2.0, 2.0) for _ in symbols] for _ in range(5)]
    trials += [[rng.uniform(0.1, 3.0) for _ in symbols] for _ in range(5)]
    agreed = 0
    for values in trials:
        try:
            va = value_of(a, symbols, values)
            vb = value_of(b, symbols, values)
        except Undefined:
            continue
        if not math.isclose(va, vb, rel_tol=1e-7, abs_tol=1e-9):
            return False
        agreed += 1
    return agreed >= 3


def _simplify(expr: sp.Expr) -> sp.Expr:
    if expr.is_Atom or sp.count_ops(expr) > SIMPLIFY_MAX_OPS:
        return expr
    simpler = sp.simplify(expr)
    return simpler if sp.count_ops(simpler) <= sp.count_ops(expr) else expr


def _numbers(flow: DataFlow, wrt: str | None, paths: Sequence[Path], at) -> dict:
    """Everything that depends on the evaluation point: values, path values, notes."""
    point, notes = _point(flow.inputs, at)
    notes.extend(f"{name} is assigned but never used by the output" for name in flow.unused)
    evaluation = evaluate(flow, point)
    notes.extend(evaluation.notes)
    by_input = {name: accumulate_values(flow, evaluation.edge_values, name) for name in flow.inputs}
    valued = []
    for path in paths:
        values = [evaluation.edge_values[i] for i in path.edges]
        value = None if any(v is None for v in values) else math.prod(values)
        valued.append(replace(path, value=value))
    return {
        "point": point,
        "paths": tuple(valued),
        "node_values": evaluation.node_values,
        "edge_values": evaluation.edge_values,
        "total_values": tuple((by_input[wrt][out] if wrt else 0.0) for out in flow.outputs),
        "jacobian_values": tuple(tuple(by_input[name][out] for name in flow.inputs) for out in flow.outputs),
        "finite_differences": finite_differences(flow, point, wrt),
        "notes": tuple(dict.fromkeys(notes)),
    }


def _analyze(
    text: str,
    wrt: str | None = None,
    at: Mapping[str, object] | str | None = None,
    *,
    share: bool = True,
    max_paths: int = MAX_PATHS,
    simplify: bool = True,
) -> Analysis:
    """The whole pipeline in this process, without a time bound (see :func:`analyze`)."""
    bounded.stage("building the graph")
    flow = build(parse(text), share=share)
    inputs = flow.inputs
    wrt = _choose_wrt(inputs, wrt)
    counts = chain.count_paths(flow, wrt) if wrt is not None else {}
    path_counts = tuple(counts.get(out, 0) for out in flow.outputs)

    bounded.stage("multiplying along the paths", hint="try fewer or shorter paths (--max-paths)")
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
    truncated = len(paths) < sum(path_counts)

    bounded.stage("adding up the totals")
    per_input = {name: chain.accumulate(flow, name) for name in inputs}
    jacobian = sp.ImmutableMatrix(len(flow.outputs), len(inputs), lambda i, j: per_input[inputs[j]][flow.outputs[i]])
    raw_totals = tuple(per_input[wrt][out] if wrt else sp.S.Zero for out in flow.outputs)
    path_sums = None
    if not truncated:
        path_sums = tuple(sp.Add(*(p.product_expr for p in paths if p.output == out)) for out in flow.outputs)
    bounded.stage("differentiating with sympy.diff")
    wrt_symbol = flow.node(wrt).symbol if wrt else sp.Symbol("_none")
    oracle = tuple(sp.diff(flow.node(out).expr, wrt_symbol) for out in flow.outputs)

    inner, outer, inner_jac = chain.vector_chain(flow, per_input)
    bounded.stage("evaluating at the point", hint="try another point")
    numbers = _numbers(flow, wrt, paths, at)
    analysis = Analysis(
        text=text,
        flow=flow,
        wrt=wrt,
        rule=chain.rule_for(flow.is_vector, sum(path_counts)),
        path_counts=path_counts,
        paths_truncated=truncated,
        totals=raw_totals,
        path_sums=path_sums,
        oracle=oracle,
        verified=False,
        verification="failed",
        jacobian=jacobian,
        inner=inner,
        outer_jacobian=outer,
        inner_jacobian=inner_jac,
        simplified=False,
        shared=share,
        **numbers,
    )
    bounded.stage("checking against sympy.diff")
    analysis = verify(analysis)
    return simplify_totals(analysis) if simplify else analysis


def verify(analysis: Analysis) -> Analysis:
    """Check the totals against ``sympy.diff``: symbolically, else numerically at several points.

    Returns a copy with ``verified`` and ``verification`` set.
    """

    symbols = tuple(n.symbol for n in analysis.nodes if n.kind == "input")
    how = "symbolic"
    for total, oracle in zip(analysis.totals, analysis.oracle):
        if _is_zero(total - oracle):
            continue
        if _agree_numerically(total, oracle, symbols, analysis.point):
            how = "numeric"
            continue
        return replace(analysis, verified=False, verification="failed")
    return replace(analysis, verified=True, verification=how)


def simplify_totals(analysis: Analysis) -> Analysis:
    """Simplify the totals (the slow step, bounded by the caller).

    ``sympy.simplify`` only rewrites an expression into an equal one, so a
    verification already made on the unsimplified totals stands; the
    simplified totals are checked again numerically all the same.

    Examples
    --------
    >>> a = _analyze("x*(x + 1) - x", simplify=False)
    >>> a.totals, simplify_totals(a).totals
    ((2*x,), (2*x,))
    >>> simplify_totals(_analyze("ln(sin(x**3)**2)", simplify=False)).totals
    (6*x**2/tan(x**3),)
    """
    totals = tuple(_simplify(t) for t in analysis.totals)
    symbols = tuple(n.symbol for n in analysis.nodes if n.kind == "input")
    same = all(
        _is_zero(new - old) or _agree_numerically(new, old, symbols, analysis.point)
        for new, old in zip(totals, analysis.totals)
    )
    if not same:  # never trade a checked total for an unchecked one
        return replace(analysis, simplified=False)
    return replace(analysis, totals=totals, simplified=True)


def analyze(
    text: str,
    wrt: str | None = None,
    at: Mapping[str, object] | str | None = None,
    *,
    share: bool = True,
    max_paths: int = MAX_PATHS,
    budget: float | None = None,
) -> Analysis:
    """Analyse an expression: its data-flow graph, paths, totals and their check.

    Parameters
    ----------
    text : str
        An expression (``x + x**2``), a vector (``[ln(x**2), sin(3x)]``) or a
        program of intermediate variables (``u1 = x**3; y = sin(u1)``).
    wrt : str, optional
        The input to differentiate by: ``x`` when present, else the first.
    at : Mapping[str, float or str] or str, optional
        Values of the inputs (``{"x": 0.5}`` or ``"x=0.5, w=2"``); numbers
        or constant expressions (``pi/4``). Unset inputs take
        :data:`explorer.numeric.DEFAULT_POINT`.
    share : bool, default True
        One node for identical subexpressions.
    max_paths : int
        How many paths to list; all are counted.
    budget : float, optional
        Wall-clock seconds for the whole call (default
        :attr:`explorer.bounded.Settings.timeout`, 5 s, or ``EXPLORER_TIMEOUT``).

    Returns
    -------
    Analysis

    Raises
    ------
    ExpressionError
        Input outside the language, with the column where it goes wrong; or
        an analysis that needed more than the budget (``TimedOutError``) or
        the memory limit, saying which step and what to try; or
        ``BusyError`` when every worker is busy.

    Notes
    -----
    The work runs in a worker process of :mod:`explorer.bounded`, which is
    killed if it overruns, so no input can hang the caller. Simplification
    of the totals gets what is left of the budget; if it runs out, the
    unsimplified totals, already verified against ``sympy.diff``, are kept
    (``simplified`` is False).

    Cost is linear in the size of the graph: counting paths, accumulating
    totals and evaluating at the point each touch every edge once; only the
    listed paths are multiplied out.

    Examples
    --------
    >>> a = analyze("x*x**2")
    >>> a.rule, a.path_count, a.total, a.verified
    ('total-derivative', 2, 3*x**2, True)
    >>> [str(p.product) for p in a.paths]
    ['2*x**2', 'u1']
    >>> analyze("[ln(x**2), sin(3*x)]").total
    [2/x, 3*cos(3*x)]
    """
    budget = bounded.settings().timeout if budget is None else budget
    at = dict(at) if isinstance(at, Mapping) else at
    with bounded.slot() as worker:
        start = time.monotonic()  # waiting for a free worker is not the expression's fault
        analysis = worker.run(_analyze, text, wrt, at, share=share, max_paths=max_paths, simplify=False, timeout=budget)
        remaining = budget - (time.monotonic() - start)
        if remaining > MIN_SIMPLIFY_BUDGET:
            with contextlib.suppress(bounded.ExhaustedError):  # keep the verified, unsimplified totals
                analysis = worker.run(simplify_totals, analysis, timeout=remaining, step="simplifying the total")
    return analysis


def _at(analysis: Analysis, at: Mapping[str, object] | str | None) -> Analysis:
    return replace(analysis, **_numbers(analysis.flow, analysis.wrt, analysis.paths, at))
