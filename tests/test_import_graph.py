"""docs/ARCHITECTURE.md shows the import graph the code has (scripts/import_graph.py makes it)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import import_graph  # noqa: E402


def test_the_architecture_doc_shows_the_current_import_graph():
    assert import_graph.shown_in_doc() == import_graph.render(), (
        "the import graph changed: run `.venv/bin/python scripts/import_graph.py --write`"
    )


def test_the_graph_draws_the_layers_inward():
    """What the diagram must show for the layers to hold (import-linter checks the same in CI)."""
    pairs = set(import_graph.edges())
    assert ("views", "app.state") in pairs and ("app.state", "app.services") in pairs
    assert ("app.services", "app (core)") in pairs
    for inner, outer in [
        ("app.services", "app.state"),
        ("app.state", "views"),
        ("app (core)", "app.services"),
    ]:
        assert (inner, outer) not in pairs
    adapters = {"api_client", "scanner", "sandbox", "storage"}
    assert not {(a, b) for a, b in pairs if a in adapters and b in adapters}
    assert {a for a, b in pairs if b == "flet"} <= {"views", "app.state", "web"}
