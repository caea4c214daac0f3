"""Benchmark: analysis time against sympy.diff time on the same expression, measured in one run.

Prints, for each case, the median time of ``explorer.analysis._analyze`` (the in-process
pipeline: parse, graph, paths, accumulation, evaluation, verification; with and without
simplification) and of ``sympy.diff`` on the same expression built directly with sympy,
and their ratio. Ratios, not seconds, are what to compare across machines.

    python -m benchmarks.bench [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import sympy as sp

from explorer.analysis import _analyze
from explorer.graph import build
from explorer.parse import parse


def doubling(n: int) -> str:
    return "\n".join(["u1 = x*x"] + [f"u{k} = u{k - 1}*u{k - 1}" for k in range(2, n + 1)])


CASES = {
    "x*x**2": "x*x**2",
    "ln(sin(x³)²)": "ln(sin(x**3)**2)",
    "sigmoid neuron": "sigmoid(w*x + b)",
    "vector": "[ln(x**2), sin(3*x)]",
    "60 doublings (2^60 paths)": doubling(60),
    "polynomial, 200 terms": " + ".join(f"{k}*x**{k}" for k in range(1, 201)),
    "nested sin, depth 80": "sin(" * 80 + "x" + ")" * 80,
    "MLP layer, 3x3": "["
    + ", ".join("tanh(" + " + ".join(f"w{i}{j}*x{j}" for j in range(3)) + f" + b{i})" for i in range(3))
    + "]",
}


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'case':28} {'diff ms':>9} {'analyze ms':>11} {'ratio':>7} {'no-simplify ms':>15} {'ratio':>7}")
    for name, text in CASES.items():
        flow = build(parse(text))
        exprs = [flow.node(o).expr for o in flow.outputs]
        symbols = [n.symbol for n in flow.nodes if n.kind == "input"]

        def oracle(exprs=exprs, symbols=symbols):
            # what a user of sympy alone would do: every output by every input
            return [sp.diff(e, s) for e in exprs for s in symbols]

        base = median_time(oracle, args.repeat)
        full = median_time(lambda text=text: _analyze(text), args.repeat)
        fast = median_time(lambda text=text: _analyze(text, simplify=False), args.repeat)
        print(
            f"{name:28} {base * 1e3:9.2f} {full * 1e3:11.1f} {full / base:7.0f} {fast * 1e3:15.1f} {fast / base:7.0f}"
        )


if __name__ == "__main__":
    main()
