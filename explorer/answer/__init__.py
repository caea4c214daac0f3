"""A learner's answer: read with the expression's own parser, compared entry by entry and path by path, put in words.

:mod:`~explorer.answer.read` reads it, :mod:`~explorer.answer.shapes` says
which shapes it may have, :mod:`~explorer.answer.samples` evaluates every
edge, the totals and the answer at sampled points,
:mod:`~explorer.answer.exact` tells a difference that is not 0 however small,
:mod:`~explorer.answer.subsets` finds which paths add up to it,
:mod:`~explorer.answer.edges` which edge it got wrong, with the catalogue of
common mistakes in :mod:`~explorer.answer.mistakes`,
:mod:`~explorer.answer.diagnose` says where it went wrong,
:mod:`~explorer.answer.feedback` says it in words and JSON (with
:mod:`~explorer.answer.wording`), and :mod:`~explorer.answer.hints` gives an
exercise's hints.
"""
