"""Hand-labelled excerpts in styles the dev corpus under-represents (tests/cases/generalise_hc).

Inline 一是 after commas, 第一，/第一、, mixed brackets, 1、 1． 1。 and ⑴ markers, ①②③, look-alikes
(1.26亿元, 2、3月份, 一、二级, 第二、三季度), web furniture and lists of links, newspaper page
markers, Traditional script, space entities, spaced markers, markers alone on their line, and
citations wrapped over a line break. Headings are compared as the scorer does
(kind, ordinal, first six title characters); citations by title. Every case must match exactly.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline import process_file

CASES = Path(__file__).parent / "cases" / "generalise_hc"
LABELS = sorted(CASES.glob("*.label.json"))


def _key(title: str) -> str:
    return "".join(str(title).split())[:6]


@pytest.fixture(scope="module", params=LABELS, ids=[p.name.split(".")[0] for p in LABELS])
def case(request):
    label = json.loads(request.param.read_text(encoding="utf-8"))
    return label, process_file(CASES / label["file"])


def test_headings_match_the_label(case):
    label, rows = case
    want = Counter((h["level_kind"], h["ordinal"], _key(h["title"])) for h in label["headings"])
    got = Counter((n["marker_kind"], n["ordinal"], _key(n["title"])) for n in rows["nodes"]
                  if n["ordinal"] is not None)
    assert got == want


def test_citations_match_the_label(case):
    label, rows = case
    assert [c["title"] for c in rows["citations"]] == label["citations"]


def test_there_are_enough_cases():
    assert len(LABELS) >= 15
