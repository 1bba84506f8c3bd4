"""The frame the code promises in docs/ARCHITECTURE.md: ports in one module, one composition root."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The packages import-linter analyses (pyproject.toml), so the copy below holds the same graph.
PACKAGES = tuple(
    tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "root_packages"
    ]
)
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


def _copy_tree(tmp_path: Path) -> Path:
    import shutil

    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint_imports(where: Path):
    import os
    import subprocess
    import sys

    lint = Path(sys.executable).parent / "lint-imports"
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [str(lint), "--no-cache"], cwd=where, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # the simulator reaching into the reader: two adapters coupled
        ("sandbox/nfc_sim.py", "import scanner.nfc.loop", "Adapters never import each other"),
        # an adapter building a service: a second composition root
        ("api_client/status.py", "import app.services.crosscheck", "Adapters import only"),
        # the domain knowing about the UI
        ("app/model.py", "import app.state.app_state", "Layers"),
        # a service reaching up into the views
        ("app/services/verify.py", "import views.theme", "Layers"),
        # Flet outside the UI state
        ("app/services/verify.py", "import flet", "The core never imports Flet"),
    ],
)
def test_an_import_that_breaks_a_contract_fails_lint(tmp_path, module, line, contract):
    tree = _copy_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tree)
    assert result.returncode != 0, result.stdout
    broken = [ln for ln in result.stdout.splitlines() if " BROKEN" in ln]
    assert any(contract in ln for ln in broken), result.stdout


def test_the_repository_keeps_every_contract(tmp_path):
    result = _lint_imports(_copy_tree(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "0 broken" in result.stdout


#: Words of the status API's and the registers' wire formats: problem codes, JSON field names, status
#: texts and paths. They belong in the adapters (api_client/, and the sandbox that serves them);
#: the core speaks app.model's enums (app/payloads.py parses the scanned payloads, contract §2).
WIRE_WORDS = (
    "INVALID_QR",
    "INVALID_CHIP",
    "INSUFFICIENT_SCOPE",
    "cardNumber",
    "orgNumber",
    "validFrom",
    "checkedAt",
    "organisasjonsnummer",
    "registerstatus",
    "godkjent",
    "under behandling",
    "/oauth2/token",
    "/_sandbox/",
)


def _string_constants(tree: ast.Module):
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def test_the_wire_format_is_read_only_at_the_edge():
    found = [
        (path, word)
        for path, tree in _modules()
        if path.startswith("app/")
        and not path.startswith(("app/i18n/", "app/cli/"))
        # A crew list's column headers ("cardNumber", "organisasjonsnummer") are what people write in
        # their spreadsheets, not the status API's fields; the words merely coincide.
        and path != "app/crewlist.py"
        for text in _string_constants(tree)
        for word in WIRE_WORDS
        if word.casefold() in text.casefold()
    ]
    assert found == []
