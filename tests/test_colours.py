"""Path colours: Okabe–Ito lines with dash patterns, grey past seven, and text that meets WCAG AA."""

from __future__ import annotations

import itertools

import pytest

from explorer.colours import BACKGROUNDS, COLOURED, DASHES, NEUTRAL, PALETTE, TEXT, colour, contrast, dash, text_colour

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_lines_are_okabe_ito_then_grey():
    assert set(PALETTE) <= OKABE_ITO and len(set(PALETTE)) == len(PALETTE) == COLOURED
    assert [colour(k) for k in range(COLOURED)] == list(PALETTE)
    assert {colour(k) for k in range(COLOURED, 40)} == {NEUTRAL}


def test_neighbouring_paths_never_share_a_dash_pattern():
    styles = [dash(k) for k in range(COLOURED)]
    assert set(styles) == set(DASHES)
    assert all(a != b for a, b in itertools.pairwise(styles))


@pytest.mark.parametrize("theme", sorted(BACKGROUNDS))
def test_text_meets_wcag_aa_on_its_page(theme):
    shades = TEXT[theme]
    assert len(shades) == COLOURED + 1
    for k in range(COLOURED + 3):
        assert contrast(text_colour(k, theme), BACKGROUNDS[theme]) >= 4.5, (k, text_colour(k, theme))


def test_text_shades_stay_distinct():
    for theme in BACKGROUNDS:
        assert len(set(TEXT[theme])) == len(TEXT[theme])


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#777777", "#FFFFFF", 4.48)],
)
def test_contrast_is_the_wcag_ratio(a, b, ratio):
    assert contrast(a, b) == pytest.approx(ratio, abs=0.01)
    assert contrast(b, a) == contrast(a, b)
