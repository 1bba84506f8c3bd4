"""The frame the code promises in docs/ARCHITECTURE.md: ports in one module, one composition root."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "api_client", "scanner", "sandbox", "views")
#: Protocols that are a package's own plug-in interface, not a port of the app: the decoders behind
#: `scanner.reader` (the app sees them only through `app.ports.ImageDecoder`).
INTERNAL_PROTOCOLS = {("scanner/decoders/__init__.py", "Decoder")}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _is_protocol(node: ast.ClassDef) -> bool:
    return any(
        (isinstance(b, ast.Name) and b.id == "Protocol")
        or (isinstance(b, ast.Attribute) and b.attr == "Protocol")
        for b in node.bases
    )


def test_every_port_is_in_app_ports():
    elsewhere = [
        (path, node.name)
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef) and _is_protocol(node) and path != "app/ports.py"
    ]
    assert set(elsewhere) <= INTERNAL_PROTOCOLS, f"ports outside app/ports.py: {elsewhere}"


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_only_the_composition_roots_wire_adapters_to_services():
    """The adapters (api_client) are built into services in app/bootstrap.py only (app/cli and the
    UI root call it); no adapter builds a service, no service reaches for an adapter."""
    builders = {
        path
        for path, tree in _modules()
        if "app.services.crosscheck.EmployerChecker" in _imported(tree)
        or any(name.startswith("api_client.registers.") for name in _imported(tree))
    }
    assert builders == {"app/bootstrap.py"}
