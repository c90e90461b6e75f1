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
    # a header that names its unit in a word (问题个数) gives it too (holdout59)
    (BARE_PIPES, [("4", "4", "个", "问题个数"), ("1256.30", "12563000", "元", "整改金额")]),
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


@pytest.mark.parametrize("text, expected", [
    # a row's own unit, with the change signed (holdout59)
    ("主要指标\t2024年9月末\t2025年5月末\t较巡视时变动\n制造业贷款余额（亿元）\t286.4\t331.9\t+45.5\n"
     "绿色贷款余额（亿元）\t158.7\t192.3\t+33.6\n",
     [("286.4", "28640000000", "元"), ("331.9", "33190000000", "元"), ("+45.5", "4550000000", "元"),
      ("158.7", "15870000000", "元"), ("192.3", "19230000000", "元"), ("+33.6", "3360000000", "元")]),
    # a header that names its unit in a word, beside one in brackets
    ("问题类型\t涉及机构（家）\t涉及人次\n重复收费\t37\t12468\n串换项目收费\t21\t5327\n",
     [("37", "37", "家"), ("12468", "12468", "人次"), ("21", "21", "家"), ("5327", "5327", "人次")]),
    # amounts under a line that gives the table's unit; a row label that holds 资金 is no header
    ("单位：万元\n问题类别\t问题个数\t问题金额\t已整改金额\n区本级财政管理\t14\t21860.5\t20142.3\n专项资金\t25\t19847.2\t17213.6\n",
     [("14", "14", "个"), ("21860.5", "218605000", "元"), ("20142.3", "201423000", "元"),
      ("25", "25", "个"), ("19847.2", "198472000", "元"), ("17213.6", "172136000", "元")]),
    # without that line, amounts have no unit to read
    ("问题类别\t问题金额\t已整改金额\n专项资金\t19847.2\t17213.6\n", []),
])
def test_units_from_a_row_a_word_or_a_unit_line(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_cell_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # only a header that ends with an amount word takes the 单位 line's unit; codes and clauses do not (review)
    ("单位：万元\n支出功能分类科目编码\t科目名称\t金额\n2130101\t行政运行\t50", [("50", "500000", "元")]),
    ("单位：万元\n序号\t违反条款\t问题金额\n1\t12\t50", [("50", "500000", "元")]),
    # a change may be negative
    ("主要指标\t甲\t乙\t变动\n存款余额（亿元）\t300\t280\t-20\n",
     [("300", "30000000000", "元"), ("280", "28000000000", "元"), ("-20", "-2000000000", "元")]),
])
def test_amount_headers_and_signed_changes(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_cell_metrics(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a second header row of years is no data (review); one amount that reads like a year still is
    ("地区\t问题数（个）\t金额（万元）\n项目\t2022\t2023\n甲县\t3\t50", [("3", "3", "个"), ("50", "500000", "元")]),
    ("单位\t项目\t金额（万元）\n甲\t修缮\t2023\n", [("2023", "20230000", "元")]),
])
def test_a_row_of_years_is_a_header(text, expected):
    assert [(m.raw, str(m.value), m.unit) for m in find_cell_metrics(text)] == expected
