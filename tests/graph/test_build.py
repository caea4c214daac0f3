"""The data-flow graph mirrors the expression as typed: nodes, operand edges, local partials."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given
from strategies import build_or_skip, expressions

from explorer.errors import ExpressionError
from explorer.graph.build import build
from explorer.language.operations import RULES, operation
from explorer.language.parse import parse
from explorer.language.printing import unicode

x = sp.Symbol("x", real=True)


def flow_of(text: str, **kw):
    return build(parse(text), **kw)


def edge_list(flow):
    return [(e.source, e.target, e.position, str(e.partial)) for e in flow.edges]


class TestAsTyped:
    def test_x_times_x_squared_keeps_two_paths(self):
        flow = flow_of("x*x**2")
        assert [(n.id, n.kind, unicode(n.local, typed=True)) for n in flow.nodes] == [
            ("x", "input", "x"),
            ("u1", "intermediate", "x²"),
            ("y", "output", "x·u1"),
        ]
        assert edge_list(flow) == [("x", "u1", 0, "2*x"), ("x", "y", 0, "u1"), ("u1", "y", 1, "x")]
        assert flow.node("y").expr == x**3  # the value collapses, the graph does not

    def test_one_edge_per_operand_position(self):
        flow = flow_of("x*x")
        assert edge_list(flow) == [("x", "y", 0, "x"), ("x", "y", 1, "x")]
        assert sp.sstr(flow.node("y").local) == "x*x"

    def test_constants_fold_into_their_operation(self):
        flow = flow_of("3*x + 2")
        assert [n.id for n in flow.nodes] == ["x", "u1", "y"]
        assert edge_list(flow) == [("x", "u1", 0, "3"), ("u1", "y", 0, "1")]

    def test_constant_subexpressions_fold(self):
        flow = flow_of("x * (2 + 3/4) + sin(pi/2)")
        assert flow.node("y").expr == sp.Rational(11, 4) * x + 1

    def test_paper_nesting_names_intermediates_in_evaluation_order(self):
        flow = flow_of("ln(sin(x**3)**2)")
        assert [(n.id, sp.sstr(n.local)) for n in flow.nodes] == [
            ("x", "x"),
            ("u1", "x**3"),
            ("u2", "sin(u1)"),
            ("u3", "u2**2"),
            ("y", "log(u3)"),
        ]
        assert [str(e.partial) for e in flow.edges] == ["3*x**2", "cos(u1)", "2*u2", "1/u3"]
        assert [str(e.partial_expr) for e in flow.edges] == ["3*x**2", "cos(x**3)", "2*sin(x**3)", "sin(x**3)**(-2)"]

    def test_program_uses_the_users_names(self):
        flow = flow_of("u1 = x**3\nu2 = sin(u1)\ny = ln(u2**2)")
        assert [n.id for n in flow.nodes] == ["x", "u1", "u2", "u3", "y"]
        assert flow.outputs == ("y",)


class TestNames:
    def test_generated_names_skip_the_users(self):
        flow = flow_of("u1 + u1**2")
        assert flow.inputs == ("u1",)
        assert [n.id for n in flow.nodes] == ["u1", "u2", "y"]

    def test_output_is_not_called_like_an_input(self):
        flow = flow_of("y*x")
        assert flow.inputs == ("y", "x")
        assert flow.outputs == ("f",)

    def test_vector_outputs(self):
        flow = flow_of("[ln(x**2), sin(3*x)]")
        assert flow.outputs == ("y1", "y2") and flow.is_vector

    def test_vector_with_repeated_or_bare_entries(self):
        flow = flow_of("[x, x**2, x**2]")
        assert flow.outputs == ("y1", "y2", "y3")
        assert flow.node("y1").op == "id" and flow.node("y3").operands == ("y2",)

    def test_bare_input_output_gets_an_identity_node(self):
        flow = flow_of("x")
        assert edge_list(flow) == [("x", "y", 0, "1")]

    def test_constant_output_has_no_edges(self):
        flow = flow_of("2*3")
        assert flow.inputs == () and flow.edges == () and flow.node("y").expr == 6

    def test_unused_program_step_is_reported(self):
        flow = flow_of("a = sin(x)\nb = cos(x)\ny = a**2")
        assert flow.unused == ("b",)
        assert "b" not in [n.id for n in flow.nodes]


class TestSharing:
    def test_identical_subexpressions_share_a_node(self):
        flow = flow_of("sin(x) + sin(x)**2")
        assert sum(n.op == "sin" for n in flow.nodes) == 1

    def test_sharing_can_be_switched_off(self):
        flow = flow_of("sin(x) + sin(x)**2", share=False)
        assert sum(n.op == "sin" for n in flow.nodes) == 2


class TestNameErrors:
    @pytest.mark.parametrize(
        ("text", "message", "column"),
        [
            ("a = x\na = y\na", "'a' is assigned twice", 1),
            ("y = u1 + 1\nu1 = x\ny", "'u1' is used before it is assigned", 5),
            ("x = x + 1", "'x' is used before it is assigned", 5),
        ],
    )
    def test_misused_names(self, text, message, column):
        with pytest.raises(ExpressionError, match=message) as info:
            flow_of(text)
        assert info.value.column == column

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("9**9**9", "digits"),
            ("x + 10**5000", "digits"),
            ("x * 4323024^(999/1000)", "digits"),
            ("x + 1/0", "division by zero"),
            ("x + 0**-1", "division by zero"),
            ("x/(1 - 1)", "x/0 is undefined for every value \\(division by zero\\?\\)"),
            ("x + atanh(1)", "the constant atanh\\(1\\) is infinite"),
            ("x * acoth(1/2)", "the constant acoth\\(1/2\\) is complex"),
            ("max(x, asec(1/2))", "the constant asec\\(1/2\\) is complex"),
            ("x + sin(atanh(1))", "is infinite"),
            ("x + exp(exp(100))", "too large \\(overflow\\)"),
            ("sqrt(x - x)", "y = √u1 has no derivative anywhere: u1 = 0 for every input"),
        ],
    )
    def test_constants_that_cannot_be_computed(self, text, message):
        with pytest.raises(ExpressionError, match=message):
            flow_of(text)


class TestNary:
    def test_a_sum_is_one_node_with_an_edge_per_term(self):
        flow = flow_of("a + b - c")
        assert [n.id for n in flow.nodes] == ["a", "b", "c", "y"]
        assert edge_list(flow) == [("a", "y", 0, "1"), ("b", "y", 1, "1"), ("c", "y", 2, "-1")]
        assert unicode(flow.node("y").local, typed=True) == "a + b − c"

    def test_a_product_is_one_node_with_an_edge_per_factor(self):
        flow = flow_of("2*x*y/z")
        assert [(e.source, unicode(e.partial), e.rule) for e in flow.edges] == [
            ("x", "2·y/z", "quotient"),
            ("y", "2·x/z", "quotient"),
            ("z", "−2·x·y/z²", "quotient"),
        ]
        assert unicode(flow.node("f").local, typed=True) == "2·x·y/z"

    @pytest.mark.parametrize(
        ("text", "labels"),
        [
            ("x-1", ["x − 1"]),
            ("x - sin(x)", ["sin(x)", "x − u1"]),
            ("(sigmoid(w*x + b) - t)**2", ["w·x", "u1 + b", "σ(u2)", "u3 − t", "u4²"]),
            ("-x + y", ["−x + y"]),
            ("x*2", ["x·2"]),
            ("x - (y - 1)", ["y − 1", "x − u1"]),
        ],
    )
    def test_labels_keep_the_order_and_signs_as_typed(self, text, labels):
        flow = flow_of(text)
        assert [unicode(n.local, typed=True) for n in flow.nodes if n.kind != "input"] == labels

    def test_parentheses_start_a_node_of_their_own(self):
        assert len(flow_of("(a + b) + c").nodes) == 5
        assert len(flow_of("a + b + c").nodes) == 4

    def test_repeated_operands_keep_an_edge_each(self):
        flow = flow_of("*".join(["x"] * 2000))
        assert len(flow.edges) == 2000 and len(flow.nodes) == 2
        assert {str(e.partial) for e in flow.edges} == {"x**1999"}
        assert [e.position for e in flow.edges] == list(range(2000))
        assert flow.node("y").expr == x**2000

    def test_partials_of_a_wide_sum_are_its_signs(self):
        flow = flow_of(" + ".join(f"sin({k}*x)" for k in range(1, 101)) + " - x")
        sums = [e for e in flow.edges if e.target == "y"]
        assert [str(e.partial) for e in sums] == ["1"] * 100 + ["-1"]


class TestRules:
    def test_the_papers_nesting(self):
        assert [e.rule for e in flow_of("ln(sin(x**3)**2)").edges] == [
            "power",
            "trigonometric",
            "power",
            "logarithm",
        ]

    @pytest.mark.parametrize(
        ("text", "rules"),
        [
            ("x + x**2", ["power", "sum", "sum"]),
            ("x*y", ["product", "product"]),
            ("3*x", ["constant multiple"]),
            ("x/2", ["constant multiple"]),
            ("1/x", ["quotient"]),
            ("-x", ["constant multiple"]),
            ("x**x", ["power", "exponential"]),
            ("2**x", ["exponential"]),
            ("exp(x)", ["exponential"]),
            ("sqrt(x)", ["power"]),
            ("asin(x)", ["inverse trigonometric"]),
            ("tanh(x)", ["hyperbolic"]),
            ("acosh(x)", ["hyperbolic"]),
            ("relu(x)", ["activation"]),
            ("abs(x)", ["absolute value"]),
            ("max(x, y)", ["min/max", "min/max"]),
            ("log(x, y)", ["logarithm", "logarithm"]),
        ],
    )
    def test_each_edge_names_its_rule(self, text, rules):
        assert [e.rule for e in flow_of(text).edges] == rules

    @given(expressions)
    def test_every_edge_has_a_rule_from_the_list(self, case):
        flow = build_or_skip(case[0])
        assert all(e.rule in RULES for e in flow.edges)
        for edge in flow.edges:  # and the one its operation's row gives it
            row = operation(flow.node(edge.target).op)
            if isinstance(row.rule, str):
                assert edge.rule == row.rule
            else:
                assert edge.rule in {"power", "exponential", "product", "quotient", "constant multiple"}

    @pytest.mark.parametrize(
        ("text", "rules"),
        [
            ("w = [a, b]; x = [c, d]; y = dot(w, x)", ["product"] * 4),
            ("w = [a, b]; y = dot(w, [2, 3])", ["constant multiple"] * 2),
            ("w = [a, b]; y = sum(w)", ["sum", "sum"]),
        ],
    )
    def test_the_vector_functions_rules(self, text, rules):
        assert [e.rule for e in flow_of(text).edges] == rules


class TestVectors:
    NEURON = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"

    def test_the_papers_neuron(self):
        flow = flow_of(self.NEURON)
        assert flow.inputs == ("w1", "w2", "w3", "x1", "x2", "x3", "b")
        assert [(n.id, n.op, unicode(n.local, typed=True)) for n in flow.nodes if n.kind != "input"] == [
            ("u1", "dot", "w1·x1 + w2·x2 + w3·x3"),
            ("u2", "+", "u1 + b"),
            ("y", "max", "max(0, u2)"),
        ]
        assert flow.vectors == (("w", ("w1", "w2", "w3")), ("x", ("x1", "x2", "x3")))
        assert flow.input_vectors() == {"w": ("w1", "w2", "w3"), "x": ("x1", "x2", "x3")}
        assert [str(e.partial) for e in flow.edges if e.target == "u1"] == ["x1", "x2", "x3", "w1", "w2", "w3"]

    def test_operators_and_functions_apply_entry_by_entry_and_scalars_broadcast(self):
        flow = flow_of("w = [a, b]; h = sin(w) * 2 + c; y = sum(h)")
        assert [(n.id, unicode(n.local, typed=True)) for n in flow.nodes if n.kind != "input"] == [
            ("u1", "sin(a)"),
            ("u2", "sin(b)"),
            ("u3", "u1·2"),
            ("u4", "u2·2"),
            ("h1", "u3 + c"),
            ("h2", "u4 + c"),
            ("y", "h1 + h2"),
        ]
        assert dict(flow.vectors)["h"] == ("h1", "h2")

    def test_a_vector_output_is_one_output_per_entry(self):
        flow = flow_of("w = [a, b, c]; y = w**2")
        assert flow.outputs == ("y1", "y2", "y3") and flow.is_vector
        assert dict(flow.vectors)["y"] == ("y1", "y2", "y3")

    def test_sum_of_a_sum_is_the_papers_sum_w_plus_x(self):
        flow = flow_of("w = [w1, w2]; x = [x1, x2]; y = sum(w + x)")
        assert [(e.source, e.target, str(e.partial)) for e in flow.edges] == [
            ("w1", "u1", "1"),
            ("x1", "u1", "1"),
            ("w2", "u2", "1"),
            ("x2", "u2", "1"),
            ("u1", "y", "1"),
            ("u2", "y", "1"),
        ]

    def test_entry_names_step_aside_for_the_users(self):
        flow = flow_of("h = [sin(x), x**2]; h1 = 3; y = h1 * sum(h)")
        assert dict(flow.vectors)["h"] == ("h_1", "h2")

    def test_constant_entries_and_unused_vectors(self):
        flow = flow_of("v = [x, 2]; h = [sin(x), cos(x)]; y = dot(v, v)")
        assert dict(flow.vectors)["v"] == ("x", None)
        assert flow.unused == ("h",)

    @pytest.mark.parametrize(
        ("text", "message", "column"),
        [
            ("w = [a, b, c]; x = [d, e]; y = w + x", "cannot add vectors of lengths 3 and 2 entry by entry", 34),
            ("y = dot([a, b], [c, d, e])", "dot() needs vectors of the same length, got lengths 2 and 3", 5),
            ("w = [a, b]; y = [w, c]", "a vector's entries must be scalars; this one is a vector of 2", 18),
            ("y = sum(x)", "sum() takes a vector", 5),
            ("w = [a, b]; y = dot(w, 3)", "dot() takes two vectors", 17),
        ],
    )
    def test_misused_vectors_are_refused_with_the_column(self, text, message, column):
        with pytest.raises(ExpressionError) as info:
            flow_of(text)
        assert message in str(info.value) and info.value.column == column


def test_networkx_view_has_one_edge_per_position():
    graph = flow_of("x^x").to_networkx()
    assert sorted(graph.edges(keys=True)) == [("x", "y", 0), ("x", "y", 1)]
