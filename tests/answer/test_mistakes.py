"""The catalogue of mistakes: every row's own wrong answer is named by that row, on that edge.

The wrong answer is made from the row itself (its ``make`` at a site of the
graph, put in place of the right partial on every path through the edge),
so adding a row to the catalogue adds it to these tests; sympy's values at
fixed points are the oracle of what an answer is.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from answering import answer_text, oracle, readable, replaced, reproduced, same, several_paths
from hypothesis import assume, event, given
from hypothesis import strategies as st
from strategies import joined

from explorer.answer.diagnose import diagnose
from explorer.answer.feedback import check_dict
from explorer.answer.mistakes import MISTAKES, Mistake, Site, by_name, wrong_partials
from explorer.teach import explained

#: For each row, an expression in which its rule appears, so that the row can be tried on it.
EXAMPLES = {
    "power base": "x*sin(x)**2",
    "power not lowered": "x*sin(x)**3 + sqrt(x)",
    "trigonometric sign": "x*cos(x) + atan(x**2)",
    "quotient swapped": "x/sin(x)",
    "product factor missing": "x*y*sin(x)",
    "logarithm reciprocal": "x*ln(x**2 + 1)",
    "exponential as power": "x + exp(x**2)",
}


def _site(analysis, e: int) -> Site:
    edge = analysis.edges[e]
    return Site(edge, analysis.flow.node(edge.target), analysis.flow.node(edge.source).symbol)


def sites(analysis, mistake: Mistake) -> list[dict[int, sp.Expr]]:
    """Every way ``mistake`` can happen in the graph: the wrong partial of each edge it changes."""
    on_paths = sorted({e for p in analysis.paths for e in p.edges})
    if mistake.scope == "edge":
        return [{e: w} for e in on_paths for w in wrong_partials(mistake, _site(analysis, e))]
    into: dict[str, list[int]] = {}
    for e in on_paths:
        into.setdefault(analysis.edges[e].target, []).append(e)
    found = []
    for edges in into.values():
        wrongs = {e: wrong_partials(mistake, _site(analysis, e)) for e in edges}
        if len(edges) >= 2 and all(len(w) == 1 for w in wrongs.values()):
            found.append({e: w[0] for e, w in wrongs.items()})
    return found


def test_every_row_has_an_example():
    assert set(EXAMPLES) == {m.name for m in MISTAKES}
    assert len({m.name for m in MISTAKES}) == len(MISTAKES) and by_name("dropped") is None


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_each_mistake_is_named_by_its_row_on_its_edge(mistake):
    analysis = explained(EXAMPLES[mistake.name])
    candidates = sites(analysis, mistake)
    assert candidates, f"{mistake.name} cannot happen in {analysis.text}"
    for partials in candidates:
        terms = replaced(analysis, partials)
        check = diagnose(analysis, answer_text(terms))
        assert check.correct is False and check.explained, (partials, check)
        named = {(error.edge, error.error) for error in check.edge_errors}
        assert {(e, mistake.name) for e in partials} <= named, (partials, check.edge_errors)
        assert {error.path for error in check.edge_errors} == {
            i for i, p in enumerate(analysis.paths) if set(p.edges) & set(partials)
        }
        described = check_dict(check, analysis)
        texts = [e["text"] for e in described["edge_errors"] if e["error"] == mistake.name]
        assert texts and all(t in " ".join(described["diagnosis"]) for t in texts[:1] if mistake.scope == "edge")


def test_the_two_for_two_u_of_the_issue():
    """x·sin(x)² answered sin(x)² + 2x·cos(x): the power rule's 2·u1 written 2, named on its edge."""
    analysis = explained("x*sin(x)**2")
    (error,) = check_dict(diagnose(analysis, "sin(x)**2 + 2*x*cos(x)"), analysis)["edge_errors"]
    assert (error["source"], error["target"], error["rule"], error["error"], error["wrong"]) == (
        "u1",
        "u2",
        "power",
        "power base",
        "2",
    )
    assert error["text"] == (
        "On the edge u1 → u2 (path 1), the power rule gives ∂u2/∂u1 = 2·u1; your answer used 2, "
        "without the power of u1."
    )


def test_a_general_finding_is_named_by_the_row_that_writes_it():
    """ln(x²) answered 2x: the dropped 1/u1 is the catalogue's "1/u for ln written as 1"."""
    check = diagnose(explained("ln(x**2)"), "2*x")
    assert [(e.error, e.wrong) for e in check.edge_errors] == [("logarithm reciprocal", 1)]
    assert [e.error for e in diagnose(explained("sin(x**2)"), "cos(x**2)").edge_errors] == ["dropped"]


def test_the_quotient_rule_is_said_once_for_its_operation():
    analysis = explained("x/sin(x)")
    described = check_dict(diagnose(analysis, "(x*cos(x) - sin(x))/sin(x)**2"), analysis)
    assert {e["error"] for e in described["edge_errors"]} == {"quotient swapped"}
    (line,) = [line for line in described["diagnosis"] if "quotient" in line]
    assert "(x′·u1 − x·u1′)/u1²" in line and "(x·u1′ − x′·u1)/u1²" in line


@st.composite
def mistakes_in(draw, case):
    """A random catalogued mistake at a random site of the drawn expression."""
    analysis = several_paths(case, low=1)
    chances = [(m, partials) for m in MISTAKES for partials in sites(analysis, m)]
    assume(chances)
    return analysis, draw(st.sampled_from(chances), label="the mistake and where")


@given(joined, st.data())
def test_a_made_up_mistake_is_diagnosed_as_it_or_as_what_it_equals(case, data):
    analysis, (mistake, partials) = data.draw(mistakes_in(case))
    terms = replaced(analysis, partials)
    text = answer_text(terms)
    readable(analysis, text)
    values = oracle([sp.Add(*terms), analysis.totals[0]])
    assume(not same(values[:, 0], values[:, 1]))  # a mistake that changes nothing (a factor of 1): still right
    check = diagnose(analysis, text)
    assert check.correct is False
    assert check.explained, (mistake.name, partials, check)
    diagnosed, answer = oracle([reproduced(analysis, check), sp.Add(*terms)]).T
    assert same(diagnosed, answer)  # whatever it is named, the diagnosis is exactly the answer
    named = {(e.edge, e.error) for e in check.edge_errors} >= {(e, mistake.name) for e in partials}
    event(f"{mistake.name}: " + ("named" if named else "an equivalent diagnosis"))
    if not named:  # then another finding gives the same answer, at the oracle's points too
        assert np.all(np.isfinite(diagnosed))
