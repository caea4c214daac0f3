"""Chain Rule Explorer: draw the chain rules of deep learning as data-flow graphs."""

from . import notebook  # noqa: F401 - registers how notebooks show an Analysis
from .bounded import analyze, check, draw, export, latex, reevaluate, simplify
from .errors import BusyError, CapacityError, ExplorerError, ExpressionError, OutOfMemoryError, TimedOutError
from .result import Analysis, Path

__all__ = [
    "Analysis",
    "BusyError",
    "CapacityError",
    "ExplorerError",
    "ExpressionError",
    "OutOfMemoryError",
    "Path",
    "TimedOutError",
    "analyze",
    "check",
    "draw",
    "export",
    "latex",
    "reevaluate",
    "simplify",
]
