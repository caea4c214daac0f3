"""The data-flow graph of an expression as typed: its data types and the builder from a syntax tree.

One node per input and per operation (the paper's intermediate variables), one
edge per operand position with its local partial derivative
(:mod:`~explorer.graph.build`); vectors entry by entry
(:mod:`~explorer.graph.vectors`) and constants folded exactly
(:mod:`~explorer.graph.constants`) on the way.
"""
