"""The words of an analysis: what :mod:`explorer.teach` adds to the pipeline's numbers, and the page's bundle.

:func:`annotate` writes the rule sentence, each edge's rule in words and the
paper's four steps into an analysis; :func:`simplified` simplifies its
totals and writes the last step again; :func:`lessons` typesets what the
page's teaching sections show, as one :class:`Lessons` bundle made in a
worker. None of these is bounded in time: :mod:`explorer.bounded` runs them
in the worker pool.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy as sp

from ..calculus.pipeline import Progress
from ..calculus.result import Analysis, ChainStep
from ..calculus.verify import simplify
from ..language.printsize import short
from .formula import total_formula
from .jacobians import gradient_row, layer_formulas, layer_product, stack
from .naive import Bar, contributions, naive_table
from .notation import capped
from .rules import explanations, rule_sentence
from .shapes import chain_formula, link_formulas, outer_product, shapes_check
from .steps import step_formulas, step_texts


@dataclass(frozen=True)
class Lessons:
    """The page's teaching formulas for one analysis, each capped in size (None beyond).

    Attributes
    ----------
    naive : tuple of str or None
        Per entry, :func:`naive_table` (None with fewer than two paths).
    formulas : tuple of str or None
        Per entry, :func:`total_formula`.
    layers : tuple of str or None
        Per layer, its Jacobian ``J_k`` by the layer before.
    product : str or None
        The whole Jacobian as the product of the layers' Jacobians.
    product_values : tuple of tuple of float or None, or None
        That product at the point (:func:`layer_product`).
    gradient : str or None
        For a derivative by a vector of inputs: the gradient as a row, in
        the paper's form where it has one, and its values.
    gradient_words : str or None
        The paper's reading of the gradient's form (``xᵀ where the unit is
        active, 0 where it is not``).
    jacobian : str or None
        The derivative matrix, outputs by the inputs moved, for the
        entry-by-entry view.
    parts : tuple of tuple of Bar
        Per entry, the largest paths' contributions at the point, each its
        own signed bar, what the others add up to, and the sum of them all
        (:func:`explorer.teach.naive.contributions`). Empty where a value is undefined.
    shapes : tuple of str or None
        Per link of the graph of shapes, its Jacobian in closed form and at
        the point (:func:`explorer.teach.shapes.link_formulas`); empty without one.
    shapes_chain : str or None
        The derivative by the chosen vector or matrix as the product of those Jacobians.
    shapes_outer : str or None
        The paper's outer product δ·xᵀ of a scalar's gradient by a matrix (:func:`explorer.teach.shapes.outer_product`).
    shapes_check : str or None
        Whether the product of those Jacobians equals the whole Jacobian at the point, in words.
    """

    naive: tuple[str | None, ...]
    formulas: tuple[str | None, ...]
    layers: tuple[str | None, ...]
    product: str | None
    product_values: tuple[tuple[float | None, ...], ...] | None
    gradient: str | None
    gradient_words: str | None
    jacobian: str | None
    parts: tuple[tuple[Bar, ...], ...] = ()
    shapes: tuple[str | None, ...] = ()
    shapes_chain: str | None = None
    shapes_outer: str | None = None
    shapes_check: str | None = None


def lessons(analysis: Analysis) -> Lessons:
    r"""Everything the page's teaching sections typeset for one analysis.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> bundle = lessons(explained("[ln(x**2), sin(3*x)]"))
    >>> print(bundle.layers[1].replace(" = ", "\n= "))
    J_{2}
    = \frac{\partial \left(y_{1}, y_{2}\right)}{\partial \left(u_{1}, u_{2}\right)}
    = \left[\begin{matrix}\frac{1}{u_{1}} & 0\\0 & \cos{\left(u_{2} \right)}\end{matrix}\right]
    """
    entries = range(len(analysis.entries)) if analysis.wrt else range(0)
    layers, product = layer_formulas(analysis)
    row, words = gradient_row(analysis) if analysis.by_vector and not analysis.is_vector else (None, None)
    matrix = (
        sp.ImmutableMatrix(len(analysis.outputs), len(analysis.wrt_inputs), list(analysis.totals))
        if analysis.wrt
        else None
    )
    jacobian = None
    if matrix is not None:
        rows = stack(analysis.outputs)
        jacobian = capped(rf"\frac{{\partial {rows}}}{{\partial {stack(analysis.wrt_inputs)}}} = " + short(matrix))
    return Lessons(
        naive=tuple(naive_table(analysis, k) for k in entries),
        formulas=tuple(total_formula(analysis, k) for k in entries),
        layers=layers,
        product=product,
        product_values=layer_product(analysis),
        gradient=row,
        gradient_words=words,
        jacobian=jacobian,
        parts=tuple(contributions(analysis, k) for k in entries),
        shapes=link_formulas(analysis),
        shapes_chain=chain_formula(analysis),
        shapes_outer=outer_product(analysis),
        shapes_check=shapes_check(analysis) if analysis.shapes else None,
    )


def annotate(analysis: Analysis, start: int = 0) -> Analysis:
    """The analysis with its words: the rule sentence, each edge's rule, the paper's four steps from ``start``.

    After the totals change (:func:`simplified`), only the last step is written again (``start=3``).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = annotate(explained("x + x**2"))
    >>> a.summary
    'Total-derivative chain rule: x reaches y through 2 paths'
    >>> [step.title for step in a.steps]  # doctest: +NORMALIZE_WHITESPACE
    ['Introduce intermediate variables', 'Differentiate each one with respect to its own parameters',
     'Combine: multiply along each path, add the paths', 'Substitute back and simplify']
    """
    a = analysis
    if start == 0:
        components = a.wrt_inputs if a.by_vector else ()
        shape = a.flow.shape(a.wrt) if a.by_vector and a.wrt else ()
        summary = rule_sentence(a.rule, a.wrt, a.outputs, a.path_count, components=components, shape=shape)
        a = replace(a, summary=summary, explanations=explanations(a.flow))
    texts = step_texts(a, start)
    formulas = step_formulas(a, start)
    steps = tuple(ChainStep(title, latex, text) for (title, text), latex in zip(texts, formulas, strict=True))
    return replace(a, steps=a.steps[:start] + steps)


def simplified(
    analysis: Analysis, progress: Progress | None = None, *, seconds: float | None = None, full: bool = True
) -> Analysis:
    """:func:`explorer.calculus.verify.simplify` (giving up after ``seconds``; ``sympy.simplify`` too if ``full``),
    with the last step written again.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> simplified(annotate(explained("ln(sin(x**3)**2)"))).steps[-1].text.endswith("= 6·x²/tan(x³)")
    True
    """
    result = simplify(analysis, progress, seconds=seconds, full=full)
    if result.totals == analysis.totals or not result.steps:  # the last step says the same: not written again
        return result
    return annotate(result, start=len(result.steps) - 1)
