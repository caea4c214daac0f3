"""The result of analysing one expression: plain, immutable data, and its JSON form.

:class:`Analysis` holds the graph, the paths with their products, the totals
and their checks, the Jacobians and every value at the point. It does no
work and imports none of its users: the pipeline (:mod:`explorer.calculus.pipeline`)
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

from ..graph.flow import DataFlow, Edge, Node
from ..language.printing import size, unicode
from ..language.printsize import JsonWriter
from .cost import Cost
from .differences import FiniteDifference
from .jsonparts import accumulated, edge_dict, finite_json, layers_dict, matrix, node_dict, shapes_dict
from .layers import Layer
from .paths import Path
from .shapes.closed import Shapes
from .shapes.values import BlockValues

__all__ = ["Analysis", "Path", "Value", "rich_display"]

#: A number at the evaluation point, or None where it is undefined there.
Value = float | None


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
        The input the derivative is taken with respect to, or a vector of
        inputs (``w`` for ``w = [w1, w2, w3]``: the gradient); None when the
        expression has no inputs.
    point : Mapping[str, float]
        The evaluation point, one value per input.
    rule : {'single-variable', 'total-derivative', 'vector', 'none'}
        Which chain rule applies; ``'none'`` when no path reaches an output
        (the derivative is 0).
    summary : str
        The rule in one sentence, as the page, the CLI and the exports say it;
        written by :func:`explorer.teach.lessons.annotate` (empty from the pipeline alone).
    paths : tuple of Path
        Enumerated paths to all outputs, output by output, in a stable order,
        at most ``max_paths`` of them.
    path_counts : tuple of int
        The exact number of paths for each of :attr:`entries` (counted, not
        enumerated): to each output from ``wrt``, or from each of its
        entries for a vector ``wrt``.
    paths_truncated : bool
        True when fewer paths are listed than exist.
    totals : tuple of sympy.Expr
        The derivative of each of :attr:`entries` (d(output)/d(wrt) per
        output for an input ``wrt``), simplified when that finished in time.
    total_values : tuple of float or None
        The totals at the point.
    oracle : tuple of sympy.Expr
        ``sympy.diff`` of each output's expression per entry
        (``sympy.Matrix.jacobian`` for a vector ``wrt``); empty until checked.
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
        feed the outputs directly; empty for a scalar output, or a Jacobian of
        more than :data:`explorer.calculus.pipeline.MAX_SPLIT` entries.
    outer_jacobian : sympy.ImmutableMatrix
        ∂y/∂g, local partials of the outputs by g (u-terms).
    inner_jacobian : sympy.ImmutableMatrix
        ∂g/∂x, totals of g by the inputs (in the inputs); ``outer · inner``
        equals :attr:`jacobian` after substitution.
    node_values : Mapping[str, float or None]
    edge_values : tuple of float or None
        Values at the point, one per edge of ``flow.edges``.
    finite_differences : tuple of float or None
        A central finite difference per entry at the point, computed from
        the node functions alone: an independent numeric check of
        :attr:`total_values`.
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
        reverse mode (:func:`explorer.calculus.cost.cost`).
    wrt_inputs : tuple of str
        The inputs the derivative moves: ``(wrt,)``, or a vector's entries.
    differences : tuple of FiniteDifference
        The finite differences behind :attr:`finite_differences`: the step,
        both values of the output and Δy.
    explanations : tuple of str
        Per edge, the rule in words: "u2 = sin(u1), so ∂u2/∂u1 = cos(u1)
        (trigonometric rule)"; written by :mod:`explorer.teach`, as ``summary``.
    steps : tuple of ChainStep
        The paper's four steps of the chain rule for this expression; written
        by :mod:`explorer.teach`, as ``summary``.
    layers : tuple of Layer or None
        The graph cut into layers for ∂f/∂x = ∂f/∂g · ∂g/∂x, each with its
        Jacobian (layer 0, the inputs, is left out); None when too large.
    shapes : Shapes or None
        The graph of shapes: one block per operation on whole vectors and
        matrices, each link with its Jacobian in the paper's closed form
        (:mod:`explorer.calculus.shapes.closed`); None when every value is a scalar.
    block_values : BlockValues or None
        The graph of shapes at the point: values, the links' Jacobians, and
        their product checked against :attr:`jacobian_values`.
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
    wrt_inputs: tuple[str, ...] = ()
    differences: tuple[FiniteDifference, ...] = ()
    summary: str = ""
    explanations: tuple[str, ...] = ()
    steps: tuple[ChainStep, ...] = ()
    layers: tuple[Layer, ...] | None = ()
    shapes: Shapes | None = None
    block_values: BlockValues | None = None

    def __post_init__(self):
        object.__setattr__(self, "point", MappingProxyType(dict(self.point)))
        object.__setattr__(self, "node_values", MappingProxyType(dict(self.node_values)))
        if not self.wrt_inputs and self.wrt is not None and self.wrt in self.flow.inputs:
            object.__setattr__(self, "wrt_inputs", (self.wrt,))

    def __reduce__(self):
        # MappingProxyType does not pickle; rebuild from plain dicts (worker processes pickle results)
        values = {f: getattr(self, f) for f in self.__dataclass_fields__}
        values["point"] = dict(self.point)
        values["node_values"] = dict(self.node_values)
        return (_rebuild, (values,))

    def __repr__(self) -> str:
        totals = ", ".join(unicode(t) if size(t, 200) <= 200 else "…" for t in self.totals)
        shown = totals if len(totals) <= 80 else totals[:77] + "…"
        shown = f"[{shown}]" if self.by_vector and not self.is_vector else shown
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
    def by_vector(self) -> bool:
        """True when ``wrt`` is a vector of inputs: the derivative is a gradient (or a Jacobian)."""
        return self.wrt is not None and self.wrt not in self.flow.inputs

    @property
    def entries(self) -> tuple[tuple[str, str | None], ...]:
        """The derivative's entries, output by output: (output, input moved); the input is None without inputs.

        :attr:`totals`, :attr:`total_values`, :attr:`path_counts` and the checks have one value per entry.
        """
        return tuple((out, name) for out in self.outputs for name in (self.wrt_inputs or (None,)))

    def shaped(self, values: list) -> object:
        """Per-entry values as the derivative is shaped: one, a list (per output, or a gradient), or rows.

        By a matrix W, the gradient has W's shape (a list of rows), one per output for a vector output.
        """
        if self.by_vector:
            width = len(self.wrt_inputs)
            rows = [values[i : i + width] for i in range(0, len(values), width)]
            dims = self.flow.shape(self.wrt or "")
            if len(dims) == 2:
                rows = [[row[r * dims[1] : (r + 1) * dims[1]] for r in range(dims[0])] for row in rows]
            return rows if self.is_vector else rows[0]
        return values if self.is_vector else values[0]

    @property
    def total(self) -> sp.Expr | list:
        """The derivative: one expression; a list for a vector output or a gradient; rows for a Jacobian."""
        return self.shaped(list(self.totals))

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
        expression that would print longer than :data:`~explorer.language.printsize.JSON_NODES` nodes, or
        past :data:`~explorer.language.printsize.JSON_TOTAL_NODES` for the whole form (nesting makes sizes
        grow exponentially), is null. Each node has ``forward``
        (d(node)/d(wrt), by a single input) and ``adjoint`` (d(output)/d(node); a list with one
        per output for a vector) as ``{expr, value}``, written last.
        """
        shaped = self.shaped
        # the short, local forms first: they stay when the budget runs out on the long ones
        writer = JsonWriter()
        nodes = [node_dict(n, self.node_values.get(n.id), writer) for n in self.nodes]
        explanations = self.explanations or (None,) * len(self.edges)
        edges = [edge_dict(e, v, x, writer) for e, v, x in zip(self.edges, self.edge_values, explanations)]
        paths = [p.to_dict(writer) for p in self.paths]
        totals = [writer.text(t) for t in self.totals]

        def one_or_all(values: list):
            return values if self.is_vector else values[0]

        found = {
            "input": self.text,
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "symbols": [n.id for n in self.nodes],
            "wrt": self.wrt,
            "wrt_inputs": list(self.wrt_inputs),
            "point": dict(self.point),
            "rule": self.rule,
            "rule_text": self.summary,
            "nodes": nodes,
            "edges": edges,
            "paths": paths,
            "path_count": self.path_count,
            "path_counts": list(self.path_counts),
            "paths_truncated": self.paths_truncated,
            "total": shaped(totals),
            "total_latex": shaped([writer.latex(t) for t in self.totals]),
            "total_value": shaped(list(self.total_values)),
            "simplified": self.simplified,
            "jacobian": matrix(self.jacobian, writer),
            "jacobian_values": [list(row) for row in self.jacobian_values],
            "jacobian_paths": self._jacobian_paths(),
            "vector_chain": {
                "inner": list(self.inner),
                "outer": matrix(self.outer_jacobian, writer),
                "inner_jacobian": matrix(self.inner_jacobian, writer),
            }
            if self.inner
            else None,
            "layers": layers_dict(self.layers, self.edge_values, writer),
            "shapes": shapes_dict(self.shapes, self.block_values),
            "oracle": shaped([writer.text(o) for o in self.oracle]) if self.oracle else None,
            "verified": self.verified,
            "verification": self.verification,
            "finite_difference": shaped([d.to_dict() for d in self.differences]) if self.differences else None,
            "naive": self._naive(paths, totals),
            "steps": [step.to_dict() for step in self.steps],
            "notes": list(self.notes),
            "gradient": one_or_all(list(self.gradient_values)) if self.adjoint_values else None,
            "cost": self.cost.to_dict() if self.cost else None,
        }
        for i, node in enumerate(nodes):
            node["forward"] = accumulated(self.forward, self.forward_values, i, writer) if self.forward else None
            adjoint = [accumulated(a, v, i, writer) for a, v in zip(self.adjoints, self.adjoint_values)]
            node["adjoint"] = one_or_all(adjoint) if adjoint else None
        return finite_json(found)  # JSON has no Infinity: null, with a note

    def entry_paths(self) -> list[list[int]]:
        """For each of :attr:`entries`, the indexes of its listed paths."""
        index = {entry: k for k, entry in enumerate(self.entries)}
        found: list[list[int]] = [[] for _ in self.entries]
        for i, path in enumerate(self.paths):
            found[index[path.output, path.nodes[0]]].append(i)
        return found

    def _jacobian_paths(self) -> list[dict]:
        return [
            {"output": out, "input": name, "paths": paths, "count": count}
            for (out, name), paths, count in zip(self.entries, self.entry_paths(), self.path_counts)
        ]

    def _naive(self, paths: list[dict], totals: list[str | None]) -> list[dict]:
        """What the single-variable rule would answer by following one path alone, beside the true total.

        The strings are the paths' and totals' own (printed once, for the ``paths`` and ``total`` keys).
        """
        rows = [
            {"path": i, "output": out, "input": name, "derivative": paths[i]["product"], "value": self.paths[i].value}
            | {"total": totals[k], "total_value": self.total_values[k]}
            for k, ((out, name), listed) in enumerate(zip(self.entries, self.entry_paths()))
            for i in listed
        ]
        return sorted(rows, key=lambda row: row["path"])


def _rebuild(values: dict) -> Analysis:
    return Analysis(**values)


@dataclass(frozen=True)
class ChainStep:
    """One of the paper's four steps of the chain rule, for one expression.

    Attributes
    ----------
    title : str
        ``'Introduce intermediate variables'``, ...
    latex : str or None
        The step's formulas; None when they are too long to typeset.
    text : str
        The same in words and one-line formulas (``u1 = x³``).
    """

    title: str
    latex: str | None
    text: str

    def to_dict(self) -> dict:
        """The JSON form: ``{title, latex, text}``."""
        return {"title": self.title, "latex": self.latex, "text": self.text}
