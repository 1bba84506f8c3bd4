"""No product function grows past LIMIT lines again (docs/ARCHITECTURE.md, "Function length")."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from longest_functions import PRODUCT, all_functions  # noqa: E402

#: Split a longer function into named steps (a Flet component: hooks first, then plain builders).
LIMIT = 60


def test_every_product_function_is_at_most_the_limit():
    too_long = [
        f"{f.path}:{f.line} {f.name} ({f.lines} lines)" for f in all_functions(ROOT) if f.lines > LIMIT
    ]
    assert too_long == []


def test_the_measure_sees_the_whole_product(tmp_path):
    """The check cannot pass by looking at nothing: every product package is read, nested functions
    count in their parent, and a long function is reported with its place."""
    found = all_functions(ROOT)
    assert {f.path.split("/")[0] for f in found} >= {
        p.removesuffix(".py") if p != "main.py" else p for p in PRODUCT
    }
    (tmp_path / "views").mkdir()
    lines = ["class A:", "    def method(self):", "        def inner():", "            pass"]
    lines += [f"        x{i} = {i}" for i in range(70)]
    (tmp_path / "views" / "long.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (lone,) = [f for f in all_functions(tmp_path) if f.name == "A.method"]
    assert (lone.path, lone.line, lone.lines) == ("views/long.py", 2, 73)
    assert [f.name for f in all_functions(tmp_path)] == ["A.method", "A.method.inner"]
