"""Bounded worker processes: an implementation detail of :mod:`explorer.bounded`.

Run a module-level function in a worker with :func:`run`, or hold one worker
for several dependent tasks with :func:`slot`. :func:`report` is the
progress callback a task passes to the pipeline. :func:`visitor` names the visitor a
thread works for, so that their heavy work can be given up when they move on. Settings come from
:func:`configure` or the environment (see :mod:`explorer.workers.settings`).
"""

from .child import keep, report
from .pool import HINT, Slot, configure, run, settings, shutdown, slot
from .settings import Settings
from .visitors import visitor

__all__ = ["HINT", "Settings", "Slot", "configure", "keep", "report", "run", "settings", "shutdown", "slot", "visitor"]
