"""The graph drawn: DOT with the paths told apart, large graphs condensed, laid out by Graphviz within a time bound.

:mod:`~explorer.drawing.dot` writes the DOT (styles as data in
:mod:`~explorer.drawing.styles`, colours from :mod:`explorer.colours`),
:mod:`~explorer.drawing.views` what a view adds to it (the gradients, a
walkthrough step), :mod:`~explorer.drawing.layout` runs Graphviz,
:mod:`~explorer.drawing.fallback` draws less when Graphviz is too slow or the
drawing would not be whole and readable in its frame (:mod:`~explorer.drawing.fit`),
and :mod:`~explorer.drawing.frames` draws a walkthrough step by step in one layout.
"""
