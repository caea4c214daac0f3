"""An exercise's hints: the rule, the number of paths, then one path's product; never the total."""

from __future__ import annotations

from explorer.answer.hints import hints
from explorer.teach import explained


class TestHints:
    def test_three_hints_in_order(self):
        first, second, third = hints(explained("x + x**2"))
        assert first.startswith("Total-derivative chain rule: ")
        assert second == "Paths: x reaches y through 2 paths."
        assert third == "Path 1, x → u1 → y: ∂u1/∂x = 2·x (power rule), ∂y/∂u1 = 1 (sum rule); their product is 2·x."

    def test_the_last_hint_is_about_the_path_asked_for(self):
        assert hints(explained("x + x**2"), 1)[2] == "Path 2, x → y: ∂y/∂x = 1 (sum rule); their product is 1."

    def test_no_hint_gives_the_total(self):
        analysis = explained("x*x**2")
        assert not any("3·x²" in hint for hint in hints(analysis))

    def test_a_constant(self):
        assert hints(explained("2 + 3")) == (
            "No chain rule needed: the expression has no variables, so its derivative is 0.",
        )

    def test_no_path(self):
        assert hints(explained("u = x**2; y = z")) == (
            "No chain rule needed: y does not depend on x, so the derivative is 0.",
            "Paths: y does not depend on x (0 paths), so the derivative is 0.",
        )
