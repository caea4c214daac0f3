"""The check against sympy.diff and the simplification: exact where cheap, numeric where not, never a refusal."""

from __future__ import annotations

import gc
import signal
import time

import pytest
import sympy as sp
from hypothesis import given
from strategies import SYMBOLS, build_or_skip, expressions

from explorer.calculus import verify as verify_module
from explorer.calculus.verify import _deadline, _OutOfTime, agree, simplify, tree_size, verify
from explorer.teach import explained

x = sp.Symbol("x", real=True)

#: Twelve lines, each holding the one before three times: a small graph whose output is huge written out.
NESTED = "; ".join(
    ["u1 = sin(x)*x + z**2", *(f"u{k} = sin(u{k - 1})*u{k - 1} + u{k - 1}**2" for k in range(2, 12)), "y = u11 + z"]
)
RATIONAL = "1/((p + q*x)**3*(r + s*(p + q*x)**2 + v*(p + q*x)**4)**2)"


class TestAgree:
    def test_equal_forms(self):
        assert agree(2 * x + 2, 2 * (x + 1), [x], {"x": 0.5}) == "symbolic"

    def test_identities_too_costly_to_expand_are_checked_numerically(self):
        assert agree(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.S.One, [x], {"x": 0.5}, max_ops=0) == "numeric"

    def test_a_wrong_total_fails(self):
        assert agree(2 * x, 2 * x + 1, [x], {"x": 0.5}) == "failed"
        assert agree(sp.sin(x), sp.sin(x) + 1e-3 * x**9, [x], {"x": 0.5}, max_ops=0) == "failed"

    def test_nowhere_real_is_unchecked_not_failed(self):
        assert agree(sp.sqrt(-1 - x**2), sp.sqrt(-2 - x**2), [x], {"x": 0.5}) == "unchecked"


class TestVerify:
    def test_the_papers_examples_are_exact(self):
        for text in ("x + x**2", "x*x**2", "ln(sin(x**3)**2)", "[ln(x**2), sin(3*x)]"):
            checked = verify(explained(text))
            assert (checked.verified, checked.verification) == (True, "symbolic"), text
            assert checked.oracle

    def test_a_large_rational_function_is_checked_numerically(self):
        checked = verify(explained(RATIONAL))
        assert checked.verified and checked.verification == "numeric"
        assert checked.oracle[0] != checked.totals[0]

    @given(expressions)
    def test_random_trees_agree_with_sympy_diff(self, case):
        text, expr = case
        build_or_skip(text)
        checked = verify(explained(text))
        assert checked.verification in ("symbolic", "numeric", "unchecked")
        assert checked.oracle[0] == sp.diff(expr, SYMBOLS[checked.wrt]) if checked.wrt else True


class TestSimplify:
    def test_simplifies_and_stays_equal(self):
        simpler = simplify(explained("ln(sin(x**3)**2)"))
        assert simpler.simplified and simpler.totals == (6 * x**2 / sp.tan(x**3),)

    def test_high_powers_are_not_multiplied_out(self, monkeypatch):
        """cancel expands a power of a sum and trigsimp struggles with a power of tan: neither shortens them."""
        tried = []
        monkeypatch.setattr(sp, "cancel", lambda e: tried.append("cancel") or e)
        monkeypatch.setattr(sp, "trigsimp", lambda e: tried.append("trigsimp") or e)
        for text in ("(x+1)^999999", "(x+y)^1000*(x-y)^1000", "tan(x^2+1)^30"):
            assert simplify(explained(text), full=False).simplified
        assert tried == []
        simplify(explained("tan(x^2+1)^3"), full=False)  # a low power: both are tried
        assert tried == ["cancel", "trigsimp"]

    def test_large_totals_are_left_as_they_are(self):
        text = " + ".join(f"sin({k}*x)**2" for k in range(1, 120))
        before = explained(text)
        after = simplify(before)
        assert after.totals == before.totals

    def test_a_slow_simplification_gives_up_by_itself(self):
        """sympy.simplify spends seconds on a 2-layer net's total; past its soft deadline it stops, in this process."""
        sp.core.cache.clear_cache()
        before = explained("h = tanh(w1*x + b1); y = sigmoid(w2*h + b2)")
        after = simplify(before, seconds=0.05)  # nothing was stopped from outside
        cheap = simplify(before, full=False)
        assert after is before or (after.simplified and after.totals == cheap.totals)  # at most the cheap rewriting
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the alarm is off again
        assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL

    def test_the_cheap_rewritings_never_call_sympy_simplify(self, monkeypatch):
        def refuse(*args, **kwargs):
            raise AssertionError("sympy.simplify was called")

        monkeypatch.setattr(sp, "simplify", refuse)
        for text, total in [
            ("ln(sin(x**3)**2)", 6 * x**2 / sp.tan(x**3)),  # trigsimp: cos/sin is 1/tan
            ("atan(x/(1 + x**2))", (1 - x**2) / (x**4 + 3 * x**2 + 1)),  # cancel
            ("x**3*ln(x)**2", x**2 * (3 * sp.log(x) + 2) * sp.log(x)),  # factor_terms
        ]:
            simpler = simplify(explained(text), full=False)
            assert simpler.simplified and simpler.totals == (total,)

    def test_a_slow_check_gives_up_by_itself(self, monkeypatch):
        """sympy.diff of twelve nested lines takes many seconds; past its soft deadline the check stops, unchecked."""
        monkeypatch.setattr(verify_module, "TREE_NODES_PER_SECOND", 10**12)  # no prediction: the deadline stops it
        before = explained(NESTED)
        assert verify(before, seconds=0.2) is before and before.verification == "unchecked"
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    def test_a_check_that_cannot_finish_in_time_is_not_started(self, monkeypatch):
        before = explained(NESTED)
        assert tree_size([before.flow.node("y").expr], 10**6) > 500_000  # as a tree; 49 nodes as a graph

        def refuse(*args, **kwargs):
            raise AssertionError("sympy.diff was called")

        monkeypatch.setattr(sp, "diff", refuse)
        assert verify(before, seconds=5) is before

    def test_the_deadline_is_not_lost_in_a_gc_callback(self):
        """An exception raised in a gc callback is swallowed by Python; the alarm waits until the callback returns."""

        def busy(phase, info):  # as hypothesis's gc timer does, but slow: the alarm rings while it runs
            if phase == "start":
                end = time.monotonic() + 0.2
                while time.monotonic() < end:
                    pass

        gc.callbacks.append(busy)
        start = time.monotonic()
        try:
            with pytest.raises(_OutOfTime), _deadline(0.05):
                gc.collect()  # the alarm rings at 0.05 s, inside the callback's 0.2 s
                while time.monotonic() - start < 5:  # and again once the callback has returned
                    pass
        finally:
            gc.callbacks.remove(busy)
        assert 0.2 <= time.monotonic() - start < 2  # after the callback, long before the loop's own end
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

    def test_a_quick_one_finishes_within_its_deadline(self):
        assert simplify(explained("ln(sin(x**3)**2)"), seconds=60).simplified
