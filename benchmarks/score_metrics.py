"""Score pipeline.extract.metrics.find_metrics against the hand labels.

Usage:
    python benchmarks/score_metrics.py [LABELS_DIR] [--quiet]

For every ``*.label.json`` in LABELS_DIR (default /work/shared/corpus/dev) whose
``file`` is a .txt notice, runs ``find_metrics`` on the raw text and compares the
multisets of (value rounded to 4 significant digits, unit), as
``/work/shared/eval/score.py`` does. Prints P/R/F1 over all files, then the
misses and extras of each file with their raw text.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract.metrics import find_metrics  # noqa: E402

DEFAULT_LABELS = Path("/work/shared/corpus/dev")


def _sig(value: float) -> float:
    """Round to 4 significant digits, as the scorer does."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, -int(math.floor(math.log10(abs(value)))) + 3)


def _keyed(rows) -> dict[tuple[float, str], list[str]]:
    """(value, unit) → the raw texts that produced it."""
    keyed: dict[tuple[float, str], list[str]] = {}
    for value, unit, raw in rows:
        keyed.setdefault((_sig(float(value)), unit), []).append(raw)
    return keyed


def score_file(label: dict, text: str) -> tuple[Counter, Counter, dict, dict]:
    """Expected and found multisets of one file, plus raws per key."""
    want = _keyed((m["value"], m["unit"], m["raw"]) for m in label.get("metrics", []))
    got = _keyed((m.value, m.unit, m.raw) for m in find_metrics(text))
    return (Counter({k: len(v) for k, v in want.items()}), Counter({k: len(v) for k, v in got.items()}), want, got)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", type=Path, nargs="?", default=DEFAULT_LABELS)
    ap.add_argument("--quiet", action="store_true", help="print only the totals")
    args = ap.parse_args(argv)

    tp = fp = fn = 0
    chars, seconds = 0, 0.0
    for label_path in sorted(args.labels.glob("*.label.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        if not label["file"].endswith(".txt"):
            continue
        text = (args.labels / label["file"]).read_text(encoding="utf-8")
        began = time.perf_counter()
        want, got, want_raw, got_raw = score_file(label, text)
        seconds += time.perf_counter() - began
        chars += len(text)
        hits = sum((want & got).values())
        tp, fp, fn = tp + hits, fp + sum(got.values()) - hits, fn + sum(want.values()) - hits
        missed, extra = want - got, got - want
        if not args.quiet and (missed or extra):
            print(f"{label['file']}:")
            for key, n in sorted(missed.items(), key=str):
                print(f"  missed {n}× {key[0]:g} {key[1]}  raw={want_raw[key][:3]}")
            for key, n in sorted(extra.items(), key=str):
                print(f"  extra  {n}× {key[0]:g} {key[1]}  raw={got_raw[key][:3]}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"metrics P={p:.3f} R={r:.3f} F1={f1:.3f}  (tp={tp} fp={fp} fn={fn})")
    print(f"speed: {chars / max(seconds, 1e-9) / 1e6:.2f} M chars/s over {chars} chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())
