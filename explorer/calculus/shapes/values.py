"""The graph of shapes at a point: every block's value, every link's Jacobian from its closed form, and their product.

Each link's Jacobian (:mod:`explorer.calculus.shapes.closed`) is computed from its
closed form and the values of the blocks at the point: ``W`` from W's
entries, ``I ⊗ xᵀ`` from x's, ``diag(f′(z))`` from the derivative of the
scalar operation at each entry of z, ``diag(s) − s sᵀ`` from the softmax. The
vector chain rule then multiplies them, from the output back (one row per
output entry, as reverse mode does), and adds what reaches the inputs: the
whole Jacobian, which is checked against the graph of entries (itself
checked against ``sympy.diff``). Undefined values (a pole, a kink of relu at
0) are None; an exact zero times an undefined value is zero, as in the
graph of entries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import sympy as sp

from ...graph.flow import Block, DataFlow
from ...language.floats import Undefined, at_kink, positions, value_of
from .closed import Link, Shapes

__all__ = ["MAX_PATHS", "BlockValues", "block_paths", "block_values", "product"]

#: Paths through the graph of shapes listed for a product of Jacobians, at most.
MAX_PATHS = 12

Value = float | None
Table = tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class BlockValues:
    """The graph of shapes at a point.

    Attributes
    ----------
    values : Mapping[str, tuple of float or None]
        Each block's entries, row by row.
    jacobians : tuple of Table
        Per link (in :attr:`Shapes.links` order), its Jacobian at the point.
    adjoints : Mapping[str, Table]
        Per block, ∂(output's entries)/∂(its entries): one row per entry of the output
        (for a scalar output, the gradient by the block, shaped as the block row by row).
    whole : Table
        ∂(outputs)/∂(inputs) from the blocks alone: rows are ``flow.outputs``, columns ``flow.inputs``.
    agrees : bool or None
        Whether :attr:`whole` equals the Jacobian of the graph of entries at the point; None where
        a value is undefined.
    """

    values: Mapping[str, tuple[Value, ...]]
    jacobians: tuple[Table, ...]
    adjoints: Mapping[str, Table]
    whole: Table
    agrees: bool | None

    def __post_init__(self):
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))
        object.__setattr__(self, "adjoints", MappingProxyType(dict(self.adjoints)))

    def __reduce__(self):  # MappingProxyType does not pickle
        return (BlockValues, (dict(self.values), self.jacobians, dict(self.adjoints), self.whole, self.agrees))


def _table(array: np.ndarray) -> Table:
    return tuple(tuple(None if math.isnan(v) else float(v) for v in row) for row in np.atleast_2d(array))


def _array(values: Sequence[Value]) -> np.ndarray:
    return np.array([math.nan if v is None else v for v in values], dtype=float)


def _times(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b where NaN is undefined, and an exact zero times an undefined value is zero."""
    clean = np.nan_to_num(a, nan=0.0) @ np.nan_to_num(b, nan=0.0)
    undefined = (np.isnan(a).astype(float) @ (b != 0).astype(float)) + ((a != 0).astype(float) @ np.isnan(b))
    clean[undefined > 0] = math.nan
    return clean


def _entrywise(link: Link, block: Block, operands: list, sizes: list[int]) -> np.ndarray:
    """diag(∂f/∂a) entry by entry, a column for a broadcast scalar, 1×1 for scalars."""
    assert link.partial is not None
    args = positions(len(operands))
    derivative = np.full(block.size, math.nan)
    for k in range(block.size):
        values = [o[k] if size > 1 else o[0] for o, size in zip(operands, sizes)]
        if any(math.isnan(v) for v in values) or at_kink(link.partial, args, values):
            continue
        try:
            derivative[k] = value_of(link.partial, args, values)
        except Undefined:
            continue
    if sizes[link.position] == 1 and block.size > 1:
        return derivative.reshape(-1, 1)
    return np.diag(derivative)


def _matrix(values: np.ndarray, dims: tuple[int, ...]) -> np.ndarray:
    return values.reshape(dims if len(dims) == 2 else (-1,))


def _closed(link: Link, block: Block, operands: list, dims: list[tuple[int, ...]]) -> np.ndarray:
    """The Jacobian of an operation on whole values, from its closed form."""
    op, p = block.op, link.position
    if op == "matmul":
        a, b = (_matrix(o, d) for o, d in zip(operands, dims))
        if p == 1:
            if a.ndim == 1:
                return a.reshape(1, -1) if b.ndim == 1 else np.kron(a.reshape(1, -1), np.eye(b.shape[1]))
            return a if b.ndim == 1 else np.kron(a, np.eye(b.shape[1]))
        if a.ndim == 1:
            return b.reshape(1, -1) if b.ndim == 1 else b.T
        return np.kron(np.eye(a.shape[0]), b.reshape(1, -1) if b.ndim == 1 else b.T)
    if op == "transpose":
        if len(dims[0]) < 2:
            return np.eye(block.size)
        rows, columns = dims[0]
        jacobian = np.zeros((block.size, block.size))
        for i in range(rows):
            for j in range(columns):
                jacobian[j * rows + i, i * columns + j] = 1.0
        return jacobian
    if op in ("sum", "mean"):
        size = operands[0].size
        return np.full((1, size), 1.0 if op == "sum" else 1.0 / size)
    if op == "dot":
        return operands[1 - p].reshape(1, -1)
    if op == "softmax":
        s = operands[-1]  # the block's own values, appended by the caller
        return np.diag(s) - np.outer(s, s)
    if op == "logsumexp":
        z = operands[0]
        e = np.exp(z - np.max(z)) if not np.isnan(z).any() else np.full(z.shape, math.nan)
        return (e / e.sum()).reshape(1, -1)
    if op == "stack":
        column = np.zeros((block.size, 1))
        column[p, 0] = 1.0
        return column
    raise ValueError(f"no closed form for {op!r}")


def _operand_values(block: Block, values: dict[str, np.ndarray], by_id: dict[str, Block]) -> tuple[list, list]:
    arrays, dims = [], []
    for operand in block.operands:
        if isinstance(operand, str):
            arrays.append(values[operand])
            dims.append(by_id[operand].shape)
        elif isinstance(operand, sp.MatrixBase):
            arrays.append(np.array([float(v) for v in operand], dtype=float))
            rows, columns = operand.shape
            dims.append((rows,) if columns == 1 else (rows, columns))
        else:
            arrays.append(np.array([float(operand)]))
            dims.append(())
    return arrays, dims


def _entry_value(entry, node_values: Mapping[str, Value]) -> Value:
    if isinstance(entry, str):
        return node_values.get(entry)
    return None if entry is None else float(entry)


def block_values(
    shapes: Shapes, flow: DataFlow, node_values: Mapping[str, Value], jacobian: Sequence[Sequence[Value]]
) -> BlockValues:
    """The graph of shapes at the point of ``node_values``; ``jacobian`` is the graph of entries' (outputs × inputs).

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> a = run("W = [[a, b], [c, d]]; x = [p, q]; y = sum(W @ x)", at="a=1, b=2, c=3, d=4, p=5, q=6")
    >>> a.block_values.jacobians[0], a.block_values.agrees
    (((5.0, 6.0, 0.0, 0.0), (0.0, 0.0, 5.0, 6.0)), True)
    """
    by_id = {b.id: b for b in shapes.blocks}
    values = {b.id: _array([_entry_value(e, node_values) for e in b.entries]) for b in shapes.blocks}
    incoming: dict[str, list[int]] = {b.id: [] for b in shapes.blocks}
    jacobians: list[np.ndarray] = []
    for index, link in enumerate(shapes.links):
        block = by_id[link.target]
        operands, dims = _operand_values(block, values, by_id)
        if link.partial is not None:
            jacobians.append(_entrywise(link, block, operands, [o.size for o in operands]))
        else:
            jacobians.append(_closed(link, block, [*operands, values[block.id]], dims))
        incoming[link.target].append(index)
    out = shapes.output
    adjoints: dict[str, np.ndarray] = {out.id: np.eye(out.size)}
    for block in reversed(shapes.blocks):
        if block.id not in adjoints:
            continue
        for index in incoming[block.id]:
            link = shapes.links[index]
            term = _times(adjoints[block.id], jacobians[index])
            adjoints[link.source] = adjoints[link.source] + term if link.source in adjoints else term
    column = {name: j for j, name in enumerate(flow.inputs)}
    whole = np.zeros((out.size, len(flow.inputs)))
    for block in shapes.blocks:
        if block.op == "input" and block.id in adjoints:
            for k, entry in enumerate(block.entries):
                if isinstance(entry, str) and entry in column:
                    whole[:, column[entry]] += adjoints[block.id][:, k]
    return BlockValues(
        {name: tuple(None if math.isnan(v) else float(v) for v in array) for name, array in values.items()},
        tuple(_table(j) for j in jacobians),
        {name: _table(a) for name, a in adjoints.items()},
        _table(whole),
        _agrees(whole, jacobian),
    )


def _agrees(whole: np.ndarray, jacobian: Sequence[Sequence[Value]]) -> bool | None:
    expected = np.array([[math.nan if v is None else v for v in row] for row in jacobian], dtype=float)
    expected = expected.reshape(whole.shape)
    if np.isnan(whole).any() or np.isnan(expected).any():
        return None
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    return bool(np.allclose(whole, expected, rtol=1e-7, atol=1e-9 * scale))


def block_paths(shapes: Shapes, source: str, limit: int = MAX_PATHS) -> tuple[list[tuple[int, ...]], int]:
    """The paths of links from block ``source`` to the output (at most ``limit`` listed), and how many there are.

    Examples
    --------
    >>> from explorer.calculus.pipeline import run
    >>> block_paths(run("x = [p, q]; y = sum(x * x)").shapes, "x")
    ([(0, 2), (1, 2)], 2)
    """
    outgoing: dict[str, list[int]] = {}
    for index, link in enumerate(shapes.links):
        outgoing.setdefault(link.source, []).append(index)
    count: dict[str, int] = {shapes.output.id: 1}
    for block in reversed(shapes.blocks):
        if block.id != shapes.output.id:
            count[block.id] = sum(count.get(shapes.links[i].target, 0) for i in outgoing.get(block.id, []))
    found: list[tuple[int, ...]] = []

    def walk(node: str, path: tuple[int, ...]) -> None:
        if len(found) >= limit:
            return
        if node == shapes.output.id:
            found.append(path)
            return
        for index in outgoing.get(node, []):
            if count.get(shapes.links[index].target, 0):
                walk(shapes.links[index].target, (*path, index))

    if count.get(source, 0):
        walk(source, ())
    return found, count.get(source, 0)


def product(values: BlockValues, path: Sequence[int]) -> Table:
    """The product of the Jacobians along a path of links, the last link's first: J_D ··· J_1."""
    result: np.ndarray | None = None
    for index in path:
        jacobian = np.array([[math.nan if v is None else v for v in row] for row in values.jacobians[index]])
        result = jacobian if result is None else _times(jacobian, result)
    assert result is not None
    return _table(result)
