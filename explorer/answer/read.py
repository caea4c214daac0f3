"""A learner's answer, read with the expression's own parser: its value per output, as typed and in the inputs.

The answer is user text like the expression: the same allowlist parser,
limits and graph builder (never ``sympify``). It may use the expression's
inputs and the names of its intermediate variables (``u1``, or the user's
own), which are substituted back; a refusal says that it is about the
answer, with the column in the answer.
"""

from __future__ import annotations

from typing import NamedTuple

import sympy as sp

from ..calculus.result import Analysis
from ..errors import ExpressionError
from ..graph.build import build
from ..graph.flow import DataFlow
from ..language.parse import parse

__all__ = ["Answer", "read_answer"]


class Answer(NamedTuple):
    """An answer read: per output, in its own names (inputs and intermediate variables), and in the inputs."""

    own: tuple[sp.Expr, ...]
    expressions: tuple[sp.Expr, ...]


def read_answer(text: str, analysis: Analysis) -> Answer:
    """Parse an answer with the expression's parser; its value per output, as typed and in the inputs.

    Raises
    ------
    ExpressionError
        Text outside the language (with the column in the answer), a name
        that is not one of the expression's variables, or a vector answer to
        a scalar expression (or the other way round).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> read_answer("cos(u1) * 2x", explained("sin(x**2)"))
    Answer(own=(2*x*cos(u1),), expressions=(2*x*cos(x**2),))
    """
    try:
        flow = build(parse(text))
    except ExpressionError as err:
        raise ExpressionError(f"your answer: {err.message}", err.position, err.text or text) from None
    names = {node.id: node for node in analysis.nodes}
    for name in flow.inputs:
        if name not in names:
            inputs = ", ".join(analysis.inputs) or "none"
            raise ExpressionError(
                f"your answer uses {name!r}, which is not a variable of the expression (its inputs: {inputs}; "
                "the names of its intermediate variables may be used too)",
                flow.node(name).pos,
                text,
            )
    wanted = len(analysis.outputs)
    if flow.is_vector != analysis.is_vector or len(flow.outputs) != wanted:
        shape = f"a vector of {wanted} derivatives, one per output" if analysis.is_vector else "one expression"
        raise ExpressionError(f"your answer should be {shape}, not {_shape(flow)}")
    back = {names[n].symbol: names[n].expr for n in flow.inputs if names[n].kind != "input"}
    own = tuple(flow.node(out).expr for out in flow.outputs)
    return Answer(own, tuple(expr.xreplace(back) for expr in own))


def _shape(flow: DataFlow) -> str:
    return f"a vector of {len(flow.outputs)}" if flow.is_vector else "one expression"
