"""The heading tree: nesting by this notice's own order, spans, numbering warnings, roles."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.outline import build_outline
from pipeline.roles import assign_roles


def _shape(text: str) -> list[tuple[str, str]]:
    return [(n.node_id, n.marker) for n in build_outline(text).root.walk() if n.node_id]


def test_notice_starting_at_cn_paren_nests_by_its_own_order():
    text = "(一)关于甲问题\n1.子问题\n(1)措施一\n(2)措施二\n2.子问题二\n(二)关于乙问题\n1.子问题"
    assert _shape(text) == [("1", "(一)"), ("1.1", "1."), ("1.1.1", "(1)"), ("1.1.2", "(2)"),
                            ("1.2", "2."), ("2", "(二)"), ("2.1", "1.")]


def test_skipped_level_nests_directly():
    text = "一、总体情况\n(1)措施一\n(2)措施二\n二、下一步"
    assert _shape(text) == [("1", "一、"), ("1.1", "(1)"), ("1.2", "(2)"), ("2", "二、")]


def test_senior_kind_closes_junior_levels():
    text = "一、情况\n一是统一思想。二是加强领导。\n(一)关于问题\n1.问题"
    shape = _shape(text)
    assert ("1.3", "(一)") in shape and ("1.3.1", "1.") in shape


def test_inline_shi_under_problem():
    text = "二、整改落实情况\n(一)关于制度不健全的问题。一是建立台账；二是明确责任。\n(二)关于作风问题。一是加强教育。"
    out = build_outline(text)
    problems, measures = assign_roles(out.root, text)
    assert [p.title for p in problems] == ["关于制度不健全的问题", "关于作风问题"]
    assert [(m.problem_id, m.ordinal) for m in measures] == [("1.1", 1), ("1.1", 2), ("1.2", 1)]


def test_numbering_gap_repeat_restart_are_warnings():
    text = "一、甲\n三、乙\n三、丙\n(一)丁\n(三)戊\n四、己\n二、庚"
    kinds = Counter(i.kind for i in build_outline(text).issues)
    assert kinds["numbering_gap"] == 2  # 三 after 一, (三) after (一)
    assert kinds["numbering_repeat"] == 1
    assert kinds["numbering_restart"] == 1


def test_plain_problem_gets_one_unnumbered_measure():
    text = "二、反馈问题整改落实情况\n(一)关于财务问题\n1.通讯费管理不规范\n重新规范合同签订。制定管理办法。\n2.报销不完善\n(1)规范报账。"
    out = build_outline(text)
    _, measures = assign_roles(out.root, text)
    plain = [m for m in measures if not m.numbered]
    assert len(plain) == 1 and plain[0].measure_id == "1.1.1.0"
    assert text[plain[0].start:plain[0].end] == "重新规范合同签订。制定管理办法。"


@pytest.mark.parametrize("line, after, measure", [
    ("1.关于学习不深入的问题。整改情况：已完成。开展专题学习12次。", "", "已完成。开展专题学习12次。"),
    ("1.关于学习不深入的问题。整改情况:已完成。", "召开专题会议3次。", "已完成。\n召开专题会议3次。"),
    ("1.关于接待不规范的问题。整改措施　：　清理费用2.3万元。", "", "清理费用2.3万元。"),
    ("1.关于接待不规范的问题。", "清理费用2.3万元。", "清理费用2.3万元。"),  # no label: the paragraph below
])
def test_problem_heading_running_on_into_a_remedy_label_has_its_measure_from_there(line, after, measure):
    text = f"二、反馈问题整改情况\n(一)作风建设方面\n{line}\n" + (f"{after}\n" if after else "") + "(二)其他方面\n1.问题"
    out = build_outline(text)
    problems, measures = assign_roles(out.root, text)
    first = [m for m in measures if m.problem_id == problems[0].problem_id]
    assert problems[0].title.startswith("关于") and len(first) == 1
    assert text[first[0].start:first[0].end] == measure


def test_problem_heading_line_without_label_or_paragraph_has_no_measure():
    text = "二、反馈问题整改情况\n(一)作风建设方面\n1.公务接待不规范。部分接待无公函。\n2.会议费超标准。"
    out = build_outline(text)
    problems, measures = assign_roles(out.root, text)
    assert len(problems) == 2 and measures == []


def test_inline_paren_series_are_measures_of_the_problem():
    text = ("一、关于落实决策部署不到位的问题\n"
            "1．耕地保护责任落实不到位。整改措施：（1）开展专项整治；（2）建立监管机制；（3）约谈干部。\n"
            "2．登记效率不高。整改措施：（1）推行一窗受理；（2）开通线上平台。\n"
            "欢迎广大干部群众进行监督，联系电话：0537－4221234。")
    out = build_outline(text)
    problems, measures = assign_roles(out.root, text)
    assert [p.title for p in problems] == ["耕地保护责任落实不到位", "登记效率不高"]
    assert [(m.problem_id, m.ordinal, m.title) for m in measures] == [
        ("1.1", 1, "开展专项整治"), ("1.1", 2, "建立监管机制"), ("1.1", 3, "约谈干部"),
        ("1.2", 1, "推行一窗受理"), ("1.2", 2, "开通线上平台")]
    assert "联系电话" not in text[measures[-1].start:measures[-1].end]


@pytest.mark.parametrize("closing", ["欢迎广大干部群众对整改落实情况进行监督，联系电话：0537－4221234。",
                                     "监督举报电话：010－66554433，电子邮箱：a@example.com。",
                                     "　　联系方式:电话8455350。"])
def test_closing_line_is_no_measure(closing):
    text = f"二、反馈问题整改情况\n(一)关于财务问题\n1.报销不规范\n重新规范报销流程。\n{closing}\n某某党组\n2023年12月30日"
    out = build_outline(text)
    _, measures = assign_roles(out.root, text)
    (plain,) = measures
    assert text[plain.start:plain.end] == "重新规范报销流程。"


def test_closing_line_alone_gives_no_measure():
    text = "二、反馈问题整改情况\n(一)关于财务问题\n1.报销不规范\n欢迎社会各界对整改落实情况进行监督。"
    out = build_outline(text)
    _, measures = assign_roles(out.root, text)
    assert measures == []


def test_seed_tree(seed_text):
    out = build_outline(seed_text)
    problems, measures = assign_roles(out.root, seed_text)
    nodes = [n for n in out.root.walk() if n.node_id]
    assert Counter(n.marker_kind for n in nodes) == {
        "cn_dun": 3, "cn_paren": 5, "arabic_dot": 28, "arabic_paren": 92, "cn_shi": 9}
    roles = Counter(n.role for n in nodes)
    assert roles["category"] == 5 and roles["problem"] == 28 and roles["section"] == 3
    assert len(problems) == 28
    assert len(measures) == 94 and sum(m.numbered for m in measures) == 92
    assert out.issues == ()


def test_seed_spans_start_with_marker_and_nest(seed_text):
    root = build_outline(seed_text).root
    for node in root.walk():
        if node.node_id:
            assert seed_text[node.start:node.end].startswith(node.marker)
        for child in node.children:
            assert node.start <= child.start < child.end <= node.end


_PIECES = st.sampled_from([
    "一、", "二、", "十、", "(一)", "（二）", "1.", "2．", "3、", "(1)", "（2）", "①", "②", "一是", "二是",
    "第一，", "关于问题", "整改措施。", "2020年1月", "97.57%", "1.5亿元", "\n", "\n", "。", "；", "：", " ",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join) | st.text(max_size=200))
def test_parser_never_raises_and_spans_nest(text):
    out = build_outline(text)
    assign_roles(out.root, text)
    for node in out.root.walk():
        assert 0 <= node.start <= node.end <= len(text)
        if node.node_id:
            assert text[node.start:node.end].startswith(node.marker)
        for child in node.children:
            assert node.start <= child.start and child.end <= node.end


def test_sectionless_list_of_requirements_is_items_not_problems():
    text = "会上提出三点要求:\n一是提高认识,增强责任感。\n二是狠抓落实,推进整改。"
    out = build_outline(text)
    problems, measures = assign_roles(out.root, text)
    assert problems == [] and measures == []
    assert {n.role for n in out.root.walk() if n.node_id} == {"item"}


def test_sectionless_list_of_findings_is_problems():
    text = "反馈指出存在以下问题:一是理论学习不到位;二是廉政风险排查不严不实;三是整改效果不佳。"
    out = build_outline(text)
    problems, _ = assign_roles(out.root, text)
    assert [p.ordinal for p in problems] == [1, 2, 3]


def test_inline_paren_items_are_the_measures_of_their_problem_and_the_closing_line_is_none():
    """Holdout 007: 整改措施：（1）……；（2）…… under each 1．, then a contact line closing the notice."""
    from pipeline import process_file

    rows = process_file(Path(__file__).parent / "cases" / "holdout" / "007.txt")
    measures = rows["measures"]
    assert [m["problem_id"] for m in measures if m["numbered"]] == \
        ["1.1", "1.1", "1.1", "1.2", "1.2", "2.1", "2.1", "3.1", "3.1"]
    assert not any("联系电话" in m["title"] or "联系电话" in m["text"] for m in measures)


def _problems_and_measures(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    out = build_outline(text)
    problems, measures = assign_roles(out.root, text)
    titles = {p.problem_id: p.title for p in problems}
    return [p.title for p in problems], [(titles[m.problem_id], m.title) for m in measures]


SECTIONS_ARE_PROBLEMS = """中共某县财政局党组关于巡察整改情况的通报
根据县委统一部署，县委第一巡察组对县财政局党组开展了常规巡察。现将整改情况通报如下。
一、关于学习贯彻党的创新理论不够深入的问题
1.修订《党组理论学习中心组学习制度》，每月集中学习1次。
2.开展专题培训2期，培训干部120人次。
二、关于财务管理不规范的问题
1.清退违规发放的补贴8.6万元。
2.完善财务制度5项。
三、河道非法采砂问题
一是开展专项整治。二是建立巡河制度。
四、存在的主要问题
个别问题整改还不彻底。
五、下一步工作打算
1.持续抓好整改。
"""


def test_sections_that_each_name_a_finding_are_the_problems():
    """QA H3: 一、关于……的问题 sections are problems and the headings under them their measures; a section
    like them beside them is one too (三、河道非法采砂问题), a summing up (四、存在的主要问题) is not."""
    problems, measures = _problems_and_measures(SECTIONS_ARE_PROBLEMS)
    assert problems == ["关于学习贯彻党的创新理论不够深入的问题", "关于财务管理不规范的问题", "河道非法采砂问题"]
    assert [m for p, m in measures if p == "关于财务管理不规范的问题"] == ["清退违规发放的补贴8.6万元", "完善财务制度5项"]
    assert [m for p, m in measures if p == "河道非法采砂问题"] == ["开展专项整治", "建立巡河制度"]


def test_a_section_naming_a_finding_beside_categories_of_problems():
    """A section with a body is a problem beside a category; a section whose lines read like problems stays a
    category; one case among a 通报's cases (each titled ……问题) does not make the cases problems."""
    text = ("一、关于“两不愁三保障”落实不到位问题的整改\n1．关于部分贫困户住房安全保障不到位问题\n已完成改造。\n"
            "2．关于控辍保学工作不到位问题\n已劝返12人。\n二、关于扶贫资金使用管理不规范问题的整改\n"
            "对扶贫资金开展专项审计，已追回违规资金216.8万元。\n")
    problems, measures = _problems_and_measures(text)
    assert problems == ["关于部分贫困户住房安全保障不到位问题", "关于控辍保学工作不到位问题",
                        "关于扶贫资金使用管理不规范问题的整改"]
    cases = ("一、某镇民政办原主任许某某侵占低保资金问题\n经查，许某某侵占低保资金3万元。\n"
             "二、某局股长汤某某审核把关不严问题\n经查，汤某某审核把关不严。\n"
             "三、某村党支部书记罗某某优亲厚友问题\n经查，罗某某优亲厚友。\n")
    assert _problems_and_measures(cases) == ([], [])


def test_sections_naming_areas_are_categories():
    """一、关于政治建设方面的问题 is a category: its headings (（一）……方面) name its problems."""
    text = ("一、关于政治建设方面的问题\n（一）理论学习方面\n学习不深入。\n（二）决策部署方面\n落实不到位。\n"
            "二、关于作风建设方面的问题\n（一）形式主义方面\n会议多。\n（二）廉洁自律方面\n制度不健全。\n")
    problems, _ = _problems_and_measures(text)
    assert problems == ["理论学习方面", "决策部署方面", "形式主义方面", "廉洁自律方面"]
