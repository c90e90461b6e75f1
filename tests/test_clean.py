"""Cleaning: furniture removed, text as published kept, offsets traceable to the raw file."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.clean import CleanConfig, clean
from pipeline.errors import EmptyInput
from pipeline.offsets import Edit, apply_edits, compose
from pipeline.types import RawDoc


def _clean(text: str, **config):
    return clean(RawDoc(source_path="t.txt", text=text, encoding="utf_8", format="txt"), CleanConfig(**config))


@pytest.mark.parametrize("line", [
    "打印本页 关闭窗口 |", "【打印本页】 【关闭窗口】", "关闭窗口", "浏览量:", "浏览次数：1024", "字号：大 中 小",
    "【字体：大 中 小】", "分享到：", "分享:", "责任编辑：王某", "上一篇：关于某某的通报", "当前位置：首页 > 巡察",
    "朗读", "关怀版 无障碍 无障碍", "扫一扫在手机上查看当前页面", "版面导航　｜　上一期　｜　下一期　｜　往期回顾",
    "浏览次数：1,234", "阅读量：10万+",
])
def test_furniture_lines_are_removed(line):
    doc = _clean(f"正文第一段。\n{line}\n正文第二段。")
    assert doc.text == "正文第一段。\n正文第二段。"


@pytest.mark.parametrize("line", ["分享经验做法,推广典型。", "打印机采购不规范问题", "编辑出版内部刊物3期。"])
def test_text_that_merely_mentions_furniture_words_stays(line):
    assert _clean(line).text == line


@pytest.mark.parametrize("links", [
    "相关链接：\n1.区市场监管局开展“两节”市场检查\n2.我区召开食品安全委员会全体会议",
    "【相关阅读】\n\n· 某某县召开巡察工作动员部署会 2024-03-01\n· 巡察整改“回头看”",
    "推荐阅读\n1、关于某某的通报",
    "相关新闻：",
])
def test_lists_of_links_are_removed(links):
    doc = _clean(f"正文第一段。\n正文第二段。\n{links}\n责任编辑：王某")
    assert doc.text == "正文第一段。\n正文第二段。"


def test_a_link_list_ends_at_the_first_line_of_text():
    doc = _clean("相关链接：\n1.某某会议召开\n二、下一步工作打算。持续巩固整改成果。")
    assert doc.text == "二、下一步工作打算。持续巩固整改成果。"


@pytest.mark.parametrize("line", ["相关链接不完善的问题已整改。", "推荐阅读书目20种,组织读书班2期。"])
def test_text_that_mentions_link_list_words_stays(line):
    assert _clean(f"{line}\n1.某某会议召开").text == f"{line}\n1.某某会议召开"


@pytest.mark.parametrize("text, cleaned", [
    ("&nbsp;&nbsp;&nbsp;&nbsp;一、整改工作的主要做法", "一、整改工作的主要做法"),
    ("　　&emsp;&#12288;（一）强化政治担当。", "（一）强化政治担当。"),
    ("甲&nbsp;乙", "甲乙"),
    ("AT&amp;T公司", "AT&amp;T公司"),  # only space entities go
])
def test_space_entities_are_removed(text, cleaned):
    assert _clean(text).text == cleaned


@pytest.mark.parametrize("line, cleaned", [
    ("来源:博兴县纪委监委网站      发布时间:2025-05-12       浏览次数:1234", "来源:博兴县纪委监委网站      发布时间:2025-05-12"),
    ("来源:某某网  浏览量：", "来源:某某网"),
    ("来源：临泉县纪委监委  【字号：大 中 小】", "来源：临泉县纪委监委"),
])
def test_furniture_fragment_inside_a_line(line, cleaned):
    assert _clean(f"{line}\n正文。").text == f"{cleaned}\n正文。"


@pytest.mark.parametrize("line, count", [
    ("来源:博兴县纪委监委网站      发布时间:2025-05-12       浏览量:0 次", "浏览量:0 次"),
    ("来源：某某市中级人民法院  发布时间：2024年03月22日  浏览量：857次", "浏览量：857次"),
    ("发布时间：2023-04-20 来源：省纪委监委网站 浏览次数：5690 次", "浏览次数：5690 次"),
    ("浏览量：857次", "浏览量：857次"),
    ("点击量：12次", "点击量：12次"),
    ("发布时间：2025-06-20 16:08　　阅读次数：1,208次", "阅读次数：1,208次"),  # holdout39: not ",208次"
    ("浏览量：1.2万次", "浏览量：1.2万次"),
])
def test_a_view_count_with_its_unit_stays_as_a_metric(line, count):
    """The labels count 浏览量：857次 as a metric (857 次); a bare count (浏览次数：1234) is furniture."""
    assert count in _clean(f"{line}\n正文。").text


def test_page_marker_removed_and_cut_sentence_warned():
    doc = _clean("查明2020年新收案件执行费均 (下转第七版) (上接第六版)\n5.法律文书制作使用不规范")
    assert doc.text == "查明2020年新收案件执行费均\n5.法律文书制作使用不规范"
    assert [i.kind for i in doc.issues] == ["text_cut"]
    assert doc.text[doc.issues[0].start - 2:doc.issues[0].start] == "费均"


@pytest.mark.parametrize("marker", ["（下转A2版）", "(上接第B3版)", "（转第３版）"])
def test_page_markers_with_lettered_pages(marker):
    assert _clean(f"三、持续巩固深化巡视整改成果{marker}\n正文。").text == "三、持续巩固深化巡视整改成果\n正文。"


def test_page_marker_after_full_sentence_is_not_a_cut():
    doc = _clean("工作已完成。（下转第2版）\n二、下一步")
    assert doc.text == "工作已完成。\n二、下一步" and doc.issues == ()


def test_full_width_kept_as_published():
    text = "（一）关于问题，整改１．"
    assert _clean(text).text == text


def test_empty_after_cleaning_is_an_error():
    with pytest.raises(EmptyInput):
        _clean("打印本页 关闭窗口\n\n  \n")


def test_seed_cleaned(seed_text):
    doc = _clean(seed_text)
    for furniture in ("打印本页", "关闭窗口", "下转第七版", "上接第六版"):
        assert furniture not in doc.text
    assert [i.kind for i in doc.issues] == ["text_cut"]
    assert doc.text.startswith("中共威海市文登区人民法院党组关于巡察整改情况的通报\n")
    assert doc.steps == ("remove_boilerplate", "remove_page_markers", "tidy_whitespace")


def test_seed_offsets_trace_to_raw(seed_text):
    doc = _clean(seed_text)
    for needle in ("区委第三巡察组", "97.57%", "5.法律文书", "2020年4月29日", "执行费均"):
        start = doc.text.index(needle)
        raw_start = doc.offsets.to_raw(start)
        assert seed_text[raw_start:raw_start + len(needle)] == needle


def test_cleaning_twice_changes_nothing(seed_text):
    once = _clean(seed_text)
    twice = _clean(once.text)
    assert twice.text == once.text and twice.notice_id == once.notice_id


def test_notice_id_depends_on_text_only(seed_text):
    a = clean(RawDoc(source_path="a.txt", text=seed_text, encoding="utf_8", format="txt"))
    b = clean(RawDoc(source_path="b/c.html", text=seed_text + "\n打印本页", encoding="gb18030", format="html"))
    assert a.notice_id == b.notice_id


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n打印本页(下转第七版)。", max_size=80))
def test_offsets_map_every_kept_character_back(text):
    try:
        doc = _clean(text)
    except EmptyInput:
        return
    for i, ch in enumerate(doc.text):
        assert text[doc.offsets.to_raw(i)] == ch


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdef", min_size=1, max_size=30), st.data())
def test_compose_matches_sequential_edits(text, data):
    cut = data.draw(st.integers(0, len(text) - 1))
    mid, m1 = apply_edits(text, [Edit(cut, cut + 1)])
    if not mid:
        return
    cut2 = data.draw(st.integers(0, len(mid) - 1))
    final, m2 = apply_edits(mid, [Edit(cut2, cut2 + 1)])
    m = compose(m1, m2)
    for i, ch in enumerate(final):
        assert text[m.to_raw(i)] == ch


@pytest.mark.parametrize("text, cleaned", [
    ("根據(jù)中央統(tǒng)一部署", "根據中央統一部署"),  # too short to call it Traditional
    ("根据（jù）安排", "根据安排"),
    ("制定《办法(试行)》(1)落实", "制定《办法(试行)》(1)落实"),  # not pinyin
])
def test_pinyin_annotations(text, cleaned):
    assert _clean(text).text == cleaned


def test_traditional_is_converted_and_recorded():
    doc = _clean("根據中央統一部署,中央巡視組對北京開展了常規巡視,並於今年7月反饋了巡視意見。")
    assert doc.text == "根据中央统一部署,中央巡视组对北京开展了常规巡视,并于今年7月反馈了巡视意见。"
    assert doc.script == "traditional"
    assert doc.published == "根據中央統一部署,中央巡視組對北京開展了常規巡視,並於今年7月反饋了巡視意見。"
    assert _clean("根据中央统一部署").script == "simplified"
    assert _clean("根据中央统一部署").published is None


def test_the_published_text_keeps_every_offset_of_the_converted_one():
    """Cleaning after the conversion (doubled punctuation, stray spaces, whitespace) edits both."""
    doc = _clean("  一、整改工作總體情況\n根據中央統一部署,,中央巡視組對北京開展了常規巡 視。\n")
    assert doc.published is not None and len(doc.published) == len(doc.text)
    assert doc.text == "一、整改工作总体情况\n根据中央统一部署,中央巡视组对北京开展了常规巡视。"
    assert doc.published == "一、整改工作總體情況\n根據中央統一部署,中央巡視組對北京開展了常規巡視。"


@pytest.mark.parametrize("text, cleaned", [
    ("加强组织领导,,明确责任", "加强组织领导,明确责任"),
    ("完成整改,。下一步", "完成整改。下一步"),
    ("加强基层党组 织建设", "加强基层党组织建设"),
    ("涉及金额237054.47 万元", "涉及金额237054.47万元"),
    ("市审计局局长   李火生", "市审计局局长   李火生"),  # a deliberate gap stays
    ("《中共中央办公厅 国务院办公厅关于…》", "《中共中央办公厅 国务院办公厅关于…》"),  # between co-issuers
    ("《以案为鉴 警钟长鸣——典型案例汇编》", "《以案为鉴 警钟长鸣——典型案例汇编》"),  # two phrases of four (holdout46)
    # numbers printed digit by digit are joined
    ("滞留的非税收入2 0 8 6.3万元全部缴入国库。", "滞留的非税收入2086.3万元全部缴入国库。"),
    ("根据安排,2 0 2 3年2月13日至3月24日", "根据安排,2023年2月13日至3月24日"),
    ("完成率达1 0 0%", "完成率达100%"),
    # spaces between the digits of numbers, decimals included (2 0 2 3 stays covered above)
    ("并于5月3 1日反馈，整改问题1 6项，完成率8 9 .2%，投资2.3 5亿元，管网3 8.6公里",
     "并于5月31日反馈，整改问题16项，完成率89.2%，投资2.35亿元，管网38.6公里"),
    # groups of three digits set off by a space, as audit reports print them
    ("涉及资金3 276.5万元，整改4 312个问题，共1 234 567元", "涉及资金3276.5万元，整改4312个问题，共1234567元"),
    # holdout39: one space inside a number right after a word
    ("共排查疑似问题图斑1 26个，完成治理项目1 38个", "共排查疑似问题图斑126个，完成治理项目138个"),
])
def test_damage_repairs(text, cleaned):
    assert _clean(text).text == cleaned


@pytest.mark.parametrize("text", [
    "问题个数 4 1256.30",  # table columns
    "合计 4 3 2",
    "合计 4 3 2个",  # a run after a space: a column of figures
    "序号 1 2 3 4 5",
    "整改1 2 30元",  # the last is no single digit
    "整改12 3 4年",
    "比例1 2 3.5",  # decimals with no unit after them
    "完成1 2",  # two digits only
    "表1 2023年数据",  # a number, then a year
    "单价3.5 4.2万元",  # two decimals
    "见附件1 26个问题清单", "第1 26个", "数据1 2023年",  # a numbered item; a number and a year
    "巡察组于3月12 15日进驻", "桃花镇27 25个", "按1 10比例配备",  # a date, table columns, a ratio (review)
])
def test_spaced_columns_of_figures_stay(text):
    assert _clean(text).text == text


def test_lost_characters_are_warned_not_invented():
    doc = _clean("对巡察组反馈的问题进行了逐?讨论,形成共识。")
    assert "?" in doc.text and [i.kind for i in doc.issues] == ["text_damaged"]
    assert _clean("是否存在问题反弹回潮?长效机制是否建立?").issues == ()


def test_a_traditional_notice_is_quoted_as_published_in_every_table():
    """Matched in Simplified, but titles, citations and raw spans are the published Traditional text,
    and every raw still equals the notice text at its offsets."""
    from pipeline import process_text

    text = ("關於巡察整改進展情況的通報\n一、整改工作總體情況\n（一）加強組織領導\n"
            "2023年9月，黨組制定《關於落實巡察反饋意見的整改方案》，共整改問題12個，完成率達到95.5%。\n")
    rows = process_text(text)
    notice = rows["notices"][0]
    assert notice["script"] == "traditional"
    assert "整改工作總體情況" in notice["text"]
    assert [n["title"] for n in rows["nodes"]] == ["整改工作總體情況", "加強組織領導"]
    assert [c["title"] for c in rows["citations"]] == ["關於落實巡察反饋意見的整改方案"]
    assert {m["raw"] for m in rows["metrics"]} == {"12個", "95.5%"}
    assert {m["unit"] for m in rows["metrics"]} == {"个", "%"}  # units stay as the tables spell them
    assert notice["title"] == "關於巡察整改進展情況的通報"
    for table, start, end in (("dates", "char_start", "char_end"), ("metrics", "start", "end"),
                              ("citations", "start", "end")):
        for row in rows[table]:
            assert notice["text"][row[start]:row[end]] == row["raw"]


def test_a_traditional_category_is_its_heading_title_as_published():
    """An earlier sentence with the same words in another spelling (关于/關於) is not where it is quoted from."""
    from pipeline import process_text

    rows = process_text("關於巡察整改情況的通報\n反饋關于幹部隊伍建設方面的意見。\n一、整改落實情況\n"
                        "（一）關於幹部隊伍建設方面\n1.關於幹部選拔任用不規範的問題\n整改情況：已完成。\n")
    assert [(p["category"], p["title"]) for p in rows["problems"]] == [("關於幹部隊伍建設方面", "關於幹部選拔任用不規範的問題")]


def test_a_pipe_at_the_end_of_a_table_row_stays():
    """A dangling separator left by page furniture goes (首页 | 新闻 |), a table row's last pipe stays (holdout62)."""
    from pipeline.clean_furniture import remove_boilerplate

    assert [(e.start, e.end) for e in remove_boilerplate("首页 | 新闻 |\n正文").edits] == [(7, 9)]
    assert remove_boilerplate("| 合计 |  | 1,891,513.50 |  |  |\n").edits == []
