"""The words of a checked answer and its JSON form: the verdict, the diagnosis, the difference, what to highlight.

What the page, the command line and the library say about a learner's
answer is written here once, from a :class:`~explorer.answer.diagnose.Check`:
the verdict, the diagnosis in terms of paths and edges, and the
difference. Paths are numbered from 1, as on the page; edges by their index
in the analysis's ``edges``. Printing grows with the input, so callers run
this in a worker (:func:`explorer.checking.check`).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from ..calculus.result import Analysis
from ..language.operations import OPERATIONS, elementary
from ..language.printing import derivative, exact, number, partial, size, tex
from .diagnose import AnswerDifference, Check, EdgeError
from .mistakes import by_name
from .shapes import described, mismatch
from .shapes import expected as check_shape
from .wording import numbers, path_words, paths_named, quote, route

__all__ = ["check_dict", "check_report", "diagnosis", "marks", "verdict"]

#: Expression nodes (as printed) one JSON string or LaTeX formula may hold; longer ones are null.
MAX_NODES = 5_000

#: Missing paths listed one by one; the rest are counted.
LISTED = 8


def _exact(expr: sp.Expr) -> str | None:
    """Text ``sympy.sympify`` reads back (as the analysis's JSON form writes it), or None when too long."""
    return exact(elementary(expr)) if size(expr, MAX_NODES) <= MAX_NODES else None


def _d(analysis: Analysis) -> str:
    names = [derivative(out, analysis.wrt) if analysis.wrt else f"d{out}" for out in analysis.outputs]
    return names[0] if len(names) == 1 else "[" + ", ".join(names) + "]"


def verdict(check: Check, analysis: Analysis) -> str:
    """Is the answer the derivative, and how was that decided, in one sentence.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.answer.diagnose import diagnose
    >>> a = explained("x*x**2")
    >>> verdict(diagnose(a, "3*x**2"), a)
    'Correct: your answer equals dy/dx (shown symbolically).'
    >>> verdict(diagnose(a, "x**2"), a)
    'Not correct: your answer is not dy/dx (their difference is not 0).'
    >>> verdict(diagnose(a, "sin(x)"), a)
    'Not correct: your answer is not dy/dx (they differ at the points compared).'
    """
    d = _d(analysis)
    if check.method == "shape":
        return f"Not correct: {mismatch(analysis, check.shape)}."
    if check.correct:
        how = "shown symbolically" if check.method == "symbolic" else "checked numerically at several random points"
        return f"Correct: your answer equals {d} ({how})."
    if check.correct is None:
        return f"Could not decide: neither your answer nor {d} has a value at the points tried."
    how = "their difference is not 0" if check.method == "symbolic" else "they differ at the points compared"
    return f"Not correct: your answer is not {d} ({how})."


def _position(analysis: Analysis, error: EdgeError) -> str:
    edges = analysis.paths[error.path].edges
    if len(edges) < 2:
        return ""
    j = edges.index(error.edge)
    return ": the inner derivative" if j == 0 else ": the outer derivative" if j == len(edges) - 1 else ""


def _factor(expr: sp.Expr) -> str:
    """A numerator or denominator as a factor of a product: in parentheses unless one name or number."""
    text = quote(expr)
    return text if expr.is_Atom or expr.is_Function else f"({text})"


def _catalogued(analysis: Analysis, errors: list[EdgeError]) -> str:
    """A catalogued mistake in its row's words, with the paths it is on."""
    first = errors[0]
    mistake = by_name(first.error)
    edge = analysis.edges[first.edge]
    node = analysis.flow.node(edge.target)
    paths = sorted({e.path for e in errors})
    on = f" ({paths_named(paths)})"
    wrong = first.wrong if first.wrong is not None else edge.partial
    row = OPERATIONS.get(node.op)
    changed = {e.edge: e.wrong for e in errors}
    numerator, denominator = (_factor(part) for part in sp.fraction(sp.together(node.local)))
    return mistake.sentence.format(  # type: ignore[union-attr]
        numerator=numerator,
        denominator=denominator,
        changes=" and ".join(
            f"{partial(analysis.edges[e].target, analysis.edges[e].source)} = {quote(analysis.edges[e].partial)} "
            f"became {quote(w)}"
            for e, w in changed.items()
        ),
        edge=f"{edge.source} → {edge.target}{on}",
        node=f"{edge.target} = {quote(node.local)}{on}",
        partial=partial(edge.target, edge.source),
        right=quote(edge.partial),
        wrong=quote(wrong),
        operand=edge.source,
        function=(row.display if row and row.display else node.op),
        missing=quote(edge.partial / wrong) if wrong != 0 else "it",
    )


def _edge_sentence(analysis: Analysis, errors: list[EdgeError]) -> str:
    first = errors[0]
    if by_name(first.error) is not None:
        return _catalogued(analysis, errors)
    edge = analysis.edges[first.edge]
    rule = f" ({edge.rule} rule)" if edge.rule else ""
    factor = f"the factor {partial(edge.target, edge.source)} = {quote(edge.partial)}{rule}"
    where = paths_named([e.path for e in errors])
    if len(errors) == 1:
        routes = route(analysis, first.path)
    else:
        routes = "; ".join(f"{e.path + 1}: {route(analysis, e.path)}" for e in errors)
    if first.error == "sign":
        return f"On {where} ({routes}) {factor} has the wrong sign."
    return f"{factor[0].upper()}{factor[1:]} is missing from {where} ({routes}){_position(analysis, first)}."


def _entry_name(analysis: Analysis, k: int) -> str:
    out, name = analysis.entries[k]
    return derivative(out, name) if name else f"d{out}"


def _left_out(analysis: Analysis, k: int, matched: list[int], missing: list[int], named: bool) -> list[str]:
    """Entry ``k``'s paths in the answer and those left out (named by the entry when the derivative has several)."""
    whose = f"In {_entry_name(analysis, k)}, your answer" if named else "Your answer"
    if not matched:
        lines = [f"{whose} has none of the paths' products."]
    elif len(matched) == 1:
        lines = [f"{whose} is the product along path {matched[0] + 1} only."]
    else:
        lines = [f"{whose} is the sum of the products along {paths_named(matched)} only."]
    listed = [path_words(analysis, i) for i in missing[:LISTED]]
    more = len(missing) - LISTED
    lines.append("Missing: " + "; ".join(listed) + (f"; and {more} more." if more > 0 else "."))
    count = analysis.path_counts[k] if k < len(analysis.path_counts) else len(matched) + len(missing)
    if count > 1 and len(matched) == 1:
        out, name = analysis.entries[k]
        lines.append(
            f"Following one path is the single-variable chain rule; {name} reaches {out} through {count} paths, "
            "and the total-derivative rule adds the products along all of them."
        )
    return lines


def diagnosis(check: Check, analysis: Analysis) -> list[str]:
    """Why a wrong answer is wrong, in terms of paths and edges: one sentence per finding.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.answer.diagnose import diagnose
    >>> a = explained("x + x**2")
    >>> for line in diagnosis(diagnose(a, "2*x"), a):
    ...     print(line[:70])
    Your answer is the product along path 1 only.
    Missing: path 2 (x → y: ∂y/∂x = 1).
    Following one path is the single-variable chain rule; x reaches y thro
    >>> a = explained("sin(x**2)")
    >>> diagnosis(diagnose(a, "cos(x**2)"), a)
    ['The factor ∂u1/∂x = 2·x (power rule) is missing from path 1 (x → u1 → y): the inner derivative.']
    """
    if check.correct is not False:
        return []
    if check.method == "shape":
        return [_shape_hint(analysis)]
    lines: list[str] = []
    if analysis.path_count == 0:
        names = f"{analysis.wrt} to {analysis.outputs[0]}" if analysis.wrt else "any input to the output"
        lines.append(f"There is no path from {names}: the derivative is 0.")
    entries = analysis.entry_paths()
    for k, paths in enumerate(entries):
        missing = [i for i in check.missing_paths if i in paths]
        if missing:
            lines += _left_out(analysis, k, [i for i in check.matched_paths if i in paths], missing, len(entries) > 1)
    for group in check.interchangeable:
        lines.append(
            f"Paths {numbers(group)} have the same product, so which of them is left out cannot be told apart."
        )
    by_edge: dict[tuple[object, str], list[EdgeError]] = {}
    for error in check.edge_errors:  # a mistake of a whole operation is said once, for all of its edges
        mistake = by_name(error.error)
        where = analysis.edges[error.edge].target if mistake and mistake.scope == "node" else error.edge
        by_edge.setdefault((where, error.error), []).append(error)
    lines += [_edge_sentence(analysis, errors) for errors in by_edge.values()]
    lines += [
        f"{path_words(analysis, i)[0].upper()}{path_words(analysis, i)[1:]} is counted twice."
        for i in check.twice_paths
    ]
    if check.explained or analysis.path_count == 0:
        return lines
    if analysis.paths_truncated:
        lines.append(
            f"{analysis.wrt} reaches the output through {analysis.path_count:,} paths, more than the "
            f"{len(analysis.paths):,} listed, so which of them your answer has is not searched."
        )
    elif check.searched is None:
        lines.append("The paths could not be compared with your answer: the derivative has no value where tried.")
    elif len(check.differences) == 1 and check.differences[0].expr.is_number:
        d = check.differences[0]
        name = derivative(d.output, d.input) if d.input else f"d{d.output}"
        lines.append(
            f"Your answer is {name} plus the constant {quote(d.expr)}: a difference that is not 0 is never "
            "correct, however small."
        )
    else:
        lines.append(
            "Your answer is not the sum of some of the paths, nor all of them with one local partial wrong "
            "(dropped, its sign changed, or a common mistake of its rule): compare it with each path's product."
        )
    return lines


#: Entries a shape hint spells out by name, at most.
HINT_ENTRIES = 6


def _shape_hint(analysis: Analysis) -> str:
    """How the derivative is written: its shape, and its entries by name when there are few."""
    wanted = check_shape(analysis)
    names = [derivative(out, name) if name else f"d{out}" for out, name in analysis.entries]
    text = f"Write it as {described(wanted)}"
    if analysis.by_vector and not analysis.is_vector:
        text += f", one entry per entry of {analysis.wrt}"
    elif analysis.is_vector:
        text += ", one entry per output" + (" and input" if analysis.by_vector else "")
    if len(names) > HINT_ENTRIES or len(wanted) == 0:
        return text + "."
    if len(wanted) == 1:
        return f"{text}: [{', '.join(names)}]."
    rows = [names[r * wanted[1] : (r + 1) * wanted[1]] for r in range(wanted[0])]
    return f"{text}: [" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]."


