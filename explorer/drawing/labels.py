"""The text of the graph's labels: a node's operation and value, an edge's partial, wrapped, shortened, escaped.

What a label says is decided here, once for the paths view, the gradients,
the walkthrough and the slides; :mod:`explorer.drawing.dot` puts the labels
on the drawing. Every character a user typed is escaped for Graphviz.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from types import MappingProxyType

import graphviz

from ..calculus.result import Analysis
from ..calculus.walkthrough import clipped
from ..language.printing import number, partial, unicode

__all__ = [
    "BARE",
    "CAPTION_LINE",
    "LABELS",
    "VALUES",
    "edge_lines",
    "escape",
    "node_lines",
    "shortened",
    "wrapped",
]


#: What edge labels can show -> how the page and the CLI name the choice.
LABELS: Mapping[str, str] = MappingProxyType({"both": "Both", "symbolic": "Symbolic", "numeric": "Numeric"})


#: Label styles slides fall back on (:mod:`explorer.drawing.slide`), not offered as a choice: each node's
#: name and value, each edge's partial by name and value (the step's formula beside says the rest);
#: or the nodes' alone, the edges told apart by their colours.
VALUES, BARE = "values", "bare"


#: Characters of an operation shown in a node; a longer one (a sum of a hundred terms) keeps both ends.
MAX_LABEL = 56


#: Characters of a line of a node's operation or of the caption: longer ones wrap at a space, so that
#: one long label does not make the whole drawing wide (a phone has room for about 30 at a readable size).
LINE = 24


CAPTION_LINE = 48


#: Characters of an edge's partial on one line; a longer one goes on a line under the partial's name.
EDGE_LINE = 24


def escape(*lines: str) -> str:
    r"""One label from lines of user-visible text, every character literal.

    Backslashes are doubled (Graphviz would read ``\N`` or ``\l`` as
    escapes) and the result is marked as not HTML (the graphviz package
    would pass ``<...>`` through as an HTML-like label); quotes are escaped
    when the label is quoted. Lines are joined with Graphviz's ``\n``.

    Examples
    --------
    >>> graphviz.quoting.quote(escape('<b>"u1"</b>', r"\N"))
    '"<b>\\"u1\\"</b>\\n\\\\N"'
    """
    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))


def node_lines(analysis: Analysis, node, labels: str = "both") -> tuple[str, ...]:
    """The lines of a node's label: its operation and, unless ``labels`` is ``'symbolic'``, its value.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> a = explained("x*x**2")
    >>> node_lines(a, a.nodes[0]), node_lines(a, a.nodes[1])
    (('x = 0.5',), ('u1 = x²', '= 0.25'))
    """
    value = analysis.node_values.get(node.id) if labels != "symbolic" else None
    if node.kind == "input":
        return (node.id if value is None else f"{node.id} = {number(value)}",)
    if labels in (VALUES, BARE):  # the name and the value alone
        return (f"{node.id} = {number(value)}",)
    symbolic = shortened(unicode(node.local, typed=True))
    numeric = number(value) if value is not None or node.id in analysis.node_values else symbolic
    operation = wrapped(f"{node.id} = {symbolic}", LINE)
    if labels == "symbolic" or numeric == symbolic:
        return operation
    return (*operation, f"= {numeric}")


def wrapped(text: str, width: int) -> tuple[str, ...]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a longer word keeps its line).

    Examples
    --------
    >>> wrapped("y = u2 + u4 + u6 + u8 + u10 + … + u196 + u198 + u200", 30)
    ('y = u2 + u4 + u6 + u8 + u10 +', '… + u196 + u198 + u200')
    >>> wrapped("u1 = x²", 30)
    ('u1 = x²',)
    """
    return tuple(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or (text,)


def shortened(text: str) -> str:
    """A label cut to about :data:`MAX_LABEL` characters in the middle, at spaces where it can be.

    Examples
    --------
    >>> shortened(" + ".join(f"x{k}" for k in range(1, 71)))
    'x1 + x2 + x3 + x4 + x5 + … + x67 + x68 + x69 + x70'
    """
    return clipped(text, MAX_LABEL)


def edge_lines(
    analysis: Analysis, index: int, labels: str = "both", parallel: bool = False, rules: bool = False
) -> tuple[str, ...]:
    """The lines of an edge's label: its local partial, as an expression, a value or both.

    ``parallel`` says which operand it is, for edges that share their ends (``x*x``); ``rules``
    adds the differentiation rule the partial comes from.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> edge_lines(explained("x*x**2"), 0)
    ('∂u1/∂x = 2·x', '= 1')
    """
    edge = analysis.flow.edges[index]
    name = partial(edge.target, edge.source)
    if parallel:
        name += f" (operand {edge.position + 1})"
    symbolic = shortened(unicode(edge.partial))
    numeric = number(analysis.edge_values[index]) if index < len(analysis.edge_values) else None
    rule = (f"{edge.rule} rule",) if rules else ()
    if labels == BARE:
        return ()
    if labels == VALUES and numeric is None:
        return (name, *rule)
    if labels in ("numeric", VALUES) and numeric is not None:
        return (f"{name} = {numeric}", *rule)
    # a long partial goes under its name, so that one label does not widen the drawing
    partial_lines = (f"{name} =", symbolic) if len(name) + len(symbolic) + 3 > EDGE_LINE else (f"{name} = {symbolic}",)
    if numeric is None or labels == "symbolic" or numeric == symbolic:
        return (*partial_lines, *rule)
    return (*partial_lines, f"= {numeric}", *rule)
