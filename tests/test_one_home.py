"""Small rules with one home each: exit statuses in app/cli/exits.py, the QR hosts in app/payloads.py."""

from __future__ import annotations

import ast
from pathlib import Path

from app.payloads import DEFAULT_QR_HOSTS

ROOT = Path(__file__).resolve().parent.parent


def _cli_modules():
    for path in sorted((ROOT / "app" / "cli").glob("*.py")):
        if path.name != "exits.py":
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_no_cli_module_defines_its_own_exit_status():
    own = [
        (path, target.id)
        for path, tree in _cli_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.startswith("EXIT")
    ]
    assert own == []


def test_no_cli_command_returns_a_bare_number():
    """A command's status is `exits.X`: a literal `return 2` would be a second, silent copy."""
    bare = [
        (path, node.lineno)
        for path, tree in _cli_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Return)
        and isinstance(node.value, ast.Constant)
        and type(node.value.value) is int
    ]
    assert bare == []


def test_the_settings_screen_offers_the_payload_parsers_qr_hosts():
    from app.state.settings_state import SettingsState

    default = SettingsState.__dataclass_fields__["qr_hosts"].default
    assert tuple(h.strip() for h in default.split(",")) == DEFAULT_QR_HOSTS
    literal_hosts = [
        path.relative_to(ROOT).as_posix()
        for package in ("app", "views", "web")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "payloads.py" and "i18n" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and {part.strip() for part in node.value.split(",")} & set(DEFAULT_QR_HOSTS)
    ]
    assert literal_hosts == []


def _colour_literals(path: Path) -> list[str]:
    import re

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"#[0-9A-Fa-f]{3,8}", node.value.strip())
    ]
    found += [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "Colors"
    ]
    return found


def test_colours_are_named_in_views_theme_only():
    """Every colour of the UI has a name in views/theme.py (the contrast tests read them there)."""
    literals = {
        path.relative_to(ROOT).as_posix(): found
        for package in ("views", "app/state")
        for path in sorted((ROOT / package).glob("*.py"))
        if path.name != "theme.py" and (found := _colour_literals(path))
    }
    assert literals == {}


def test_the_version_is_read_in_app_version_only():
    """The About screen, the User-Agent and `--version` show one version (main.py had its own copy)."""
    readers = [
        path.relative_to(ROOT).as_posix()
        for path in [ROOT / "main.py", *sorted(ROOT.glob("*/**/*.py"))]
        if not path.relative_to(ROOT).as_posix().startswith((".venv", "tests/", "bench/"))
        and ".version(" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["app/version.py"]
