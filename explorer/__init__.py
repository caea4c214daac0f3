"""Chain Rule Explorer: draw the chain rules of deep learning as data-flow graphs."""

from .analysis import Analysis, Path, analyze
from .parse import ExpressionError

__all__ = ["Analysis", "ExpressionError", "Path", "analyze"]
