"""store.partition: each notices row in its own partition, the records shared by copies with the first copy."""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline import run, store
from pipeline.columnar import table_from_rows
from pipeline.schemas import TABLE_NAMES

#: a notice that names no date of its own: each page's 发布时间 is its publication date
NOTICE = """中共某县财政局党组关于巡察整改情况的通报
根据县委统一部署，县委第一巡察组对县财政局党组开展了常规巡察。现将整改情况通报如下。
一、关于学习贯彻党的创新理论不够深入的问题
1.修订《党组理论学习中心组学习制度》，每月集中学习1次。
二、关于财务管理不规范的问题
1.清退违规发放的补贴8.6万元。
"""


def _merged(folder: Path, rows: dict[str, list[dict]]) -> Path:
    """A folder of merged tables (every table, those not in ``rows`` empty)."""
    folder.mkdir()
    for table in TABLE_NAMES:
        pq.write_table(table_from_rows(table, rows.get(table, [])), folder / f"{table}.parquet")
    return folder


def _partitions(folder: Path, table: str, column: str) -> dict[str, list]:
    """partition value → the ``column`` values of the rows filed there."""
    data = ds.dataset(folder / table, format="parquet", partitioning="hive").to_table()
    found: dict[str, list] = {}
    for value, key in zip(data.column(column).to_pylist(), data.column("by_year").to_pylist()):
        found.setdefault(str(key), []).append(value)
    return found


def test_each_copy_is_filed_by_its_own_year_and_the_shared_records_by_the_first_copys(tmp_path):
    # the same text on two pages dated a year apart: the second file is a copy of the first
    merged = _merged(tmp_path / "merged", {
        "notices": [
            {"notice_id": "n1", "source_path": "city.html", "published_date": dt.date(2023, 9, 9)},
            {"notice_id": "n1", "source_path": "county.html", "published_date": dt.date(2022, 3, 1),
             "duplicate_of": "city.html"},
            {"notice_id": "n2", "source_path": "other.txt", "published_date": None},
        ],
        "dates": [{"notice_id": "n1", "node_id": "1", "raw": "今年3月"},
                  {"notice_id": "n2", "node_id": "1", "raw": "3月"}],
        "errors": [{"source_path": "broken.txt", "stage": "ingest", "error": "empty"}],
    })
    store.partition(merged, tmp_path / "parted", "year")
    assert _partitions(tmp_path / "parted", "notices", "source_path") == {
        "2023": ["city.html"], "2022": ["county.html"], "unknown": ["other.txt"]}
    assert _partitions(tmp_path / "parted", "dates", "raw") == {"2023": ["今年3月"], "unknown": ["3月"]}
    assert _partitions(tmp_path / "parted", "errors", "source_path") == {"unknown": ["broken.txt"]}


def test_the_first_copy_decides_whatever_the_row_order(tmp_path):
    # a folder written by another tool may list the copy first: duplicate_of still says which is first
    merged = _merged(tmp_path / "merged", {
        "notices": [
            {"notice_id": "n1", "source_path": "b.html", "published_date": dt.date(2021, 1, 1),
             "duplicate_of": "a.html"},
            {"notice_id": "n1", "source_path": "a.html", "published_date": dt.date(2024, 1, 1)},
        ],
        "nodes": [{"notice_id": "n1", "node_id": "1", "title": "一、总体情况"}],
    })
    store.partition(merged, tmp_path / "parted", "year")
    assert _partitions(tmp_path / "parted", "nodes", "node_id") == {"2024": ["1"]}
    assert _partitions(tmp_path / "parted", "notices", "source_path") == {"2021": ["b.html"], "2024": ["a.html"]}


def _page(text: str, date: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return (f"<html><head><meta charset='utf-8'><title>通报</title></head><body><div class='nav'>首页</div>"
            f"<div class='main'><h1>巡察整改情况通报</h1><div class='info'>发布时间：{date}　来源：区纪委</div>"
            f"<div class='content'>{body}</div></div><div class='footer'>版权所有</div></body></html>")


def test_a_run_partitioned_by_year_files_each_page_under_its_own_date(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(_page(NOTICE, "2023-09-09"), encoding="utf-8")
    (folder / "b.html").write_text(_page(NOTICE, "2022-03-01"), encoding="utf-8")
    out = tmp_path / "out"
    run([folder], out, partition_by="year")
    notices = ds.dataset(out / "notices", format="parquet", partitioning="hive").to_table().to_pylist()
    assert len({row["notice_id"] for row in notices}) == 1 and len(notices) == 2  # one notice, two files
    years = {Path(row["source_path"]).name: (row["by_year"], row["published_date"]) for row in notices}
    assert {name: str(date.year) for name, (_, date) in years.items()} == {"a.html": "2023", "b.html": "2022"}
    assert all(str(key) == str(date.year) for key, date in years.values())
    assert {p.name for p in (out / "nodes").iterdir()} == {"by_year=2023"}  # with the first copy, a.html
