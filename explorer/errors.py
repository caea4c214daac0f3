"""The explorer's exceptions: input it refuses, and capacity it lacks, as two separate branches.

:class:`ExpressionError` means the input was refused: the message says what is
wrong and, where it has a place, the column. :class:`CapacityError` means the
explorer could not finish the work right now (every worker busy, a time or
memory budget spent): it is never the user's mistake, and callers can tell the
two apart without ordering their ``except`` clauses.
"""

from __future__ import annotations

__all__ = [
    "BusyError",
    "CapacityError",
    "ExhaustedError",
    "ExplorerError",
    "ExpressionError",
    "GivenUpError",
    "OutOfMemoryError",
    "RenderError",
    "TimedOutError",
    "TooLargeError",
]


class ExplorerError(Exception):
    """The base of every error the explorer raises on purpose.

    Attributes
    ----------
    message : str
        What happened, in words, without the location.
    """

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class ExpressionError(ExplorerError, ValueError):
    """The input was refused, with a message for people and, where it has one, the place.

    Parameters
    ----------
    message : str
        What is wrong, in words, without the location.
    position : int, optional
        0-based offset into the whole text, when the problem has a place.
    text : str, optional
        The text the position refers to, to compute line and column.

    Attributes
    ----------
    message : str
        The bare message.
    position : int or None
        0-based offset into the text.
    line, column : int or None
        1-based line and column of the offending character.

    Examples
    --------
    >>> err = ExpressionError("'*' needs something on its left", 3, "x +* 2")
    >>> str(err), err.column
    ("'*' needs something on its left at column 4", 4)
    >>> str(ExpressionError("unmatched ')'", 14, "u1 = x**2\\ny = )"))
    "unmatched ')' at line 2, column 5"
    """

    def __init__(self, message: str, position: int | None = None, text: str | None = None):
        self.position = position
        self.line: int | None = None
        self.column: int | None = None
        self.text = text
        where = ""
        if position is not None and text is not None:
            before = text[:position]
            self.line = before.count("\n") + 1
            self.column = position - (before.rfind("\n") + 1) + 1
            multiline = "\n" in text.strip() or ";" in text
            if multiline and self.line > 1:
                where = f" at line {self.line}, column {self.column}"
            else:
                where = f" at column {self.column}"
        super().__init__(message)
        self.message = message
        self.args = (message + where,)

    @property
    def source_line(self) -> str | None:
        """The line of the text that holds the error, or None."""
        if self.text is None or self.line is None:
            return None
        return self.text.split("\n")[self.line - 1]


class CapacityError(ExplorerError):
    """The explorer could not do the work now; the input may be fine (try again, or something smaller)."""


class BusyError(CapacityError):
    """Every worker stayed busy for the whole wait, or too many callers were waiting."""


class GivenUpError(BusyError):
    """The same visitor asked for something newer, so this request's heavy work (or its wait) was given up.

    Never cached and never the input's fault: asked again, the work is done again.
    """


class ExhaustedError(CapacityError):
    """A task ran out of its time or memory and was stopped; its worker was replaced.

    Attributes
    ----------
    step : str
        The step that was stopped ("the analysis", "drawing the graph").
    stage : str
        The stage the task last reported ("differentiating with sympy.diff"), or "".
    """

    def __init__(self, message: str, step: str = "", stage: str = ""):
        super().__init__(message)
        self.step = step
        self.stage = stage


class TimedOutError(ExhaustedError):
    """A task ran past its wall-clock budget; catch it to fall back to a cheaper result."""


class OutOfMemoryError(ExhaustedError):
    """A task hit the worker's memory limit, recursed too deeply, or crashed its worker."""


class TooLargeError(CapacityError):
    """The result would be too large to draw or export (a walkthrough of more steps than frames): ask for less."""


class RenderError(ExplorerError):
    """No Graphviz renderer is installed, or it failed on a graph."""