def _difference_dict(analysis: Analysis, d: AnswerDifference) -> dict:
    name = derivative(d.output, d.input) if d.input else f"d{d.output}"
    where = None
    if d.at is not None:
        at = ", ".join(f"{k} = {number(v)}" for k, v in d.at.items()) or "every point"
        mine = "has no value" if d.answer_value is None else f"is {number(d.answer_value)}"
        where = f"At {at} your answer {mine} and {name} is {number(d.total_value)}."
    return {
        "output": d.output,
        "input": d.input,
        "expr": _exact(d.expr),
        "latex": tex(d.expr) if size(d.expr, MAX_NODES) <= MAX_NODES else None,
        "simplified": d.simplified,
        "at": dict(d.at) if d.at is not None else None,
        "answer_value": d.answer_value,
        "total_value": d.total_value,
        "text": f"your answer − {name} = {quote(d.expr)}",
        "where": where,
    }


def _edge_dict(analysis: Analysis, error: EdgeError) -> dict:
    edge = analysis.edges[error.edge]
    return {
        "path": error.path + 1,
        "edge": error.edge,
        "source": edge.source,
        "target": edge.target,
        "partial": _exact(edge.partial),
        "rule": edge.rule,
        "error": error.error,
        "wrong": _exact(error.wrong) if error.wrong is not None else None,
        "text": _edge_sentence(analysis, [error]),
    }


