"""Chain Rule Explorer: draw the chain rules of deep learning as data-flow graphs.

The public API, loaded lazily: ``import explorer`` imports nothing else, so
``import explorer.language.parse`` needs only the language package, and no
drawing, page or worker code is loaded until a name that needs it is used.
Every call (:func:`analyze`, :func:`check`, :func:`draw`, ...) runs bounded in
a worker process (:mod:`explorer.bounded`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: Each public name -> the module that defines it.
_WHERE = {
    "analyze": "bounded",
    "draw": "bounded",
    "export": "bounded",
    "latex": "bounded",
    "reevaluate": "bounded",
    "simplify": "bounded",
    "check": "checking",
    "Analysis": "calculus.result",
    "Path": "calculus.result",
    "ExplorerError": "errors",
    "ExpressionError": "errors",
    "CapacityError": "errors",
    "BusyError": "errors",
    "TimedOutError": "errors",
    "OutOfMemoryError": "errors",
}

# fmt: off
__all__ = [
    "Analysis", "BusyError", "CapacityError", "ExplorerError", "ExpressionError", "OutOfMemoryError", "Path",
    "TimedOutError", "analyze", "check", "draw", "export", "latex", "reevaluate", "simplify",
]
# fmt: on

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .bounded import analyze, draw, export, latex, reevaluate, simplify
    from .calculus.result import Analysis, Path
    from .checking import check
    from .errors import BusyError, CapacityError, ExplorerError, ExpressionError, OutOfMemoryError, TimedOutError


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'explorer' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    if _WHERE[name] != "errors":
        importlib.import_module(".notebook", __name__)  # how notebooks show an Analysis, once analyses exist
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
