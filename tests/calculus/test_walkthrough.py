"""The walkthrough's steps: evaluation first, then one step per path or per node, then the result."""

from __future__ import annotations

import pytest

from explorer.calculus.walkthrough import KINDS, MAX_PATH_STEPS, MAX_STEPS, steps
from explorer.errors import ExpressionError
from explorer.teach import explained


def kinds(text: str, mode: str, **kw) -> list[str]:
    return [s.kind for s in steps(explained(text, **kw), mode)]


class TestShape:
    def test_x_times_x_squared(self):
        evaluation = ["inputs", "evaluate", "evaluate"]
        assert kinds("x*x**2", "paths") == [*evaluation, "path", "path", "final"]
        assert kinds("x*x**2", "forward") == [*evaluation, "seed", "forward", "forward", "final"]
        assert kinds("x*x**2", "reverse") == [*evaluation, "seed", "reverse", "reverse", "final"]

    def test_the_neuron_reverse_pass_visits_every_input(self):
        walk = steps(explained("sigmoid(w*x + b)"), "reverse")
        assert [s.node for s in walk if s.kind == "reverse"] == ["u2", "u1", "b", "x", "w"]
        assert "dy/dw = 0.2949, dy/dx = 0.09831, dy/db = 0.1966" in walk[-1].title

    def test_forward_visits_only_what_the_input_reaches(self):
        walk = steps(explained("sigmoid(w*x + b)", wrt="b"), "forward")
        assert [s.node for s in walk if s.kind in ("seed", "forward")] == ["b", "u2", "y"]

    def test_a_vector_gets_one_reverse_pass_per_output(self):
        walk = steps(explained("[ln(x**2), sin(3*x)]"), "reverse")
        seeds = [s for s in walk if s.kind == "seed"]
        assert [(s.node, s.output) for s in seeds] == [("y1", 0), ("y2", 1)]
        assert walk[-1].title.startswith("Every input's derivative from 2 reverse passes")

    def test_accumulation_steps_are_equations_with_the_values(self):
        a = explained("x*x**2", at={"x": 2})
        forward = [s.equation for s in steps(a, "forward") if s.equation]
        assert forward == ["dx/dx = 1", "du1/dx = ∂u1/∂x·dx/dx = 4", "dy/dx = ∂y/∂x·dx/dx + ∂y/∂u1·du1/dx = 12"]

    def test_evaluation_titles_carry_the_values(self):
        walk = steps(explained("x*x**2", at={"x": 2}), "paths")
        assert [s.title for s in walk[:3]] == ["Set the inputs: x = 2", "Evaluate u1 = x² = 4", "Evaluate y = x·u1 = 8"]

    def test_every_kind_has_a_note(self):
        for mode in ("paths", "forward", "reverse"):
            assert all(step.note == KINDS[step.kind] for step in steps(explained("x + x**2"), mode))

    def test_no_inputs(self):
        assert kinds("2 + 3", "reverse") == ["evaluate", "final"]


class TestLimits:
    def test_paths_beyond_the_cap_join_the_final_sum(self):
        text = "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, 7)])  # 64 paths
        walk = steps(explained(text), "paths")
        assert sum(s.kind == "path" for s in walk) == MAX_PATH_STEPS
        assert "64 paths" in walk[-1].title

    def test_a_walkthrough_too_long_is_refused_with_a_message(self):
        text = " + ".join(f"sin(a{k})" for k in range(MAX_STEPS))
        with pytest.raises(ExpressionError, match=f"at most {MAX_STEPS} steps"):
            steps(explained(text), "reverse")

    def test_unknown_mode(self):
        with pytest.raises(ValueError, match="paths, forward, reverse"):
            steps(explained("x"), "sideways")
