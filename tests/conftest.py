"""Shared test settings and fixtures: hypothesis profiles and one run per installed Graphviz renderer."""

import os

import pytest
from hypothesis import HealthCheck, settings
from rendering import INSTALLED, only

settings.register_profile("default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(params=INSTALLED or [pytest.param(None, marks=pytest.mark.skip("no renderer"))])
def each_renderer(request, monkeypatch) -> str:
    """Run the test with each installed renderer as the only one."""
    only(monkeypatch, request.param)
    return request.param
