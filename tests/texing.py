"""Test helpers: compile a LaTeX file with pdflatex, and read the PDF back with poppler (its text, sizes and pages)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Compiling and reading PDFs needs TeX Live and poppler (``bash .ci/run`` installs both).
needs_tex = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdflatex", "pdftoppm", "pdftohtml")),
    reason="needs pdflatex and poppler (bash .ci/run installs texlive and poppler-utils)",
)

#: pdftohtml's zoom: its font sizes are whole numbers of 1/ZOOM point, rounded down.
ZOOM = 3


def compile_pdf(tex: str, folder: Path, name: str = "doc") -> tuple[Path, str]:
    """Run pdflatex on ``tex`` in ``folder``; the PDF and the log. Fails the test with TeX's first errors."""
    (folder / f"{name}.tex").write_text(tex, encoding="utf-8")
    command = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", f"{name}.tex"]
    done = subprocess.run(command, cwd=folder, capture_output=True, timeout=600, check=False)
    log = (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0, (
        "\n".join(line for line in log.splitlines() if line.startswith("!"))[:2000] or log[-3000:]
    )
    return folder / f"{name}.pdf", log


@dataclass(frozen=True)
class Run:
    """A run of text in one font on a page, as poppler reads it."""

    page: int
    text: str
    size: float  # points, at most 1/ZOOM below the true size
    font: str
    top: float  # points from the top of the page
    bottom: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float  # points
    height: float
    runs: tuple[Run, ...]


def read_pdf(pdf: Path) -> list[Page]:
    """Every page's size and runs of text with their font and size (``pdftohtml -xml``)."""
    command = ["pdftohtml", "-xml", "-i", "-q", "-zoom", str(ZOOM), "-stdout", pdf.name]
    out = subprocess.run(command, cwd=pdf.parent, capture_output=True, check=True, timeout=300).stdout
    root = ET.fromstring(out)
    fonts: dict[str, tuple[float, str]] = {}
    pages = []
    for page in root.iter("page"):
        runs = []
        for element in page:
            if element.tag == "fontspec":
                fonts[element.get("id")] = (int(element.get("size")) / ZOOM, element.get("family"))
            elif element.tag == "text":
                size, family = fonts[element.get("font")]
                top = int(element.get("top")) / ZOOM
                text = "".join(element.itertext())
                runs.append(
                    Run(int(page.get("number")), text, size, family, top, top + int(element.get("height")) / ZOOM)
                )
        pages.append(
            Page(int(page.get("number")), int(page.get("width")) / ZOOM, int(page.get("height")) / ZOOM, tuple(runs))
        )
    return pages


def small_words(pages: list[Page], smallest: float = 8.0, length: int = 3) -> list[tuple[int, str, float]]:
    """Words of at least ``length`` characters set smaller than ``smallest`` points: (page, word, size)."""
    return [
        (run.page, word, run.size)
        for page in pages
        for run in page.runs
        for word in run.text.split()
        if len(word) >= length and run.size < smallest
    ]


def render_pages(pdf: Path, resolution: int = 50) -> list[Path]:
    """Every page as a PNG (``pdftoppm``)."""
    subprocess.run(
        ["pdftoppm", "-r", str(resolution), "-png", pdf.name, "page"], cwd=pdf.parent, check=True, timeout=300
    )
    return sorted(pdf.parent.glob("page-*.png"))
