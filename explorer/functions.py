"""The table from the input language's operators and functions to sympy.

Each operation is applied twice: evaluated, to do calculus with, and
unevaluated (``evaluate=False``), to show an intermediate variable exactly as
typed (``u1 = x·x`` rather than ``x²``). The deep-learning activations that
sympy lacks are small :class:`sympy.Function` subclasses whose derivative is
given by ``fdiff``, so ``sympy.diff`` itself knows them.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

__all__ = ["position_symbol", "sigmoid", "softplus", "relu", "OPERATIONS", "apply", "NUMERIC_FUNCTIONS", "elementary"]


class sigmoid(sp.Function):  # noqa: N801 - named as users type it
    r"""The logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(sigmoid(z), z)
    (1 - sigmoid(z))*sigmoid(z)
    >>> float(sigmoid(0))
    0.5
    """

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0]) * (1 - sigmoid(self.args[0]))

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sp.S.Half

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sp.exp(-arg))

    def _eval_evalf(self, prec):
        return self.rewrite(sp.exp)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        base = rf"\sigma\left({arg}\right)"
        return base if exp is None else rf"\sigma^{{{exp}}}\left({arg}\right)"


class softplus(sp.Function):  # noqa: N801
    r"""The softplus function :math:`\ln(1 + e^{z})`, whose derivative is :math:`\sigma(z)`.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(softplus(z), z)
    sigmoid(z)
    """

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sp.log(2)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return sp.log(1 + sp.exp(arg))

    def _eval_rewrite_as_log(self, arg, **kwargs):
        return sp.log(1 + sp.exp(arg))

    def _eval_evalf(self, prec):
        return self.rewrite(sp.exp)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        base = rf"\operatorname{{softplus}}\left({arg}\right)"
        return base if exp is None else rf"\operatorname{{softplus}}^{{{exp}}}\left({arg}\right)"


class relu(sp.Function):  # noqa: N801
    r"""The rectifier :math:`\max(0, z)`; its derivative is the step :math:`H(z)`.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(relu(z), z)
    Heaviside(z)
    >>> relu(-2), relu(3)
    (0, 3)
    """

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0])

    @classmethod
    def eval(cls, arg):
        if arg.is_number and arg.is_extended_real:
            return sp.Max(0, arg)

    def _eval_rewrite_as_Max(self, arg, **kwargs):  # noqa: N802 - sympy looks it up by this name
        return sp.Max(0, arg)

    def _eval_evalf(self, prec):
        return sp.Max(0, self.args[0])._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        base = rf"\operatorname{{relu}}\left({arg}\right)"
        return base if exp is None else rf"\operatorname{{relu}}^{{{exp}}}\left({arg}\right)"


_POSITIONS: list[sp.Symbol] = []


def position_symbol(i: int) -> sp.Symbol:
    """The placeholder for the ``i``-th operand of an operation (``__a0``, ``__a1``...).

    Local functions are written in these placeholders, so that ``x*x`` has
    two distinct positions to differentiate by, even though both hold ``x``,
    and so that every ``a0 + a1`` is one expression, compiled once. User
    names cannot start with ``__``, so they never collide; plain symbols
    (not ``Dummy``) stay equal across processes.
    """
    while len(_POSITIONS) <= i:
        _POSITIONS.append(sp.Symbol(f"__a{len(_POSITIONS)}", real=True))
    return _POSITIONS[i]


def _sub(a, b, evaluate=True):
    return sp.Add(a, sp.Mul(sp.S.NegativeOne, b, evaluate=evaluate), evaluate=evaluate)


def _div(a, b, evaluate=True):
    return sp.Mul(a, sp.Pow(b, sp.S.NegativeOne, evaluate=evaluate), evaluate=evaluate)


def _neg(a, evaluate=True):
    return sp.Mul(sp.S.NegativeOne, a, evaluate=evaluate)


def _func(f: type) -> Callable[..., sp.Expr]:
    def build(*args, evaluate=True):
        return f(*args, evaluate=evaluate)

    return build


def _log(a, b=None, evaluate=True):
    if b is None:
        return sp.log(a, evaluate=evaluate)
    return sp.Mul(
        sp.log(a, evaluate=evaluate), sp.Pow(sp.log(b, evaluate=evaluate), -1, evaluate=evaluate), evaluate=evaluate
    )


def _sqrt(a, evaluate=True):
    return sp.Pow(a, sp.S.Half, evaluate=evaluate)


def _minmax(f: type) -> Callable[..., sp.Expr]:
    def build(*args, evaluate=True):
        return f(*args, evaluate=evaluate)

    return build


#: canonical operation -> builder(*operands, evaluate=bool)
OPERATIONS: dict[str, Callable[..., sp.Expr]] = {
    "+": lambda a, b, evaluate=True: sp.Add(a, b, evaluate=evaluate),
    "-": _sub,
    "*": lambda a, b, evaluate=True: sp.Mul(a, b, evaluate=evaluate),
    "/": _div,
    "**": lambda a, b, evaluate=True: sp.Pow(a, b, evaluate=evaluate),
    "neg": _neg,
    "log": _log,
    "sqrt": _sqrt,
    "abs": _func(sp.Abs),
    "max": _minmax(sp.Max),
    "min": _minmax(sp.Min),
    "exp": _func(sp.exp),
    **{
        name: _func(getattr(sp, name))
        for name in [
            "sin",
            "cos",
            "tan",
            "cot",
            "sec",
            "csc",
            "asin",
            "acos",
            "atan",
            "acot",
            "asec",
            "acsc",
            "sinh",
            "cosh",
            "tanh",
            "coth",
            "sech",
            "csch",
            "asinh",
            "acosh",
            "atanh",
            "acoth",
        ]
    },
    "sigmoid": _func(sigmoid),
    "softplus": _func(softplus),
    "relu": _func(relu),
}


def apply(op: str, *operands: sp.Expr, evaluate: bool = True) -> sp.Expr:
    """Apply the operation ``op`` of the input language to sympy operands.

    Parameters
    ----------
    op : str
        A key of :data:`OPERATIONS` (``'+'``, ``'**'``, ``'sin'``, ...).
    *operands : sympy.Expr
        The operands, in the order typed.
    evaluate : bool
        False keeps the form as typed (for display).

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> apply("*", x, x)
    x**2
    >>> apply("*", x, x, evaluate=False)
    x*x
    """
    return OPERATIONS[op](*operands, evaluate=evaluate)


def _np_free_sigmoid(z):
    import math

    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def _softplus(z):
    import math

    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


#: Implementations for ``lambdify`` of the functions sympy's printers do not know.
NUMERIC_FUNCTIONS = {
    "sigmoid": _np_free_sigmoid,
    "softplus": _softplus,
    "relu": lambda z: max(z, 0.0),
    # sympy writes derivatives of abs() of expressions not known to be real with re/im
    "re": lambda z: z.real,
    "im": lambda z: z.imag,
}


def elementary(expr: sp.Expr) -> sp.Expr:
    """Rewrite the activations in terms of functions every sympy knows.

    Used for strings meant to be read back by ``sympy.sympify`` elsewhere.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> elementary(sigmoid(z) + relu(z))
    Max(0, z) + 1/(1 + exp(-z))
    """
    return (
        expr.replace(sigmoid, lambda a: 1 / (1 + sp.exp(-a)))
        .replace(softplus, lambda a: sp.log(1 + sp.exp(a)))
        .replace(relu, lambda a: sp.Max(0, a))
    )
