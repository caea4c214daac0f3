"""The result of analysing one expression: plain, immutable data, and its JSON form.

:class:`Analysis` holds the graph, the paths with their products, the totals
and their checks, the Jacobians and every value at the point. It does no
work and imports none of its users: the pipeline (:mod:`explorer.analysis`)
makes it, and drawing, LaTeX and exports are functions of it in modules of
their own. Notebook display is looked up in :func:`rich_display`, which
:mod:`explorer.notebook` extends.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import sympy as sp

from .cost import Cost
from .flow import DataFlow, Edge, Node
from .language import elementary
from .printing import exact, size, tex, unicode

__all__ = ["Analysis", "Path", "Value", "rich_display"]

#: A number at the evaluation point, or None where it is undefined there.
Value = float | None


#: Expression nodes (as printed) one JSON string may hold, and the whole JSON form: nested programs
#: make expressions that print exponentially long; past these, expressions are written as null.
MAX_NODES = 5_000
MAX_TOTAL_NODES = 200_000


class _Writer:
    """Prints a result's expressions for the JSON form within one budget of printed nodes."""

    def __init__(self, total: int = MAX_TOTAL_NODES):
        self.left = total

    def _fits(self, expr: sp.Basic) -> bool:
        limit = min(MAX_NODES, self.left)
        used = size(expr, limit)
        if used > limit:
            return False
        self.left -= used
        return True

    def text(self, expr: sp.Expr, *, typed: bool = False) -> str | None:
        """A string ``sympy.sympify`` reads back, or None when too long."""
        return exact(elementary(expr), typed=typed) if self._fits(expr) else None

    def latex(self, expr: sp.Expr, *, typed: bool = False) -> str | None:
        """LaTeX, or None when too long."""
        return tex(expr, typed=typed) if self._fits(expr) else None


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

    def to_dict(self, writer: _Writer | None = None) -> dict:
        """The JSON form of the path."""
        writer = writer or _Writer()
        return {
            "output": self.output,
            "nodes": list(self.nodes),
            "edges": list(self.edges),
            "product": writer.text(self.product_expr),
            "product_u": writer.text(self.product),
            "product_latex": writer.latex(self.product),
            "value": self.value,
        }


def _node_dict(node: Node, value: Value, writer: _Writer) -> dict:
    return {
        "id": node.id,
        "kind": node.kind,
        "op": node.op,
        "operands": list(node.operands),
        "expr": writer.text(node.expr),
        "local": writer.text(node.local, typed=True),
        "label": unicode(node.local, typed=True),
        "local_latex": writer.latex(node.local, typed=True),
        "value": value,
    }


def _edge_dict(edge: Edge, value: Value, writer: _Writer) -> dict:
    return {
        "source": edge.source,
        "target": edge.target,
        "position": edge.position,
        "rule": edge.rule,
        "partial": writer.text(edge.partial),
        "partial_inputs": writer.text(edge.partial_expr),
        "partial_latex": writer.latex(edge.partial),
        "value": value,
    }


#: Expression nodes one node's forward or adjoint expression may print: there are two per node (and
#: per output), so they get a smaller share than the totals; past this they are null.
MAX_ACCUMULATED_NODES = 1_000


def _accumulated(exprs: tuple[sp.Expr, ...], values: tuple[Value, ...], i: int, writer: _Writer) -> dict:
    short = size(exprs[i], MAX_ACCUMULATED_NODES) <= MAX_ACCUMULATED_NODES
    return {"expr": writer.text(exprs[i]) if short else None, "value": values[i] if i < len(values) else None}


def _matrix(matrix: sp.MatrixBase, writer: _Writer) -> list[list[str | None]]:
    return [[writer.text(v) for v in row] for row in matrix.tolist()]


