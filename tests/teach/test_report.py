"""The text report in the paper's four steps, and the graph described in words."""

from __future__ import annotations

from explorer.calculus.verify import verify
from explorer.teach import explained
from explorer.teach.report import graph_description, text_report
from explorer.teach.rules import check_sentence


class TestReport:
    def test_the_readme_example(self):
        assert text_report(verify(explained("x*x**2"))).splitlines() == [
            "x*x**2",
            "  Total-derivative chain rule: x reaches y through 2 paths",
            "  Step 1. Introduce intermediate variables:",
            "    u1 = x²",
            "    y = x·u1",
            "  Step 2. Differentiate each one with respect to its own parameters:",
            "    u1 = x², so ∂u1/∂x = 2·x (power rule)",
            "    y = x·u1, so ∂y/∂x = u1 (product rule)",
            "    y = x·u1, so ∂y/∂u1 = x (product rule)",
            "  Step 3. Combine: multiply along each path, add the paths, at x = 0.5:",
            "    1. x → u1 → y:  ∂u1/∂x·∂y/∂u1 = 2·x · x = 2·x² = 0.5",
            "    2. x → y:  ∂y/∂x = u1 = 0.25",
            "  Step 4. Substitute back and simplify:",
            "    dy/dx = 3·x² = 0.75",
            "  one path alone gives 2·x² = 0.5 (path 1) or x² = 0.25 (path 2), "
            "not dy/dx = 3·x² = 0.75: every path counts",
            "  finite difference: Δy/Δx = 0.75 with Δx = 1.2·10⁻⁵ across x = 0.5",
            "  check: equals sympy.diff (symbolically)",
        ]

    def test_the_four_steps_are_titled_as_the_paper_gives_them(self):
        analysis = explained("ln(sin(x**3)**2)")
        headings = [line.strip() for line in text_report(analysis).splitlines() if line.startswith("  Step ")]
        titles = [step.title for step in analysis.steps]
        assert headings == [f"Step {k}. {title}:" for k, title in enumerate(titles[:2], 1)] + [
            f"Step 3. {titles[2]}, at x = 0.5:",
            f"Step 4. {titles[3]}:",
        ]
        assert titles[2] == "Combine: multiply the partials along the path"  # one path: the single-variable rule

    def test_without_a_path_there_are_no_steps_to_title(self):
        lines = text_report(explained("3")).splitlines()
        assert not any("Step" in line for line in lines) and "  dy = 0" in lines

    def test_negative_factors_are_parenthesised_and_no_side_repeats(self):
        report = text_report(explained("cos(x)", at={"x": 0}))
        assert "∂y/∂x = −sin(x) = 0" in report  # not "−sin(x) = −sin(x)"
        lines = text_report(explained("x*sin(-x)")).splitlines()
        assert any("(−" in line and "·" in line for line in lines if "→" in line)
        assert not any(line.strip().endswith("= 1 = 1") for line in text_report(explained("x + 1")).splitlines())

    def test_unchecked_and_failed_are_said(self):
        assert check_sentence(explained("x*x")) == "not checked against sympy.diff"


class TestGraphDescription:
    def test_the_rule_the_steps_and_every_path_by_number(self):
        analysis = explained("u1 = w*x + b; u2 = u1 - t; y = u2**2")
        words = graph_description(analysis)
        assert words.startswith(f"Data-flow graph. {analysis.summary}.")
        assert "Steps: u3 = w·x, u1 = u3 + b, u2 = u1 − t, y = u2²." in words  # as typed
        for k, path in enumerate(analysis.paths, 1):
            assert f"Path {k}: {' → '.join(path.nodes)}." in words

    def test_the_highlighted_path_is_said(self):
        assert "Path 2 (highlighted): x → y." in graph_description(explained("x + x**2"), highlight=1)

    def test_long_lists_are_counted_and_a_highlight_past_them_is_named(self):
        analysis = explained("u1 = x*x; u2 = u1*u1; u3 = u2*u2; y = u3*u3*u3")  # 24 paths
        words = graph_description(analysis, highlight=22, limit=20)
        assert words.count("Path ") == 21 and "Path 23 (highlighted)" in words
        assert words.endswith("3 more paths are not listed.")


class TestReportTeaches:
    """The text report says what the page teaches, where text can say it."""

    def test_the_papers_vector_example_layer_by_layer(self):
        lines = text_report(explained("[ln(x**2), sin(3*x)]")).splitlines()
        assert "    J1 = ∂(u1, u2)/∂(x) = [[2·x], [3]]" in lines
        assert "    J2 = ∂(y1, y2)/∂(u1, u2) = [[1/u1, 0], [0, cos(u2)]]" in lines
        (product,) = [line for line in lines if line.startswith("    J2 · J1")]
        assert product.endswith(": equal.")

    def test_the_neurons_gradient_in_the_papers_words(self):
        neuron = "w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)"
        active = text_report(explained(neuron, "w", at={"b": 1}))
        assert "xᵀ where the unit is active" in active and "active, so dy/dw = xᵀ" in active
        assert "inactive, so dy/dw = 0" in text_report(explained(neuron, "w", at={"b": -10}))

    def test_a_sum_of_vectors_has_a_gradient_of_ones(self):
        report = text_report(explained("w = [w1, w2, w3]; x = [x1, x2, x3]; y = sum(w + x)", "w"))
        assert "  dy/dw = 1ᵀ (a vector of ones)" in report.splitlines()

    def test_scalars_keep_their_short_report(self):
        assert "layer by layer" not in text_report(explained("x + x**2"))
