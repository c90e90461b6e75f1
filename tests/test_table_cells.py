"""table_cells: bare numbers under a header that names the unit, in the table forms ledgers arrive in."""
from __future__ import annotations

import pytest

from pipeline.extract.metrics import find_metrics
from pipeline.extract.table_cells import find_cell_metrics

PIPE = (
    "二、整改台账\n"
    "| 序号 | 被巡察单位 | 反馈问题（个） | 涉及金额（万元） | 完成率 |\n"
    "| --- | --- | --- | --- | --- |\n"
    "| 1 | 县农业农村局 | 31 | 8,600.5 | 93.5% |\n"
    "| 合计 | — | 112 | 12 | 92.0% |\n"
    "以上问题已整改到位。"
)
TAB = ("序号\t问题\t涉及金额(元)\t整改时限\t完成情况\n"
       "1\t多计工程款\t1056300\t2024.6\t已完成\n"
       "2\t收费不规范\t0\t2023年12月31日前\t正在推进\n")
BARE_PIPES = "问题类型｜问题个数｜整改金额（万元）｜整改状态\n预算编制不够精准｜4｜1256.30｜已整改\n"


def _rows(metrics):
    return [(m.raw, str(m.value), m.unit, m.subject) for m in metrics]


@pytest.mark.parametrize("text, expected", [
    (PIPE, [("31", "31", "个", "反馈问题"), ("8,600.5", "86005000", "元", "涉及金额"),
            ("112", "112", "个", "反馈问题"), ("12", "120000", "元", "涉及金额")]),  # the 合计 row too
    (TAB, [("1056300", "1056300", "元", "涉及金额"), ("0", "0", "元", "涉及金额")]),
    (BARE_PIPES, [("1256.30", "12563000", "元", "整改金额")]),  # a column without a unit gives none
    ("| 序号 | 单位 | 金额 |\n| 1 | 某局 | 86 |\n", []),  # no header names a unit
    ("| 序号 | 金额（万元） |\n| 1 | 约86 |\n| 2 | 86万元 |\n", []),  # not bare: metrics reads 86万元 itself
    ("| 序号 | 单位 | 金额（万元） |\n| 1 | 86 |\n", []),  # a row that lost a cell: columns unknown
    ("金额（万元）\n86\n", []),  # one cell per line: no row to tell the columns
    ("首页 | 新闻 | 关于我们\n正文", []),
    # a blank line ends a table: the next one's header gives its own unit
    ("| 单位 | 金额（万元） |\n| --- | --- |\n| 县农业局 | 31 |\n\n| 单位 | 金额（元） |\n| --- | --- |\n| 县林业局 | 500 |\n",
     [("31", "310000", "元", "金额"), ("500", "500", "元", "金额")]),
    # a second header row in one run of rows starts another table
    ("| 单位 | 金额（万元） |\n| 县农业局 | 31 |\n| 单位 | 面积（亩） |\n| 县林业局 | 500 |\n",
     [("31", "310000", "元", "金额"), ("500", "500", "亩", "面积")]),
    # 千米 is a unit of its own; 千元 is thousands of yuan; full-width digits are read
    ("| 路段 | 长度（千米） | 金额（千元） |\n| 甲 | １２ | 5 |\n", [("１２", "12", "千米", "长度"), ("5", "5000", "元", "金额")]),
])
def test_find_cell_metrics(text, expected):
    assert _rows(find_cell_metrics(text)) == expected


@pytest.mark.parametrize("text", [PIPE, TAB, BARE_PIPES])
def test_cells_point_into_the_text(text):
    for m in find_cell_metrics(text):
        assert text[m.start:m.end] == m.raw


def test_find_metrics_adds_cells_once_and_in_order():
    metrics = find_metrics(PIPE)
    assert [m.raw for m in metrics] == ["31", "8,600.5", "93.5%", "112", "12", "92.0%"]


def test_a_date_in_a_cell_stays_a_date():
    """2024.6 under 整改时限 is excluded by the date it is, whatever column it sits in."""
    from pipeline.extract.dates import find_dates

    dates = find_dates(TAB)
    metrics = find_metrics(TAB, exclude=[(d.start, d.end) for d in dates])
    assert "2024.6" in [d.raw for d in dates] and "2024.6" not in [m.raw for m in metrics]
