"""The words and LaTeX of what the paper teaches, by topic, added to the pipeline's numbers.

One module a topic, as the page shows them: :mod:`~explorer.teach.rules`
(which chain rule, each edge's rule), :mod:`~explorer.teach.steps` (the
four steps), :mod:`~explorer.teach.paths` (each path and the coloured sum),
:mod:`~explorer.teach.naive` (one path against all),
:mod:`~explorer.teach.formula` (the total-derivative formula),
:mod:`~explorer.teach.jacobians` (the vector chain rule layer by layer),
:mod:`~explorer.teach.modes` and :mod:`~explorer.teach.walkthrough`
(forward and reverse mode, step by step), :mod:`~explorer.teach.report`
(the text report); :mod:`~explorer.teach.notation` holds the notation they
share and :mod:`~explorer.teach.lessons` adds the words to an analysis.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..calculus.pipeline import MAX_PATHS, run
from ..calculus.result import Analysis
from .lessons import annotate

__all__ = ["explained"]


def explained(
    text: str,
    wrt: str | None = None,
    at: Mapping[str, object] | str | None = None,
    *,
    share: bool = True,
    max_paths: int = MAX_PATHS,
) -> Analysis:
    """The pipeline in this process, with the words: :func:`explorer.calculus.pipeline.run`, then :func:`annotate`.

    Unbounded in time (the library's :func:`explorer.analyze` runs the same in
    a worker, then checks and simplifies); for tests, notebooks and examples.

    Examples
    --------
    >>> explained("x*x**2").summary
    'Total-derivative chain rule: x reaches y through 2 paths'
    """
    return annotate(run(text, wrt, at, share=share, max_paths=max_paths))
