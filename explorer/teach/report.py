"""A result in words: the text report in the paper's four steps, and the graph described for a screen reader."""

from __future__ import annotations

from collections.abc import Sequence

from ..calculus.differences import FiniteDifference
from ..calculus.paths import step_positions
from ..calculus.result import Analysis, ChainStep, Path
from ..language.printing import number, path_label, unicode
from ..language.printsize import shown
from .jacobians import gradient_words, layer_lines
from .naive import difference_sentence, naive_sentence
from .notation import equalities
from .paths import path_equation
from .rules import check_sentence
from .shapes import shapes_description, shapes_lines
from .steps import entry_name


def text_report(analysis: Analysis, differences: Sequence[FiniteDifference] | None = None) -> str:
    """A readable summary: the rule, the paper's four steps (variables, partials, paths, total), one path alone, checks.

    ``differences`` replaces the analysis's own finite differences (the
    command line's ``--step``).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(text_report(explained("x + x**2")))
    x + x**2
      Total-derivative chain rule: x reaches y through 2 paths
      Step 1. Introduce intermediate variables:
        u1 = x²
        y = x + u1
      Step 2. Differentiate each one with respect to its own parameters:
        u1 = x², so ∂u1/∂x = 2·x (power rule)
        y = x + u1, so ∂y/∂x = 1 (sum rule)
        y = x + u1, so ∂y/∂u1 = 1 (sum rule)
      Step 3. Combine: multiply along each path, add the paths, at x = 0.5:
        1. x → u1 → y:  ∂u1/∂x·∂y/∂u1 = 2·x · 1 = 2·x = 1
        2. x → y:  ∂y/∂x = 1
      Step 4. Substitute back and simplify:
        dy/dx = 2·x + 1 = 2
      one path alone gives 2·x = 1 (path 1) or 1 = 1 (path 2), not dy/dx = 2·x + 1 = 2: every path counts
      finite difference: Δy/Δx = 2 with Δx = 1.2·10⁻⁵ across x = 0.5
      check: not checked against sympy.diff
    """
    a = analysis
    steps = a.steps if a.paths else ()  # the paper's four steps, when there is a path to follow
    lines = [a.text, f"  {a.summary}", f"  {_step(steps, 0, 'variables')}:"]
    lines += [f"    {n.id} = {unicode(n.local, typed=True)}" for n in a.nodes if n.kind != "input"]
    if a.explanations:
        lines += [f"  {_step(steps, 1, 'partials')}:", *(f"    {text}" for text in a.explanations)]
    point = ", ".join(f"{k} = {number(v)}" for k, v in a.point.items())
    if a.paths:
        lines.append(f"  {_step(steps, 2, 'paths')}, at {point}:" if point else f"  {_step(steps, 2, 'paths')}:")
        for k, p in enumerate(a.paths, 1):
            lines.append(f"    {k}. {path_label(p.nodes, step_positions(a.flow, p.edges))}:  {path_equation(a, p)}")
        if a.paths_truncated:
            lines.append(f"    … {a.path_count - len(a.paths):,} more paths not listed ({a.path_count:,} in all)")
    indent = "  "
    if len(steps) == 4:  # with nothing to combine, the total is all there is to say
        lines.append(f"  {_step(steps, 3, '')}:")
        indent = "    "
    for k, (total, value) in enumerate(zip(a.totals, a.total_values)):
        lines.append(f"{indent}{entry_name(a, k)} = {equalities(shown(total), number(value))}")
    lines += [f"  {sentence}" for k in range(len(a.entries)) if (sentence := naive_sentence(a, k))]
    if a.wrt is not None:
        given = differences is not None
        lines += [f"  finite difference: {difference_sentence(d, not given)}" for d in (differences or a.differences)]
    if a.by_vector and (words := gradient_words(a)):
        lines.append(f"  {words}")
    if a.is_vector and a.inputs:
        lines.append(f"  Jacobian ∂({', '.join(a.outputs)})/∂({', '.join(a.inputs)}) = {shown(a.jacobian)}")
    if a.rule == "vector" and a.layers:
        lines += layer_lines(a)
    lines += shapes_lines(a)
    lines.append(f"  check: {check_sentence(a)}")
    lines += [f"  note: {note}" for note in a.notes]
    return "\n".join(lines)


def _step(steps: Sequence[ChainStep], k: int, otherwise: str) -> str:
    """The paper's step ``k`` (from 0) as a heading, "Step 1. Introduce intermediate variables"; else ``otherwise``."""
    return f"Step {k + 1}. {steps[k].title}" if k < len(steps) else otherwise


#: Steps and characters per path the graph's description says at most (a screen reader reads it all).
DESCRIBED_STEPS = 40


DESCRIBED_PATH = 300


def _described(label: str) -> str:
    return (
        label if len(label) <= DESCRIBED_PATH else label[: DESCRIBED_PATH // 2] + " … " + label[-DESCRIBED_PATH // 2 :]
    )


def graph_description(
    analysis: Analysis, *, highlight: int | None = None, limit: int = 20, paths: bool = True, view: str = "paths"
) -> str:
    """The graph in words, for people who cannot see it: the rule sentence, the steps and the paths.

    The alternative text of the page's graph image. Paths are numbered as in
    the path table and the sum, so the numbers, not only the colours, tie
    them together.

    Parameters
    ----------
    analysis : Analysis
    highlight : int, optional
        Index of the highlighted path.
    limit : int
        Paths listed at most; the rest are counted.
    paths : bool
        False: only the steps, neither the rule nor the paths (an exercise
        that hides them).
    view : str
        ``'shapes'``: the graph of shapes (:func:`explorer.teach.shapes.shapes_description`).

    Examples
    --------
    >>> from explorer.teach import explained
    >>> graph_description(explained("x*x**2"), highlight=1).split(". ")  # doctest: +NORMALIZE_WHITESPACE
    ['Data-flow graph', 'Total-derivative chain rule: x reaches y through 2 paths',
     'Steps: u1 = x², y = x·u1', 'Path 1: x → u1 → y', 'Path 2 (highlighted): x → y.']
    >>> graph_description(explained("x*x**2"), paths=False)
    'Data-flow graph. Steps: u1 = x², y = x·u1.'
    """
    if view == "shapes":
        return shapes_description(analysis)
    inner = [n for n in analysis.nodes if n.kind != "input"]
    steps = [f"{n.id} = {unicode(n.local, typed=True)}" for n in inner[:DESCRIBED_STEPS]]  # printed: the first few
    words = [f"Data-flow graph. {analysis.summary}." if paths else "Data-flow graph."]
    if steps:
        more = f", and {len(inner) - DESCRIBED_STEPS:,} more" if len(inner) > DESCRIBED_STEPS else ""
        words.append(f"Steps: {', '.join(steps)}{more}.")
    if not paths:
        return " ".join(words)

    def label(path: Path) -> str:
        return _described(path_label(path.nodes, step_positions(analysis.flow, path.edges)))

    for k, path in enumerate(analysis.paths[:limit]):
        mark = " (highlighted)" if k == highlight else ""
        words.append(f"Path {k + 1}{mark}: {label(path)}.")
    listed = min(limit, len(analysis.paths))
    if highlight is not None and listed <= highlight < len(analysis.paths):
        words.append(f"Path {highlight + 1} (highlighted): {label(analysis.paths[highlight])}.")
        listed += 1
    if analysis.path_count > listed:
        words.append(f"{analysis.path_count - listed:,} more paths are not listed.")
    return " ".join(words)
