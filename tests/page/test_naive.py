"""The chart of one path against all: signed bars, their sum, the finite steps, the derivative across."""

from __future__ import annotations

import pytest

from explorer.colours import ESTIMATE, TOTAL
from explorer.page.sections.naive import chart
from explorer.teach import explained
from explorer.teach.naive import contributions


def rows(spec: dict) -> dict[str, float]:
    return {row["bar"]: row["value"] for row in spec["data"]["values"]}


def test_paths_of_opposite_signs_are_apart_and_their_sum_is_the_derivative():
    """x − x² at 0.5: +1 and −1, each its own bar, their sum 0 = dy/dx (a stacked bar drew −1 to 1)."""
    spec = chart(contributions(explained("x - x**2"), 0), [(1.0, -1.0), (0.001, -0.001)], "dy/dx")
    assert rows(spec) == {
        "path 1": -1.0,
        "path 2": 1.0,
        "all paths: dy/dx": 0.0,
        "Δy/Δx at Δx = 1": -1.0,
        "Δy/Δx at Δx = 0.001": -0.001,
    }
    assert "stack" not in str(spec) and spec["layer"][-1]["encoding"]["y"]["datum"] == 0.0


def test_the_papers_step_and_a_small_one_against_the_derivative():
    analysis = explained("x + x**2", at={"x": 1})
    spec = chart(contributions(analysis, 0), [(1.0, 4.0), (0.001, 3.001)], "dy/dx", "dark")
    colours = {row["bar"]: row["colour"] for row in spec["data"]["values"]}
    assert colours["Δy/Δx at Δx = 1"] == ESTIMATE and colours["all paths: dy/dx"] == TOTAL["dark"]
    assert spec["layer"][-1]["encoding"]["y"]["datum"] == pytest.approx(3.0)  # the dashed line: dy/dx


def test_a_hundred_paths_show_seven_others_and_a_scale_where_the_derivative_shows():
    """Paths of ±200·k that cancel, and 3: huge bars, a derivative of 3; the scale turns symmetric-logarithmic."""
    text = " + ".join(f"{k}*x**2 - {k}*x**2" for k in range(1, 51)) + " + 3*x"
    bars = contributions(explained(text, at={"x": 100}), 0)
    assert len(bars) == 7 + 1 + 1 and bars[-2].label == "the other 94 paths"
    assert bars[-1].value == pytest.approx(3.0)
    spec = chart(bars, [], "dy/dx")
    y = spec["layer"][0]["encoding"]["y"]
    assert y["scale"]["type"] == "symlog" and "symmetric log scale" in y["title"]
    assert sum(v for k, v in rows(spec).items() if k != "all paths: dy/dx") == pytest.approx(bars[-1].value)
