"""A learner's answer: read with the expression's own parser, compared path by path, and put in words.

:mod:`~explorer.answer.read` reads it, :mod:`~explorer.answer.samples` evaluates
every edge, the totals and the answer at sampled points,
:mod:`~explorer.answer.subsets` finds which paths add up to it,
:mod:`~explorer.answer.diagnose` says where it went wrong and
:mod:`~explorer.answer.feedback` says it in words and JSON.
"""
