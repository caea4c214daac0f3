"""Print sympy expressions for people: one line of Unicode for labels and text, and LaTeX.

:class:`UnicodePrinter` is sympy's own :class:`~sympy.printing.str.StrPrinter`
with a few operators restyled: integer powers as superscripts (``x³``,
``(x + 1)²``), ``·`` for products, ``−`` for minus, ``ln``, ``σ``, ``|x|``
and ``√x``; :func:`tex` is :func:`sympy.latex`. Both print an intermediate
variable's operation as typed (``typed=True``: terms and factors in the
order they were built, ``u3 − t`` stays ``u3 − t``) and derived expressions
(partials, totals) in sympy's usual order.
"""

# sympy dispatches on _print_<ClassName>, so these method names cannot be snake_case
# ruff: noqa: N802, N815

from __future__ import annotations

import math
from typing import ClassVar

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from .operations import OPERATIONS

__all__ = [
    "ExactPrinter",
    "TexPrinter",
    "UnicodePrinter",
    "decimal",
    "derivative",
    "exact",
    "number",
    "numbers",
    "partial",
    "path_label",
    "superscript",
    "tex",
    "unicode",
]

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

#: sympy function name -> how it is shown (sympy's name when absent): the language table's
#: display names, and the step function that derivatives of relu and max bring in.
FUNCTION_NAMES = {
    **{row.sympy_name: row.display for row in OPERATIONS.values() if row.sympy_name and row.display},
    "Heaviside": "H",
}

#: Atoms with a conventional symbol.
ATOMS = {
    "Pi": "π",
    "Exp1": "e",
    "Infinity": "∞",
    "NegativeInfinity": "−∞",
    "ComplexInfinity": "∞̃",
    "NaN": "NaN",
    "ImaginaryUnit": "i",
}


#: Integers with more digits than this are shown in scientific form (5·10⁵⁰⁰³, 1.23457…·10⁹⁹).
SHOWN_DIGITS = 60


def decimal(n: int) -> str:
    """All the digits of an integer, however many (Python's ``str`` refuses more than 4,300).

    Examples
    --------
    >>> decimal(-(10**5000))[:4], len(decimal(10**5000))
    ('-100', 5001)
    """
    if n < 0:
        return "-" + decimal(-n)
    if n < 10**4000:
        return str(n)
    half = _digits(n) // 2
    high, low = divmod(n, 10**half)
    return decimal(high) + decimal(low).rjust(half, "0")


def _digits(n: int) -> int:
    """The number of decimal digits of ``n`` (exact), without converting it all to text."""
    n = abs(n)
    guess = max(1, int(n.bit_length() * 0.30102999566398120))
    return guess + 1 if n >= 10**guess else guess


def _shortened(n: int, times_ten: str, power) -> str:
    """``n`` in full when short, else its leading digits times a power of ten, exact where it can be."""
    digits = _digits(n)
    if digits <= SHOWN_DIGITS:
        return str(n)
    exponent = digits - 1
    mantissa = sp.Float(sp.Integer(n) / sp.Integer(10) ** exponent, 7)
    exact = sp.Integer(n) % sp.Integer(10) ** (exponent - 6) == 0
    lead = f"{float(mantissa):.6g}" + ("" if exact else "…")
    return lead + times_ten.format(power(exponent))


def size(expr: sp.Basic, limit: int) -> int:
    """How many nodes printing ``expr`` visits (a shared subexpression once per use), counting to ``limit`` + 1.

    Expressions made by nesting (u2 = sin(u1)·cos(u1), u3 = sin(u2)·cos(u2), ...) share their parts, so
    they are small in memory but print exponentially long: this tells, at a cost of at most ``limit``
    steps, whether printing is worth starting.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> size(sp.sin(x) + 1, 100)
    4
    >>> e = x
    >>> for _ in range(40):
    ...     e = sp.sin(e) * sp.cos(e)
    >>> size(e, 1000)
    1001
    """
    count, stack = 0, [expr]
    while stack:
        count += 1
        if count > limit:
            break
        stack.extend(stack.pop().args)
    return count


