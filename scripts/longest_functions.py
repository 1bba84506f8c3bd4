"""The longest functions and methods of the product code (tests excluded), measured with `ast`.

    .venv/bin/python scripts/longest_functions.py [--top N] [--root DIR] [--markdown]

A function's length is its lines from `def` to its last line (decorators not counted, nested
functions included in their parent). docs/ARCHITECTURE.md's "Function length" table is this
script's output; tests/test_function_length.py keeps every function under its limit.
"""

from __future__ import annotations

import argparse
import ast
from dataclasses import dataclass
from pathlib import Path

#: The product: the packages import-linter analyses, and the UI's entry point.
PRODUCT = ("app", "api_client", "scanner", "sandbox", "storage", "views", "web", "main.py")
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Function:
    name: str  # `Class.method` or `function`
    path: str  # relative to the root, with /
    line: int
    lines: int


def _sources(root: Path):
    for name in PRODUCT:
        target = root / name
        paths = [target] if target.is_file() else sorted(target.rglob("*.py")) if target.is_dir() else []
        for path in paths:
            if "__pycache__" not in path.parts:
                yield path


def _functions(tree: ast.AST, path: str, prefix: str = ""):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            yield Function(name, path, node.lineno, node.end_lineno - node.lineno + 1)
            yield from _functions(node, path, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, path, prefix + node.name + ".")
        else:
            yield from _functions(node, path, prefix)


def all_functions(root: Path = ROOT) -> list[Function]:
    """Every function and method of the product under `root`, longest first."""
    found = [
        fn
        for path in _sources(root)
        for fn in _functions(ast.parse(path.read_text(encoding="utf-8")), path.relative_to(root).as_posix())
    ]
    return sorted(found, key=lambda f: (-f.lines, f.path, f.line))


def markdown(functions: list[Function]) -> str:
    rows = ["| # | function | where | lines |", "|---|---|---|---|"]
    rows += [f"| {i} | `{f.name}` | `{f.path}:{f.line}` | {f.lines} |" for i, f in enumerate(functions, 1)]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--root", type=Path, default=ROOT, help="a checkout (default: this one)")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args(argv)
    top = all_functions(args.root.resolve())[: args.top]
    if args.markdown:
        print(markdown(top))
    else:
        for f in top:
            print(f"{f.lines:5d}  {f.path}:{f.line}  {f.name}")


if __name__ == "__main__":
    main()
