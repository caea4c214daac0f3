"""The input language in one table: every operator and function, and what each layer needs of it.

Each :class:`Operation` row holds the names a user may type (aliases
included), how many operands it takes, how sympy builds it (evaluated, for
calculus, and unevaluated, to show it as typed), its float implementation
where sympy's printers have none, how printers name it, and which
differentiation rule its local partial derivatives use. The parser, the graph
builder, the numeric code, the printers, the README and the tests read this
table, so adding a function is one row here.

Sums and products are n-ary, as in sympy and the paper: ``a + b - c`` is one
operation whose operands carry a flag for "subtracted", and ``2*x*y/z`` one
whose operands carry a flag for "divided by".
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import sympy as sp
from sympy.core.sympify import _sympify  # strict: numbers and sympy objects only, never text

from .activations import ACTIVATIONS

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "OPERATIONS",
    "RULES",
    "Operation",
    "apply",
    "elementary",
    "operation",
    "position_symbol",
    "suggestion",
    "unknown_function",
]

#: The differentiation rules an edge's local partial derivative can come from, as the paper names them.
RULES = (
    "power",
    "product",
    "quotient",
    "sum",
    "constant multiple",
    "exponential",
    "logarithm",
    "trigonometric",
    "inverse trigonometric",
    "hyperbolic",
    "activation",
    "absolute value",
    "min/max",
)

#: For each operand: (is it a constant, is it inverted: subtracted in a sum, divided by in a product).
Operands = Sequence[tuple[bool, bool]]


@dataclass(frozen=True)
class Operation:
    """One operator or function of the input language.

    Attributes
    ----------
    name : str
        The canonical name in syntax trees and graphs: ``'+'``, ``'*'``,
        ``'**'``, ``'neg'``, ``'id'`` or a function name such as ``'log'``.
    build : callable
        ``build(operands, inverted, evaluate)`` returns the sympy expression;
        ``evaluate=False`` keeps the form as typed, for display.
    rule : str or callable
        The differentiation rule of every operand's local partial (one of
        :data:`RULES`), or ``rule(operands) -> tuple`` of one rule per
        operand when it depends on which operands are constants.
    spellings : tuple of str
        The names a user types for a function, the usual one first; empty
        for operators.
    arity : (int, int or None)
        Least and most operands (None: no most).
    sympy_name : str or None
        The name of the sympy class the builder makes, where printers meet it.
    display : str or None
        How printers show that class, when it differs from sympy's name.
    float_impl : callable or None
        A float implementation for ``lambdify`` where sympy has none.
    group : str
        Which row of the README's input-language table lists it.
    vectors : bool
        Takes vectors (or matrices) and gives a scalar (``dot``, ``sum``,
        ``mean``): the graph builder passes the entries as its operands, all
        of the first vector first. Other operations apply entry by entry.
    whole : bool
        Takes whole vectors or matrices and is written out by the graph
        builder in scalar operations of this table (``matmul`` as one ``dot``
        per entry, ``softmax`` as ``exp``, a sum and quotients): it makes no
        node of its own, and ``build`` refuses scalars
        (:mod:`explorer.graph.matrices`).
    """

    name: str
    build: Callable[[Sequence[sp.Expr], Sequence[bool], bool], sp.Expr]
    rule: str | Callable[[Operands], tuple[str, ...]]
    spellings: tuple[str, ...] = ()
    arity: tuple[int, int | None] = (1, 1)
    sympy_name: str | None = None
    display: str | None = None
    float_impl: Callable[[float], float] | None = None
    group: str = ""
    vectors: bool = False
    whole: bool = False

    def rules(self, operands: Operands) -> tuple[str, ...]:
        """The rule of each operand's local partial.

        Examples
        --------
        >>> operation("*").rules([(True, False), (False, False)])
        ('constant multiple', 'constant multiple')
        >>> operation("**").rules([(False, False), (False, False)])
        ('power', 'exponential')
        """
        if callable(self.rule):
            return self.rule(operands)
        return tuple(self.rule for _ in operands)


# -- builders --------------------------------------------------------------------------------------


def _negated(term: sp.Expr, evaluate: bool) -> sp.Expr:
    if term.is_Number:  # x - 1 is shown as x − 1, not x − 1·1
        return -term
    return sp.Mul(sp.S.NegativeOne, term, evaluate=evaluate)


def _sum(operands, inverted, evaluate):
    terms = [_negated(t, evaluate) if inv else t for t, inv in zip(operands, inverted, strict=True)]
    if len(terms) == 1:
        return terms[0]
    return sp.Add(*terms, evaluate=evaluate)


def _product(operands, inverted, evaluate):
    factors = [sp.Pow(f, sp.S.NegativeOne, evaluate=evaluate) if inv else f for f, inv in zip(operands, inverted)]
    if len(factors) == 1:
        return factors[0]
    return sp.Mul(*factors, evaluate=evaluate)


def _power(operands, inverted, evaluate):
    return sp.Pow(*operands, evaluate=evaluate)


def _neg(operands, inverted, evaluate):
    return _negated(operands[0], evaluate)


def _identity(operands, inverted, evaluate):
    return operands[0]


def _log(operands, inverted, evaluate):
    if len(operands) == 1:
        return sp.log(operands[0], evaluate=evaluate)
    value, base = operands
    return sp.Mul(
        sp.log(value, evaluate=evaluate),
        sp.Pow(sp.log(base, evaluate=evaluate), sp.S.NegativeOne, evaluate=evaluate),
        evaluate=evaluate,
    )


def _sqrt(operands, inverted, evaluate):
    return sp.Pow(operands[0], sp.S.Half, evaluate=evaluate)


def _dot(operands, inverted, evaluate):
    n = len(operands) // 2
    terms = [sp.Mul(a, b, evaluate=evaluate) for a, b in zip(operands[:n], operands[n:], strict=True)]
    return terms[0] if n == 1 else sp.Add(*terms, evaluate=evaluate)


def _mean(operands, inverted, evaluate):
    return sp.Mul(_sum(operands, inverted, evaluate), sp.Rational(1, len(operands)), evaluate=evaluate)


def _whole(operands, inverted, evaluate):
    # the graph builder writes these out entry by entry (explorer.graph.matrices); a scalar never gets here
    raise TypeError("this operation takes whole vectors or matrices, written out entry by entry")


def _function(f: type) -> Callable:
    def build(operands, inverted, evaluate):
        return f(*operands, evaluate=evaluate)

    return build


# -- rules that depend on the operands ----------------------------------------------------------------


def _product_rules(operands: Operands) -> tuple[str, ...]:
    variable = [inv for const, inv in operands if not const]
    if any(variable):
        rule = "quotient"  # a variable divisor: the quotient rule, for the numerator's edges too
    elif len(variable) >= 2:
        rule = "product"
    else:
        rule = "constant multiple"  # 3·x, x/2
    return tuple(rule for _ in operands)


def _dot_rules(operands: Operands) -> tuple[str, ...]:
    # d(a·b)/da = b: the product rule, or a constant multiple where b is a number
    n = len(operands) // 2
    return tuple("constant multiple" if operands[(i + n) % (2 * n)][0] else "product" for i in range(2 * n))


def _power_rules(operands: Operands) -> tuple[str, ...]:
    return ("power", "exponential")  # d(u^v)/du = v·u^(v−1); d(u^v)/dv = u^v·ln(u)


# -- the table ------------------------------------------------------------------------------------------


def _functions(names: str, rule: str, group: str) -> list[Operation]:
    rows = []
    for name in names.split():
        aliases = (name,)
        if name.startswith("a") and name not in ("abs",):
            stem = name[1:]
            aliases += (f"arc{stem}",) if group != "hyperbolic" else (f"ar{stem}", f"arc{stem}")
        rows.append(
            Operation(name, _function(getattr(sp, name)), rule, aliases, sympy_name=name, group=group),
        )
    return rows


_ROWS: list[Operation] = [
    Operation("+", _sum, "sum", arity=(1, None), group="arithmetic"),
    Operation("*", _product, _product_rules, arity=(1, None), group="arithmetic"),
    Operation("**", _power, _power_rules, arity=(2, 2), group="arithmetic"),
    Operation("neg", _neg, "constant multiple", group="arithmetic"),
    Operation("id", _identity, "constant multiple"),
    Operation("exp", _function(sp.exp), "exponential", ("exp",), sympy_name="exp", group="exponential"),
    Operation("log", _log, "logarithm", ("ln", "log"), (1, 2), sympy_name="log", display="ln", group="exponential"),
    Operation("sqrt", _sqrt, "power", ("sqrt",), group="exponential"),
    Operation("abs", _function(sp.Abs), "absolute value", ("abs",), sympy_name="Abs", group="exponential"),
    *_functions("sin cos tan cot sec csc", "trigonometric", "trigonometric"),
    *_functions("asin acos atan acot asec acsc", "inverse trigonometric", "trigonometric"),
    *_functions("sinh cosh tanh coth sech csch", "hyperbolic", "hyperbolic"),
    *_functions("asinh acosh atanh acoth", "hyperbolic", "hyperbolic"),
    *(
        Operation(
            a.__name__,
            _function(a),
            "activation",
            (a.__name__,),
            sympy_name=a.__name__,
            display=a.display,
            float_impl=a.of_float,
            group="deep learning",
        )
        for a in ACTIVATIONS
    ),
    *_functions("erf", "activation", "deep learning"),  # the Gaussian CDF inside GELU: Φ(z) = (1 + erf(z/√2))/2
    Operation("max", _function(sp.Max), "min/max", ("max",), (2, None), "Max", "max", group="deep learning"),
    Operation("min", _function(sp.Min), "min/max", ("min",), (2, None), "Min", "min", group="deep learning"),
    Operation("dot", _dot, _dot_rules, ("dot",), (2, 2), group="vectors", vectors=True),
    Operation("sum", _sum, "sum", ("sum",), (1, 1), group="vectors", vectors=True),
    Operation("mean", _mean, "sum", ("mean",), (1, 1), group="vectors", vectors=True),
    Operation("softmax", _whole, "exponential", ("softmax",), group="vectors", whole=True),
    Operation("logsumexp", _whole, "logarithm", ("logsumexp",), group="vectors", whole=True),
    Operation("matmul", _whole, "product", ("matmul",), (2, 2), group="matrices", whole=True),
    Operation("transpose", _whole, "sum", ("transpose",), group="matrices", whole=True),
    # not the language's: the step and the sign that derivatives of relu, max and abs bring in, which a
    # learner's answer may use (explorer.language.answers); no spelling of the expression language calls them
    Operation("heaviside", _function(sp.Heaviside), "min/max", sympy_name="Heaviside", display="H"),
    Operation("sign", _function(sp.sign), "absolute value", sympy_name="sign"),
]

#: Every operation by its canonical name.
OPERATIONS: Mapping[str, Operation] = MappingProxyType({row.name: row for row in _ROWS})

#: What a user may type as a function name -> the operation it calls.
FUNCTIONS: Mapping[str, Operation] = MappingProxyType({spelling: row for row in _ROWS for spelling in row.spellings})

#: Named constants a user may type -> their sympy value.
CONSTANTS: Mapping[str, sp.Expr] = MappingProxyType({"pi": sp.pi, "π": sp.pi, "e": sp.E})

#: Names people reach for that the language spells differently.
_INSTEAD = {
    "log10": "log(x, 10)",
    "log2": "log(x, 2)",
    "atan2": "atan(y/x)",
    "arctan2": "atan(y/x)",
    "sgn": "abs(x)/x",
    "sign": "abs(x)/x",
    "pow": "x**y",
    "power": "x**y",
    "logistic": "sigmoid(x)",
    "expit": "sigmoid(x)",
    "ReLU": "relu(x)",
    "swish": "silu(x)",
    "cross_entropy": "-sum(t*ln(softmax(z)))",
    "crossentropy": "-sum(t*ln(softmax(z)))",
    "log_softmax": "z - logsumexp(z)",
    "logsoftmax": "z - logsumexp(z)",
    "mse": "mean((t - y)**2)",
    "average": "mean(v)",
    "dotproduct": "dot(a, b)",
    "mm": "A @ B",
    "mv": "A @ x",
}

#: How many of the nearest known functions an "unknown function" message lists.
NEAREST = 3


def suggestion(name: str) -> str:
    """What to say after "unknown function": a spelling the language has, when one is close.

    Examples
    --------
    >>> suggestion("sigmoud"), suggestion("Tanh"), suggestion("log10"), suggestion("foo")
    ('; did you mean sigmoid?', '; did you mean tanh?', '; write log(x, 10)', '')
    """
    if name in _INSTEAD:
        return f"; write {_INSTEAD[name]}"
    if name.lower() in FUNCTIONS:
        return f"; did you mean {name.lower()}?"
    close = difflib.get_close_matches(name, list(FUNCTIONS), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


def unknown_function(name: str, variable: bool) -> str:
    """The message for ``name(`` when ``name`` is no function: a spelling it has, or the nearest it knows.

    ``variable``: the name is a variable of the program (assigned, used without ``(`` elsewhere, or one
    letter with an index, as variables are written), so a product was probably meant.

    Examples
    --------
    >>> unknown_function("x", True)
    "unknown function 'x' (to multiply, write x*(...))"
    >>> unknown_function("sigmoud", False)
    "unknown function 'sigmoud'; did you mean sigmoid?"
    >>> unknown_function("cross_entropy", False)
    "unknown function 'cross_entropy'; write -sum(t*ln(softmax(z)))"
    >>> unknown_function("foo", False)
    "unknown function 'foo'; the nearest known functions are log, erf and dot"
    """
    if variable:
        return f"unknown function {name!r} (to multiply, write {name}*(...))"
    close = suggestion(name)
    if close:
        return f"unknown function {name!r}{close}"
    nearest = difflib.get_close_matches(name.lower(), list(FUNCTIONS), n=NEAREST, cutoff=0.0)
    listed = ", ".join(nearest[:-1]) + f" and {nearest[-1]}" if len(nearest) > 1 else "".join(nearest)
    return f"unknown function {name!r}; the nearest known functions are {listed}"


def operation(name: str) -> Operation:
    """The row of the operation with this canonical name.

    Examples
    --------
    >>> operation("log").spellings
    ('ln', 'log')
    """
    return OPERATIONS[name]


def apply(name: str, operands: Sequence[sp.Expr], inverted: Sequence[bool] | None = None, *, evaluate: bool = True):
    """Apply an operation of the input language to sympy operands.

    Parameters
    ----------
    name : str
        A canonical operation name (``'+'``, ``'**'``, ``'sin'``...).
    operands : sequence of sympy.Expr
        In the order typed.
    inverted : sequence of bool, optional
        Per operand: subtracted (in a sum) or divided by (in a product).
    evaluate : bool
        False keeps the form as typed (for display).

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> apply("*", [x, x]), apply("*", [x, x], evaluate=False)
    (x**2, x*x)
    >>> apply("+", [x, y, 1], [False, True, True], evaluate=False)
    x - y - 1
    """
    inverted = (False,) * len(operands) if inverted is None else tuple(inverted)
    return OPERATIONS[name].build([_sympify(o) for o in operands], inverted, evaluate)


@functools.cache
def position_symbol(i: int) -> sp.Symbol:
    """The placeholder for the ``i``-th operand of an operation (``__a0``, ``__a1``...).

    Local functions are written in these placeholders, so that ``x*x`` has
    two distinct positions to differentiate by, even though both hold ``x``,
    and so that every ``a0 + a1`` is one expression, compiled once. User
    names cannot start with ``__``, so they never collide, and code
    generated from these expressions never contains a user's name. Plain
    symbols (not ``Dummy``) stay equal across processes.

    Examples
    --------
    >>> position_symbol(0), position_symbol(100)
    (__a0, __a100)
    """
    return sp.Symbol(f"__a{i}", real=True)


def elementary(expr: sp.Expr) -> sp.Expr:
    """Rewrite the activations in terms of functions every sympy knows.

    Used for strings meant to be read back by ``sympy.sympify`` elsewhere.

    Examples
    --------
    >>> from explorer.language.activations import relu, sigmoid
    >>> z = sp.Symbol("z")
    >>> elementary(sigmoid(z) + relu(z))
    Max(0, z) + 1/(1 + exp(-z))
    """
    for activation in ACTIVATIONS:
        expr = expr.replace(activation, activation.written_out)
    return expr
