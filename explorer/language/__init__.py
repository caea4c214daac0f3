"""The input language: one table of operations, a lexer and parser with an allowlist, and printing for people.

User text goes through :mod:`~explorer.language.lexer` and
:mod:`~explorer.language.parse` and nowhere else; what each operation is, how it
is spelled, differentiated, evaluated with floats and shown is a row of
:mod:`~explorer.language.operations` (the activations declare their own rows in
:mod:`~explorer.language.activations`). Importing the parser needs nothing
but this package.
"""
