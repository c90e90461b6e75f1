"""Notice metadata of the holdout3 notices (tests/cases/holdout3), as read from their texts.

The .label.json files there do not label metadata; these values were checked by hand.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline import analyse
from pipeline.types import RawDoc

CASES = Path(__file__).parent / "cases" / "holdout3"

EXPECTED = {
    "001": {"stated_problem_count": 23, "stated_measure_count": 86, "stated_rule_count": 15},
    "002": {"stated_problem_count": 16, "stated_measure_count": 112, "stated_rule_count": 24},
    "003": {"stated_problem_count": 14, "stated_measure_count": 238, "stated_rule_count": 47},
    "004": {"issuer": "东湖县人民政府", "published_date": dt.date(2023, 12, 26),
            "inspection_start": None, "inspection_end": None,
            "stated_problem_count": 68, "stated_rule_count": 26},
    "005": {"inspection_body": "第二轮第六批中央生态环境保护督察组",
            "inspection_start": dt.date(2022, 3, 28), "inspection_end": dt.date(2022, 4, 28),
            "feedback_date": dt.date(2022, 7, 8), "stated_problem_count": 18, "stated_measure_count": 52},
    "006": {"stated_problem_count": 15, "stated_measure_count": 93},
    "007": {"stated_problem_count": 17, "stated_measure_count": 58},
    "008": {"stated_problem_count": 21, "stated_measure_count": 64},
}


def _meta(name: str):
    path = CASES / f"{name}.txt"
    return analyse(RawDoc(source_path=str(path), text=path.read_text(encoding="utf-8"),
                          encoding="utf_8", format="txt", metadata={})).meta


@pytest.mark.parametrize("name, column, value",
                         [(n, c, v) for n, cols in EXPECTED.items() for c, v in cols.items()])
def test_holdout3_metadata(name, column, value):
    assert getattr(_meta(name), column) == value
