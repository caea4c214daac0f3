"""The deep-learning activations sympy lacks, each one class that declares its own row of the language table.

An activation is a :class:`sympy.Function` whose derivative is given by
``fdiff``, so ``sympy.diff`` itself knows it, with a float implementation
beside it for evaluating at a point, its LaTeX name, and how to write it with
the functions every sympy knows (for strings read back elsewhere). Subclassing
:class:`Activation` registers it in :data:`ACTIVATIONS`, and the language table
(:mod:`explorer.language.operations`) makes a row of each: a new activation is
one class here and one row of the README's input-language table.
"""

from __future__ import annotations

import math

import sympy as sp
from mpmath.libmp import prec_to_dps

__all__ = ["ACTIVATIONS", "Activation", "gelu", "relu", "sigmoid", "silu", "softplus"]

#: Every activation, in the order they were declared.
ACTIVATIONS: list[type[Activation]] = []


class Activation(sp.Function):
    """An activation of one argument, declared by its class attributes and methods.

    Attributes
    ----------
    display : str or None
        How one-line text shows it (``σ``); None: its name.
    tex : str
        Its LaTeX name (``\\sigma``, ``\\operatorname{relu}``).
    at_zero : sympy.Expr or None
        Its exact value at 0, so ``sigmoid(0)`` folds to 1/2.
    """

    display: str | None = None
    tex: str = ""
    at_zero: sp.Expr | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        ACTIVATIONS.append(cls)

    @staticmethod
    def derivative(z: sp.Expr) -> sp.Expr:
        """Its derivative at ``z``, in sympy."""
        raise NotImplementedError

    @staticmethod
    def written_out(z: sp.Expr) -> sp.Expr:
        """The same function written with those every sympy knows (``exp``, ``log``, ``Max``)."""
        raise NotImplementedError

    @staticmethod
    def of_float(z: float) -> float:
        """Its value at a float, without overflow."""
        raise NotImplementedError

    def fdiff(self, argindex=1):
        return self.derivative(self.args[0])

    @classmethod
    def eval(cls, arg):
        if cls.at_zero is not None and arg.is_zero:
            return cls.at_zero
        return None

    def _eval_evalf(self, prec):
        # through evalf's own adaptive precision, which sees cancellation: gelu(−10) = −10·(1 + erf(−7.07))/2
        # is 7.6·10⁻²³, where the terms' sum at the working precision alone gives 0
        return self.written_out(self.args[0]).evalf(prec_to_dps(prec))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        name = self.tex or rf"\operatorname{{{type(self).__name__}}}"
        return rf"{name}\left({arg}\right)" if exp is None else rf"{name}^{{{exp}}}\left({arg}\right)"


class sigmoid(Activation):  # noqa: N801 - named as users type it
    r"""The logistic function :math:`\sigma(z) = 1/(1 + e^{-z})`.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(sigmoid(z), z)
    (1 - sigmoid(z))*sigmoid(z)
    >>> float(sigmoid(0)), sigmoid.of_float(-1000.0), sigmoid.of_float(1000.0)
    (0.5, 0.0, 1.0)
    """

    display = "σ"
    tex = r"\sigma"
    at_zero = sp.S.Half

    @staticmethod
    def derivative(z):
        return sigmoid(z) * (1 - sigmoid(z))

    @staticmethod
    def written_out(z):
        return 1 / (1 + sp.exp(-z))

    @staticmethod
    def of_float(z: float) -> float:
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        ez = math.exp(z)
        return ez / (1.0 + ez)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.written_out(arg)


class softplus(Activation):  # noqa: N801
    r"""The softplus function :math:`\ln(1 + e^{z})`, whose derivative is :math:`\sigma(z)`.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(softplus(z), z)
    sigmoid(z)
    >>> softplus.of_float(1000.0), round(softplus.of_float(0.0), 6)
    (1000.0, 0.693147)
    """

    tex = r"\operatorname{softplus}"
    at_zero = sp.log(2)

    @staticmethod
    def derivative(z):
        return sigmoid(z)

    @staticmethod
    def written_out(z):
        return sp.log(1 + sp.exp(z))

    @staticmethod
    def of_float(z: float) -> float:
        return max(z, 0.0) + math.log1p(math.exp(-abs(z)))

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.written_out(arg)

    def _eval_rewrite_as_log(self, arg, **kwargs):
        return self.written_out(arg)


class relu(Activation):  # noqa: N801
    r"""The rectifier :math:`\max(0, z)`; its derivative is the step :math:`H(z)`.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(relu(z), z)
    Heaviside(z)
    >>> relu(-2), relu(3), relu.of_float(-2.0)
    (0, 3, 0.0)
    """

    tex = r"\operatorname{relu}"

    @staticmethod
    def derivative(z):
        return sp.Heaviside(z)

    @staticmethod
    def written_out(z):
        return sp.Max(0, z)

    @staticmethod
    def of_float(z: float) -> float:
        return max(z, 0.0)

    @classmethod
    def eval(cls, arg):
        if arg.is_number and arg.is_extended_real:
            return sp.Max(0, arg)
        return None

    def _eval_rewrite_as_Max(self, arg, **kwargs):  # noqa: N802 - sympy looks it up by this name
        return self.written_out(arg)


class gelu(Activation):  # noqa: N801
    r"""The Gaussian error linear unit :math:`z\,\Phi(z) = \tfrac{z}{2}\left(1 + \operatorname{erf}(z/\sqrt{2})\right)`.

    Its derivative is :math:`\Phi(z) + z\,\varphi(z)`, the Gaussian CDF plus z times its density.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(gelu(z), z)
    sqrt(2)*z*exp(-z**2/2)/(2*sqrt(pi)) + erf(sqrt(2)*z/2)/2 + 1/2
    >>> gelu(0), round(gelu.of_float(1.0), 6), gelu.of_float(-40.0)
    (0, 0.841345, -0.0)
    """

    tex = r"\operatorname{GELU}"
    at_zero = sp.S.Zero

    @staticmethod
    def derivative(z):
        return (1 + sp.erf(z / sp.sqrt(2))) / 2 + z * sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi)

    @staticmethod
    def written_out(z):
        return z * (1 + sp.erf(z / sp.sqrt(2))) / 2

    @staticmethod
    def of_float(z: float) -> float:
        return 0.5 * z * math.erfc(-z / math.sqrt(2.0))  # erfc keeps the far negative tail accurate

    def _eval_rewrite_as_erf(self, arg, **kwargs):
        return self.written_out(arg)


class silu(Activation):  # noqa: N801
    r"""The sigmoid linear unit (swish) :math:`z\,\sigma(z)`; its derivative is :math:`\sigma(z)(1 + z(1 - \sigma(z)))`.

    Examples
    --------
    >>> z = sp.Symbol("z")
    >>> sp.diff(silu(z), z)
    z*(1 - sigmoid(z))*sigmoid(z) + sigmoid(z)
    >>> silu(0), round(silu.of_float(1.0), 6), silu.of_float(-1000.0)
    (0, 0.731059, -0.0)
    """

    tex = r"\operatorname{SiLU}"
    at_zero = sp.S.Zero

    @staticmethod
    def derivative(z):
        return sigmoid(z) + z * sigmoid(z) * (1 - sigmoid(z))

    @staticmethod
    def written_out(z):
        return z / (1 + sp.exp(-z))

    @staticmethod
    def of_float(z: float) -> float:
        return z * sigmoid.of_float(z)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.written_out(arg)
