"""The catalogue of common mistakes, one row a mistake: which rule it belongs to, what it writes, how to say it.

A row applies to an edge of the graph (a local partial, ``scope='edge'``)
or to every variable operand of one operation at once (``scope='node'``:
the quotient rule's terms swapped change both of its partials). Its
``make`` writes, with sympy, the wrong partial(s) the mistake puts in place
of the right one at that site, in the operation's operand symbols (as the
graph labels its edges: ``2·u1`` on the edge u1 → u2), or nothing where the
mistake cannot happen (a power with a variable exponent). Its ``sentence``
names the edge and the rule; :mod:`explorer.answer.feedback` fills it in.

Dropping a partial altogether and changing its sign are the diagnosis's own
general findings (``'dropped'`` and ``'sign'``, :mod:`explorer.answer.edges`);
when a row here writes the same wrong partial on that edge (``1`` for the
``1/u`` of ln, the sign of a cosine's derivative), the finding is named by
the row, which says more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..graph.flow import Edge, Node

__all__ = ["MISTAKES", "Mistake", "Site", "by_name", "wrong_partials"]


@dataclass(frozen=True)
class Site:
    """Where a mistake may happen: one edge into one operation.

    Attributes
    ----------
    edge : Edge
    node : Node
        The edge's target: the operation whose partial it is.
    operand : sympy.Symbol
        The edge's source's symbol (``u1``).
    """

    edge: Edge
    node: Node
    operand: sp.Symbol

    @property
    def partial(self) -> sp.Expr:
        """The right local partial, in the operation's operand symbols."""
        return self.edge.partial


@dataclass(frozen=True)
class Mistake:
    """One common mistake.

    Attributes
    ----------
    name : str
        The ``error`` of the edge errors it finds (``'power base'``).
    rules : tuple of str
        The rules of the edges it can happen on (:data:`explorer.language.operations.RULES`).
    scope : {'edge', 'node'}
        One partial, or every variable operand's partial of one operation together.
    make : callable
        ``make(site)``: the wrong partials the mistake writes at ``site``, in
        the operation's operand symbols; empty where it does not apply.
    sentence : str
        What the feedback says, with ``{edge}`` (u1 → u2, and the paths),
        ``{partial}`` (∂u2/∂u1), ``{right}``, ``{wrong}``, ``{operand}``,
        ``{function}`` (the operation, as in ln), ``{missing}`` (right ÷
        wrong); for a whole operation ``{node}`` (u3 = u1/u2), its
        ``{numerator}`` and ``{denominator}``, and ``{changes}`` (each
        partial and what it became).
    """

    name: str
    rules: tuple[str, ...]
    scope: str
    make: Callable[[Site], tuple[sp.Expr, ...]]
    sentence: str


def _constant_power(site: Site) -> bool:
    """Is the site the base of a power with a constant exponent (u², √u, u⁻¹)?"""
    return site.node.op in ("**", "sqrt") and site.edge.position == 0 and len(site.node.operands) == 1


def _coefficient_only(site: Site) -> tuple[sp.Expr, ...]:
    """n·u^(n−1) written n: the power rule without the power of the base (2 for 2·u)."""
    if not _constant_power(site) or not site.partial.free_symbols:
        return ()
    coefficient = site.partial.as_coeff_Mul()[0]
    return (coefficient,) if coefficient != site.partial else ()


def _not_lowered(site: Site) -> tuple[sp.Expr, ...]:
    """n·u^(n−1) written n·u^n: the exponent not lowered by one (3·u³ for u³)."""
    if not _constant_power(site) or not site.partial.free_symbols:
        return ()
    return (sp.expand_power_base(site.partial * site.operand),)


def _negated(site: Site) -> tuple[sp.Expr, ...]:
    """The same partial with the other sign (sin(u) for the −sin(u) of cos)."""
    return (-site.partial,) if site.partial != 0 else ()


def _quotient_negated(site: Site) -> tuple[sp.Expr, ...]:
    """(N′·D − N·D′)/D² written (N·D′ − N′·D)/D²: each variable operand's partial with the other sign."""
    return (-site.partial,) if site.node.op == "*" and len(set(site.node.operands)) >= 2 else ()


