"""What the worker tests share: each module leaves the pool's settings as it found them, its workers stopped."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from explorer import workers


@pytest.fixture(scope="module", autouse=True)
def restore_settings():
    previous = workers.settings()
    yield
    workers.configure(**asdict(previous))
    workers.shutdown()
