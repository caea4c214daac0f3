"""Benchmarks: ``python -m benchmarks [--quick] [--only SECTION ...] [--plots DIR]``.

Sections, each measured in this one run:

- ``ratio``: analysis CPU time ÷ ``sympy.diff`` CPU time over the corpus (240 expressions),
  both from cold caches; median, 90th percentile and worst, with and without the check;
- ``size``: analysis time against size from 10 to 2,000 operations, with the fitted exponent;
- ``doubling``: the doubling program from 10 levels to the longest the input limit allows:
  the exact path count and total, and the whole analysis, warm;
- ``drawing``: seconds to SVG against graph size (condensed past its limits);
- ``page``: AppTest reruns of the page next to a bare Streamlit script showing the same SVG,
  and (with Chromium) seconds from opening the page to its first graph;
- ``stages``: CPU of each stage of a new gallery expression in a worker (analysis, drawing,
  description, formulas, check, simplification) and the server's share (unpickling the replies);
- ``public``: the public ``explorer.analyze()`` with its defaults, through the worker pool, against
  ``sympy.diff`` on larger textbook expressions, the 100-term sum and the longest doubling program;
- ``classroom``: the load test (``tests/load/test_server_load.py``), 50 sessions, once on a quiet
  machine and once with two busy loops competing for the CPU (``--busy``).

``--quick`` runs a sample of everything in about a minute. Ratios, not seconds, are what
compare across machines. Plots go to ``docs/`` as PNG files when matplotlib is installed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks import costs, drawing, page, pipeline, plots
from benchmarks.corpus import corpus, sum_of_sines
from benchmarks.timing import median_time
from explorer.teach import explained

SECTIONS = ("ratio", "size", "doubling", "drawing", "page", "stages", "public", "classroom")
ROOT = Path(__file__).resolve().parents[1]
LONGEST_DOUBLING = 490  # the most levels of u{k} = u{k-1}*u{k-1} within the 8,000-character input limit


def _print_ratio(rows) -> None:
    s = pipeline.summary(rows)
    print(f"## analysis ÷ sympy.diff over {s['count']} expressions (CPU time, cold caches)")
    print("| | median | 90th percentile | worst |")
    print("|---|---|---|---|")
    print(f"| analysis | {s['median']:.2f}× | {s['p90']:.2f}× | {s['worst']:.1f}× ({s['worst_case']}) |")
    print(f"| analysis + check | {s['checked_median']:.2f}× | | {s['checked_worst']:.1f}× |")
    families = sorted({r.case.family for r in rows})
    print("\n| family | expressions | median ratio | worst |\n|---|---|---|---|")
    for family in families:
        mine = sorted(r.ratio for r in rows if r.case.family == family)
        print(f"| {family} | {len(mine)} | {mine[len(mine) // 2]:.2f}× | {mine[-1]:.1f}× |")


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _print_stages(rows) -> None:
    print(f"\n## a new gallery expression, stage by stage (CPU, cold caches, {len(rows)} examples); {_load()}")
    print("| stage | median ms | worst ms |\n|---|---|---|")
    for stage in (*costs.STAGES, "server"):
        values = sorted(r[stage] for r in rows)
        print(f"| {stage} | {statistics.median(values) * 1e3:.1f} | {values[-1] * 1e3:.1f} |")
    totals = sorted(sum(r[s] for s in costs.STAGES) for r in rows)
    print(f"| worker, all stages | {statistics.median(totals) * 1e3:.1f} | {totals[-1] * 1e3:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a sample of every section, in about a minute")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), metavar="SECTION")
    parser.add_argument("--plots", type=Path, default=Path("docs"), help="folder for the PNG plots (default docs)")
    parser.add_argument("--no-plots", action="store_true", help="print the tables only")
    parser.add_argument("--busy", type=int, default=2, help="busy loops competing in the classroom's second run")
    args = parser.parse_args(argv)
    quick = args.quick
    results: dict = {}

    if "ratio" in args.only:
        cases = corpus()[::12] if quick else corpus()
        results["ratio"] = rows = pipeline.ratios(cases, repeat=1 if quick else 3)
        _print_ratio(rows)

    if "size" in args.only:
        sizes = (10, 30, 100, 300) if quick else (10, 20, 50, 100, 200, 500, 1000, 2000)
        rows = pipeline.size_times(sizes, repeat=1 if quick else 3)
        slope = pipeline.growth(rows)
        results["size"] = (rows, slope)
        print(f"\n## time against size (CPU, cold): fitted exponent {slope:.2f}")
        print("| operations | analysis | sympy.diff |\n|---|---|---|")
        for n, mine, theirs in rows:
            print(f"| {n:,} | {mine * 1e3:.0f} ms | {theirs * 1e3:.0f} ms |")
        text = sum_of_sines(100)
        sine = median_time(lambda: explained(text), 1 if quick else 3)
        sine_warm = median_time(lambda: explained(text), 1 if quick else 3, warm=True)
        print(f"\nsin(1*x) + … + sin(100*x): {sine * 1e3:.0f} ms cold, {sine_warm * 1e3:.0f} ms warm")
        results["sines"] = (sine, sine_warm)

    if "doubling" in args.only:
        levels = (10, 50, 100) if quick else (10, 20, 50, 100, 200, 300, 400, LONGEST_DOUBLING)
        results["doubling"] = rows = pipeline.doubling_times(levels, repeat=1 if quick else 5)
        print("\n## the doubling program u1 = x*x; u2 = u1*u1; … (warm)")
        print("| levels | digits of the path count | exact count and total | whole analysis |\n|---|---|---|---|")
        for n, exact, whole, digits in rows:
            print(f"| {n} | {digits} | {exact * 1e3:.1f} ms | {whole * 1e3:.0f} ms |")

    if "drawing" in args.only:
        sizes = (10, 100, 300) if quick else (10, 30, 100, 200, 300, 1000, 2000)
        results["drawing"] = rows = drawing.drawing_times(sizes, repeat=1 if quick else 3)
        print("\n## drawing (wall clock, Graphviz)")
        print("| graph | nodes | drawn | condensed | seconds |\n|---|---|---|---|---|")
        for name, nodes, drawn, condensed, seconds in rows:
            print(f"| {name} | {nodes:,} | {drawn} | {'yes' if condensed else 'no'} | {seconds:.2f} |")

    if "page" in args.only:
        text = sum_of_sines(100)
        times = page.apptest_times(text, "x*x**2", repeat=2 if quick else 5)
        results["page"] = times
        print("\n## the page: AppTest runs of app.py with the 100-term sum (wall clock, median)")
        print("| run | ms | ÷ bare script |\n|---|---|---|")
        for name in ("new", "expression", "point", "highlight", "idle", "bare"):
            print(f"| {name} | {times[name] * 1e3:.0f} | {times[name] / times['bare']:.2f}× |")
        if not quick:
            seen = page.browser_times({"x + x**2": "x + x**2", "100-term sum": text})
            if seen is None:
                print("\n(no Chromium: the time to the first graph in a browser was not measured)")
            else:
                print("\n| in Chromium: from opening the page to its graph | seconds |\n|---|---|")
                for name, seconds in seen.items():
                    print(f"| {name} | {seconds:.2f} |")
                results["browser"] = seen

    if "stages" in args.only:
        _print_stages(costs.stage_costs())

    if "public" in args.only:
        times = costs.public_times(quick)
        print(f"\n## the public explorer.analyze() with its defaults, through the worker pool (wall clock); {_load()}")
        print(f"÷ sympy.diff over {times['count']} larger textbook expressions, each new to the pool:")
        print(f"median {times['median']:.2f}×, worst {times['worst']:.1f}× ({times['worst_case']})")
        print(f"the 100-term sum: {times['sines_new'] * 1e3:.0f} ms new, {times['sines_warm'] * 1e3:.0f} ms warm")
        print(f"the longest doubling program (490 levels): {times['doubling_new'] * 1e3:.0f} ms new,", end=" ")
        print(f"{times['doubling_warm'] * 1e3:.0f} ms warm")

    if "classroom" in args.only:
        for busy in (0, args.busy):
            print(f"\n## a class of 50 (the load test), {busy} competing busy loops; {_load()}", flush=True)
            environment = {**os.environ, "LOAD_BUSY": str(busy), "LOAD_SECONDS": "30" if quick else "60"}
            command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider"]
            subprocess.run([*command, "tests/load/test_server_load.py"], cwd=ROOT, env=environment, check=False)

    if not args.no_plots:
        if plots.available():
            for path in plots.plot_all(results, args.plots):
                print(f"wrote {path}")
        else:
            print("matplotlib is not installed (pip install -r requirements-dev.txt): no plots", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
