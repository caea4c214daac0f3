"""The walkthrough's steps: evaluation first, then one step per path or per node, then the result."""

from __future__ import annotations

import pytest

from explorer.calculus.walkthrough import KINDS, MAX_PATH_STEPS, MAX_STEPS, TITLE_CHARS, steps
from explorer.errors import ExpressionError, TooLargeError
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

    def test_a_walkthrough_too_long_to_draw_is_refused_as_too_large_not_as_a_mistake(self):
        text = " + ".join(f"sin(a{k})" for k in range(MAX_STEPS))
        with pytest.raises(TooLargeError, match=f"at most {MAX_STEPS} steps.*--mode reverse writes every step"):
            steps(explained(text), "reverse")
        assert not issubclass(TooLargeError, ExpressionError)  # the command line exits 1, not 2

    def test_the_text_has_every_step(self):
        text = " + ".join(f"sin(a{k})" for k in range(MAX_STEPS))
        walk = steps(explained(text), "reverse", limit=None)
        assert sum(s.kind == "reverse" for s in walk) == 2 * MAX_STEPS  # every sin and every input

    def test_a_grey_boxs_nodes_one_after_another_are_one_step(self):
        analysis = explained("sin(sin(sin(sin(sin(x)))))")
        boxes = {"u2": "hidden-1", "u3": "hidden-1"}
        walk = steps(analysis, "reverse", boxes=boxes)
        grouped = [s for s in walk if s.members]
        assert [(s.kind, s.node, s.members) for s in grouped] == [
            ("evaluate", "hidden-1", ("u2", "u3")),
            ("reverse", "hidden-1", ("u3", "u2")),  # reverse mode visits them from the output back
        ]
        assert grouped[1].title == "dy/du3, dy/du2: the 2 nodes in a grey box"
        assert len(walk) == len(steps(analysis, "reverse")) - 2

    def test_forward_mode_by_a_vector_is_refused_with_its_entries(self):
        neuron = explained("w = [w1, w2, w3]; x = [x1, x2, x3]; y = max(0, dot(w, x) + b)", wrt="w")
        with pytest.raises(ExpressionError, match=r"one of its entries \(w1, w2, w3\)"):
            steps(neuron, "forward")
        final = steps(neuron, "paths")[-1].title  # the sum of each entry's paths, entry by entry
        assert "dy/dw1 = " in final and "dy/dw2 = " in final and "dy/dw3 = " in final

    def test_long_titles_keep_both_ends(self):
        walk = steps(explained(" + ".join(f"x{k}" for k in range(1, 71))), "reverse", limit=None)
        assert walk[0].title == "Set the inputs: x1 = 0.5, x2 = 1.5, x3 = 0.25, …, x70 = 1.1 (70 inputs)"
        assert all(len(s.title) <= TITLE_CHARS + 30 for s in walk)
        assert "x1 + x2 + x3" in walk[1].title and "x69 + x70 = " in walk[1].title and " … " in walk[1].title

    def test_unknown_mode(self):
        with pytest.raises(ValueError, match="paths, forward, reverse"):
            steps(explained("x"), "sideways")