def _one_factor_less(site: Site) -> tuple[sp.Expr, ...]:
    """∂(u·v·w)/∂u = v·w written without one of the other factors (v, or w; 1 for u·v)."""
    if site.node.op not in ("*", "dot"):
        return ()
    factors = [f for f in sp.Mul.make_args(site.partial) if f.free_symbols]
    return tuple(dict.fromkeys(site.partial / f for f in factors))


def _without_reciprocal(site: Site) -> tuple[sp.Expr, ...]:
    """d ln(u)/du = 1/u written 1 (1/ln(b) for a logarithm to base b)."""
    if site.node.op != "log" or site.edge.position != 0:
        return ()
    return (site.partial * site.operand,)


def _exponential_as_power(site: Site) -> tuple[sp.Expr, ...]:
    """d exp(u)/du = exp(u) written u·exp(u − 1), the power rule applied to e^u."""
    if site.node.op != "exp":
        return ()
    return (site.operand * sp.exp(site.operand - 1),)


MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "power base",
        ("power",),
        "edge",
        _coefficient_only,
        "On the edge {edge}, the power rule gives {partial} = {right}; your answer used {wrong}, "
        "without the power of {operand}.",
    ),
    Mistake(
        "power not lowered",
        ("power",),
        "edge",
        _not_lowered,
        "On the edge {edge}, the power rule gives {partial} = {right}; your answer used {wrong}: "
        "the exponent goes down by one.",
    ),
    Mistake(
        "trigonometric sign",
        ("trigonometric", "inverse trigonometric", "hyperbolic"),
        "edge",
        _negated,
        "On the edge {edge}, the derivative of {function} gives {partial} = {right}; your answer used {wrong}: "
        "the sign is wrong.",
    ),
    Mistake(
        "quotient swapped",
        ("quotient",),
        "node",
        _quotient_negated,
        "At {node}, the quotient rule gives ({numerator}′·{denominator} − {numerator}·{denominator}′)/{denominator}²; "
        "your answer swapped its two terms, ({numerator}·{denominator}′ − {numerator}′·{denominator})/{denominator}²: "
        "{changes}.",
    ),
    Mistake(
        "product factor missing",
        ("product",),
        "edge",
        _one_factor_less,
        "On the edge {edge}, the product rule gives {partial} = {right}, the other factors; "
        "your answer used {wrong}, without {missing}.",
    ),
    Mistake(
        "logarithm reciprocal",
        ("logarithm",),
        "edge",
        _without_reciprocal,
        "On the edge {edge}, the derivative of ln gives {partial} = {right}; your answer used {wrong}, "
        "without the 1/{operand}.",
    ),
    Mistake(
        "exponential as power",
        ("exponential",),
        "edge",
        _exponential_as_power,
        "On the edge {edge}, the derivative of exp({operand}) is itself, {partial} = {right}; your answer "
        "used {wrong}, the power rule, which is for a constant exponent.",
    ),
)


def by_name(name: str) -> Mistake | None:
    """The row of a mistake, by its ``name``; None for the general findings (``'dropped'``, ``'sign'``).

    Examples
    --------
    >>> by_name("power base").rules, by_name("dropped")
    (('power',), None)
    """
    return next((m for m in MISTAKES if m.name == name), None)


def wrong_partials(mistake: Mistake, site: Site) -> tuple[sp.Expr, ...]:
    """The wrong partials ``mistake`` writes at ``site``: none where its rule is not the edge's.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> flow = build(parse("sin(x)**2"))
    >>> edge = flow.edges[1]  # u1 → y: ∂y/∂u1 = 2·u1
    >>> site = Site(edge, flow.node(edge.target), flow.node(edge.source).symbol)
    >>> wrong_partials(by_name("power base"), site), wrong_partials(by_name("power not lowered"), site)
    ((2,), (2*u1**2,))
    """
    if site.edge.rule not in mistake.rules:
        return ()
    return tuple(w for w in mistake.make(site) if w != site.partial)
