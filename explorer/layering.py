"""The graph cut into layers for the vector chain rule, each with its Jacobian: ∂y/∂x = J_D ··· J_2 · J_1.

The paper's vector chain rule as a product of Jacobians: the graph in layers
by depth, a variable a later layer needs carried through as an identity row,
each layer's Jacobian built from the edges' local partials (no
differentiation here).
"""

from __future__ import annotations

import sympy as sp

from .flow import DataFlow
from .lesson import Layer

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
    >>> from explorer.parse import parse
    >>> from explorer.graph import build
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
