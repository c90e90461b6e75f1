"""Golden expectations for the bundled sample, read back from the Parquet tables `run` wrote."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipeline.schemas import COLUMNS, SPAN_COLUMNS, TABLE_NAMES


@pytest.fixture(scope="module")
def tables(seed_out):
    return {t: pd.read_parquet(seed_out / f"{t}.parquet") for t in TABLE_NAMES}


def test_every_table_written_with_declared_columns(tables):
    for name, df in tables.items():
        assert list(df.columns) == [c for c, _ in COLUMNS[name]]


def test_seed_counts(tables):
    nodes, notices = tables["nodes"], tables["notices"]
    assert nodes["marker_kind"].value_counts().to_dict() == {
        "arabic_paren": 92, "arabic_dot": 28, "cn_shi": 9, "cn_paren": 5, "cn_dun": 3}
    assert (nodes["role"] == "category").sum() == 5
    assert len(tables["problems"]) == 28 and len(tables["measures"]) == 94
    assert tables["measures"]["numbered"].sum() == 92
    (notice,) = notices.itertuples()
    assert notice.problem_count == 28 and notice.measure_count == 94
    assert notice.title == "中共威海市文登区人民法院党组关于巡察整改情况的通报"
    for furniture in ("打印本页", "关闭窗口", "下转第七版"):
        assert furniture not in notice.text
    assert "text_cut" in set(tables["warnings"]["kind"])
    assert tables["errors"].empty


def test_seed_metadata(tables):
    (n,) = tables["notices"].itertuples()
    assert n.issuer == "中共威海市文登区人民法院党组"
    assert n.inspection_body == "区委第三巡察组"
    assert n.inspected_unit == "区人民法院党组"
    assert n.inspection_kind == "巡察"
    assert (n.inspection_start, n.inspection_end) == (dt.date(2019, 9, 6), dt.date(2019, 11, 28))
    assert n.feedback_date == dt.date(2019, 12, 16)
    assert n.published_date == dt.date(2020, 4, 29)
    assert (n.stated_problem_count, n.stated_measure_count, n.stated_rule_count) == (28, 100, 28)
    assert (n.phone, n.email) == ("8455350", "wdfyzzc@sina.com")
    assert (n.province, n.city, n.county, n.admin_code) == ("山东省", "威海市", "文登区", "371003")


def test_seed_feedback_date_year_is_inferred(tables):
    dates = tables["dates"]
    row = dates[dates["raw"] == "12月16日"].iloc[0]
    assert row["start"] == dt.date(2019, 12, 16) and bool(row["year_inferred"])


def test_seed_key_metrics(tables):
    metrics = tables["metrics"]
    progress = metrics[metrics["raw"].str.contains("97.57%", regex=False)]
    assert len(progress) == 1 and "发放" in progress.iloc[0]["subject"]
    drop = metrics[(metrics["value"] == 27.7) & (metrics["unit"] == "%")]
    assert len(drop) == 2
    assert drop["subject"].str.contains("收案").all() and (drop["direction"] == "decrease").all()


def test_seed_citations(tables):
    assert len(tables["citations"]) == 66


def test_count_mismatch_is_warned(tables):
    messages = tables["warnings"].query("kind == 'count_mismatch'")["message"].tolist()
    assert any("100 measures, parsed 94" in m for m in messages)


def test_every_record_points_into_the_text(tables):
    text = tables["notices"].iloc[0]["text"]
    for table, (start, end) in SPAN_COLUMNS.items():
        df = tables[table]
        assert not df.empty
        column = "raw" if "raw" in df else None
        for row in df.itertuples():
            span = text[getattr(row, start):getattr(row, end)]
            if column:
                assert span == row.raw
            elif table == "nodes":
                assert span.startswith(row.marker)


def test_node_ids_resolve(tables):
    node_ids = set(tables["nodes"]["node_id"])
    for table in ("dates", "metrics", "citations"):
        assert set(tables[table]["node_id"].dropna()) <= node_ids
    assert set(tables["problems"]["problem_id"]) <= node_ids
