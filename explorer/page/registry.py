"""The page's sections, in the order the page shows them: one row each, read by the page and its address.

:mod:`app` draws the sections in this order (each section's ``draw`` is in
:mod:`explorer.page.sections`), and the address names the collapsible ones
(``open=steps,modes``, :mod:`explorer.page.address`). A new section is a
module in :mod:`explorer.page.sections` and a row here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COLLAPSIBLE", "SECTIONS", "SHOWN", "Section"]


@dataclass(frozen=True)
class Section:
    """One section of the page.

    Attributes
    ----------
    name : str
        Its module in :mod:`explorer.page.sections`, and its name in the address.
    title : str
        The title of its collapsible box; empty for a section that is always drawn.
    shown : bool
        Open when the address does not say.
    """

    name: str
    title: str = ""
    shown: bool = False

    @property
    def collapsible(self) -> bool:
        """Whether it is a box drawn only while open (those have a title)."""
        return bool(self.title)


#: Every section of the solution, in page order.
SECTIONS: tuple[Section, ...] = (
    Section("paths"),
    Section("steps", "The four steps", shown=True),
    Section("sums"),
    Section("naive", "Why one path is not enough"),
    Section("slope", "The slope: f near the point, its tangent and each path's line"),
    Section("formula", "The total-derivative formula, written out"),
    Section("gradient"),
    Section("jacobian"),
    Section("vector"),
    Section("layers", "The vector chain rule, layer by layer"),
    Section("modes", "Forward and reverse mode"),
)

#: The long teaching sections by name -> their box's title: collapsible, drawn only while open.
COLLAPSIBLE: dict[str, str] = {s.name: s.title for s in SECTIONS if s.collapsible}

#: The sections open when the address does not say (``open=`` lists them otherwise; ``open=`` alone: none).
SHOWN: frozenset[str] = frozenset(s.name for s in SECTIONS if s.shown)