def superscript(n: int) -> str:
    """Write an integer in superscript digits.

    Examples
    --------
    >>> superscript(3), superscript(-12)
    ('³', '⁻¹²')
    """
    return str(int(n)).translate(_SUPERSCRIPTS)


class UnicodePrinter(StrPrinter):
    """A :class:`StrPrinter` with Unicode operators and function names.

    ``_print_Mul`` reuses the parent's layout of numerators and denominators
    and only swaps its ASCII ``*`` and ``-`` for ``·`` and ``−``: every
    operand was already printed by this printer (symbol names are
    identifiers), so any ASCII operator left in the string is this level's.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> UnicodePrinter().doprint(-3 * x**2 / (x + 1))
    '−3·x²/(x + 1)'
    """

    _default_settings: ClassVar[dict] = dict(StrPrinter._default_settings)

    def _print_Add(self, expr, order=None):
        # order='none' (typed=True) keeps the terms as built; otherwise sympy's usual order (2·x + 1)
        terms = self._as_ordered_terms(expr, order=order)
        prec = precedence(expr)
        parts: list[str] = []
        for term in terms:
            text = self._print(term)
            sign = "+"
            if text.startswith("−") and not term.is_Add:
                sign, text = "−", text[1:]
            if precedence(term) < prec or term.is_Add:
                text = f"({text})"
            parts.extend([sign, text])
        first = parts.pop(0)
        return ("" if first == "+" else first) + " ".join(parts)

    def _print_Mul(self, expr):
        return super()._print_Mul(expr).replace("*", "·").replace("-", "−")

    def _print_Pow(self, expr, rational=False):
        base, exponent = expr.base, expr.exp
        prec = PRECEDENCE["Pow"]
        if exponent is sp.S.Half:
            return self._root(base)
        if exponent.is_Integer and exponent < 0:
            # 1/x², as sympy's own printers show a negative power
            inverse = sp.Pow(base, -exponent, evaluate=False) if exponent != -1 else base
            return f"1/{self.parenthesize(inverse, PRECEDENCE['Mul'], strict=False)}"
        if -exponent is sp.S.Half:
            return f"1/{self._root(base)}"
        text = self.parenthesize(base, prec, strict=False)
        if exponent.is_Integer:
            return text + superscript(exponent)
        return f"{text}^{self.parenthesize(exponent, prec, strict=False)}"

    def _root(self, base):
        text = self._print(base)
        return f"√{text}" if (base.is_Symbol or (base.is_Integer and base >= 0)) else f"√({text})"

    def _print_Function(self, expr):
        name = type(expr).__name__
        return f"{FUNCTION_NAMES.get(name, name)}({self.stringify(expr.args, ', ')})"

    def _print_Heaviside(self, expr):
        # sympy stores H(x) as Heaviside(x, 1/2); the value at 0 is not part of the label
        return f"H({self._print(expr.args[0])})"

    def _print_Abs(self, expr):
        inner = self._print(expr.args[0])
        # bars inside bars are ambiguous (||x||·|y| reads as a norm): spell the outer one out
        return f"abs({inner})" if "|" in inner else f"|{inner}|"

    _print_Max = _print_Min = _print_Function

    def _print_Integer(self, expr):
        return _shortened(expr.p, "·10{}", superscript).replace("-", "−")

    def _print_Rational(self, expr):
        if expr.q == 1:
            return self._print_Integer(expr)
        p, q = (_shortened(n, "·10{}", superscript) for n in (expr.p, expr.q))
        return f"{p}/{q}".replace("-", "−")

    def _print_Float(self, expr):
        return super()._print_Float(expr).replace("-", "−")

    def _print_Atom(self, expr):
        return ATOMS.get(type(expr).__name__) or super()._print_Atom(expr)

    _print_Pi = _print_Exp1 = _print_Infinity = _print_NegativeInfinity = _print_Atom
    _print_ComplexInfinity = _print_NaN = _print_ImaginaryUnit = _print_Atom

    def _print_MatrixBase(self, expr):
        rows = ("[" + ", ".join(self._print(v) for v in expr.row(i)) + "]" for i in range(expr.rows))
        return "[" + ", ".join(rows) + "]"

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase


