"""The docs say what the code does: exit statuses, retry statuses, settings, the UI's test ids."""

from __future__ import annotations

import re
from pathlib import Path

from api_client.status import RETRY_STATUSES
from app.cli import exits
from app.settings import SETTINGS_ENV_HINT

ROOT = Path(__file__).resolve().parent.parent


def _table_after(text: str, heading: str) -> list[list[str]]:
    start = text.index(heading)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_readme_lists_every_exit_status_of_every_subcommand():
    rows = _table_after((ROOT / "README.md").read_text(encoding="utf-8"), "Exit status (`app/cli/exits.py`)")
    documented = {int(row[0]) for row in rows[1:]}
    defined = {v for k, v in vars(exits).items() if k.isupper() and isinstance(v, int)}
    assert documented == defined


def test_retries_are_documented_as_the_client_does_them():
    hint = re.search(r"HMSKORT_MAX_RETRIES\s+retries on ([\d/]+)", SETTINGS_ENV_HINT)
    assert hint is not None
    assert tuple(int(s) for s in hint.group(1).split("/")) == RETRY_STATUSES
    status_api = (ROOT / "docs" / "STATUS_API.md").read_text(encoding="utf-8")
    assert f"**Retries**: only {RETRY_STATUSES[0]} and {RETRY_STATUSES[1]}" in status_api


def _constants(node) -> set[str]:
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _constants(node.body) | _constants(node.orelse)
    return set()


def _test_ids_in_views() -> set[str]:
    """Every `ft.Semantics(identifier=...)` the views give: literal ids handed to `tid`, to an
    `identifier=` keyword, or to a helper whose parameter is named `identifier`."""
    import ast

    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "views").glob("*.py"))]
    position = {
        node.name: [a.arg for a in node.args.args].index("identifier")
        for tree in trees
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and "identifier" in [a.arg for a in node.args.args]
    }
    ids: set[str] = set()
    for tree in trees:
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            for kw in call.keywords:
                if kw.arg == "identifier":
                    ids |= _constants(kw.value)
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            index = position.get(name)
            if index is not None and index < len(call.args):
                ids |= _constants(call.args[index])
    return ids


def test_the_ui_docs_list_every_test_id_the_views_give():
    text = (ROOT / "docs" / "UI.md").read_text(encoding="utf-8")
    section = text[text.index("## Test ids") :].split("\n## ", 1)[0]
    listed = " ".join(
        line.split(":", 1)[1] if line.startswith("- ") else line
        for line in section.splitlines()
        if line.startswith(("- ", "  "))
    )
    documented = set(re.findall(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", listed))
    assert _test_ids_in_views() <= documented, sorted(_test_ids_in_views() - documented)
