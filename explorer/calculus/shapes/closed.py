"""The vector chain rule on whole values: each block's Jacobian by each operand, in the paper's closed form.

The graph of shapes (:class:`~explorer.graph.flow.Block`, one node per
operation on whole vectors and matrices) has a link per operand position,
and each link a Jacobian ∂(block)/∂(operand) in the form the paper writes:
``W`` for ``W @ x`` by ``x``; ``I ⊗ xᵀ`` for it by ``W`` (row i of the
result takes ``xᵀ`` from row i of W, which makes the gradient of a scalar an
outer product ``δ xᵀ``); ``diag(f′(z))`` for a function entry by entry;
``I`` or a column of ones for a sum with a scalar broadcast; ``1ᵀ`` for a
sum; ``diag(s) − s sᵀ`` for a softmax. A matrix is taken entry by entry, row
by row, so ∂(block)/∂W has one column per entry of W. The forms are
expressions (Unicode and LaTeX), no words; :mod:`explorer.calculus.shapes.values`
gives their values at a point and checks their product.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ...graph.flow import Block, DataFlow
from ...language.operations import apply, position_symbol
from ...language.printing import tex, unicode

__all__ = ["MAX_BLOCKS", "Form", "Link", "Shapes", "label", "literal", "shapes", "signature"]

#: Blocks in the graph of shapes, at most: a longer program is shown entry by entry only.
MAX_BLOCKS = 400

#: Reductions to one number: the Jacobian is a row.
REDUCTIONS = ("sum", "mean", "dot")


@dataclass(frozen=True)
class Form:
    """A Jacobian in the paper's closed form.

    Attributes
    ----------
    kind : str
        ``'identity'`` (c·I), ``'diagonal'`` (diag of an expression entry by
        entry), ``'column'`` (a scalar broadcast: one column), ``'partial'``
        (scalars: the ordinary partial), ``'matrix'`` (the other operand:
        ``W``), ``'transposed'`` (``xᵀ``, ``Wᵀ``), ``'kronecker'`` (``I ⊗ xᵀ``,
        ``A ⊗ I``: by a matrix, an outer product), ``'ones'`` (``1ᵀ``, a sum or
        a mean), ``'softmax'`` (``diag(s) − s sᵀ``), ``'permutation'`` (a
        transpose), ``'select'`` (``e₂``: one entry of ``[f1, f2]``).
    text : str
        One line of Unicode: ``W``, ``diag(1 − tanh(g2)²)``, ``I ⊗ xᵀ``, ``1ᵀ``.
    latex : str
        The same in LaTeX.
    """

    kind: str
    text: str
    latex: str


@dataclass(frozen=True)
class Link:
    """One operand position of a block: its Jacobian ∂target/∂source, a (target size) × (source size) matrix.

    ``partial`` is, for an operation entry by entry, the derivative of the
    scalar operation by this position, in the operand positions
    (:func:`explorer.language.operations.position_symbol`), evaluated entry by entry.
    """

    source: str
    target: str
    position: int
    form: Form
    rows: int
    columns: int
    partial: sp.Expr | None = None


@dataclass(frozen=True)
class Shapes:
    """The graph of shapes of a program: its blocks (the output's last), and a link per operand position."""

    blocks: tuple[Block, ...]
    links: tuple[Link, ...]

    @property
    def output(self) -> Block:
        """The output's block."""
        return self.blocks[-1]

    def block(self, block_id: str) -> Block:
        """The block with this id."""
        return next(b for b in self.blocks if b.id == block_id)


#: Characters of a constant vector or matrix written in place that a label shows.
MAX_LITERAL = 28


def literal(matrix: sp.MatrixBase) -> str:
    """A constant vector (a column) or matrix as typed: ``[1, 0, 1]``, ``[[1, 2], [3, 4]]``, shortened past a size.

    Examples
    --------
    >>> literal(sp.ImmutableMatrix([1, 0, 1])), literal(sp.ImmutableMatrix([[1, 2], [3, 4]]))
    ('[1, 0, 1]', '[[1, 2], [3, 4]]')
    """
    rows = matrix.tolist()
    if matrix.shape[1] == 1:
        text = "[" + ", ".join(unicode(row[0]) for row in rows) + "]"
    else:
        text = "[" + ", ".join("[" + ", ".join(unicode(v) for v in row) + "]" for row in rows) + "]"
    return text if len(text) <= MAX_LITERAL else text[: MAX_LITERAL - 2] + "…]"


def _name(operand) -> sp.Basic:
    """An operand as the forms write it: a block by its id, a constant as its value (a vector or matrix as typed)."""
    if isinstance(operand, str):
        return sp.Symbol(operand, real=True)
    return sp.Symbol(literal(operand), real=True) if isinstance(operand, sp.MatrixBase) else operand


def _named(operand) -> tuple[str, str]:
    """Unicode and LaTeX of an operand by name (a constant matrix in LaTeX as a matrix)."""
    if isinstance(operand, sp.MatrixBase):
        return literal(operand), tex(operand)
    name = _name(operand)
    return unicode(name), tex(name)


def label(block: Block) -> tuple[str, str]:
    """The block's operation as typed, in Unicode and LaTeX, its operands by name: ``W @ x``, ``g1 + b``, ``Wᵀ``.

    An unnamed leaf is its literal (``[w1, w2]``).

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> [label(b)[0] for b in build(parse("W = [[a, b], [c, d]]; x = [p, q]; y = sum(tanh(Wᵀ @ x - 1))")).blocks]
    ['W', 'x', 'Wᵀ', 'g1 @ x', 'g2 − 1', 'tanh(g3)', 'sum(g4)']
    """
    names = [_named(o) for o in block.operands]
    op = block.op
    if op in ("input", "constant"):
        if block.named:
            return block.id, tex(sp.Symbol(block.id))
        entries = [unicode(e) if not isinstance(e, str) else e for e in block.entries]
        if len(block.shape) == 2:  # a matrix written in place: its rows
            return literal(sp.ImmutableMatrix(*block.shape, [sp.Symbol(e) for e in entries])), tex(sp.Symbol("C"))
        latex = ", ".join(tex(sp.Symbol(str(e))) for e in entries)
        return "[" + ", ".join(entries) + "]", r"\left[" + latex + r"\right]"
    if op == "matmul":
        return f"{names[0][0]} @ {names[1][0]}", f"{names[0][1]} {names[1][1]}"
    if op == "transpose":
        return f"{names[0][0]}ᵀ", f"{names[0][1]}^{{T}}"
    if op == "stack":
        return "[" + ", ".join(n[0] for n in names) + "]", r"\left[" + ", ".join(n[1] for n in names) + r"\right]"
    if op in ("sum", "mean", "dot", "softmax", "logsumexp"):
        text = f"{op}({', '.join(n[0] for n in names)})"
        return text, rf"\operatorname{{{op}}}\left({', '.join(n[1] for n in names)}\right)"
    typed = apply(op, [_name(o) for o in block.operands], block.inverted or None, evaluate=False)
    return unicode(typed, typed=True), tex(typed, typed=True)


#: How a signature writes an operation between the shapes of its operands.
_SIGNS = {"matmul": "·", "+": "+", "*": "·", "**": "^", "dot": "·"}


def signature(block: Block, blocks: Shapes | dict) -> str:
    """The block's shapes as the paper reads a layer: ``2×3 · 3 → 2``, ``2 + 1 → 2``, ``2 → 2``, ``2 → 1``.

    A vector of n is ``n``, a matrix ``r×c``, a scalar ``1``; a leaf is its own shape.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> flow = build(parse("W = [[a, b, c], [d, f, g]]; x = [p, q, r]; y = sum(tanh(W @ x + s))"))
    >>> [signature(b, {c.id: c for c in flow.blocks}) for b in flow.blocks]
    ['2×3', '3', '2×3 · 3 → 2', '1', '2 + 1 → 2', '2 → 2', '2 → 1']
    """
    by_id = {b.id: b for b in blocks.blocks} if isinstance(blocks, Shapes) else blocks

    def text(dims: tuple[int, ...]) -> str:
        return "×".join(str(n) for n in dims) or "1"

    if block.op in ("input", "constant"):
        return text(block.shape)
    operands = [text(_dims(o, by_id)) for o in block.operands]
    if len(operands) > 1 and block.op in _SIGNS:
        signs = [_SIGNS[block.op]] * (len(operands) - 1)
        if block.op in ("+", "*") and block.inverted:
            inverse = "−" if block.op == "+" else "/"
            signs = [inverse if inv else sign for sign, inv in zip(signs, block.inverted[1:])]
        written = operands[0] + "".join(f" {sign} {o}" for sign, o in zip(signs, operands[1:]))
    else:
        written = ", ".join(operands)
    return f"{written} → {text(block.shape)}"


def _entrywise(block: Block, position: int, shapes_of: dict) -> tuple[Form, sp.Expr]:
    """diag(∂f/∂a) for an operand of the block's shape, a column where a scalar is broadcast, or a partial."""
    count = len(block.operands)
    placeholders = [position_symbol(q) for q in range(count)]
    partial = sp.diff(apply(block.op, placeholders, block.inverted or (False,) * count), placeholders[position])
    named = {placeholders[q]: _name(o) for q, o in enumerate(block.operands)}
    shown = partial.xreplace(named)
    vectors = {named[placeholders[q]] for q, o in enumerate(block.operands) if shapes_of.get(q)}
    text, latex = unicode(shown), tex(shown)
    if not block.shape:
        return Form("partial", text, latex), partial
    broadcast = not shapes_of.get(position)
    if shown.free_symbols & vectors:  # varies entry by entry
        if broadcast:
            return Form("column", text, latex), partial
        return Form("diagonal", f"diag({text})", rf"\operatorname{{diag}}\left({latex}\right)"), partial
    one, one_tex = ("1", r"\mathbf{1}") if broadcast else ("I", "I")
    if shown == 1:
        return Form("column" if broadcast else "identity", one, one_tex), partial
    if shown == -1:
        return Form("column" if broadcast else "identity", f"−{one}", f"-{one_tex}"), partial
    factor = f"({text})" if shown.is_Add else text
    return Form("column" if broadcast else "identity", f"{factor}·{one}", rf"{latex} \, {one_tex}"), partial


def _matmul(block: Block, position: int, dims: list[tuple[int, ...]]) -> Form:
    (left, lt), (right, rt) = _named(block.operands[0]), _named(block.operands[1])
    if position == 1:  # by the right operand
        if len(dims[0]) == 1:
            if len(dims[1]) == 1:
                return Form("transposed", f"{left}ᵀ", rf"{lt}^{{T}}")
            return Form("kronecker", f"{left}ᵀ ⊗ I", rf"{lt}^{{T}} \otimes I")
        if len(dims[1]) == 1:
            return Form("matrix", left, lt)
        return Form("kronecker", f"{left} ⊗ I", rf"{lt} \otimes I")
    if len(dims[0]) == 1:  # by a vector on the left: x @ W by x is Wᵀ (x @ y by x is yᵀ)
        return Form("transposed", f"{right}ᵀ", rf"{rt}^{{T}}")
    return Form("kronecker", f"I ⊗ {right}ᵀ", rf"I \otimes {rt}^{{T}}")


def _form(block: Block, position: int, dims: list[tuple[int, ...]]) -> tuple[Form, sp.Expr | None]:
    """The closed form of ∂block/∂(operand ``position``)."""
    op = block.op
    if op == "matmul":
        return _matmul(block, position, dims), None
    if op == "transpose":
        if len(dims[0]) == 2:
            return Form("permutation", "P (Aᵀ: entry (i, j) to (j, i))", r"P"), None
        return Form("identity", "I", "I"), None
    if op in ("sum", "mean"):
        size = 1
        for n in dims[0]:
            size *= n
        if op == "sum":
            return Form("ones", "1ᵀ", r"\mathbf{1}^{T}"), None
        return Form("ones", f"1ᵀ/{size}", rf"\frac{{1}}{{{size}}} \mathbf{{1}}^{{T}}"), None
    if op == "dot":
        other, other_tex = _named(block.operands[1 - position])
        return Form("transposed", f"{other}ᵀ", rf"{other_tex}^{{T}}"), None
    if op == "softmax":
        s, st = unicode(sp.Symbol(block.id)), tex(sp.Symbol(block.id))
        return Form("softmax", f"diag({s}) − {s}·{s}ᵀ", rf"\operatorname{{diag}}({st}) - {st} {st}^{{T}}"), None
    if op == "logsumexp":
        z, zt = _named(block.operands[0])
        return Form("softmax", f"softmax({z})ᵀ", rf"\operatorname{{softmax}}({zt})^{{T}}"), None
    if op == "stack":
        k = position + 1
        return Form("select", f"e{k}", rf"\mathbf{{e}}_{{{k}}}"), None
    shapes_of = {q: d for q, d in enumerate(dims)}
    return _entrywise(block, position, shapes_of)


def _dims(operand, blocks: dict[str, Block]) -> tuple[int, ...]:
    if isinstance(operand, str):
        return blocks[operand].shape
    if isinstance(operand, sp.MatrixBase):
        rows, columns = operand.shape
        return (rows,) if columns == 1 else (rows, columns)
    return ()


def shapes(flow: DataFlow, max_blocks: int = MAX_BLOCKS) -> Shapes | None:
    """The graph of shapes with every link's closed form; None when every value is a scalar, or past ``max_blocks``.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> cut = shapes(build(parse("W = [[a, b], [c, d]]; x = [p, q]; y = sum(tanh(W @ x))")))
    >>> [(link.source, link.target, link.form.text) for link in cut.links]
    [('W', 'g1', 'I ⊗ xᵀ'), ('x', 'g1', 'W'), ('g1', 'g2', 'diag(1 − tanh(g1)²)'), ('g2', 'y', '1ᵀ')]
    """
    blocks = flow.blocks
    if not blocks or len(blocks) > max_blocks or all(not b.shape for b in blocks):
        return None
    by_id = {b.id: b for b in blocks}
    links = []
    for block in blocks:
        dims = [_dims(o, by_id) for o in block.operands]
        for position, operand in enumerate(block.operands):
            if not isinstance(operand, str) or by_id[operand].op == "constant":
                continue  # a constant: nothing flows back into it
            form, partial = _form(block, position, dims)
            links.append(Link(operand, block.id, position, form, block.size, by_id[operand].size, partial))
    return Shapes(blocks, tuple(links))