def unicode(expr: sp.Basic | float, *, typed: bool = False) -> str:
    """Print an expression on one line with Unicode operators.

    Parameters
    ----------
    expr : sympy.Basic or number
    typed : bool, default False
        Keep terms and factors in the order they were built (an
        intermediate variable's operation as typed) rather than sympy's.

    Returns
    -------
    str

    Examples
    --------
    >>> x, u1 = sp.symbols("x u1")
    >>> unicode(x**3), unicode(3 * x), unicode((x + 1) ** 2)
    ('x³', '3·x', '(x + 1)²')
    >>> unicode(sp.Mul(x, u1, evaluate=False), typed=True)
    'x·u1'
    >>> unicode(sp.Add(1, x, evaluate=False), typed=True), unicode(1 + x)
    ('1 + x', 'x + 1')
    >>> unicode(sp.log(sp.sin(x**3) ** 2))
    'ln(sin(x³)²)'
    >>> from explorer.language.activations import sigmoid
    >>> unicode(sigmoid(x) * (1 - sigmoid(x)))
    '(1 − σ(x))·σ(x)'
    >>> unicode(sp.sqrt(x) + sp.Abs(x - 1))
    '√x + |x − 1|'
    >>> unicode(-1 / x**2), unicode(x**-2), unicode(2**x)
    ('−1/x²', '1/x²', '2^x')
    """
    return UnicodePrinter({"order": "none"} if typed else {}).doprint(expr)


class ExactPrinter(StrPrinter):
    """sympy's :class:`StrPrinter` (what ``sympify`` reads back), with every digit of any integer.

    Examples
    --------
    >>> len(ExactPrinter().doprint(sp.Integer(10) ** 5000))
    5001
    """

    def _print_Integer(self, expr):
        return decimal(expr.p)

    def _print_Rational(self, expr):
        return decimal(expr.p) if expr.q == 1 else f"{decimal(expr.p)}/{decimal(expr.q)}"


def exact(expr: sp.Basic, *, typed: bool = False) -> str:
    """An expression as text that ``sympy.sympify`` reads back, exactly (the JSON form's strings).

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> exact(2 * x**3 + 1), exact(sp.Add(1, x, evaluate=False), typed=True)
    ('2*x**3 + 1', '1 + x')
    """
    return ExactPrinter({"order": "none"} if typed else {}).doprint(expr)


class TexPrinter(LatexPrinter):
    r"""sympy's :class:`~sympy.printing.latex.LatexPrinter`, with names that start with ``_`` kept valid.

    sympy reads ``_a`` as a subscript with no base and writes ``_a``, which
    LaTeX refuses; here the underscore is escaped (``\_a``).

    Examples
    --------
    >>> TexPrinter().doprint(sp.Symbol("_") + sp.Symbol("_a") ** 2)
    '\\_ + \\_a^{2}'
    """

    def _print_Integer(self, expr):
        return _shortened(expr.p, r" \cdot 10^{{{}}}", str)

    def _print_Rational(self, expr):
        if max(_digits(expr.p), _digits(expr.q)) <= SHOWN_DIGITS:
            return super()._print_Rational(expr)
        sign = "- " if expr.p < 0 else ""
        p, q = (_shortened(abs(n), r" \cdot 10^{{{}}}", str) for n in (expr.p, expr.q))
        return rf"{sign}\frac{{{p}}}{{{q}}}"

    def _print_Symbol(self, expr, style="plain"):
        name = expr.name
        stripped = name.lstrip("_")
        if stripped == name:
            return super()._print_Symbol(expr, style)
        inner = super()._print_Symbol(sp.Symbol(stripped), style) if stripped else ""
        return r"\_" * (len(name) - len(stripped)) + inner

    def _print_Heaviside(self, expr, exp=None):
        # the step function written H, as the words and labels write it (sympy: θ)
        text = r"H\left(" + ", ".join(self._print(arg) for arg in expr.pargs) + r"\right)"
        return text if not exp else r"\left(" + text + r"\right)^{" + str(exp) + "}"


