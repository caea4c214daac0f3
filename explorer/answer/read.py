"""A learner's answer, read with the expression's own parser: its entries, as typed and in the inputs, and its shape.

The answer is user text like the expression: the same allowlist parser,
limits and graph builder (never ``sympify``). It may use the expression's
inputs, the names of its intermediate variables (``u1``, or the user's
own), which are substituted back, and its named vectors and matrices of
inputs (``2*w`` for ``w = [w1, w2]``). It also reads every name the
explorer's printed derivatives use (``H(…)``, ``Heaviside``, ``sign``,
``Max``, ``Abs``, ``σ``, ``E``: :data:`~explorer.language.answers.ANSWER_FUNCTIONS`),
unless the expression uses that name as a variable. A refusal says that it
is about the answer, with the column in the answer. The shape is not
checked here: an answer of the wrong shape is a wrong answer
(:mod:`explorer.answer.shapes`), not a refusal.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import sympy as sp

from ..calculus.result import Analysis
from ..errors import ExpressionError
from ..graph.build import build
from ..graph.flow import DataFlow
from ..graph.naming import stem
from ..language.answers import ANSWER_CONSTANTS, ANSWER_FUNCTIONS
from ..language.parse import parse

__all__ = ["Answer", "read_answer", "shape_of"]


class Answer(NamedTuple):
    """An answer read: its entries row by row, in its own names and in the inputs, and its shape."""

    own: tuple[sp.Expr, ...]
    expressions: tuple[sp.Expr, ...]
    shape: tuple[int, ...] = ()


def shape_of(flow: DataFlow) -> tuple[int, ...]:
    """The shape of a graph's output: ``()`` for one expression, ``(n,)`` for a vector, ``(rows, columns)``.

    Examples
    --------
    >>> [shape_of(build(parse(text))) for text in ("[[1, x], [x, 2], [3, 4]]", "[x, 1]", "[[0]]", "x")]
    [(3, 2), (2,), (1, 1), ()]
    """
    if not flow.is_vector:
        return ()
    dims = dict(flow.matrices).get(stem(flow.outputs[0]))  # a matrix output is registered under its name
    return dims if dims and math.prod(dims) == len(flow.outputs) else (len(flow.outputs),)


def _definitions(analysis: Analysis) -> str:
    """The expression's named vectors and matrices of inputs, as statements an answer may build on."""
    flow, lines = analysis.flow, []
    for name, entries in flow.input_vectors().items():
        dims = flow.shape(name)
        if len(dims) == 2:
            rows = [entries[r * dims[1] : (r + 1) * dims[1]] for r in range(dims[0])]
            lines.append(f"{name} = [" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]")
        else:
            lines.append(f"{name} = [{', '.join(entries)}]")
    return "".join(line + "\n" for line in lines)


def _vocabulary(analysis: Analysis) -> tuple[dict, dict]:
    """The answer's functions and constants: all of them but the names the expression uses as variables."""
    taken = {node.id for node in analysis.nodes} | {name for name, _ in analysis.flow.vectors}
    functions = {name: row for name, row in ANSWER_FUNCTIONS.items() if name not in taken}
    constants = {name: value for name, value in ANSWER_CONSTANTS.items() if name not in taken}
    return functions, constants


def read_answer(text: str, analysis: Analysis) -> Answer:
    """Parse an answer with the expression's parser; its entries, as typed and in the inputs, and its shape.

    Raises
    ------
    ExpressionError
        Text outside the language (with the column in the answer), or a name
        that is not one of the expression's variables.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> read_answer("cos(u1) * 2x", explained("sin(x**2)"))
    Answer(own=(2*x*cos(u1),), expressions=(2*x*cos(x**2),), shape=())
    >>> read_answer("2*w", explained("w = [w1, w2]; y = dot(w, w)", wrt="w")).expressions
    (2*w1, 2*w2)
    >>> read_answer("x·H(x)", explained("relu(x)**2")).expressions
    (x*Heaviside(x),)
    """
    if not isinstance(text, str):
        raise ExpressionError(f"your answer: expected text, got {type(text).__name__}")
    prefix = _definitions(analysis) if text.strip() else ""
    functions, constants = _vocabulary(analysis)
    try:
        flow = build(parse(prefix + text, functions=functions, constants=constants))
    except ExpressionError as err:
        position = err.position - len(prefix) if err.position is not None and err.position >= len(prefix) else None
        raise ExpressionError(f"your answer: {err.message}", position, text) from None
    names = {node.id: node for node in analysis.nodes}
    for name in flow.inputs:
        if name not in names:
            inputs = ", ".join(analysis.inputs) or "none"
            raise ExpressionError(
                f"your answer uses {name!r}, which is not a variable of the expression (its inputs: {inputs}; "
                "the names of its intermediate variables may be used too)",
                flow.node(name).pos - len(prefix),
                text,
            )
    back = {names[n].symbol: names[n].expr for n in flow.inputs if names[n].kind != "input"}
    own = tuple(flow.node(out).expr for out in flow.outputs)
    return Answer(own, tuple(expr.xreplace(back) for expr in own), shape_of(flow))
