"""The result of analysing one expression: graph, paths, totals, verification.

:func:`analyze` runs the pipeline parse → graph → chain → numeric and
returns an immutable :class:`Analysis`; :meth:`Analysis.to_dict` is the JSON
form shared by the CLI, the app's download and anyone scripting the explorer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import sympy as sp

from .graph import DataFlow, Edge, Node

__all__ = ["Analysis", "Path", "Value", "RULES"]

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

    def graph(self):
        """A fresh :class:`networkx.MultiDiGraph` of the data flow."""
        return self.flow.to_networkx()


def _rebuild(values: dict) -> Analysis:
    return Analysis(**values)
