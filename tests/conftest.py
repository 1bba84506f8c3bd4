"""Shared fixtures: one embedded sandbox per test session, over real HTTP on loopback."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sandbox():
    """The sandbox status API + registers, running in-process on a free loopback port."""
    from sandbox.runner import SandboxServer

    with SandboxServer() as server:
        yield server


@pytest.fixture(scope="module")
def own_sandbox():
    """A sandbox of the requesting module's own, for modules whose requests may be left in flight
    (drips, bombs, slow clients given up on): they must not reach the shared one that other tests
    count hits on. Such a module overrides `sandbox` with it (and `clean_sandbox` follows)."""
    from sandbox.runner import SandboxServer

    with SandboxServer() as server:
        yield server


@pytest.fixture
def clean_sandbox(sandbox):
    """The shared sandbox with no faults injected before or after the test."""
    sandbox.clear_faults()
    yield sandbox
    sandbox.clear_faults()


@pytest.fixture
def api_env(clean_sandbox, monkeypatch, tmp_path):
    """The environment of a deployment whose status API is the shared sandbox (for the CLI): no other
    HMSKORT_ setting, no settings file in ~/.config/hmskort, and a data folder of this test's."""
    import os

    for name in list(os.environ):
        if name.startswith("HMSKORT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HMSKORT_API_URL", clean_sandbox.url)
    monkeypatch.setenv("HMSKORT_CLIENT_ID", clean_sandbox.client_id)
    monkeypatch.setenv("HMSKORT_CLIENT_SECRET", clean_sandbox.client_secret)
    monkeypatch.setenv("HMSKORT_SANDBOX", "true")  # it is a sandbox: its registers, and say so
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HMSKORT_DATA_DIR", str(tmp_path / "data"))
    return clean_sandbox


@pytest.fixture(scope="session", autouse=True)
def _journal_data_dir(tmp_path_factory):
    """Checks made by the tests (CLI, app) are journaled in a folder of this session, never in the
    user's data folder. Tests that need their own journal set HMSKORT_DATA_DIR themselves."""
    import os

    if "HMSKORT_DATA_DIR" not in os.environ:
        os.environ["HMSKORT_DATA_DIR"] = str(tmp_path_factory.mktemp("journal-data"))
    # Tests that start the CLI with every HMSKORT_ variable removed fall back to the platform's data
    # folder: that one is the session's too (a journal there, migrated by another checkout's newer
    # code, made `hmskort nfc` fail with "Can't locate revision").
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    yield


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL 15 on loopback for the whole session (tests/pg.py)."""
    from tests.pg import PostgresCluster, available

    if not available():
        pytest.fail(
            "PostgreSQL 15 is not installed (scripts/setup.sh installs the Debian package postgresql)"
        )
    cluster = PostgresCluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_store(request, tmp_path):
    """(database_url or None, data_dir) for an empty journal on SQLite in tmp_path, or on PostgreSQL."""
    if request.param == "sqlite":
        return None, tmp_path
    cluster = request.getfixturevalue("postgres")
    cluster.reset()
    return cluster.url, tmp_path
