"""Page layout of text copied from a PDF: page numbers, running headers, hard-wrapped lines."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.batch import process_text
from pipeline.clean import clean
from pipeline.clean_pages import join_wrapped_lines, remove_page_numbers
from pipeline.offsets import apply_edits
from pipeline.types import RawDoc


def _apply(cleaner, text: str) -> str:
    return apply_edits(text, cleaner(text).edits)[0]


# A notice as a PDF copy gives it: paragraphs indented, every line cut at ~36 characters, cuts
# inside numbers, dates, a 《》 title and after 一是; a page number and a running header.
WRAPPED = """　　　　　　中共某某县农业农村局党组
　　关于县委巡察整改进展情况的通报
　　根据县委统一部署，2023年3月13日至5月12日，县委第二巡察组对县农业农村局
党组开展了常规巡察。6月20日，县委第二巡察组向局党组反馈了巡察意见。按照党
务公开原则和巡察工作有关要求，现将巡察整改进展情况予以公布。
　　一、整改工作组织开展情况
　　局党组把巡察整改作为重大政治任务，先后召开党组会议6次、整改专题推进会4
次，研究部署整改工作。制定《中共某某县农业农村局党组关于县委第二巡察组巡察
反馈意见的整改工作方案》，将反馈的19个问题细化为63条整改措施，逐项明确责任。
　　二、巡察反馈问题整改落实情况
　　截至2023年9月底，反馈的19个问题已完成整改16个，正在整改3个，整改完成
- 1 -
某某县农业农村局巡察整改进展情况通报
率84.2%；63条整改措施已落实57条；建立完善制度11项；清退违规发放补贴4.86
万元；给予党纪处分1人、诫勉谈话2人、批评教育5人。
　　1.学习贯彻习近平总书记关于“三农”工作的重要论述不深入。整改情况：一是
修订《局党组理论学习中心组学习制度》，开展专题学习5次。二是组织全局干部职工
开展集中轮训2期，培训260人次，复耕复种撂荒地3260亩，新建高标准农田2.1万
亩，完成年度任务的105%，追回违规补贴资金12.37万元，核查机具1846台。
- 2 -
某某县农业农村局巡察整改进展情况通报
　　联系电话：0738-3521234。
"""


def test_a_wrapped_pdf_copy_reads_as_its_paragraphs():
    text = clean(RawDoc(source_path="<t>", text=WRAPPED, encoding="str", format="txt")).text
    assert "已完成整改16个，正在整改3个，整改完成率84.2%；" in text
    assert "补贴4.86万元；" in text
    assert "整改情况：一是修订《局党组理论学习中心组学习制度》" in text
    assert "《中共某某县农业农村局党组关于县委第二巡察组巡察反馈意见的整改工作方案》" in text
    assert "- 1 -" not in text and "- 2 -" not in text
    assert "巡察整改进展情况通报\n" not in text.split("\n", 2)[2]  # the running header, not the title
    assert "\n一、整改工作组织开展情况\n" in text and "\n二、巡察反馈问题整改落实情况\n" in text  # headings stay lines


def test_a_wrapped_pdf_copy_gives_whole_records():
    rows = process_text(WRAPPED)
    metrics = {(m["raw"].replace("\n", ""), m["unit"]) for m in rows["metrics"]}
    assert {("84.2%", "%"), ("4.86万元", "元"), ("2.1万亩", "亩"), ("4次", "次"), ("16个", "个")} <= metrics
    assert any(c["title"] == "中共某某县农业农村局党组关于县委第二巡察组巡察反馈意见的整改工作方案"
               for c in rows["citations"])
    titles = [n["title"] for n in rows["nodes"] if n["marker_kind"] == "cn_shi"]
    assert titles[0].startswith("修订《局党组理论学习中心组学习制度》")
    dates = {d["raw"].replace("\n", "") for d in rows["dates"]}
    assert {"2023年3月13日至5月12日", "2023年9月底"} <= dates


def test_offsets_of_a_joined_record_reach_the_raw_file():
    raw = RawDoc(source_path="<t>", text=WRAPPED, encoding="str", format="txt")
    document = clean(raw)
    start = document.text.index("整改完成率84.2%")
    end = start + len("整改完成率84.2%")
    raw_start, raw_end = document.offsets.to_raw(start), document.offsets.to_raw(end)
    # the record's raw span runs over the cut: the page number and the running header
    assert WRAPPED[raw_start:raw_end] == "整改完成\n- 1 -\n某某县农业农村局巡察整改进展情况通报\n率84.2%"


@pytest.mark.parametrize("line", [
    "- 3 -", "—１—", "－ 12 －", "第 2 页 共 6 页", "第2页，共6页", "共 6 页 第 2 页", "Page 3 of 6", "　　- 4 -　",
])
def test_page_numbers_go(line):
    text = f"整改工作有序推进。\n{line}\n巡察整改"
    assert _apply(remove_page_numbers, text) == "整改工作有序推进。\n巡察整改"


@pytest.mark.parametrize("text", [
    "详见第2页内容。\n", "资金的1/2已拨付\n", "- 整改措施 -\n", "第二页说明\n", "2023/12/31\n",
    "3/5\n已完成整改\n4/5\n已完成整改\n",  # fractions in table cells, not page numbers
])
def test_text_that_only_looks_like_a_page_number_stays(text):
    assert remove_page_numbers(text).edits == []


def test_a_running_header_goes_only_beside_page_numbers():
    text = "某局整改通报\n甲\n- 1 -\n某局整改通报\n乙\n- 2 -\n某局整改通报\n丙"
    assert _apply(remove_page_numbers, text) == "某局整改通报\n甲\n乙\n丙"  # the first line (the title) stays


def test_a_line_beside_one_page_number_stays():
    text = "甲\n- 1 -\n某局整改通报\n乙"
    assert _apply(remove_page_numbers, text) == "甲\n某局整改通报\n乙"


WEB = "　　根据县委统一部署，县委第二巡察组对县农业农村局党组开展了常规巡察，反馈问题19个。\n" * 12
TABLE = "序号\t问题\t整改措施\t完成时限\n" + "1\t学习贯彻不深入\t修订学习制度，开展专题学习\t2024年6月底前\n" * 12
LIST = "".join(f"　　{i}.完善巡察整改工作制度机制，形成长效工作机制。\n" for i in range(1, 13))
FLAT = ("根据县委统一部署，县委第二巡察组对县农业农村局党组开展了常规巡察工作\n"
        "反馈了巡察意见，现将整改进展情况予以公布，请广大干部群众监督。\n"
        "二、巡察反馈问题整改落实情况以及下一步的工作打算和安排\n") * 4


@pytest.mark.parametrize("text", [WEB, TABLE, LIST, "短\n" * 20], ids=["web", "table", "list", "short"])
def test_text_that_is_not_hard_wrapped_is_left_alone(text):
    assert join_wrapped_lines(text).edits == []


def test_without_indentation_a_heading_or_a_sentence_end_keeps_its_line():
    joined = _apply(join_wrapped_lines, FLAT)
    assert "巡察工作反馈了巡察意见" in joined  # a wrapped line joined
    assert "监督。\n二、巡察反馈问题" in joined  # a sentence end before a heading kept


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="一二三四五六七八九十整改问题巡察。，；：、（）()0123456789.%元个 　\t-—第页共", max_size=50),
                min_size=0, max_size=40))
def test_layout_cleaners_only_remove_line_breaks_and_whole_lines(lines):
    text = "\n".join(lines)
    joined = join_wrapped_lines(text)
    for edit in joined.edits:  # a newline (after trailing spaces) becomes nothing, or a space between words
        assert text[edit.start:edit.end].strip(" \t\u3000\xa0\r") == "\n"
        assert edit.replacement in ("", " ")
    numbered = remove_page_numbers(text)
    for edit in numbered.edits:  # whole lines only
        assert edit.start == 0 or text[edit.start - 1] == "\n"
        assert edit.end == len(text) or text[edit.end - 1] == "\n"
    for cleaner in (join_wrapped_lines, remove_page_numbers):  # the edits apply (sorted, not overlapping)
        apply_edits(text, cleaner(text).edits)


def test_an_unindented_heading_list_in_an_indented_notice_keeps_its_lines():
    body = ("　　根据县委统一部署，县委第二巡察组对县农业农村局党组开展了常规巡察工\n"
            "作，现将整改进展情况予以公布，请广大干部群众监督，欢迎提出意见建议和\n监督。\n")
    headings = "".join(f"（{n}）关于学习贯彻落实党中央决策部署和上级工作要求不深入不扎实的问题\n" for n in "一二三四五六")
    text = body * 3 + headings
    joined = _apply(join_wrapped_lines, text)
    assert "巡察工作，现将" in joined
    assert joined.endswith(headings)


def test_a_heading_line_is_not_joined_to_the_field_or_item_after_it():
    lines = ["根据县委统一部署，县委第二巡察组对县农业农村局党组开展了常规巡察工作，",
             "现将巡察整改进展情况予以公布，请广大干部群众监督，欢迎提出意见建议。",
             "（一）关于贯彻落实党中央决策部署和省委要求不到位的问题",
             "整改情况：制定整改方案，细化整改措施，逐项明确责任领导和完成时限，推",
             "动整改落实落地，确保按期完成全部整改任务，巩固深化整改成果，建立长效",
             "（三）关于基层党组织建设较为薄弱且整改推进不力的问题",
             "1）支部组织生活不规范。已督促全部支部补齐会议记录，规范组织生活会",
             "（二）关于干部队伍建设和干部监督管理存在短板弱项的问题",
             "一是党组理论学习中心组学习制度执行不严，已修订学习制度，开展专题学"]
    joined = _apply(join_wrapped_lines, "\n".join(lines * 2) + "\n")
    assert "的问题\n整改情况：" in joined and "的问题\n1）支部" in joined and "的问题\n一是党组" in joined
    assert "推动整改落实落地" in joined  # a wrapped body line is still joined


def test_a_table_with_single_spaces_between_cells_is_left_alone():
    rows = "".join(f"{i} 理论学习不深入 修订学习制度开展专题学习 已完成 {i + 1}\n" for i in range(1, 12))
    assert join_wrapped_lines(rows).edits == []
