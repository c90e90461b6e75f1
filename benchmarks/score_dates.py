"""score_dates: the date extractor against the hand labels of the dev corpus.

Runs ``find_dates(text, published=find_published_date(text))`` on every labelled
``.txt`` file (``.html`` pages are skipped: they need ingest and clean first) and
compares per file the multiset of (start, end) pairs, as ``../shared/eval/score.py``
does: rows of kind ``relative`` and rows without a start are not scored.

Usage:
    python benchmarks/score_dates.py [CORPUS_DIR] [--quiet]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.extract.dates import find_dates  # noqa: E402
from pipeline.extract.published_date import find_published_date  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def score(corpus: Path, quiet: bool = False) -> dict[str, float]:
    """Print misses and extras per file, then P/R/F1 over all files; return the totals."""
    tp = fp = fn = 0
    for label_path in sorted(corpus.glob("*.label.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        path = corpus / label["file"]
        if path.suffix != ".txt":
            continue
        text = path.read_text(encoding="utf-8")
        rows = find_dates(text, published=find_published_date(text))
        got = Counter((str(d.date_start), str(d.date_end)) for d in rows
                      if d.kind != "relative" and d.date_start is not None)
        want = Counter((d["start"], d["end"]) for d in label.get("dates", []))
        hit = sum((got & want).values())
        tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(want.values()) - hit
        if not quiet and (got != want):
            print(f"{label['file']}: missed {sorted((want - got).elements())} extra {sorted((got - want).elements())}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"dates P={p:.3f} R={r:.3f} F1={f1:.3f}  (tp={tp} fp={fp} fn={fn})")
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    ap.add_argument("--quiet", action="store_true", help="print only the totals")
    args = ap.parse_args(argv)
    score(args.corpus, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
