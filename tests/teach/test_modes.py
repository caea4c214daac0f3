"""Forward and reverse mode in LaTeX and words: rows, factoring, cost."""

from __future__ import annotations

from explorer.calculus.cost import Operations
from explorer.calculus.factoring import downstream, upstream
from explorer.language.printsize import TOO_LONG
from explorer.teach import explained
from explorer.teach.modes import (
    MAX_LEAVES,
    MAX_ROWS,
    adjoint_gradient,
    cost_lines,
    factoring,
    forward_row,
    mode_formulas,
    operations,
    reverse_row,
    why,
)


def nested(levels: int) -> str:
    lines = ["u1 = sin(x)*cos(x)"] + [f"u{k} = sin(u{k - 1})*cos(u{k - 1})" for k in range(2, levels + 1)]
    return "; ".join(lines)


class TestRows:
    def test_a_forward_row_per_node_the_input_reaches(self):
        a = explained("sigmoid(w*x + b)", wrt="b")
        f = mode_formulas(a)
        assert len(f.forward) == len(downstream(a.flow, ["b"])) == 3
        assert f.forward[0] == r"\frac{db}{db} = 1"

    def test_a_reverse_row_per_node_that_reaches_the_output(self):
        a = explained("[ln(x**2), sin(3*x)]")
        f = mode_formulas(a)
        assert [len(rows) for rows in f.reverse] == [len(upstream(a.flow, [out])) for out in a.outputs] == [3, 3]

    def test_past_the_row_limit_the_rest_is_counted(self):
        a = explained("sin(" * 50 + "x" + ")" * 50)  # x, 49 intermediate sines, y
        f = mode_formulas(a)
        assert len(a.nodes) == 51
        assert len(f.forward) == len(f.reverse[0]) == MAX_ROWS and f.more == 51 - MAX_ROWS
        assert f.forward[-1] == forward_row(a, a.nodes[MAX_ROWS - 1].id)  # the first rows, in evaluation order
        assert f.reverse[0][0] == reverse_row(a, 0, "y")  # from the output back

    def test_rows_end_in_the_value_at_the_point(self):
        a = explained("x*x**2", at={"x": 2})
        assert forward_row(a, "y").endswith(r"= 3 x^{2} = 12")
        assert reverse_row(a, 0, "x").endswith(r"= 3 x^{2} = 12")
        assert adjoint_gradient(a) == r"\begin{aligned}\frac{dy}{dx} &= 3 x^{2} = 12\end{aligned}"

    def test_an_expression_too_long_to_print_says_so(self):
        a = explained(nested(12))
        row = forward_row(a, a.outputs[0])
        assert TOO_LONG in row and len(row) < 5_000


class TestFactoring:
    def test_doubling_is_a_product_of_sums_and_its_paths(self):
        formula = factoring(explained("u1 = x*x; u2 = u1*u1; y = u2*u2"), 0)
        assert formula.count(r"\color{") == 8  # one term per path, coloured like it
        assert "forward: grouped by the last edge" in formula and "reverse: grouped by the first edge" in formula

    def test_a_long_factored_form_is_left_out(self):
        text = "; ".join(["u1 = x*x + x"] + [f"u{k} = u{k - 1}*u{k - 1} + u{k - 1}" for k in range(2, 7)])
        formula = factoring(explained(text), 0)
        assert "grouped by" not in formula  # 3⁶ paths: the forms repeat shared parts past MAX_LEAVES
        assert MAX_LEAVES < 3**6

    def test_no_path(self):
        assert factoring(explained("[sin(x), w**2]"), 1) is None


def test_counts_in_words():
    assert operations(Operations(1, 1, 2)) == "1 multiplication and 2 additions"
    lines = cost_lines(explained("u1 = x*x; u2 = u1*u1; y = u2*u2").cost)
    assert lines[1].split() == [
        "d/dx",
        "8",
        "paths:",
        "16×,",
        "7+",
        "1",
        "pass:",
        "4×,",
        "3+",
        "1",
        "pass:",
        "4×,",
        "3+",
    ]


def test_why_depends_on_the_shape():
    assert "reverse mode gets every derivative" in why(explained("sigmoid(w*x + b)").cost)
    assert "forward mode gets every derivative" in why(explained("[sin(x), cos(x), x**2]").cost)
    assert "as many passes" in why(explained("x**2").cost)
    assert "no input" in why(explained("3").cost)
