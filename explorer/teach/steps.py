"""The paper's four steps, in words and in LaTeX: introduce, differentiate, combine, substitute back."""

from __future__ import annotations

from ..calculus.result import Analysis
from ..language.printing import derivative, partial, tex, unicode
from ..language.printsize import parenthesised, short, shown
from .notation import aligned, capped, clip, coloured, equalities, joined, tex_derivative, tex_name, tex_partial, wrap
from .paths import path_factors, path_partials

#: The paper's four steps, as the results title them (the third depends on the number of paths).
STEP_TITLES = (
    "Introduce intermediate variables",
    "Differentiate each one with respect to its own parameters",
    ("Combine: multiply the partials along the path", "Combine: multiply along each path, add the paths"),
    "Substitute back and simplify",
)


#: Rows of variables and of partials a step lists; the rest are counted.
STEP_ROWS = 40


#: Paths a step combines per entry; the rest are counted.
STEP_PATHS = 20


def _capped(lines: list[str], what: str, total: int | None = None) -> str:
    """Lines joined, at most :data:`STEP_ROWS` of them, then how many more (of ``total``, if given) there are."""
    total = len(lines) if total is None else total
    if total > STEP_ROWS:
        lines = [*lines[:STEP_ROWS], f"… and {total - STEP_ROWS:,} more {what}"]
    return "\n".join(lines)


def entry_name(analysis: Analysis, k: int) -> str:
    """The name of entry ``k`` of the derivative: ``dy/dx``, ``dy/dw1``.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> entry_name(explained("w = [w1, w2]; y = sum(w)", "w"), 1)
    'dy/dw2'
    """
    out, name = analysis.entries[k]
    return derivative(out, name) if name else f"d{out}"


def step_texts(analysis: Analysis, start: int = 0) -> tuple[tuple[str, str], ...]:
    """The paper's four steps for this expression, in words: (title, text) each, from step ``start`` (0-based).

    (1) the intermediate variables, (2) each one's partials with their
    rules, (3) the products along the paths, added, (4) the same with the
    intermediate variables substituted back, and the total.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> for title, text in step_texts(explained("x + x**2")):
    ...     print(f"{title}:", text.replace("\\n", "; "))
    Introduce intermediate variables: u1 = x²; y = x + u1
    Differentiate each one with respect to its own parameters: u1 = x², so ∂u1/∂x = 2·x (power rule); \
y = x + u1, so ∂y/∂x = 1 (sum rule); y = x + u1, so ∂y/∂u1 = 1 (sum rule)
    Combine: multiply along each path, add the paths: dy/dx = ∂y/∂u1·∂u1/∂x + ∂y/∂x = 1·2·x + 1
    Substitute back and simplify: dy/dx = 2·x + 1
    """
    a = analysis
    nodes = [n for n in a.nodes if n.kind != "input"]
    rows = [f"{n.id} = {unicode(n.local, typed=True)}" for n in nodes[:STEP_ROWS]] if start == 0 else []
    first = _capped(rows, "variables", len(nodes))
    second = _capped(list(a.explanations), "partials") or "No edges: nothing depends on an input."
    combined, substituted = [], []
    for k, paths in enumerate(a.entry_paths()):
        name = entry_name(a, k)
        chosen = [a.paths[i] for i in paths[:STEP_PATHS]]
        more = " + …" if len(chosen) < a.path_counts[k] else ""
        if not chosen:
            combined.append(f"{name} = 0: no path")
            substituted.append(f"{name} = 0")
            continue
        steps = [[a.edges[i] for i in p.edges[::-1]] for p in chosen]  # outermost first, as the rule is written
        names = " + ".join("·".join(partial(e.target, e.source) for e in path) for path in steps)
        factors = " + ".join("·".join(parenthesised(e.partial) for e in path) for path in steps)
        combined.append(clip(f"{name} = {equalities(names + more, factors + more)}"))
        products = " + ".join(
            parenthesised(p.product_expr) if len(chosen) > 1 else shown(p.product_expr) for p in chosen
        )
        substituted.append(clip(f"{name} = {equalities(products + more, shown(a.totals[k]))}"))
    titles = list(STEP_TITLES)
    titles[2] = STEP_TITLES[2][0 if a.path_count == 1 else 1]
    texts = [first, second, _capped(combined, "entries"), _capped(substituted, "entries")]
    return tuple(zip(titles, texts, strict=True))[start:]


def _variables(analysis: Analysis) -> str:
    nodes = [n for n in analysis.nodes if n.kind != "input"]
    rows = [f"{tex_name(n.id)} &= {tex(n.local, typed=True)}" for n in nodes[:STEP_ROWS]]
    return aligned(rows, len(nodes) - len(rows), "more variables")


def _partials(analysis: Analysis) -> str:
    if not analysis.edges:
        return r"\text{no edges: nothing depends on an input}"
    rows = []
    for edge in analysis.edges[:STEP_ROWS]:
        parallel = (edge.source, edge.target) in analysis.flow.parallel
        operand = rf"\ \text{{operand {edge.position + 1}}}" if parallel else ""
        rule = rf"\text{{{edge.rule} rule}}{operand}"
        rows.append(rf"{tex_partial(edge.target, edge.source)} &= {short(edge.partial)} && {rule}")
    return aligned(rows, len(analysis.edges) - len(rows), "more partials")


def _entry_rows(analysis: Analysis, substituted: bool) -> str:
    rows = []
    for k, paths in enumerate(analysis.entry_paths()[:STEP_ROWS]):
        output, wrt = analysis.entries[k]
        lhs = tex_derivative(output, wrt) if wrt else f"d{tex_name(output)}"
        shown = paths[:STEP_PATHS]
        more = len(shown) < analysis.path_counts[k]
        if not shown:
            rows.append(f"{lhs} &= 0")
            continue
        if substituted:
            terms = [coloured(i, wrap(analysis.paths[i].product_expr)) for i in shown]
            line = f"{lhs} &= {joined(terms, more)}"
            total = short(analysis.totals[k])
            if more or len(shown) > 1 or total != short(analysis.paths[shown[0]].product_expr):
                line += rf" \\ &= {total}"
        else:
            names = [coloured(i, path_partials(analysis.paths[i])) for i in shown]
            factors = [coloured(i, path_factors(analysis, analysis.paths[i])) for i in shown]
            line = f"{lhs} &= {joined(names, more)} \\\\ &= {joined(factors, more)}"
        rows.append(line)
    return aligned(rows, len(analysis.entries) - len(rows), "more entries")


def step_formulas(analysis: Analysis, start: int = 0) -> tuple[str | None, ...]:
    r"""The LaTeX of the paper's four steps from step ``start`` (0-based); None where one is too long to typeset.

    (1) the intermediate variables, (2) each local partial with its rule,
    (3) the products of partials along the paths, added, each path in its
    colour, (4) the same in the inputs, and the total.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> first, second, third, fourth = step_formulas(explained("ln(sin(x**3)**2)"))
    >>> print(first.replace(r" \\ ", "\n"))
    \begin{aligned}u_{1} &= x^{3}
    u_{2} &= \sin{\left(u_{1} \right)}
    u_{3} &= u_{2}^{2}
    y &= \log{\left(u_{3} \right)}\end{aligned}
    >>> r"\text{trigonometric rule}" in second, r"\frac{\partial y}{\partial u_{3}}" in third
    (True, True)
    """
    makers = (
        lambda: _variables(analysis),
        lambda: _partials(analysis),
        lambda: _entry_rows(analysis, substituted=False),
        lambda: _entry_rows(analysis, substituted=True),
    )
    return tuple(capped(make()) for make in makers[start:])
