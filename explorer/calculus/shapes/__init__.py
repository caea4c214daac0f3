"""The vector chain rule on whole vectors and matrices: the graph of shapes and its Jacobians.

:mod:`~explorer.calculus.shapes.closed` makes the graph of shapes (one node
per operation on whole values) and each link's Jacobian in the paper's closed
form (``W``, ``I ⊗ xᵀ``, ``diag(f′(z))``, ``1ᵀ``);
:mod:`~explorer.calculus.shapes.values` evaluates them at the point and
multiplies them back into the whole Jacobian, to check it.
"""
