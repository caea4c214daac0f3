"""The evaluation point, read once at the boundary: names to finite floats, or a refusal naming the variable.

A point arrives as a mapping (``{"x": 0.5, "w": "pi/4"}``), as text
(``"x=0.5, w=pi/4"``) or not at all. :func:`read_point` turns any of them
into ``dict[str, float]`` before any symbolic work, reading constant
expressions with the same allowlist parser as the input; :func:`complete`
fills the inputs left unset with :data:`DEFAULT_POINT`, the one rule for
defaults that the page, the CLI and the library share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from ..errors import ExpressionError
from ..graph.build import build
from ..language.floats import Undefined, value_of
from ..language.parse import parse

__all__ = ["DEFAULT_POINT", "complete", "constant_value", "default_value", "read_point"]

#: Default values for the inputs, by order of appearance: well inside the domain of
#: the paper's examples (x**x, ln(x**2), ln(sin(x**3)**2)) and distinct, so max/min
#: of two inputs is not at its kink.
DEFAULT_POINT = (0.5, 1.5, 0.25, 2.0, 0.75, 1.25, 0.4, 1.75, 0.6, 1.1)


def default_value(index: int) -> float:
    """The default value of the input that appears ``index``-th (0-based).

    Examples
    --------
    >>> default_value(0), default_value(1), default_value(10)
    (0.5, 1.5, 0.5)
    """
    return DEFAULT_POINT[index % len(DEFAULT_POINT)]


def constant_value(text: str, name: str = "the value") -> float:
    """The float value of a constant expression typed by a user (``-1``, ``pi/4``, ``1e-3``).

    Parsed by the same allowlist parser as expressions.

    Raises
    ------
    ExpressionError
        For text outside the language, a value with variables, or one that
        is not a finite real number; the message starts with ``name``.

    Examples
    --------
    >>> round(constant_value("pi/4"), 6)
    0.785398
    >>> constant_value("y + 1", "x")
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: x must be a number, got 'y + 1'
    """
    try:
        flow = build(parse(text))
    except ExpressionError as err:
        raise ExpressionError(f"{name}: {err}") from None
    if flow.inputs or flow.is_vector:
        raise ExpressionError(f"{name} must be a number, got {text.strip()!r}")
    try:
        return value_of(flow.nodes[-1].expr, (), ())
    except Undefined as why:
        raise ExpressionError(f"{name} is {why}") from None


def _number(name: str, raw: object) -> float:
    if isinstance(raw, bool):
        raise ExpressionError(f"the value of {name} must be a number, not {raw}")
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:
            raise ExpressionError(f"the value of {name} is too large") from None
    elif isinstance(raw, str):
        value = constant_value(raw, name)
    else:
        raise ExpressionError(f"the value of {name} must be a number, not {type(raw).__name__}")
    if not math.isfinite(value):
        raise ExpressionError(f"the value of {name} must be a finite number")
    return value


def _split(text: str) -> dict[str, str]:
    point: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier() or not value.strip():
            shown = part if len(part) <= 40 else part[:37] + "…"
            raise ExpressionError(f"cannot read {shown!r} as name=value (for example x=0.5)")
        if name in point:
            raise ExpressionError(f"{name} is given twice in the point")
        point[name] = value.strip()
    return point


def read_point(at: Mapping[str, object] | str | None) -> dict[str, float]:
    """Read an evaluation point into names and finite floats.

    Parameters
    ----------
    at : Mapping[str, float or str] or str or None
        ``{"x": 0.5, "w": "pi/4"}``, ``"x=0.5, w=pi/4"``, or None for none.
        Values are numbers or constant expressions in the input language.

    Returns
    -------
    dict
        Name -> float, in the order given.

    Raises
    ------
    ExpressionError
        For any other shape, a name that is not text, or a value that is
        not a finite real number, naming the variable.

    Examples
    --------
    >>> read_point("x=0.5, w=pi/2")
    {'x': 0.5, 'w': 1.5707963267948966}
    >>> read_point({"x": 2})
    {'x': 2.0}
    >>> read_point([("x", 1)])
    Traceback (most recent call last):
    ...
    explorer.errors.ExpressionError: the point must be a mapping such as {'x': 0.5} or text such as 'x=0.5', not list
    """
    if at is None:
        return {}
    if isinstance(at, str):
        at = _split(at)
    if not isinstance(at, Mapping):
        raise ExpressionError(
            f"the point must be a mapping such as {{'x': 0.5}} or text such as 'x=0.5', not {type(at).__name__}"
        )
    values: dict[str, float] = {}
    for name, raw in at.items():
        if not isinstance(name, str):
            raise ExpressionError(f"the point's names must be text, not {type(name).__name__}")
        values[name] = _number(name, raw)
    return values


def complete(inputs: Sequence[str], values: Mapping[str, float]) -> tuple[dict[str, float], tuple[str, ...]]:
    """The point for these inputs: the given values, :func:`default_value` for the rest.

    Returns
    -------
    (point, notes)
        One float per input in order; and a note per given name that is not
        an input (its value is ignored).

    Examples
    --------
    >>> complete(("x", "w"), {"w": 2.0, "q": 1.0})
    ({'x': 0.5, 'w': 2.0}, ('q is not an input of this expression; its value is ignored',))
    """
    point = {name: float(values.get(name, default_value(i))) for i, name in enumerate(inputs)}
    notes = tuple(
        f"{name} is not an input of this expression; its value is ignored" for name in values if name not in point
    )
    return point, notes
