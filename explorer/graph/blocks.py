"""The graph of shapes, recorded while the scalar graph is built: one block per operation on whole values.

The scalar graph has a node per entry; the paper's vector chain rule works
on whole vectors and matrices, one operation at a time (``W @ x``, ``+ b``,
``tanh``, ``sum``). :class:`Recorder` notes each such operation as the
builder (:mod:`explorer.graph.build`) meets it, with its operands as typed:
other blocks, or constants folded in. A literal of inputs (``w = [w1, w2]``)
or of numbers (``X = [[1, 2], [3, 4]]``) is a leaf; one input used by its
own name is a leaf too. :meth:`Recorder.finish` keeps the blocks the output
depends on and names them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp

from .flow import Block
from .matrices import flat, shape

__all__ = ["Recorder", "Ref"]

#: A block while building: ``("block", index)``, or ``("const", operand)`` for a constant folded in.
Ref = tuple


@dataclass
class _Draft:
    op: str
    operands: list[Ref]
    inverted: tuple[bool, ...]
    pos: int | None
    value: tuple  # the builder's operand: its entries
    name: str | None = None


def constant(operand: tuple) -> sp.Basic:
    """A constant operand as sympy: a number, or an ``ImmutableMatrix`` (a vector is a column)."""
    dims = shape(operand)
    if not dims:
        return operand[1]
    values = [entry[1] for entry in flat(operand)]
    return sp.ImmutableMatrix(dims[0], dims[1] if len(dims) == 2 else 1, values)


def _is_constant(operand: tuple) -> bool:
    return all(entry[0] == "const" for entry in flat(operand))


class Recorder:
    """Blocks as the builder meets them; identical ones are one block when the builder shares nodes."""

    def __init__(self, share: bool):
        self.share = share
        self.drafts: list[_Draft] = []
        self.seen: dict[tuple, int] = {}

    def _add(self, key: tuple, draft: _Draft) -> Ref:
        if self.share and key in self.seen:
            return ("block", self.seen[key])
        self.drafts.append(draft)
        self.seen[key] = len(self.drafts) - 1
        return ("block", len(self.drafts) - 1)

    def leaf(self, operand: tuple, name: str | None = None) -> Ref:
        """An input by its name, or a literal of inputs and numbers; an unnamed constant is folded in."""
        if _is_constant(operand) and name is None:
            return ("const", operand)
        kind = "constant" if _is_constant(operand) else "input"
        key = ("leaf", operand, name if kind == "constant" else None)
        return self._add(key, _Draft(kind, [], (), None, operand, name))

    def operation(self, op: str, operands: Sequence[Ref], inverted: tuple, pos: int | None, value: tuple) -> Ref:
        """One operation on whole values; a constant when all its operands are."""
        if all(ref[0] == "const" for ref in operands):
            return ("const", value)
        key = (op, tuple(operands), inverted)
        return self._add(key, _Draft(op, list(operands), inverted, pos, value))

    def name(self, ref: Ref, name: str) -> Ref:
        """The program names a value (``z = W @ x + b``): its block takes the name, unless it has one."""
        if ref[0] == "const":
            if _is_constant(ref[1]) and shape(ref[1]):  # named data: X = [[1, 2], [3, 4]]
                return self.leaf(ref[1], name)
            return ref
        draft = self.drafts[ref[1]]
        if draft.name is None:
            draft.name = name
        return ref

    def finish(self, output: Ref, entry: Callable[[tuple], str | sp.Expr | None], taken: set[str], out: str) -> tuple:
        """The blocks the output depends on, in order, named; ``entry`` gives an entry operand's node id.

        ``out`` names the output's block when the program did not; unnamed others are ``g1``, ``g2``, ...
        """
        if output[0] == "const":
            return ()
        needed: set[int] = set()
        stack = [output[1]]
        while stack:
            index = stack.pop()
            if index not in needed:
                needed.add(index)
                stack.extend(ref[1] for ref in self.drafts[index].operands if ref[0] == "block")
        ids: dict[int, str] = {}
        named: set[int] = set()
        for index in sorted(needed):
            draft = self.drafts[index]
            own = draft.name or (draft.value[1] if draft.op == "input" and not shape(draft.value) else None)
            if index == output[1] and own is None:
                own = out
            if own is not None and own not in ids.values():
                ids[index] = own
                named.add(index)
        taken = taken | set(ids.values())
        counter = 0
        for index in sorted(needed):
            if index not in ids:
                counter += 1
                while f"g{counter}" in taken:
                    counter += 1
                ids[index] = f"g{counter}"
        blocks = []
        for index in sorted(needed):
            draft = self.drafts[index]
            operands = tuple(ids[ref[1]] if ref[0] == "block" else constant(ref[1]) for ref in draft.operands)
            entries = tuple(entry(e) for e in flat(draft.value))
            user = index in named and (draft.name is not None or draft.op == "input")
            blocks.append(
                Block(ids[index], draft.op, operands, shape(draft.value), entries, draft.inverted, draft.pos, user)
            )
        return tuple(blocks)