@functools.singledispatch
def rich_display(obj: object, include=None, exclude=None) -> dict | None:
    """Rich notebook representations of an object; None when there are none.

    :mod:`explorer.notebook` registers the graph, table and formulas of an
    :class:`Analysis` here; without it an analysis shows as text.
    """
    return None


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
    summary : str
        The rule in one sentence, as the page, the CLI and the exports say it.
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
    oracle : tuple of sympy.Expr
        ``sympy.diff`` of each output's expression (empty until checked).
    verified : bool
        The totals agree with the oracle.
    verification : {'symbolic', 'numeric', 'failed', 'unchecked'}
        How the agreement was established; ``'unchecked'`` when the check
        could not finish or had no point to compare at.
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
        Whether the totals were simplified.
    forward : tuple of sympy.Expr
        Forward mode: per node (in ``flow.nodes`` order) d(node)/d(wrt), in the inputs.
    forward_values : tuple of float or None
    adjoints : tuple of tuple of sympy.Expr
        Reverse mode: per output, per node, the adjoint d(output)/d(node); at
        the inputs, the gradient.
    adjoint_values : tuple of tuple of float or None
    cost : Cost or None
        Multiplications and additions of the sum of paths, forward and
        reverse mode (:func:`explorer.cost.cost`).
    """

    text: str
    flow: DataFlow
    wrt: str | None
    point: Mapping[str, float]
    rule: str
    summary: str
    paths: tuple[Path, ...]
    path_counts: tuple[int, ...]
    paths_truncated: bool
    totals: tuple[sp.Expr, ...]
    total_values: tuple[Value, ...]
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
    simplified: bool = False
    forward: tuple[sp.Expr, ...] = ()
    forward_values: tuple[Value, ...] = ()
    adjoints: tuple[tuple[sp.Expr, ...], ...] = ()
    adjoint_values: tuple[tuple[Value, ...], ...] = ()
    cost: Cost | None = None

    def __post_init__(self):
        object.__setattr__(self, "point", MappingProxyType(dict(self.point)))
        object.__setattr__(self, "node_values", MappingProxyType(dict(self.node_values)))

    def __reduce__(self):
        # MappingProxyType does not pickle; rebuild from plain dicts (worker processes pickle results)
        values = {f: getattr(self, f) for f in self.__dataclass_fields__}
        values["point"] = dict(self.point)
        values["node_values"] = dict(self.node_values)
        return (_rebuild, (values,))

    def __repr__(self) -> str:
        totals = ", ".join(unicode(t) if size(t, 200) <= 200 else "…" for t in self.totals)
        shown = totals if len(totals) <= 80 else totals[:77] + "…"
        derivative = f"d/d{self.wrt} = {shown}" if self.wrt else "no inputs"
        count = f"{self.path_count:,} path" + ("" if self.path_count == 1 else "s")
        return f"<Analysis {self.text[:60]!r}: {self.rule} chain rule, {count}, {derivative}>"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return rich_display(self, include, exclude) or {"text/plain": repr(self)}

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

    @property
    def finite_difference_agrees(self) -> tuple[bool | None, ...]:
        """Per output: does the total's value match the finite difference? None where either is undefined."""
        return tuple(
            None if t is None or f is None else math.isclose(t, f, rel_tol=1e-5, abs_tol=1e-6)
            for t, f in zip(self.total_values, self.finite_differences)
        )

    @property
    def gradient_values(self) -> tuple[dict[str, Value], ...]:
        """Per output: every input's derivative at the point, from one reverse pass."""
        index = {node.id: i for i, node in enumerate(self.nodes)}
        return tuple({name: values[index[name]] for name in self.inputs} for values in self.adjoint_values)

    def to_dict(self) -> dict:
        """The JSON form: plain strings, numbers, lists and None.

        Expressions are strings that ``sympy.sympify`` reads back, with the
        activations written out as ``exp``/``Max``. Pass the names in
        ``symbols`` as symbols so that a variable called ``E``, ``I`` or
        ``S`` is not read as sympy's constant::

            names = {n: sympy.Symbol(n, real=True) for n in d["symbols"]}
            sympy.sympify(d["total"], locals=names)

        ``*_latex`` and ``label`` keys hold the same for display. An
        expression that would print longer than :data:`MAX_NODES` nodes, or
        past :data:`MAX_TOTAL_NODES` for the whole form (nesting makes sizes
        grow exponentially), is null. Each node has ``forward``
        (d(node)/d(wrt)) and ``adjoint`` (d(output)/d(node); a list with one
        per output for a vector) as ``{expr, value}``, written last.
        """
        vector = self.is_vector
        # the short, local forms first: they stay when the budget runs out on the long ones
        writer = _Writer()
        nodes = [_node_dict(n, self.node_values.get(n.id), writer) for n in self.nodes]
        edges = [_edge_dict(e, v, writer) for e, v in zip(self.edges, self.edge_values)]

        def one_or_all(values: list):
            return values if vector else values[0]

        found = {
            "input": self.text,
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "symbols": [n.id for n in self.nodes],
            "wrt": self.wrt,
            "point": dict(self.point),
            "rule": self.rule,
            "rule_text": self.summary,
            "nodes": nodes,
            "edges": edges,
            "paths": [p.to_dict(writer) for p in self.paths],
            "path_count": self.path_count,
            "path_counts": list(self.path_counts),
            "paths_truncated": self.paths_truncated,
            "total": one_or_all([writer.text(t) for t in self.totals]),
            "total_latex": one_or_all([writer.latex(t) for t in self.totals]),
            "total_value": one_or_all(list(self.total_values)),
            "simplified": self.simplified,
            "jacobian": _matrix(self.jacobian, writer),
            "jacobian_values": [list(row) for row in self.jacobian_values],
            "vector_chain": {
                "inner": list(self.inner),
                "outer": _matrix(self.outer_jacobian, writer),
                "inner_jacobian": _matrix(self.inner_jacobian, writer),
            },
            "oracle": one_or_all([writer.text(o) for o in self.oracle]) if self.oracle else None,
            "verified": self.verified,
            "verification": self.verification,
            "finite_difference": one_or_all(list(self.finite_differences)) if self.finite_differences else None,
            "notes": list(self.notes),
            "gradient": one_or_all(list(self.gradient_values)) if self.adjoint_values else None,
            "cost": self.cost.to_dict() if self.cost else None,
        }
        for i, node in enumerate(nodes):
            node["forward"] = _accumulated(self.forward, self.forward_values, i, writer) if self.forward else None
            adjoint = [_accumulated(a, v, i, writer) for a, v in zip(self.adjoints, self.adjoint_values)]
            node["adjoint"] = one_or_all(adjoint) if adjoint else None
        return found


def _rebuild(values: dict) -> Analysis:
    return Analysis(**values)