def _shaped(values: list, shape: tuple[int, ...]):
    """Entries row by row in a shape: one value, a list, or a list of rows."""
    if not shape:
        return values[0] if values else None
    if len(shape) == 1:
        return values
    return [values[r * shape[1] : (r + 1) * shape[1]] for r in range(shape[0])]


def check_dict(check: Check, analysis: Analysis) -> dict:
    """The JSON form of a check: plain strings, numbers, lists and None.

    ``*_paths`` are path numbers from 1, as on the page; ``edge_errors[].edge``
    indexes the analysis's ``edges``; expressions are strings
    ``sympy.sympify`` reads back (see :meth:`explorer.calculus.result.Analysis.to_dict`),
    or None when longer than :data:`MAX_NODES` nodes.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.answer.diagnose import diagnose
    >>> a = explained("x*x**2")
    >>> d = check_dict(diagnose(a, "x**2"), a)
    >>> d["correct"], d["method"], d["matched_paths"], d["missing_paths"], d["difference"]["expr"]
    (False, 'symbolic', [2], [1], '-2*x**2')
    """
    differences = [_difference_dict(analysis, d) for d in check.differences]
    answers = [_exact(a) for a in check.answers]
    return {
        "answer": check.answer,
        "answer_expr": _shaped(answers, check.shape),
        "shape": list(check.shape),
        "expected_shape": list(check.expected),
        "correct": check.correct,
        "method": check.method,
        "points": check.points,
        "explained": check.explained,
        "search": check.searched,
        "matched_paths": [i + 1 for i in check.matched_paths],
        "missing_paths": [i + 1 for i in check.missing_paths],
        "twice_paths": [i + 1 for i in check.twice_paths],
        "edge_errors": [_edge_dict(analysis, e) for e in check.edge_errors],
        "interchangeable": [[i + 1 for i in group] for group in check.interchangeable],
        "difference": (differences if len(analysis.entries) > 1 else differences[0]) if differences else None,
        "verdict": verdict(check, analysis),
        "diagnosis": diagnosis(check, analysis),
    }


