"""Property tests over the whole pipeline: generated notices never raise and always validate."""
from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline import process_text, run
from pipeline.errors import ZhenggaiError
from pipeline.schemas import SPAN_COLUMNS
from pipeline.validate import validate_output

_MARKERS = ["一、", "二、", "(一)", "（二）", "1.", "2．", "3、", "(1)", "（2）", "①", "②", "一是", "二是", "第一，"]
_PHRASES = [
    "关于政治站位不高的问题", "2019年9月6日至11月28日", "12月16日", "3月下旬", "今年以来", "截至目前",
    "97.57%", "同比减少27.7%", "66.57万元", "268起", "3—4人", "两次", "《关于加强管理的通知》", "印发了",
    "“两个维护”", "三会一课", "第三巡察组", "电话8455350", "1.5亿元", "（下转第七版）", "打印本页",
    "根據(jù)", "组 织", ",,", "?", "\ufffd", "\u3000",
]
_PIECE = st.one_of(st.sampled_from(_MARKERS), st.sampled_from(_PHRASES),
                   st.sampled_from(["。", "；", "：", "，", "\n", "\n", " "]), st.text(max_size=6))
_NOTICE = st.lists(_PIECE, max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOTICE)
def test_process_text_never_raises_and_rows_point_into_text(text):
    try:
        rows = process_text(text)
    except ZhenggaiError:
        return  # e.g. nothing left after cleaning: a named, reported error
    clean = rows["notices"][0]["text"]
    for table, (start, end) in SPAN_COLUMNS.items():
        for row in rows[table]:
            span = clean[row[start]:row[end]]
            if "raw" in row:
                assert span == row["raw"]
            elif table == "nodes":
                assert span.startswith(row["marker"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(_NOTICE, min_size=1, max_size=4))
def test_batches_of_generated_notices_validate(tmp_path, texts):
    folder = tmp_path / "in"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    summary = run([folder], tmp_path / "out")
    assert summary.counts["notices"] + summary.counts["errors"] == len(texts)
    assert validate_output(tmp_path / "out") == []
