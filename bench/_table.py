"""Plain-text tables for the benchmark output (also valid Markdown, so they paste into docs)."""

from __future__ import annotations

import statistics


def table(title: str, rows: list[dict]) -> str:
    """`rows` as a Markdown table under a title line."""
    if not rows:
        return f"\n## {title}\n\n(no rows)\n"
    cols = list(rows[0])
    cells = [[str(r.get(c, "")) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = lambda vals: "| " + " | ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)) + " |"  # noqa: E731
    out = [f"\n## {title}\n", line(cols), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def p95(xs: list[float]) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}" if d else "–"
