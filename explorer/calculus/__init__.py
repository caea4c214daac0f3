"""The chain rules as numbers and expressions: paths, accumulation, values at a point, the check, the result.

No words and no pictures: :mod:`explorer.teach` and :mod:`explorer.drawing` take
the :class:`~explorer.calculus.result.Analysis` that
:func:`~explorer.calculus.pipeline.run` makes. Nothing here is bounded in time;
:mod:`explorer.bounded` runs it in the worker pool.
"""
