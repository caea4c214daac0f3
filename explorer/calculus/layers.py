"""The graph cut into layers for the vector chain rule, each with its Jacobian: ∂y/∂x = J_D ··· J_2 · J_1.

The paper's vector chain rule as a product of Jacobians: the graph in layers
by depth, a variable a later layer needs carried through as an identity row,
each layer's Jacobian built from the edges' local partials (no
differentiation here).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from ..graph.flow import DataFlow

__all__ = ["MAX_LAYER_CELLS", "layers"]

#: Entries of all the layers' Jacobians together, at most: a graph cut into more is not shown layer by layer.
MAX_LAYER_CELLS = 2500


def _depths(flow: DataFlow) -> dict[str, int]:
    """Each node's layer: 0 for the inputs, else one more than its deepest operand."""
    depth: dict[str, int] = {}
    for node in flow.nodes:
        depth[node.id] = 0 if node.kind == "input" else 1 + max((depth[o] for o in node.operands), default=0)
    return depth


def layers(flow: DataFlow, max_cells: int = MAX_LAYER_CELLS) -> tuple[Layer, ...] | None:
    """Cut the graph into layers for the vector chain rule: ∂y/∂x = J_D ··· J_2 · J_1.

    Layer 0 holds the inputs; a node belongs to the layer one past its
    deepest operand, and the outputs all end in the last layer. A variable
    that a later layer still needs is carried across the layers between,
    each time as an identity row, so each layer's Jacobian takes exactly the
    layer before it, and their product is the whole Jacobian ∂(outputs)/∂(inputs).

    Parameters
    ----------
    flow : DataFlow
    max_cells : int
        The most entries all the layers' Jacobians may have together.

    Returns
    -------
    tuple of Layer, or None
        Layers 1 to D (layer 0 is ``flow.inputs``); empty without inputs;
        None when the Jacobians would have more than ``max_cells`` entries.

    Notes
    -----
    Linear in the graph and in the number of entries.

    Examples
    --------
    >>> from explorer.language.parse import parse
    >>> from explorer.graph.build import build
    >>> cut = layers(build(parse("x + x**2")))
    >>> [(layer.nodes, layer.carried, layer.jacobian.tolist()) for layer in cut]
    [(('x', 'u1'), ('x',), [[1], [2*x]]), (('y',), (), [[1, 1]])]
    """
    if not flow.inputs:
        return ()
    depth = _depths(flow)
    last = max(depth.values())
    need = {node.id: 0 for node in flow.nodes}
    for node in flow.nodes:
        for operand in node.operands:
            need[operand] = max(need[operand], depth[node.id])
    for out in flow.outputs:
        need[out] = last + 1
    incoming = flow.incoming()
    previous = list(flow.inputs)
    cut: list[Layer] = []
    cells = 0
    for k in range(1, last + 1):
        if k == last:
            current = list(flow.outputs)
        else:
            current = [n.id for n in flow.nodes if depth[n.id] == k or (depth[n.id] < k and need[n.id] > k)]
        cells += len(current) * len(previous)
        if cells > max_cells:
            return None
        column = {node: j for j, node in enumerate(previous)}
        entries: dict[tuple[int, int], list[int]] = {}
        carried = []
        for row, node in enumerate(current):
            if depth[node] < k:
                carried.append(node)
                entries[row, column[node]] = []
                continue
            for index in incoming[node]:
                entries.setdefault((row, column[flow.edges[index].source]), []).append(index)
        matrix = sp.zeros(len(current), len(previous))
        for (row, col), edges in entries.items():  # one sum per entry: x*x*...*x has 2,000 edges into one
            matrix[row, col] = sp.Add(*(flow.edges[i].partial for i in edges)) if edges else sp.S.One
        found = tuple((r, c, tuple(e)) for (r, c), e in sorted(entries.items()))
        cut.append(Layer(tuple(current), tuple(carried), sp.ImmutableMatrix(matrix), found))
        previous = current
    return tuple(cut)


@dataclass(frozen=True)
class Layer:
    """One layer of the graph cut for the vector chain rule ∂f/∂x = ∂f/∂g · ∂g/∂x.

    Attributes
    ----------
    nodes : tuple of str
        The variables after this layer, in order (the rows of its Jacobian).
    carried : tuple of str
        Those among ``nodes`` that were already there before it: carried
        across unchanged, each an identity row.
    jacobian : sympy.ImmutableMatrix
        ∂(nodes)/∂(the previous layer's nodes), in the intermediate
        variables: each entry the sum of the local partials of the edges
        between them, 1 for a carried variable and itself.
    cells : tuple of (int, int, tuple of int)
        The non-zero entries: row, column and the edges (indexes into the
        graph's edges) whose partials add up to it; no edges for an identity.
    """

    nodes: tuple[str, ...]
    carried: tuple[str, ...]
    jacobian: sp.ImmutableMatrix
    cells: tuple[tuple[int, int, tuple[int, ...]], ...]

    def values(self, edge_values: Sequence[float | None]) -> tuple[tuple[float | None, ...], ...]:
        """The Jacobian at a point, from the edges' values there (None where an edge is undefined).

        Examples
        --------
        >>> layer = Layer(("y",), (), sp.ImmutableMatrix([[1, 1]]), ((0, 0, (1,)), (0, 1, (2,))))
        >>> layer.values([2.0, 1.0, 1.0])
        ((1.0, 1.0),)
        """
        rows, columns = self.jacobian.shape
        table: list[list[float | None]] = [[0.0] * columns for _ in range(rows)]
        for row, column, edges in self.cells:
            if not edges:
                table[row][column] = 1.0
                continue
            parts = [edge_values[i] for i in edges]
            table[row][column] = None if any(p is None for p in parts) else math.fsum(parts)  # type: ignore[arg-type]
        return tuple(tuple(row) for row in table)


def multiply(
    layers: Sequence[Layer], edge_values: Sequence[float | None], width: int
) -> tuple[tuple[float | None, ...], ...] | None:
    """The product of the layers' Jacobians at a point, last layer first: J_D ··· J_1 (``width`` inputs).

    None where a value is undefined. By the vector chain rule it is the whole Jacobian at the point.

    Examples
    --------
    >>> first = Layer(("x", "u1"), ("x",), sp.ImmutableMatrix([[1], [2]]), ((0, 0, ()), (1, 0, (0,))))
    >>> second = Layer(("y",), (), sp.ImmutableMatrix([[1, 1]]), ((0, 0, (1,)), (0, 1, (2,))))
    >>> multiply([first, second], [2.0, 1.0, 1.0], 1)
    ((3.0,),)
    """
    product: list[list[float]] = [[1.0 if i == j else 0.0 for j in range(width)] for i in range(width)]
    for layer in layers:
        values = layer.values(edge_values)
        if any(v is None for row in values for v in row):
            return None
        product = [[math.fsum(r[m] * product[m][j] for m in range(len(r))) for j in range(width)] for r in values]  # type: ignore[operator]
    return tuple(tuple(row) for row in product)
