"""What each way of computing derivatives costs: multiplications and additions, counted exactly.

The sum of paths multiplies out every path; forward mode makes one pass per
input, reverse mode one pass per output (:mod:`explorer.calculus.factoring`). The counts
come from the graph by dynamic programming (the number of paths and their
total length), never by listing the paths, so a program with 2⁶⁰ paths is
counted at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..graph.flow import DataFlow
from .factoring import downstream, upstream

__all__ = ["NONE", "Cost", "Operations", "cost"]


@dataclass(frozen=True)
class Operations:
    """What one way of computing derivatives does, counted exactly.

    Attributes
    ----------
    passes : int
        Sweeps over the graph (forward: one per input; reverse: one per
        output); for the sum of paths, the number of paths multiplied out.
    multiplications, additions : int
        Floating-point operations that combine the local partials.
    """

    passes: int
    multiplications: int
    additions: int

    @property
    def total(self) -> int:
        """Multiplications and additions together."""
        return self.multiplications + self.additions

    def __add__(self, other: Operations) -> Operations:
        return Operations(
            self.passes + other.passes, self.multiplications + other.multiplications, self.additions + other.additions
        )

    def to_dict(self) -> dict:
        """The JSON form (Python integers are exact however large)."""
        return {
            "passes": self.passes,
            "multiplications": self.multiplications,
            "additions": self.additions,
            "total": self.total,
        }


NONE = Operations(0, 0, 0)


@dataclass(frozen=True)
class Cost:
    """The operations each way needs, for the chosen input and for every input.

    Attributes
    ----------
    wrt : str or None
    inputs, outputs : int
    paths, forward, reverse : Operations
        d(outputs)/d(wrt): every path from ``wrt`` multiplied out and added;
        one forward pass from ``wrt``; one reverse pass per output (which
        also gives every other input's derivative).
    all_paths, all_forward, all_reverse : Operations
        The same for the whole gradient (the Jacobian, for several outputs):
        the paths from every input, one forward pass per input, and again
        one reverse pass per output.
    """

    wrt: str | None
    inputs: int
    outputs: int
    paths: Operations
    forward: Operations
    reverse: Operations
    all_paths: Operations
    all_forward: Operations
    all_reverse: Operations

    def to_dict(self) -> dict:
        """The JSON form: ``one_input`` and ``all_inputs``, each with ``paths``, ``forward`` and ``reverse``."""
        return {
            "wrt": self.wrt,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "one_input": {
                "paths": self.paths.to_dict(),
                "forward": self.forward.to_dict(),
                "reverse": self.reverse.to_dict(),
            },
            "all_inputs": {
                "paths": self.all_paths.to_dict(),
                "forward": self.all_forward.to_dict(),
                "reverse": self.all_reverse.to_dict(),
            },
        }


def _enumeration(flow: DataFlow, source: str) -> dict[str, tuple[int, int]]:
    """Per node: (number of paths from ``source``, total number of edges on them), by dynamic programming."""
    counts = {node.id: (0, 0) for node in flow.nodes}
    counts[source] = (1, 0)
    incoming = flow.incoming()
    for node in flow.nodes:
        if node.id == source:
            continue
        paths = steps = 0
        for i in incoming[node.id]:
            p, s = counts[flow.edges[i].source]
            paths += p
            steps += s + p
        counts[node.id] = (paths, steps)
    return counts


def _paths_cost(flow: DataFlow, source: str) -> Operations:
    """Multiply out every path from ``source`` to each output (ℓ − 1 products for ℓ edges), then add them."""
    counts = _enumeration(flow, source)
    total = NONE
    for out in flow.outputs:
        paths, steps = counts[out]
        total += Operations(paths, steps - paths, max(paths - 1, 0))
    return total


def _pass_cost(flow: DataFlow, edges: list[int], seed: str, *, forward: bool) -> Operations:
    """One sweep over ``edges``: a multiply-add per edge, without multiplying by the seed's 1."""
    ends = [flow.edges[i].target if forward else flow.edges[i].source for i in edges]
    seeded = sum((flow.edges[i].source if forward else flow.edges[i].target) == seed for i in edges)
    return Operations(1, len(edges) - seeded, sum(n - 1 for n in Counter(ends).values()))


def cost(flow: DataFlow, wrt: str | None) -> Cost:
    """Count the multiplications and additions of the sum of paths, forward and reverse mode, exactly.

    The local partials are evaluated once per edge whichever way is used, so
    only the operations that combine them are counted:

    * sum of paths: a path of ℓ edges takes ℓ − 1 multiplications, and P
      paths take P − 1 additions; P and the total length come from dynamic
      programming over the graph, never by listing the paths;
    * forward mode, one pass from x: a multiplication per edge on a path
      from x, except the edges out of x (dx/dx = 1), and an addition per
      in-edge beyond the first of every node;
    * reverse mode, one pass from y: a multiplication per edge on a path to
      y, except the edges into y (dy/dy = 1), and an addition per out-edge
      beyond the first of every node.

    Parameters
    ----------
    flow : DataFlow
    wrt : str or None
        The chosen input.

    Notes
    -----
    Linear in the size of the graph. For n inputs and one output, forward
    mode needs n passes and reverse mode one, which is why backpropagation
    runs in reverse; for one input and many outputs it is the other way round.

    Examples
    --------
    >>> from explorer.graph.build import build
    >>> from explorer.language.parse import parse
    >>> c = cost(build(parse("u1 = x*x; u2 = u1*u1; y = u2*u2")), "x")
    >>> c.paths, c.forward
    (Operations(passes=8, multiplications=16, additions=7), Operations(passes=1, multiplications=4, additions=3))
    """
    inputs = flow.inputs
    forward: dict[str, Operations] = {}
    for name in inputs:
        live = downstream(flow, [name])
        edges = [i for i, e in enumerate(flow.edges) if e.source in live]
        forward[name] = _pass_cost(flow, edges, name, forward=True)
    reverse = NONE
    for out in flow.outputs:
        live = upstream(flow, [out])
        edges = [i for i, e in enumerate(flow.edges) if e.target in live]
        reverse += _pass_cost(flow, edges, out, forward=False)
    everything = NONE
    for name in inputs:
        everything += _paths_cost(flow, name)
    all_forward = NONE
    for name in inputs:
        all_forward += forward[name]
    return Cost(
        wrt=wrt,
        inputs=len(inputs),
        outputs=len(flow.outputs),
        paths=_paths_cost(flow, wrt) if wrt is not None else NONE,
        forward=forward[wrt] if wrt is not None else NONE,
        reverse=reverse if inputs else NONE,
        all_paths=everything,
        all_forward=all_forward,
        all_reverse=reverse if inputs else NONE,
    )