def tex(expr: sp.Basic, *, typed: bool = False, keep_order: bool = False) -> str:
    r"""LaTeX of a sympy object, by sympy's LaTeX printer (:class:`TexPrinter`).

    Parameters
    ----------
    expr : sympy.Basic
    typed : bool, default False
        As typed: terms and factors in the order built, products with a
        visible dot (``x \cdot x``).
    keep_order : bool, default False
        Terms in the order built, products written as usual.

    Examples
    --------
    >>> x, u1 = sp.symbols("x u1")
    >>> tex(sp.Mul(x, x, evaluate=False), typed=True), tex(x**2), tex(u1), tex(sp.Heaviside(x))
    ('x \\cdot x', 'x^{2}', 'u_{1}', 'H\\left(x\\right)')
    """
    if typed:
        return TexPrinter({"order": "none", "mul_symbol": "dot"}).doprint(expr)
    return TexPrinter({"order": "none"} if keep_order else {}).doprint(expr)


def number(value: float | None, digits: int = 4) -> str:
    """Format a value at the evaluation point for a label.

    Parameters
    ----------
    value : float or None
        None means undefined at the point.
    digits : int, default 4
        Significant digits.

    Examples
    --------
    >>> number(8.0), number(-0.41614683654), number(None), number(123456789.0), number(float("inf"))
    ('8', '−0.4161', 'undefined', '1.235·10⁸', '∞')
    """
    if value is None or math.isnan(value):
        return "undefined"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}·10{superscript(int(exponent))}"
    return "0" if text == "-0" else text.replace("-", "−")


def partial(target: str, source: str) -> str:
    """The label of a local partial derivative, ``∂target/∂source``: ``partial("u2", "u1")`` is ``∂u2/∂u1``."""
    return f"∂{target}/∂{source}"


def derivative(output: str, wrt: str) -> str:
    """The label of a total derivative, ``doutput/dwrt``: ``derivative("y", "x")`` is ``dy/dx``."""
    return f"d{output}/d{wrt}"


def path_label(nodes: tuple[str, ...] | list[str], positions: tuple[int | None, ...] | list[int | None] = ()) -> str:
    """A path's nodes joined by arrows; an arrow into an operand position that matters carries its number.

    ``positions``: per step, the 1-based operand position it enters, or None
    where one edge joins the nodes (:func:`explorer.calculus.paths.step_positions`).

    Examples
    --------
    >>> path_label(("x", "u1", "y"))
    'x → u1 → y'
    >>> path_label(("x", "u1", "y"), (2, None))
    'x →₂ u1 → y'
    """
    arrows = [" → " if p is None else f" →{str(p).translate(_SUBSCRIPTS)} " for p in positions]
    arrows += [" → "] * (len(nodes) - 1 - len(arrows))
    return nodes[0] + "".join(arrow + node for arrow, node in zip(arrows, nodes[1:]))


def numbers(values, shape: tuple[int, ...], most: int = 6, digits: int = 4) -> str | None:
    """Values at the point as a vector ``[0.5, 1.5]`` or a matrix ``[[1, 2], [3, 4]]``; None past ``most`` entries.

    A scalar is its number. ``values`` are row by row (None where undefined).

    Examples
    --------
    >>> numbers([0.5, 1.5], (2,)), numbers([1.0, 2.0, 3.0, 4.0], (2, 2)), numbers([2.0], ()), numbers([0.0] * 9, (9,))
    ('[0.5, 1.5]', '[[1, 2], [3, 4]]', '2', None)
    """
    values = list(values)
    if len(values) > most:
        return None
    if not shape:
        return number(values[0], digits)
    if len(shape) == 1:
        return "[" + ", ".join(number(v, digits) for v in values) + "]"
    columns = shape[1]
    rows = [values[r * columns : (r + 1) * columns] for r in range(shape[0])]
    return "[" + ", ".join("[" + ", ".join(number(v, digits) for v in row) + "]" for row in rows) + "]"
