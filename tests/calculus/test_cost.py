"""Operation counts: exact against the doubling program and against counting while accumulating."""

from __future__ import annotations

from itertools import islice

import pytest
from hypothesis import given
from strategies import build_or_skip, programs

from explorer.calculus.cost import NONE, Operations, cost
from explorer.calculus.paths import iter_paths
from explorer.graph.build import build
from explorer.language.parse import parse


def doubling(n: int) -> str:
    return "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, n + 1)])


def counted_forward(flow, wrt: str) -> Operations:
    """Run forward accumulation on numbers, counting every * and + it actually does."""
    tangent = {name: (1 if name == wrt else 0) for name in flow.inputs}
    mults = adds = 0
    incoming = flow.incoming()
    for node in flow.nodes:
        if node.kind == "input":
            continue
        terms = []
        for i in incoming[node.id]:
            source = flow.edges[i].source
            if tangent[source] == 0:
                continue
            if source != wrt:
                mults += 1
            terms.append(1)
        adds += max(len(terms) - 1, 0)
        tangent[node.id] = 1 if terms else 0
    return Operations(1, mults, adds)


def counted_reverse(flow, output: str) -> Operations:
    """Run reverse accumulation, counting every * and + it actually does."""
    adjoint = {output: 1}
    mults = adds = 0
    leaving = flow.outgoing()
    for node in reversed(flow.nodes):
        if node.id == output:
            continue
        terms = []
        for i in leaving[node.id]:
            target = flow.edges[i].target
            if adjoint.get(target, 0) == 0:
                continue
            if target != output:
                mults += 1
            terms.append(1)
        adds += max(len(terms) - 1, 0)
        adjoint[node.id] = 1 if terms else 0
    return Operations(1, mults, adds)


def counted_paths(flow, wrt: str) -> Operations | None:
    total = NONE
    for out in flow.outputs:
        paths = list(islice(iter_paths(flow, wrt, out), 5001))
        if len(paths) > 5000:
            return None
        total += Operations(len(paths), sum(len(p) - 1 for p in paths), max(len(paths) - 1, 0))
    return total


class TestDoubling:
    @pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 12])
    def test_paths_exponential_accumulation_linear(self, n):
        c = cost(build(parse(doubling(n))), "x")
        assert c.paths == Operations(2**n, 2**n * (n - 1), 2**n - 1)
        assert c.forward == Operations(1, 2 * (n - 1), n)
        assert c.reverse == Operations(1, 2 * (n - 1), n)

    def test_sixty_doublings_are_counted_not_listed(self):
        c = cost(build(parse(doubling(60))), "x")
        assert c.paths.passes == 2**60 and c.paths.multiplications == 59 * 2**60
        assert c.forward.total == 2 * 59 + 60
        assert c.to_dict()["one_input"]["paths"]["total"] == 59 * 2**60 + 2**60 - 1


class TestAgainstCounting:
    @given(programs())
    def test_every_count_is_what_the_algorithms_do(self, case):
        text, _ = case
        flow = build_or_skip(text)
        for name in flow.inputs:
            c = cost(flow, name)
            assert c.forward == counted_forward(flow, name)
            expected = counted_paths(flow, name)
            if expected is not None:
                assert c.paths == expected
        reverse = NONE
        for out in flow.outputs:
            reverse += counted_reverse(flow, out)
        assert cost(flow, flow.inputs[0]).reverse == reverse


class TestWhyReverse:
    def test_the_neuron_needs_one_reverse_pass_and_three_forward(self):
        c = cost(build(parse("sigmoid(w*x + b)")), "w")
        assert (c.all_forward.passes, c.all_reverse.passes) == (3, 1)
        assert c.all_reverse.total < c.all_forward.total

    def test_many_inputs_one_output(self):
        """Twenty inputs into a shared trunk: every forward pass runs down the trunk, one reverse pass serves all."""
        text = "tanh(tanh(tanh(tanh(" + " + ".join(f"a{k}*x{k}" for k in range(10)) + "))))"
        c = cost(build(parse(text)), "x0")
        assert c.all_forward.passes == 20 and c.all_reverse.passes == 1
        assert c.all_reverse.total < c.all_forward.total / 3

    def test_one_input_many_outputs_favours_forward(self):
        flow = build(parse("u = tanh(tanh(tanh(x))); [u*1, u*2, u*3, u*4]"))
        c = cost(flow, "x")
        assert c.forward.passes == 1 and c.reverse.passes == 4
        assert c.forward.total < c.reverse.total

    def test_constant(self):
        c = cost(build(parse("3")), None)
        assert c.to_dict()["all_inputs"]["reverse"] == {"passes": 0, "multiplications": 0, "additions": 0, "total": 0}
