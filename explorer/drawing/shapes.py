"""Draw the graph of shapes as DOT: one node per operation on whole vectors and matrices, one edge per Jacobian.

The paper's vector chain rule at the level of layers. Each node is one
operation (``g1 = W @ x``) with its shapes (``2×3 · 3 → 2``), its value at the
point when it is small, and, for a scalar output, the gradient by it
(``∂y/∂g1``: the adjoint of reverse mode, shaped as the node); each edge
carries its Jacobian in the paper's closed form (``∂g1/∂x = W``,
``∂g3/∂g2 = diag(1 − tanh(g2)²)``, ``∂y/∂g3 = 1ᵀ``) and its value. The caption
says that their product is the whole Jacobian, and whether it was checked
equal at the point. Labels are escaped as in :mod:`explorer.drawing.dot`.
"""

from __future__ import annotations

from collections.abc import Mapping

import graphviz

from ..calculus.result import Analysis
from ..calculus.shapes.closed import Shapes, label, signature
from ..language.printing import numbers, partial
from .dot import LABELS, ORIENTATIONS, escape
from .styles import EDGE, GRAPH, NODE, STYLE, THEMES

__all__ = ["MAX_DRAWN", "MAX_SHOWN", "caption", "to_dot"]

#: Blocks drawn at most; a longer program is drawn entry by entry only, and the picture says so.
MAX_DRAWN = 60

#: Entries of a value or a Jacobian written in a label; a larger one is named by its size.
MAX_SHOWN = 12


def caption(analysis: Analysis) -> str:
    """What the picture shows about the product of the Jacobians, checked or not at the point.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> print(caption(explained("x = [p, q]; y = sum(exp(x))")))
    The product of the Jacobians along the edges, added over the paths, is the whole Jacobian: equal at this point.
    """
    values = analysis.block_values
    sentence = "The product of the Jacobians along the edges, added over the paths, is the whole Jacobian"
    if values is None or values.agrees is None:
        return sentence + " (not compared here: a value is undefined at this point)."
    return sentence + (": equal at this point." if values.agrees else ": they differ here (an ill-conditioned point?).")


def _value_lines(head: str, values, dims: tuple[int, ...]) -> list[str]:
    """``head = value`` with a matrix's rows on lines of their own (so a node stays narrow), or its size."""
    flat = list(values)
    lead = f"{head} = " if head else "= "
    if len(flat) > MAX_SHOWN:
        return [f"{head or 'its value'}: {'×'.join(map(str, dims))} entries"]
    if len(dims) < 2 or dims[0] == 1:
        return [lead + str(numbers(flat, dims, MAX_SHOWN))]
    rows = [numbers(flat[r * dims[1] : (r + 1) * dims[1]], (dims[1],), MAX_SHOWN) for r in range(dims[0])]
    return [f"{lead}[{rows[0]},", *(f"{row}," for row in rows[1:-1]), f"{rows[-1]}]"]


def _shape_words(dims: tuple[int, ...]) -> str:
    if len(dims) == 2:
        return f"{dims[0]}×{dims[1]} matrix"
    return f"vector of {dims[0]}" if dims else "scalar"


def _note(message: str, theme: str) -> str:
    style = STYLE[theme]
    graph = graphviz.Digraph(
        "shapes", graph_attr={**GRAPH, **style["graph"]}, node_attr={**NODE, **style.get("node", {})}
    )
    graph.node("note", label=escape(message), **style["summary"])
    return graph.source


