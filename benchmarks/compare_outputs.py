"""Compare two output folders table by table, to prove a speed change changes no output.

    .venv/bin/python benchmarks/compare_outputs.py OUT_A OUT_B [--show 5]

Every table is read with ``pipeline.store.read_arrow`` and compared row for row
(columns, types and values, in order). Differences are listed per table, with
the first ``--show`` differing rows of each side; the exit status is 1 when
anything differs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.schemas import TABLE_NAMES  # noqa: E402
from pipeline.store import read_arrow  # noqa: E402


def differences(a: Path, b: Path, show: int = 5) -> list[str]:
    """Human-readable differences between the tables of two output folders (empty when equal)."""
    found = []
    for table in TABLE_NAMES:
        left, right = read_arrow(a, table), read_arrow(b, table)
        if left.schema != right.schema:
            found.append(f"{table}: schemas differ\n  {left.schema}\n  {right.schema}")
            continue
        if left.num_rows != right.num_rows:
            found.append(f"{table}: {left.num_rows} rows vs {right.num_rows}")
        if left.equals(right):
            continue
        rows_a, rows_b = left.to_pylist(), right.to_pylist()
        diff = [(i, x, y) for i, (x, y) in enumerate(zip(rows_a, rows_b)) if x != y]
        found.append(f"{table}: {len(diff)} differing rows")
        for i, x, y in diff[:show]:
            changed = {k for k in x if x[k] != y.get(k)}
            found.append(f"  row {i}: " + "; ".join(f"{k}: {x[k]!r} -> {y[k]!r}" for k in sorted(changed)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args()
    found = differences(args.a, args.b, args.show)
    print("\n".join(found) if found else "identical")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
