"""What to draw of a graph too large to read: the paths that matter in full, the rest in summary boxes.

Past :data:`MAX_NODES` nodes or :data:`MAX_EDGES` edges a picture of every
node stops helping (and Graphviz slows down sharply). :func:`view` then
keeps the chosen input, the outputs and the nodes of the first few and the
highlighted path, and puts every other node in a summary box that says what
it holds: the nodes that hang between the same drawn nodes (the 97 other
terms of a wide sum, the hidden inputs of a layer) share one box, and the
middle of a long chain of single steps becomes one box too. Edges into and
out of a box are drawn once, with how many edges and paths they stand for.
The drawing's direction follows the view's shape (:func:`orient`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..calculus.paths import edge_paths
from ..calculus.result import Analysis

# fmt: off
__all__ = [
    "CHAIN_KEEP", "DEEP", "FULL_PATHS", "MAX_EDGES", "MAX_NODES", "MAX_PARALLEL", "Link", "Summary", "View", "orient",
    "view",
]
# fmt: on

#: Largest graph drawn whole.
MAX_NODES = 60
MAX_EDGES = 120

#: Paths drawn in full in a condensed graph (besides the highlighted one).
FULL_PATHS = 3

#: A chain of single steps longer than 2 × CHAIN_KEEP + 3 keeps this many steps at each end.
CHAIN_KEEP = 3

#: Edges drawn between the same two nodes of a condensed graph (x·x·…·x); the rest are one link.
MAX_PARALLEL = 3

#: A graph at least this deep, and more than twice as deep as it is wide, is drawn top to bottom.
DEEP = 8

#: Operations as summaries name them.
_OPS = {"+": "sum", "*": "product", "**": "power", "neg": "minus", "id": "copy", "input": "input"}


@dataclass(frozen=True)
class Summary:
    """A box that stands for hidden nodes.

    Attributes
    ----------
    id : str
        ``hidden-1``, ``hidden-2``...: never a node id (they cannot contain ``-``).
    members : tuple of str
        The node ids it stands for, in evaluation order.
    lines : tuple of str
        Its label: how many nodes (and branches), which, and what operations.
    """

    id: str
    members: tuple[str, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """One drawn edge that stands for several edges into, out of or between summaries."""

    source: str
    target: str
    edges: tuple[int, ...]
    paths: int


@dataclass(frozen=True)
class View:
    """What to draw: nodes and edges as themselves, summaries and the links to them.

    Attributes
    ----------
    nodes : tuple of int
        Indexes into ``flow.nodes`` drawn as themselves.
    edges : tuple of int
        Indexes into ``flow.edges`` drawn as themselves.
    summaries : tuple of Summary
    links : tuple of Link
    paths : tuple of int
        Per edge of the flow, the exact number of paths from the chosen input
        to the outputs through it.
    note : str or None
        What was condensed, in words; None when everything is drawn.
    """

    nodes: tuple[int, ...]
    edges: tuple[int, ...]
    summaries: tuple[Summary, ...]
    links: tuple[Link, ...]
    paths: tuple[int, ...]
    note: str | None = None

    @property
    def condensed(self) -> bool:
        """Whether some nodes are hidden in summaries, or some edges drawn as one link."""
        return bool(self.summaries or self.links)


def _elided(names: Sequence[str], keep: int = 2) -> str:
    if len(names) <= keep + 2:
        return ", ".join(names)
    return ", ".join(names[:keep]) + ", …, " + names[-1]


def _lines(analysis: Analysis, members: Sequence[str], branches: int, chain: bool) -> tuple[str, ...]:
    ops = Counter(_OPS.get(analysis.flow.node(m).op, analysis.flow.node(m).op) for m in members)
    held = ", ".join(f"{op} ×{n}" if n > 1 else op for op, n in ops.most_common(3))
    if len(ops) > 3:
        held += ", …"
    if chain:
        head: tuple[str, ...] = (f"⋮ {len(members)} steps in a chain",)
    elif branches > 1:  # two short lines rather than one long one: the box stays narrow
        head = (f"{branches} more branches:", f"{len(members)} nodes")
    else:
        head = (f"{len(members)} more nodes" if len(members) > 1 else "1 more node",)
    return *head, _elided(list(members)), held


def _components(nodes: Iterable[str], neighbours: dict[str, set[str]]) -> list[list[str]]:
    """Connected parts of the hidden nodes (undirected), each in evaluation order."""
    seen: set[str] = set()
    parts = []
    for start in nodes:
        if start in seen:
            continue
        part, stack = [], [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            part.append(node)
            for other in neighbours[node] - seen:
                seen.add(other)
                stack.append(other)
        parts.append(part)
    return parts


def _folded(analysis: Analysis, edges: list[int], chosen: list[int], paths: Sequence[int]) -> tuple[list, list]:
    """Edges between the same two nodes past :data:`MAX_PARALLEL` (the chosen paths' first) as one link each."""
    between: dict[tuple[str, str], list[int]] = {}
    for i in edges:
        between.setdefault((analysis.edges[i].source, analysis.edges[i].target), []).append(i)
    on_chosen = {i for k in chosen for i in analysis.paths[k].edges}
    kept, links = [], []
    for (source, target), group in between.items():
        if len(group) <= MAX_PARALLEL:
            kept += group
            continue
        first = sorted(group, key=lambda i: (i not in on_chosen, i))[:MAX_PARALLEL]
        kept += first
        rest = tuple(i for i in group if i not in first)
        links.append(Link(source, target, rest, sum(paths[i] for i in rest)))
    return sorted(kept), links


def _chains(analysis: Analysis, kept: set[str], pinned: set[str]) -> list[list[str]]:
    """Maximal runs of kept intermediate nodes with one drawn predecessor and one drawn successor."""
    before: dict[str, set[str]] = {n: set() for n in kept}
    after: dict[str, set[str]] = {n: set() for n in kept}
    for edge in analysis.edges:
        if edge.source in kept and edge.target in kept:
            after[edge.source].add(edge.target)
            before[edge.target].add(edge.source)
    inner = {
        n.id
        for n in analysis.nodes
        if n.id in kept and n.id not in pinned and len(before[n.id]) == 1 and len(after[n.id]) == 1
    }
    runs: list[list[str]] = []
    for node in analysis.nodes:
        if node.id not in inner or next(iter(before[node.id])) in inner:
            continue
        run = [node.id]
        while (following := next(iter(after[run[-1]]))) in inner:
            run.append(following)
        runs.append(run)
    return runs


def view(
    analysis: Analysis,
    highlight: int | None = None,
    *,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
    full_paths: int = FULL_PATHS,
    chain_keep: int = CHAIN_KEEP,
) -> View:
    """Decide what to draw of ``analysis``'s graph.

    Parameters
    ----------
    analysis : Analysis
    highlight : int, optional
        A path (index into ``analysis.paths``) to keep in full.
    max_nodes, max_edges : int
        Graphs up to this size are drawn whole.
    full_paths : int
        How many of the first listed paths to keep in full when condensing.
    chain_keep : int
        Steps kept at each end of a long chain of single steps (at least 1).

    Returns
    -------
    View

    Notes
    -----
    Linear in the size of the graph and the kept paths.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> v = view(explained(" + ".join(f"sin({k}*x)" for k in range(1, 101))))
    >>> len(v.nodes), [s.lines[:2] for s in v.summaries], [link.paths for link in v.links]
    (8, [('97 more branches:', '194 nodes')], [97, 97])
    >>> view(explained("x*x**2")).condensed
    False
    """
    flow = analysis.flow
    paths = tuple(edge_paths(flow, analysis.wrt_inputs))  # a vector's entries: the paths from each
    if len(flow.nodes) <= max_nodes and len(flow.edges) <= max_edges:
        return View(tuple(range(len(flow.nodes))), tuple(range(len(flow.edges))), (), (), paths)
    pinned = set(flow.outputs) | set(analysis.wrt_inputs)
    kept = set(pinned)
    chosen = list(range(min(full_paths, len(analysis.paths))))
    if highlight is not None and highlight not in chosen:
        chosen.append(highlight)
    for k in chosen:
        kept.update(analysis.paths[k].nodes)

    # hidden nodes that hang between the same drawn nodes share one box
    neighbours: dict[str, set[str]] = {n.id: set() for n in flow.nodes if n.id not in kept}
    for edge in flow.edges:
        if edge.source in neighbours and edge.target in neighbours:
            neighbours[edge.source].add(edge.target)
            neighbours[edge.target].add(edge.source)
    groups: dict[tuple, list[list[str]]] = {}
    for part in _components([n.id for n in flow.nodes if n.id not in kept], neighbours):
        members = set(part)
        ins = sorted({e.source for e in flow.edges if e.target in members and e.source in kept})
        outs = sorted({e.target for e in flow.edges if e.source in members and e.target in kept})
        groups.setdefault((tuple(ins), tuple(outs)), []).append(part)
    order = {n.id: i for i, n in enumerate(flow.nodes)}
    boxes: list[tuple[list[str], int, bool]] = []
    for parts in groups.values():
        members = sorted((m for part in parts for m in part), key=order.get)
        boxes.append((members, len(parts), False))
    # the middle of a long chain of single steps is one box too
    chain_keep = max(chain_keep, 1)
    for run in _chains(analysis, kept, pinned):
        if len(run) > 2 * chain_keep + 2:
            middle = run[chain_keep:-chain_keep]
            kept.difference_update(middle)
            boxes.append((middle, 1, True))

    boxes.sort(key=lambda box: order[box[0][0]])
    summaries = tuple(
        Summary(f"hidden-{i + 1}", tuple(members), _lines(analysis, members, branches, chain))
        for i, (members, branches, chain) in enumerate(boxes)
    )
    drawn_as = {m: s.id for s in summaries for m in s.members}
    shown_edges: list[int] = []
    linked: dict[tuple[str, str], list[int]] = {}
    for i, edge in enumerate(flow.edges):
        source, target = drawn_as.get(edge.source, edge.source), drawn_as.get(edge.target, edge.target)
        if source == edge.source and target == edge.target:
            shown_edges.append(i)
        elif source != target:
            linked.setdefault((source, target), []).append(i)
    links = [Link(s, t, tuple(edges), sum(paths[i] for i in edges)) for (s, t), edges in linked.items()]
    shown_edges, parallel = _folded(analysis, shown_edges, chosen, paths)
    nodes = tuple(i for i, n in enumerate(flow.nodes) if n.id not in drawn_as)
    first = min(full_paths, len(analysis.paths))
    folded = sum(len(link.edges) for link in parallel)
    note = _note(analysis, summaries, first, len(chosen) > first, folded)
    return View(nodes, tuple(shown_edges), summaries, tuple(links + parallel), paths, note)


def _note(analysis: Analysis, summaries: Sequence[Summary], first: int, extra: bool, folded: int = 0) -> str:
    """What was condensed: ``first`` paths drawn in full, the highlighted one if ``extra``, ``folded`` edges
    between the same two nodes drawn as one."""
    hidden = sum(len(s.members) for s in summaries)
    boxes = "1 grey box" if len(summaries) == 1 else f"{len(summaries)} grey boxes"
    names = []
    if analysis.path_count == 1 and (first or extra):
        names.append("the only path")
    else:
        if first:
            names.append("the first path" if first == 1 else f"the first {first} paths")
        if extra:
            names.append("the highlighted one" if first else "the highlighted path")
    if not names:
        shown = "no path is drawn in full"
    else:
        verb = "are drawn" if first > 1 or len(names) > 1 else "is drawn"
        chains = any(s.lines[0].startswith("⋮") for s in summaries)
        shown = f"{' and '.join(names)} {verb}" + (" with long chains shortened" if chains else " in full")
    parallel = f"; {folded:,} edges between the same two nodes are drawn as one" if folded else ""
    if not summaries:
        return f"Condensed to stay readable: {shown}{parallel}."
    return f"Condensed to stay readable: {hidden:,} of {len(analysis.nodes):,} nodes are in {boxes}; {shown}{parallel}."


def orient(analysis: Analysis, shown: View | None = None) -> str:
    """'TB' (top to bottom) for a deep, narrow graph, else 'LR' (left to right).

    Depth is the longest chain of drawn nodes, width the most drawn nodes at
    one depth. Labels are wider than tall, so a wide graph reads best with
    its many nodes stacked in columns (LR), and a deep one with its steps
    stacked in rows (TB); either way the picture grows down the page.

    Examples
    --------
    >>> from explorer.teach import explained
    >>> orient(explained("x*x**2")), orient(explained("sin(" * 12 + "x" + ")" * 12))
    ('LR', 'TB')
    """
    shown = shown or view(analysis)
    flow = analysis.flow
    level: dict[str, int] = {}
    ids = {flow.nodes[i].id for i in shown.nodes}
    steps = [(flow.edges[i].source, flow.edges[i].target) for i in shown.edges]
    steps += [(link.source, link.target) for link in shown.links]
    ids |= {s.id for s in shown.summaries}
    before: dict[str, list[str]] = {n: [] for n in ids}
    for source, target in steps:
        before[target].append(source)
    order = [n.id for n in flow.nodes]
    first = {m: s.id for s in shown.summaries for m in s.members}
    ranked = list(dict.fromkeys(first.get(n, n) for n in order))
    for node in ranked:
        level[node] = 1 + max((level.get(b, 0) for b in before.get(node, ())), default=-1)
    depth = max(level.values(), default=0) + 1
    width = max(Counter(level.values()).values(), default=1)
    return "TB" if depth >= DEEP and depth > 2 * width else "LR"
