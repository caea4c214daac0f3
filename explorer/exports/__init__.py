"""Files for people to take away: one table of formats (:data:`~explorer.exports.formats.FORMATS`) and each writer.

The LaTeX handout (:mod:`~explorer.exports.document`), the graph as TikZ
(:mod:`~explorer.exports.tikz`) and the Beamer slides
(:mod:`~explorer.exports.beamer`), beside the pictures, DOT, text and JSON
that the table writes with :mod:`explorer.drawing` and :mod:`explorer.teach`.
"""
