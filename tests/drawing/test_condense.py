"""What is drawn of a large graph: kept paths in full, summary boxes that say what they hold, exact counts."""

from __future__ import annotations

import pytest

from explorer.drawing.condense import CHAIN_KEEP, FULL_PATHS, MAX_EDGES, MAX_NODES, view
from explorer.teach import explained

SINES = " + ".join(f"sin({k}*x)" for k in range(1, 101))


def doubling(n: int) -> str:
    return "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, n + 1)])


@pytest.mark.parametrize("text", ["x*x**2", "h = tanh(w1*x + b1); y = sigmoid(w2*h + b2)", doubling(5)])
def test_small_graphs_are_drawn_whole(text):
    analysis = explained(text)
    shown = view(analysis)
    assert not shown.condensed and shown.note is None
    assert shown.nodes == tuple(range(len(analysis.nodes))) and shown.edges == tuple(range(len(analysis.edges)))


class TestWideSum:
    def test_every_node_is_drawn_or_in_a_box_exactly_once(self):
        analysis = explained(SINES)
        shown = view(analysis)
        drawn = [analysis.nodes[i].id for i in shown.nodes]
        boxed = [m for s in shown.summaries for m in s.members]
        assert sorted(drawn + boxed) == sorted(n.id for n in analysis.nodes)
        assert len(drawn) + len(shown.summaries) <= MAX_NODES

    def test_the_first_paths_are_kept_and_links_count_the_rest(self):
        analysis = explained(SINES)
        shown = view(analysis)
        drawn = {analysis.nodes[i].id for i in shown.nodes}
        for path in analysis.paths[:FULL_PATHS]:
            assert set(path.nodes) <= drawn
        assert sum(link.paths for link in shown.links if link.target == "y") == 100 - FULL_PATHS
        hidden_edges = {i for link in shown.links for i in link.edges}
        assert len(hidden_edges) + len(shown.edges) == len(analysis.edges) - 97  # edges inside the box vanish

    def test_a_highlighted_path_is_kept(self):
        analysis = explained(SINES)
        shown = view(analysis, highlight=77)
        drawn = {analysis.nodes[i].id for i in shown.nodes}
        assert set(analysis.paths[77].nodes) <= drawn
        assert "and the highlighted one" in shown.note


def test_a_long_chain_keeps_its_ends():
    analysis = explained("sin(" * 80 + "x" + ")" * 80)
    shown = view(analysis)
    (box,) = shown.summaries
    ids = [n.id for n in analysis.nodes]
    assert box.members == tuple(ids[1 + CHAIN_KEEP : -1 - CHAIN_KEEP])
    assert box.lines == ("⋮ 73 steps in a chain", "u4, u5, …, u76", "sin ×73")


def test_path_counts_through_edges_are_exact_beyond_floats():
    analysis = explained(doubling(200), max_paths=3)
    shown = view(analysis)
    assert all(count == 2**199 for count in shown.paths)
    assert shown.condensed and len(analysis.edges) > MAX_EDGES


def test_a_large_graph_by_a_vector_keeps_every_entry_and_counts_its_paths():
    """Differentiated by a vector, the paths start at each of its entries: those stay drawn, and edges count them."""
    entries = [f"w{k}" for k in range(1, 4)]
    text = f"w = [{', '.join(entries)}]; y = " + " + ".join(f"sin({k}*w{k % 3 + 1})" for k in range(1, 40))
    analysis = explained(text, wrt="w")
    shown = view(analysis)
    assert shown.condensed
    drawn = {analysis.nodes[i].id for i in shown.nodes}
    assert set(entries) <= drawn
    into_y = [i for i, e in enumerate(analysis.edges) if e.target == "y"]
    assert all(shown.paths[i] == 1 for i in into_y)  # every term is on one path, from its own entry
    assert sum(link.paths for link in shown.links if link.target == "y") == 39 - FULL_PATHS