def check_report(check: Mapping) -> str:
    """A check dict as lines of text: the verdict, the diagnosis and the difference.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.answer.diagnose import diagnose
    >>> a = explained("x*x**2")
    >>> print(check_report(check_dict(diagnose(a, "x**2"), a)))  # doctest: +ELLIPSIS
    Not correct: your answer is not dy/dx (their difference is not 0).
    Your answer is the product along path 2 only.
    Missing: path 1 (x → u1 → y: ∂u1/∂x·∂y/∂u1 = 2·x²).
    Following one path is the single-variable chain rule; ...
    your answer − dy/dx = −2·x²
    At x = 2.855 your answer is 8.15 and dy/dx is 24.45.
    """
    lines = [check["verdict"], *check["diagnosis"]]
    difference = check["difference"]
    for d in [difference] if isinstance(difference, Mapping) else difference or []:
        lines.append(d["text"])
        if d["where"]:
            lines.append(d["where"])
    return "\n".join(lines)


def marks(check: Mapping, analysis: Analysis) -> tuple[tuple[int, int], ...]:
    """The steps a wrong answer got wrong, as (path, edge) indexes for :func:`explorer.drawing.dot.to_dot`'s ``marks``.

    Every step of a missing or doubled path, and each wrong edge on its path.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> from explorer.answer.diagnose import diagnose
    >>> a = explained("x + x**2")
    >>> marks(check_dict(diagnose(a, "2*x"), a), a)
    ((1, 1),)
    """
    steps: set[tuple[int, int]] = set()
    for k in [*check["missing_paths"], *check["twice_paths"]]:
        steps |= {(k - 1, e) for e in analysis.paths[k - 1].edges}
    steps |= {(error["path"] - 1, error["edge"]) for error in check["edge_errors"]}
    return tuple(sorted(steps))
