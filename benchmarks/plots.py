"""The benchmark's figures as PNG files (matplotlib, without a display)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["available", "plot_all"]


def available() -> bool:
    """Whether matplotlib is installed (``pip install -r requirements-dev.txt``)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(title: str, xlabel: str, ylabel: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=120)
    axes.set_title(title, fontsize=11)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(True, which="both", alpha=0.3)
    return figure, axes


def _save(figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path)
    import matplotlib.pyplot as plt

    plt.close(figure)
    return path


def plot_all(results: dict, folder: Path) -> list[Path]:
    """One PNG per section that ran; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if "ratio" in results:
        rows = results["ratio"]
        figure, axes = _figure("Analysis against sympy.diff, per expression", "sympy.diff (ms)", "analysis (ms)")
        families = sorted({r.case.family for r in rows})
        for family in families:
            mine = [r for r in rows if r.case.family == family]
            axes.scatter([r.diff * 1e3 for r in mine], [r.analysis * 1e3 for r in mine], s=12, label=family)
        low = min(r.diff for r in rows) * 1e3
        high = max(r.diff for r in rows) * 1e3
        for factor, style in ((1, "-"), (3, "--"), (20, ":")):
            axes.plot([low, high], [low * factor, high * factor], "k" + style, lw=0.8, label=f"{factor}×")
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.legend(fontsize=7, ncol=2)
        written.append(_save(figure, folder / "benchmark-ratio.png"))
    if "size" in results:
        rows, slope = results["size"]
        figure, axes = _figure(f"Time against size (fitted exponent {slope:.2f})", "operations", "seconds")
        axes.loglog([r[0] for r in rows], [r[1] for r in rows], "o-", label="analysis")
        axes.loglog([r[0] for r in rows], [r[2] for r in rows], "s--", label="sympy.diff")
        axes.legend(fontsize=8)
        written.append(_save(figure, folder / "benchmark-size.png"))
    if "doubling" in results:
        rows = results["doubling"]
        figure, axes = _figure("Doubling program: 2^n paths, warm", "levels n", "milliseconds")
        axes.plot([r[0] for r in rows], [r[1] * 1e3 for r in rows], "o-", label="exact count and total")
        axes.plot([r[0] for r in rows], [r[2] * 1e3 for r in rows], "s--", label="whole analysis")
        axes.legend(fontsize=8)
        written.append(_save(figure, folder / "benchmark-doubling.png"))
    if "drawing" in results:
        rows = results["drawing"]
        figure, axes = _figure("Drawing time against graph size", "nodes in the graph", "seconds to SVG")
        for condensed, marker, label in ((False, "o", "drawn whole"), (True, "s", "condensed")):
            mine = [r for r in rows if r[3] == condensed]
            axes.scatter([r[1] for r in mine], [r[4] for r in mine], marker=marker, label=label)
        axes.set_xscale("log")
        axes.legend(fontsize=8)
        written.append(_save(figure, folder / "benchmark-drawing.png"))
    if "page" in results:
        times = results["page"]
        names = [n for n in ("bare", "idle", "point", "highlight", "expression") if n in times]
        figure, axes = _figure("The page (AppTest) next to a bare script", "", "milliseconds")
        axes.bar(names, [times[n] * 1e3 for n in names], color="#0072B2")
        written.append(_save(figure, folder / "benchmark-page.png"))
    return written
