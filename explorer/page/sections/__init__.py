"""The page's sections, one module each, in :data:`explorer.page.registry.SECTIONS` order: :data:`DRAW`.

Each module's ``draw(ctx)`` draws its section from a
:class:`~explorer.page.boxes.Context`, or nothing when it does not apply to
the analysis (the gradient for a scalar input, forward mode for a gradient).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from ..boxes import Context
from ..registry import SECTIONS
from . import formula, gradient, jacobian, layers, modes, naive, paths, slope, steps, sums, vector

__all__ = ["DRAW"]

_MODULES = {
    m.__name__.rsplit(".", 1)[-1]: m
    for m in (formula, gradient, jacobian, layers, modes, naive, paths, slope, steps, sums, vector)
}

#: Each section's ``draw(ctx)``, in page order.
DRAW: Mapping[str, Callable[[Context], object]] = MappingProxyType({s.name: _MODULES[s.name].draw for s in SECTIONS})
