"""The package-level import graph of the product, as a Mermaid diagram (grimp, import-linter's engine).

    .venv/bin/python scripts/import_graph.py            # print the diagram
    .venv/bin/python scripts/import_graph.py --write    # put it into docs/ARCHITECTURE.md

Nodes are the layers and adapters of docs/ARCHITECTURE.md (app's own sub-packages where they are a
layer or a composition root; the rest of app/ is its domain core); an arrow means "some module of A
imports some module of B". tests/test_import_graph.py checks that the document shows this output.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"
BEGIN, END = "<!-- import-graph:begin -->", "<!-- import-graph:end -->"

#: app's modules that are a node of their own; every other module of app/ is "app (core)".
APP_NODES = (
    "app.state",
    "app.services",
    "app.cli",
    "app.bootstrap",
    "app.ui_root",
    "app.settings",
    "app.i18n",
)
#: the one outside package shown: the UI toolkit, which only views and app.state may import
EXTERNAL = ("flet",)


def _packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["root_packages"])


def node_of(module: str) -> str | None:
    """The graph node a module belongs to (None for outside packages not shown)."""
    top = module.split(".")[0]
    if top == "app":
        return next((n for n in APP_NODES if module == n or module.startswith(n + ".")), "app (core)")
    if top in EXTERNAL or top.startswith("flet_"):
        return "flet"
    return top if top in _packages() else None


def group_of(module: str) -> str | None:
    """The finer grouping of the text list: each module or sub-package of app/, each other package."""
    parts = module.split(".")
    if parts[0] == "app":
        return ".".join(parts[:2]) if len(parts) > 1 else None
    return node_of(module)


def edges(grouping=node_of) -> list[tuple[str, str]]:
    """(importer, imported) pairs between different nodes of `grouping`."""
    import grimp

    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*_packages(), include_external_packages=True, cache_dir=None)
    found = set()
    for importer in graph.modules:
        source = grouping(importer)
        if source is None or source == "flet":
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            target = grouping(imported)
            if target is not None and target != source:
                found.add((source, target))
    return sorted(found)


def _id(node: str) -> str:
    return node.replace(" (core)", "_core").replace(".", "_")


def mermaid(pairs: list[tuple[str, str]]) -> str:
    nodes = sorted({n for pair in pairs for n in pair})
    lines = ["```mermaid", "graph LR"]
    lines += [f'  {_id(n)}["{n}"]' for n in nodes]
    lines += [f"  {_id(a)} --> {_id(b)}" for a, b in pairs]
    lines.append("```")
    return "\n".join(lines)


def text_list(pairs: list[tuple[str, str]]) -> str:
    width = max(len(a) for a, _ in pairs)
    rows = {}
    for a, b in pairs:
        rows.setdefault(a, []).append(b)
    lines = [f"{a.ljust(width)} -> {', '.join(bs)}" for a, bs in sorted(rows.items())]
    return "\n".join(["```", *lines, "```"])


def render() -> str:
    """Both views of the graph, as docs/ARCHITECTURE.md shows them."""
    return (
        mermaid(edges())
        + "\n\nModule by module (each module or sub-package of `app/`):\n\n"
        + text_list(edges(group_of))
    )


def write(diagram: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + diagram + "\n" + text[end:], encoding="utf-8")


def shown_in_doc() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/ARCHITECTURE.md")
    args = parser.parse_args(argv)
    diagram = render()
    if args.write:
        write(diagram)
    else:
        print(diagram)


if __name__ == "__main__":
    main()
