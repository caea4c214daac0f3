"""The library's bounded calls: budgets checked, a slow check or simplification never refuses an answer."""

from __future__ import annotations

import time
from dataclasses import asdict

import pytest
from hanging import hanging

import explorer
from explorer import bounded, workers
from explorer.errors import CapacityError, ExpressionError, TimedOutError
from explorer.exports.formats import Options


def slow_checks() -> None:
    """Worker initializer: make the check against sympy.diff and the simplification hang."""
    import explorer.calculus.verify

    def hang(*args, **kwargs):
        time.sleep(600)

    explorer.calculus.verify.verify = hang
    explorer.calculus.verify.simplify = hang


@pytest.fixture
def hanging_checks():
    previous = workers.settings()
    workers.configure(initializer=slow_checks, wait=30)
    yield
    workers.configure(**asdict(previous))


class TestBudget:
    @pytest.mark.parametrize("budget", [float("nan"), float("inf"), 0, -1, 1e9])
    def test_a_budget_must_be_a_number_of_seconds(self, budget):
        with pytest.raises(ValueError, match="budget must be a number of seconds from more than 0 to 600"):
            explorer.analyze("x", budget=budget)

    @pytest.mark.parametrize("budget", ["5", True, [5]])
    def test_a_budget_must_be_a_number(self, budget):
        with pytest.raises(TypeError, match="budget must be a number of seconds"):
            explorer.analyze("x", budget=budget)

    @pytest.mark.parametrize("max_paths", [None, -1, 2.5, "10"])
    def test_max_paths_must_be_a_whole_number(self, max_paths):
        with pytest.raises(TypeError, match="max_paths must be a whole number of at least 0"):
            explorer.analyze("x", max_paths=max_paths)


class TestNeverRefusedForBeingSlowToCheck:
    def test_a_hanging_check_leaves_the_answer_unchecked(self, hanging_checks):
        start = time.monotonic()
        result = explorer.analyze("x*x**2", budget=2)
        assert time.monotonic() - start < 2 + 30  # the check was stopped, not waited for
        assert (str(result.total), result.total_values) == ("3*x**2", (0.75,))
        assert (result.verified, result.verification, result.simplified) == (False, "unchecked", False)

    def test_the_stopped_worker_is_replaced(self, hanging_checks):
        explorer.analyze("x*x", budget=1)
        assert str(explorer.analyze("x + x**2", budget=1, check=False, simplify=False).total) == "2*x + 1"


class TestCapacityIsNotTheInputsFault:
    def test_a_timeout_is_a_capacity_error(self):
        with hanging(), pytest.raises(TimedOutError) as caught:
            explorer.analyze("x*x**2", budget=1)
        assert isinstance(caught.value, CapacityError) and not isinstance(caught.value, ExpressionError)
        assert str(caught.value).startswith("the analysis was stopped after 1 s")


class TestCalls:
    def test_reevaluate(self):
        a = explorer.analyze("x*x**2")
        assert explorer.reevaluate(a, "x=2").total_values == (12.0,)
        with pytest.raises(ExpressionError, match="the value of x must be a finite number"):
            explorer.reevaluate(a, {"x": float("inf")})

    def test_simplify_off_the_critical_path(self):
        quick = explorer.analyze("ln(sin(x**3)**2)", simplify=False)
        assert not quick.simplified and quick.verified
        assert str(explorer.simplify(quick).total) == "6*x**2/tan(x**3)"

    def test_draw_latex_and_export_run_in_a_worker(self):
        a = explorer.analyze("x*x**2")
        assert "<svg" in explorer.draw(a, Options(theme="dark"))
        assert r"\frac{dy}{dx}" in explorer.latex(a)
        assert explorer.export(a, "png", Options(scale=1))[:4] == b"\x89PNG"

    def test_formulas_for_the_page(self):
        f = bounded.formulas(explorer.analyze("x + x**2"))
        assert len(f.paths) == 2 and f.sums[0].startswith(r"\begin{aligned}")

    def test_lessons_for_the_page(self):
        bundle = bounded.lessons(explorer.analyze("x + x**2"))
        assert bundle.naive[0].startswith(r"\begin{aligned}") and len(bundle.parts[0]) == 2 + 1  # two paths, their sum

    def test_the_papers_check_in_a_worker(self):
        (d,) = bounded.difference(explorer.analyze("x + x**2", at={"x": 1}), 1)
        assert (d.before, d.after, d.estimate) == (2.0, 6.0, 4.0)

    @pytest.mark.parametrize("step", [0, float("nan"), float("inf"), True, "1"])
    def test_a_step_is_a_finite_number_other_than_zero(self, step):
        with pytest.raises(ValueError, match="the step must be a finite number other than 0"):
            bounded.difference(explorer.analyze("x"), step)

    def test_simplify_writes_the_last_step_again(self):
        quick = explorer.analyze("ln(sin(x**3)**2)", simplify=False)
        assert explorer.simplify(quick).steps[-1].text.endswith("6·x²/tan(x³)")


class TestVerify:
    def test_the_check_after_the_page(self):
        quick = explorer.analyze("ln(sin(x**3)**2)", check=False, simplify=False)
        assert quick.verification == "unchecked" and not quick.simplified
        done = bounded.verify(quick)
        assert done.verified and done.simplified and str(done.total) == "6*x**2/tan(x**3)"
        assert done.oracle and done.total_values == quick.total_values
        too_short = bounded.verify(quick, budget=bounded.MIN_STEP_BUDGET / 2)  # not even started
        assert too_short.verification == "unchecked"

    def test_a_capped_simplification_gives_up_and_keeps_the_check(self):
        """The page caps sympy.simplify: a 2-layer net's total (seconds of it) keeps at most its cheap rewriting."""
        quick = explorer.analyze("h = tanh(w1*x + b1); y = sigmoid(w2*h + b2)", check=False, simplify=False)
        cheap = bounded.verify(quick)  # by default only the cheap rewritings, never sympy.simplify
        done = bounded.verify(quick, full=True, simplifying=0.05)
        assert done.verified and cheap.verified
        assert (done.totals, done.simplified) in ((quick.totals, False), (cheap.totals, True))

    def test_a_full_simplification_goes_further_than_the_cheap_one(self):
        quick = explorer.analyze("ln(x + sqrt(x**2 + 1))", check=False, simplify=False)
        cheap, full = bounded.verify(quick), bounded.verify(quick, full=True)
        assert (str(cheap.total), str(full.total)) == (
            "(x/sqrt(x**2 + 1) + 1)/(x + sqrt(x**2 + 1))",
            "1/sqrt(x**2 + 1)",
        )
        assert cheap.simplified and full.simplified and cheap.verified and full.verified