def to_dot(
    analysis: Analysis,
    *,
    labels: str = "both",
    theme: str = "light",
    orientation: str = "auto",
) -> str:
    """Draw the graph of shapes as DOT source (deterministic).

    Parameters
    ----------
    analysis : Analysis
    labels : {'both', 'symbolic', 'numeric'}
        Closed forms, values at the point, or both.
    theme, orientation
        As for :func:`explorer.drawing.dot.to_dot` (``auto`` is top to bottom: layers stacked, as networks are drawn).

    Raises
    ------
    ValueError
        For an unknown option.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> dot = to_dot(explained("W = [[a, b], [c, d]]; x = [p, q]; y = sum(tanh(W @ x))", "W"))
    >>> edges = [line.strip() for line in dot.splitlines() if "->" in line]
    >>> edges[0].startswith('W -> g1 [label="∂g1/∂W = I ⊗ xᵀ'), edges[1].startswith('x -> g1 [label="∂g1/∂x = W')
    (True, True)
    """
    if theme not in STYLE:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, not {theme!r}")
    if labels not in LABELS:
        raise ValueError(f"labels must be one of {', '.join(LABELS)}, not {labels!r}")
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be one of {', '.join(ORIENTATIONS)}, not {orientation!r}")
    shapes = analysis.shapes
    if shapes is None:
        return _note("Every value here is a scalar: the graph of shapes is the data-flow graph itself.", theme)
    if len(shapes.blocks) > MAX_DRAWN:
        return _note(
            f"This program has {len(shapes.blocks)} operations on whole values; the graph of shapes draws at most "
            f"{MAX_DRAWN}. The data-flow graph shows it entry by entry.",
            theme,
        )
    style = STYLE[theme]
    graph_attr = {
        "rankdir": "TB" if orientation == "auto" else orientation,
        **GRAPH,
        **style["graph"],
        "label": escape(caption(analysis)),
    }
    graph = graphviz.Digraph(
        "shapes",
        graph_attr=graph_attr,
        node_attr={**NODE, **style.get("node", {})},
        edge_attr={**EDGE, **style.get("edges", {})},
    )
    _nodes(graph, analysis, shapes, labels, style)
    _edges(graph, analysis, shapes, labels, style)
    return graph.source


def _nodes(graph: graphviz.Digraph, analysis: Analysis, shapes: Shapes, labels: str, style: Mapping) -> None:
    values = analysis.block_values
    output = shapes.output
    wrt = analysis.wrt
    for k, block in enumerate(shapes.blocks):
        text, _ = label(block)
        leaf = block.op in ("input", "constant")
        lines = [block.id if leaf and block.named else f"{block.id} = {text}"]
        lines.append(_shape_words(block.shape) if leaf else signature(block, shapes))
        if labels != "symbolic" and values is not None:
            lines += _value_lines("", values.values[block.id], block.shape)
            adjoint = values.adjoints.get(block.id)
            if not output.shape and adjoint is not None and block.id != output.id and block.op != "constant":
                lines += _value_lines(partial(output.id, block.id), adjoint[0], block.shape)
        kind = "output" if block is output else "input" if leaf else "intermediate"
        attrs = {"label": escape(*lines), "id": f"block-{k}", "class": f"block {block.op}", **style[kind]}
        if leaf:  # a box like the others: a matrix's rows of values read better in one than in an ellipse
            attrs.update(shape="box", style="rounded,filled")
        if block.op == "constant":
            attrs.update(style["faded"])
            attrs["fontcolor"] = style["graph"]["fontcolor"]
        if block.id == wrt:
            attrs.update(style["wrt"])
        graph.node(escape(block.id), **attrs)


def _edges(graph: graphviz.Digraph, analysis: Analysis, shapes: Shapes, labels: str, style: Mapping) -> None:
    values = analysis.block_values
    by_id = {b.id: b for b in shapes.blocks}
    drawn = set()
    for index, link in enumerate(shapes.links):
        name = partial(link.target, link.source)
        lines = [f"{name} = {link.form.text}"] if labels != "numeric" else []
        if labels != "symbolic" and values is not None:
            flat = [v for row in values.jacobians[index] for v in row]
            lines += _value_lines("" if lines else name, flat, (link.rows, link.columns))
        repeated = (link.source, link.target) in drawn
        if repeated:
            lines[0] += f" (operand {link.position + 1})"
        drawn.add((link.source, link.target))
        attrs = {"label": escape(*lines), "id": f"link-{index}", "class": f"link {link.form.kind}", **style["edge"]}
        graph.edge(escape(link.source), escape(link.target), **attrs)
    for block in shapes.blocks:  # named data (samples, targets) flows in, with nothing to differentiate
        for operand in block.operands:
            if isinstance(operand, str) and by_id[operand].op == "constant":
                graph.edge(
                    escape(operand), escape(block.id), style="dashed", **{k: v for k, v in style["edge"].items()}
                )
