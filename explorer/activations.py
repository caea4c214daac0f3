"""The deep-learning activations sympy lacks: sigmoid, softplus and relu.

Each is a small :class:`sympy.Function` whose derivative is given by
``fdiff``, so ``sympy.diff`` itself knows it, with a float implementation
beside it for evaluating at a point. The language table
(:mod:`explorer.language`) refers to both.
"""

from __future__ import annotations

import math

import sympy as sp

__all__ = ["relu", "relu_float", "sigmoid", "sigmoid_float", "softplus", "softplus_float"]


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


def sigmoid_float(z: float) -> float:
    """The logistic function on a float, without overflow for large ``|z|``.

    Examples
    --------
    >>> sigmoid_float(0.0), sigmoid_float(-1000.0), sigmoid_float(1000.0)
    (0.5, 0.0, 1.0)
    """
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def softplus_float(z: float) -> float:
    """``ln(1 + e^z)`` on a float, without overflow for large ``z``.

    Examples
    --------
    >>> softplus_float(1000.0), round(softplus_float(0.0), 6)
    (1000.0, 0.693147)
    """
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


def relu_float(z: float) -> float:
    """``max(z, 0)`` on a float.

    Examples
    --------
    >>> relu_float(-2.0), relu_float(3.0)
    (0.0, 3.0)
    """
    return max(z, 0.0)
