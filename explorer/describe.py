"""The words of a result: the rule sentence and the text report, shared by the page, the CLI and the exports.

Every sentence about a result is written here once, or in
:mod:`explorer.explain` for the sentences of what the paper teaches. Functions take an
optional formatter for names (the page shows them as inline code), so the
page's Markdown and the CLI's plain text cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .chain import step_positions
from .explain import difference_sentence, entry_name, equalities, gradient_words, layers_check, naive_sentence
from .lesson import Difference, Step, multiply
from .printing import number, partial, path_label, unicode
from .printsize import parenthesised, shown
from .result import Analysis, Path

__all__ = ["RULE_NAMES", "check_sentence", "graph_description", "path_equation", "rule_sentence", "text_report"]

#: Rule -> how it is named in sentences and headings.
RULE_NAMES = {
    "single-variable": "Single-variable chain rule",
    "total-derivative": "Total-derivative chain rule",
    "vector": "Vector chain rule",
    "none": "No chain rule needed",
}


def _same(text: str) -> str:
    return text


def rule_sentence(
    rule: str,
    wrt: str | None,
    outputs: Sequence[str],
    path_count: int,
    *,
    name: Callable[[str], str] = _same,
    title: Callable[[str], str] = _same,
    components: Sequence[str] = (),
) -> str:
    """Which chain rule applies, in one sentence.

    Parameters
    ----------
    rule : str
        ``'single-variable'``, ``'total-derivative'``, ``'vector'`` or ``'none'``.
    wrt : str or None
        The input differentiated by (None: the expression has no inputs).
    outputs : sequence of str
        The output ids.
    path_count : int
        Paths from ``wrt`` to all outputs.
    name, title : callable, optional
        Format a variable name and the rule's name (the page passes Markdown).
    components : sequence of str, optional
        The entries of ``wrt`` when it is a vector of inputs.

    Examples
    --------
    >>> rule_sentence("total-derivative", "x", ["y"], 2)
    'Total-derivative chain rule: x reaches y through 2 paths'
    >>> rule_sentence("vector", "x", ["y1", "y2"], 2)
    'Vector chain rule: 2 outputs, x reaches them through 2 paths'
    >>> rule_sentence("none", "x", ["y"], 0, name=lambda s: f"`{s}`")
    'No chain rule needed: `y` does not depend on `x` (0 paths), so the derivative is 0'
    >>> rule_sentence("vector", "w", ["y"], 3, components=["w1", "w2", "w3"])
    'Vector chain rule: w = [w1, w2, w3] reaches y through 3 paths'
    """
    head = title(RULE_NAMES.get(rule, rule))
    paths = f"{path_count:,} path" + ("" if path_count == 1 else "s")
    if wrt is None:
        return f"{head}: the expression has no variables, so its derivative is 0"
    by = name(wrt)
    if components:
        some = list(components) if len(components) <= 6 else [*components[:3], "…", components[-1]]
        by += " = [" + ", ".join(c if c == "…" else name(c) for c in some) + "]"
    if rule == "vector" and len(outputs) > 1:
        return f"{head}: {len(outputs)} outputs, {by} reaches them through {paths}"
    out = name(outputs[0])
    if rule == "none" or path_count == 0:
        return f"{head}: {out} does not depend on {by} (0 paths), so the derivative is 0"
    return f"{head}: {by} reaches {out} through {paths}"


def path_equation(analysis: Analysis, path: Path, *, value: bool = True) -> str:
    """A path's chain of partials = its factors = their product (= its value): no side said twice.

    Examples
    --------
    >>> from explorer.analysis import run
    >>> a = run("x*x**2")
    >>> path_equation(a, a.paths[0])
    '∂u1/∂x·∂y/∂u1 = 2·x · x = 2·x² = 0.5'
    """
    edges = [analysis.edges[i] for i in path.edges]
    names = "·".join(partial(e.target, e.source) for e in edges)
    factors = " · ".join(parenthesised(e.partial) for e in edges) if len(edges) > 1 else ""
    return equalities(names, factors, shown(path.product), number(path.value) if value else "")


def text_report(analysis: Analysis, differences: Sequence[Difference] | None = None) -> str:
    """A readable summary: the rule, the paper's four steps (variables, partials, paths, total), one path alone, checks.

    ``differences`` replaces the analysis's own finite differences (the
    command line's ``--step``).

    Examples
    --------
    >>> from explorer.analysis import run
    >>> print(text_report(run("x + x**2")))
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
        lines += _layers(a)
    lines.append(f"  check: {check_sentence(a)}")
    lines += [f"  note: {note}" for note in a.notes]
    return "\n".join(lines)


def _step(steps: Sequence[Step], k: int, otherwise: str) -> str:
    """The paper's step ``k`` (from 0) as a heading, "Step 1. Introduce intermediate variables"; else ``otherwise``."""
    return f"Step {k + 1}. {steps[k].title}" if k < len(steps) else otherwise


def _layers(a: Analysis) -> list[str]:
    """The vector chain rule layer by layer: each layer's Jacobian, and their product checked at the point."""
    lines, previous = ["  layer by layer (∂f/∂x = ∂f/∂g · ∂g/∂x):"], a.inputs
    for k, layer in enumerate(a.layers or (), 1):
        carried = f" (carried: {', '.join(layer.carried)})" if layer.carried else ""
        names = f"∂({', '.join(layer.nodes)})/∂({', '.join(previous)})"
        lines.append(f"    J{k} = {names} = {shown(layer.jacobian)}{carried}")
        previous = layer.nodes
    product = " · ".join(f"J{k}" for k in range(len(a.layers or ()), 0, -1))
    check = layers_check(multiply(a.layers or (), a.edge_values, len(a.inputs)), a.jacobian_values)[1]
    return [*lines, f"    {product} is the whole Jacobian. {check}"]


#: Steps and characters per path the graph's description says at most (a screen reader reads it all).
DESCRIBED_STEPS = 40
DESCRIBED_PATH = 300


def _described(label: str) -> str:
    return (
        label if len(label) <= DESCRIBED_PATH else label[: DESCRIBED_PATH // 2] + " … " + label[-DESCRIBED_PATH // 2 :]
    )


def graph_description(analysis: Analysis, *, highlight: int | None = None, limit: int = 20, paths: bool = True) -> str:
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

    Examples
    --------
    >>> from explorer.analysis import run
    >>> graph_description(run("x*x**2"), highlight=1).split(". ")  # doctest: +NORMALIZE_WHITESPACE
    ['Data-flow graph', 'Total-derivative chain rule: x reaches y through 2 paths',
     'Steps: u1 = x², y = x·u1', 'Path 1: x → u1 → y', 'Path 2 (highlighted): x → y.']
    >>> graph_description(run("x*x**2"), paths=False)
    'Data-flow graph. Steps: u1 = x², y = x·u1.'
    """
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


def check_sentence(analysis: Analysis) -> str:
    """How the totals were checked against ``sympy.diff`` (``sympy.Matrix.jacobian`` for a gradient), in words.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from explorer.analysis import run
    >>> check_sentence(replace(run("x*x"), verified=True, verification="symbolic"))
    'equals sympy.diff (symbolically)'
    """
    oracle = "sympy.Matrix.jacobian" if analysis.by_vector else "sympy.diff"
    how = {
        "symbolic": f"equals {oracle} (symbolically)",
        "numeric": f"equals {oracle} at several points (numerically; a symbolic comparison was too costly)",
        "failed": f"DOES NOT match {oracle}; please report this expression",
        "unchecked": f"not checked against {oracle}",
    }
    return how.get(analysis.verification, analysis.verification)
