"""Headings on the hand-labelled holdout notices (tests/cases/holdout), scored as the evaluator does.

Headings are compared as multisets per notice by (kind, ordinal, first six title characters).
The floor is the F1 reached when inline (1)/(一) series were recognised; it may only rise.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline import process_file

CASES = Path(__file__).parent / "cases" / "holdout"
LABELS = sorted(CASES.glob("*.label.json"))
F1_FLOOR = 1.0


def _key(title: str) -> str:
    return "".join(str(title).split())[:6]


@pytest.fixture(scope="module")
def counts() -> tuple[int, int, int]:
    tp = fp = fn = 0
    for path in LABELS:
        label = json.loads(path.read_text(encoding="utf-8"))
        rows = process_file(CASES / label["file"])
        want = Counter((h["level_kind"], h["ordinal"], _key(h["title"])) for h in label["headings"])
        got = Counter((n["marker_kind"], n["ordinal"], _key(n["title"])) for n in rows["nodes"]
                      if n["ordinal"] is not None)
        tp += sum((want & got).values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
    return tp, fp, fn


def test_there_are_holdout_cases():
    assert len(LABELS) >= 16


def test_holdout_headings_f1_floor(counts):
    tp, fp, fn = counts
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    assert f1 >= F1_FLOOR, f"holdout headings F1 {f1:.3f} (tp={tp} fp={fp} fn={fn}) below {F1_FLOOR}"


def test_inline_paren_measures_in_007():
    rows = process_file(CASES / "007.txt")
    measures = rows["measures"]
    assert [m["problem_id"] for m in measures if m["numbered"]] == \
        ["1.1", "1.1", "1.1", "1.2", "1.2", "2.1", "2.1", "3.1", "3.1"]
    assert not any("联系电话" in m["title"] or "联系电话" in m["text"] for m in measures)
