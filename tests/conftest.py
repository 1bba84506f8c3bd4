"""Shared fixtures: one embedded sandbox per test session, over real HTTP on loopback."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sandbox():
    """The sandbox status API + registers, running in-process on a free loopback port."""
    from sandbox.runner import SandboxServer

    with SandboxServer() as server:
        yield server


@pytest.fixture
def clean_sandbox(sandbox):
    """The shared sandbox with no faults injected before or after the test."""
    sandbox.clear_faults()
    yield sandbox
    sandbox.clear_faults()
