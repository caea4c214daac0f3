"""Workers that hang on purpose, for the tests of budgets and timeouts (no input is slow by design any more)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import asdict

from explorer import workers


def slow_builds() -> None:
    """Worker initializer: building any graph hangs (every analysis, every answer checked)."""
    import explorer.calculus.pipeline

    def hang(*args, **kwargs):
        time.sleep(600)

    explorer.calculus.pipeline.build = hang


@contextlib.contextmanager
def hanging(initializer=slow_builds) -> Iterator[None]:
    """Within the block, workers start with ``initializer``; the pool's settings are restored after."""
    previous = workers.settings()
    workers.configure(initializer=initializer, initargs=(), wait=30)
    try:
        yield
    finally:
        workers.configure(**asdict(previous))
