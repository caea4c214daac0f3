"""The JSON form's parts: a node, an edge, a matrix, the layers, an accumulated expression, the graph of shapes.

:meth:`explorer.calculus.result.Analysis.to_dict` assembles them; every expression
goes through one :class:`~explorer.language.printsize.JsonWriter`, so the whole form
stays within its printing budget.
"""

from __future__ import annotations

import math

import sympy as sp

from ..graph.flow import Edge, Node
from ..language.printing import size, unicode
from ..language.printsize import JsonWriter
from .shapes.closed import Shapes, label
from .shapes.values import BlockValues

__all__ = [
    "MAX_ACCUMULATED_NODES",
    "MAX_JSON_CELLS",
    "accumulated",
    "edge_dict",
    "layers_dict",
    "matrix",
    "node_dict",
    "shapes_dict",
]

Value = float | None


def node_dict(node: Node, value: Value, writer: JsonWriter) -> dict:
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


def edge_dict(edge: Edge, value: Value, explanation: str | None, writer: JsonWriter) -> dict:
    return {
        "source": edge.source,
        "target": edge.target,
        "position": edge.position,
        "rule": edge.rule,
        "explanation": explanation,
        "partial": writer.text(edge.partial),
        "partial_inputs": writer.text(edge.partial_expr),
        "partial_latex": writer.latex(edge.partial),
        "value": value,
    }


#: Expression nodes one node's forward or adjoint expression may print: there are two per node (and
#: per output), so they get a smaller share than the totals; past this they are null.
MAX_ACCUMULATED_NODES = 1_000


def accumulated(exprs: tuple[sp.Expr, ...], values: tuple[Value, ...], i: int, writer: JsonWriter) -> dict:
    short = size(exprs[i], MAX_ACCUMULATED_NODES) <= MAX_ACCUMULATED_NODES
    return {"expr": writer.text(exprs[i]) if short else None, "value": values[i] if i < len(values) else None}


def matrix(matrix: sp.MatrixBase, writer: JsonWriter) -> list[list[str | None]]:
    return [[writer.text(v) for v in row] for row in matrix.tolist()]


def layers_dict(layers, edge_values, writer: JsonWriter) -> list[dict] | None:
    """The layers of the vector chain rule (:func:`explorer.calculus.layers.layers`), each with its Jacobian."""
    if layers is None:
        return None
    return [
        {
            "nodes": list(layer.nodes),
            "carried": list(layer.carried),
            "jacobian": matrix(layer.jacobian, writer),
            "jacobian_latex": writer.latex(layer.jacobian),
            "jacobian_values": [list(row) for row in layer.values(edge_values)],
        }
        for layer in layers
    ]


#: Entries of one Jacobian (or value) the JSON form writes out; a larger one is null (its shape is still given).
MAX_JSON_CELLS = 4096


def _cells(table, count: int):
    return [list(row) for row in table] if table is not None and count <= MAX_JSON_CELLS else None


def shapes_dict(shapes: Shapes | None, values: BlockValues | None) -> dict | None:
    """The graph of shapes: blocks with their shape, operation, value and adjoint; links with their closed form."""
    if shapes is None:
        return None
    blocks = []
    for block in shapes.blocks:
        text, latex = label(block)
        adjoint = values.adjoints.get(block.id) if values else None
        blocks.append(
            {
                "id": block.id,
                "op": block.op,
                "shape": list(block.shape),
                "label": text,
                "label_latex": latex,
                "operands": [o if isinstance(o, str) else None for o in block.operands],
                "entries": [e if isinstance(e, str) else None for e in block.entries],
                "value": list(values.values[block.id]) if values else None,
                "adjoint": _cells(adjoint, block.size * shapes.output.size),
            }
        )
    links = [
        {
            "source": link.source,
            "target": link.target,
            "position": link.position,
            "kind": link.form.kind,
            "form": link.form.text,
            "form_latex": link.form.latex,
            "shape": [link.rows, link.columns],
            "value": _cells(values.jacobians[k] if values else None, link.rows * link.columns),
        }
        for k, link in enumerate(shapes.links)
    ]
    return {
        "blocks": blocks,
        "links": links,
        "output": shapes.output.id,
        "whole": [list(row) for row in values.whole] if values else None,
        "agrees": values.agrees if values else None,
    }


#: Keys named in the notes for numbers JSON cannot hold; the rest are counted.
NAMED_NON_FINITE = 8


def _finite(value: object, where: str, found: list[str]) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        found.append(where)
        return None
    if isinstance(value, dict):
        return {k: _finite(v, f"{where}.{k}" if where else str(k), found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v, f"{where}[{k}]", found) for k, v in enumerate(value)]
    return value


def finite_json(data: dict) -> dict:
    """``data`` with every infinite or NaN float, which JSON has no word for, as None, and a note naming each key.

    Examples
    --------
    >>> finite_json({"to": float("inf"), "notes": []})
    {'to': None, 'notes': ['to is too large for a float (infinite or undefined), so it is null']}
    """
    found: list[str] = []
    clean = _finite(data, "", found)
    if found:
        named = [f"{where} is too large for a float (infinite or undefined), so it is null" for where in found]
        if len(named) > NAMED_NON_FINITE:
            named = [*named[:NAMED_NON_FINITE], f"… and {len(found) - NAMED_NON_FINITE:,} more such values"]
        clean["notes"] = [*(clean.get("notes") or []), *named]
    return clean
