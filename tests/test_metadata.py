"""Notice metadata: title, issuer, inspection, stated counts, contacts, region."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline import analyse
from pipeline.extract.metadata import find_issuer, find_title
from pipeline.types import RawDoc


def _meta(text: str, **page):
    return analyse(RawDoc(source_path="t.txt", text=text, encoding="utf_8", format="txt", metadata=page)).meta


NOTICE = """中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报
根据区委统一部署,2022年9月16日至10月18日,区委第二巡察组对区文旅体局党组进行了巡察。2023年1月17日,区委巡察组向区文旅体局党组反馈了巡察意见。
截至目前,巡察反馈25个问题,已完成整改19个,制定了60条整改措施。
(一)关于学习不到位问题
1.关于理论学习问题的整改
(1)开展专题学习。已完成。
联系电话:0579-82468888;电子邮箱:wcwl@jh.gov.cn。
中共金华市婺城区文化和旅游体育局党组
2023年5月4日
"""


def test_full_notice_metadata():
    m = _meta(NOTICE)
    assert m.title == "中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报"
    assert m.issuer == "中共金华市婺城区文化和旅游体育局党组"
    assert m.inspection_body == "区委第二巡察组"
    assert m.inspected_unit == "区文旅体局党组"
    assert m.inspection_kind == "巡察"
    assert (m.inspection_start, m.inspection_end) == (dt.date(2022, 9, 16), dt.date(2022, 10, 18))
    assert m.feedback_date == dt.date(2023, 1, 17)
    assert m.published_date == dt.date(2023, 5, 4)
    assert (m.stated_problem_count, m.stated_measure_count) == (25, 60)
    assert m.email == "wcwl@jh.gov.cn"
    assert m.phone == "0579-82468888"
    assert (m.province, m.city, m.county) == ("浙江省", "金华市", "婺城区")


@pytest.mark.parametrize("text, kind", [
    ("关于2020年度市本级预算执行审计查出问题整改情况的报告\n正文", "审计"),
    ("中共某某党委关于巡视整改进展情况的通报\n正文", "巡视"),
    ("关于中央第三生态环境保护督察反馈意见整改情况的报告\n正文", "督察"),
])
def test_inspection_kind_from_title(text, kind):
    assert _meta(text).inspection_kind == kind


def test_no_metadata_in_plain_text():
    m = _meta("今年以来,我们开展了工作。")
    assert m.title is None and m.issuer is None and m.inspection_body is None
    assert m.stated_problem_count is None and m.phone is None and m.email is None and m.admin_code is None


@pytest.mark.parametrize("first_line, title", [
    ("中共某某党组关于巡察整改情况的通报 |", "中共某某党组关于巡察整改情况的通报"),
    ("根据区委统一部署,现将情况通报如下。", None),
])
def test_title(first_line, title):
    assert find_title(first_line + "\n正文") == title


def test_issuer_from_title_when_no_signature():
    assert find_issuer("正文。", "中共某某县人民检察院党组关于巡察整改情况的通报") == "中共某某县人民检察院党组"


@pytest.mark.parametrize("text, problems, measures", [
    # totals stated after their noun, behind a verb or cue
    ("梳理问题21个，制定整改措施64条。", 21, 64),
    ("对照反馈的３个方面１５个问题，细化整改措施９３条。", 15, 93),
    ("督察反馈意见涉及我市问题18个。明确整改任务52项。", 18, 52),
    ("指出问题4个方面21条，制定整改措施76项。", 21, 76),
    ("共揭示问题186个。", 186, None),
    # measures are preferred to tasks
    ("细化整改任务61项、具体措施238条。", None, 238),
    # progress and remainders are not the stated total
    ("已完成整改措施８１条。对尚未完成的１２条整改措施，确保完成。", None, None),
    ("对剩余3个问题持续跟踪。", None, None),
    ("已整改问题171个。对尚未完成整改的15个问题，严格执行。", None, None),
    ("发现并整改问题43个。督促整改问题312个。", None, None),
    # the total, not the progress after it
    ("梳理问题21个。已完成整改18个。对剩余3个问题持续跟踪。", 21, None),
    ("截至目前，已完成整改措施81条。对照反馈问题，细化整改措施93条。", None, 93),
])
def test_stated_counts(text, problems, measures):
    m = _meta("关于巡察整改情况的通报\n" + text)
    assert (m.stated_problem_count, m.stated_measure_count) == (problems, measures)


@pytest.mark.parametrize("text, body", [
    ("2022年3月28日至4月28日，第二轮第六批中央生态环境保护督察组对我省开展督察。", "第二轮第六批中央生态环境保护督察组"),
    ("据悉,自中央第五生态环境保护督察组进驻以来。", "中央第五生态环境保护督察组"),
    ("2023年4月，省委第六巡视组对厅党组开展了巡视。", "省委第六巡视组"),
    # a count before the teams: no measure word opens the name
    ("2021年11月8日至12月20日,区委组建4个巡察组对区民政局开展常规巡察。", "巡察组"),
    ("2021年11月8日至12月20日,区委4个巡察组对区民政局开展常规巡察。", "区委4个巡察组"),
])
def test_inspection_body(text, body):
    assert _meta("关于整改情况的通报\n" + text).inspection_body == body


AUDIT_REPORT = """关于2022年度县级预算执行和其他财政收支审计查出问题整改情况的报告

——2023年12月26日在东湖县第十八届人民代表大会常务委员会第十五次会议上
东湖县审计局局长 王建明

主任、各位副主任、各位委员:
我受县人民政府委托,报告2022年度县级预算执行和其他财政收支审计查出问题的整改情况,请予审议。
2023年8月29日,县十八届人大常委会第十三次会议审议了审计工作报告。
截至2023年11月30日,审计工作报告反映的5个方面68个问题,已完成整改61个。
以上报告,请予审议。
"""


def test_audit_report_to_standing_committee():
    m = _meta(AUDIT_REPORT)
    assert m.issuer == "东湖县人民政府"
    assert m.published_date == dt.date(2023, 12, 26)
    # the audited budget year and the meeting are no inspection period
    assert (m.inspection_start, m.inspection_end) == (None, None)
    assert m.stated_problem_count == 68


@pytest.mark.parametrize("opening, issuer", [
    ("东湖县审计局局长 王建明\n正文。受县人民政府委托,报告如下。", "东湖县人民政府"),
    ("东湖县审计局局长 王建明\n正文。报告如下。", "东湖县审计局"),
    ("审计署审计长 侯某\n受国务院委托,报告如下。", "国务院"),
    ("市审计局局长　王某\n受市人民政府委托,报告如下。", None),  # no region to name the government with
])
def test_issuer_of_a_report_to_a_standing_committee(opening, issuer):
    assert find_issuer("关于审计查出问题整改情况的报告\n" + opening + "\n以上报告,请予审议。",
                       "关于审计查出问题整改情况的报告") == issuer


@pytest.mark.parametrize("sentence, period", [
    ("2022年12月5日至12月13日,校党委对本科生院开展了巡视。", (dt.date(2022, 12, 5), dt.date(2022, 12, 13))),
    ("2014年3月至5月,中央巡视组对某省进行了巡视。", (dt.date(2014, 3, 1), dt.date(2014, 5, 31))),
    ("2018年10月,中央第二轮巡视对某省开展了专项巡视。", (dt.date(2018, 10, 1), dt.date(2018, 10, 31))),
    # a single day is a meeting or a news date, a bare year a budget year: no period
    ("2023年3月23日,校党委向本科生院反馈巡视情况。", (None, None)),
    ("2019年至2022年,督察分六批完成。", (None, None)),
])
def test_inspection_period(sentence, period):
    m = _meta("关于整改情况的通报\n" + sentence)
    assert (m.inspection_start, m.inspection_end) == period


def test_an_inspection_entrusted_by_a_higher_body_does_not_name_the_issuer():
    """受国务院委托 in a notice with no reporter under its title names who inspected, not who reports."""
    from pipeline import process_text

    text = "某省贯彻落实国务院督查反馈问题整改情况的通报\n2023年5月，受国务院委托，国务院第五督查组对我省开展了督查。\n一、整改情况\n"
    assert process_text(text)["notices"][0]["issuer"] is None


def test_inspected_units_in_a_list():
    text = ("关于整改情况的通报\n2021年11月8日至12月20日,区委组建4个巡察组对区民政局、区农业农村局等4家单位开展常规巡察;"
            "对区教育体育局直属的32家事业单位开展教育领域专项巡察。")
    assert _meta(text).inspected_unit == "区民政局、区农业农村局等4家单位"


@pytest.mark.parametrize("text, title", [
    # QA M9: under a 政府信息公开 header
    ("信息索引号:\n113307020501239658/2023-46395\n发布机构:\n婺城区文旅体局\n成文日期:\n2023-05-04\n"
     "中共某市审计局党组关于巡察整改情况的通报\n根据市委统一部署，……。", "中共某市审计局党组关于巡察整改情况的通报"),
    ("标　　题：关于2021年度县本级预算执行审计查出问题整改情况的报告\n正文。",
     "关于2021年度县本级预算执行审计查出问题整改情况的报告"),
    ("关于2015年度州本级预算执行和其他财政收支审计查出\n问题整改情况的报告\n正文。",
     "关于2015年度州本级预算执行和其他财政收支审计查出问题整改情况的报告"),
    # not a breadcrumb, a table's header row, nor a numbered heading
    ("首页 > 政务公开 > 审计结果公告\n某县关于巡察整改情况的通报\n正文。", "某县关于巡察整改情况的通报"),
    ("序号\t问题描述\t完成情况\n1\t台账不全\t已完成", None),
    ("二、巡察反馈问题整改落实情况\n（一）关于……", None),
])
def test_title_lines_before_the_body(text, title):
    from pipeline.extract.metadata import find_title

    assert find_title(text) == title


@pytest.mark.parametrize("text, unit", [
    ("2023年3月，县委对照巡视反馈问题、审计发现问题开展专项督查。4月，县委第二巡察组对县民政局进行了巡察。", "县民政局"),
    ("县委巡察办针对群众反映强烈的问题、信访件开展专项巡察，县委第二巡察组对县民政局进行了巡察。", "县民政局"),
])
def test_inspected_unit_not_after_duizhao_or_zhendui(text, unit):
    assert _meta("关于整改情况的通报\n" + text).inspected_unit == unit


@pytest.mark.parametrize("text, title", [
    ("关于我们\n某某县巡察整改情况公告\n根据……。", "某某县巡察整改情况公告"),
    ("某某县教育局\n2023年5月6日\n整改落实情况\n一、整改工作开展情况\n根据……。", None),
])
def test_short_lines_under_the_first_are_no_title(text, title):
    from pipeline.extract.metadata import find_title

    assert find_title(text) == title


@pytest.mark.parametrize("issuer, place", [
    ("中共丰宁县农业农村局党组", ("河北省", "承德市", "丰宁满族自治县")),  # an autonomous county by its name in use
    ("中共恩施州委", ("湖北省", "恩施土家族苗族自治州", None)),
    ("中共长阳县委", ("湖北省", "宜昌市", "长阳土家族自治县")),
    ("中共岚县县委", ("山西省", "吕梁市", "岚县")),
    ("吕梁市岚县审计局", ("山西省", "吕梁市", "岚县")),
    ("国家税务总局单县税务局", ("山东省", "菏泽市", "单县")),
    ("中共青岚县委", (None, None, None)),  # not 岚县 of 吕梁市: a county the table does not hold
    ("青岚县第二人民医院党委", (None, None, None)),
    ("中共湖州市公安局吴兴区分局委员会", ("浙江省", "湖州市", "吴兴区")),
])
def test_region_of_issuer(issuer, place):
    from pipeline.extract.regions import locate
    assert locate(issuer)[:3] == place


@pytest.mark.parametrize("text, body", [
    # a team named in the title after the issuer starts at the committee that sent it
    ("中共滨江市第二人民医院委员会关于市委第四巡察组巡察反馈意见整改进展情况的通报\n正文", "市委第四巡察组"),
    ("根据统一部署，11月5日省委第三巡视组对我厅开展了巡视。", "省委第三巡视组"),
    ("对照县委第二巡察组反馈的问题，逐项整改。", "县委第二巡察组"),
    ("安平县委巡察办牵头督办。", "安平县委巡察办"),  # a place name stays
    ("中共东江省委关于中央第七巡视组巡视反馈意见整改情况的通报\n正文", "中央第七巡视组"),  # the last committee named
    ("中共某某县委员会关于落实省分公司党委第一巡察组反馈意见整改情况的通报\n正文", "省分公司党委第一巡察组"),
    ("2023年3月，省监狱管理局党委第二巡察组对我监狱开展了巡察。", "省监狱管理局党委第二巡察组"),
    ("2022年5月，省住房和城乡建设厅党组第一巡察组对我局开展了巡察。", "省住房和城乡建设厅党组第一巡察组"),
    ("中共某峻县委员会关于自治州党委第三巡察组反馈意见整改情况的通报\n正文", "自治州党委第三巡察组"),
    ("关于第二轮第六批中央生态环境保护督察组反馈意见整改情况的报告\n正文", "第二轮第六批中央生态环境保护督察组"),
])
def test_inspection_body_starts_at_the_committee_that_sent_it(text, body):
    assert _meta(text).inspection_body == body


@pytest.mark.parametrize("text, body, period, feedback", [
    ("关于审计发现问题整改情况的通报\n2022年10月至12月，县审计局对我县2019—2021年度高标准农田建设项目进行了专项审计。"
     "12月28日，县审计局出具了《永宁县审计局关于2019—2021年度高标准农田建设项目的审计报告》。",
     "县审计局", (dt.date(2022, 10, 1), dt.date(2022, 12, 31)), dt.date(2022, 12, 28)),
    ("关于经济责任审计整改结果的公告\n石岭县审计局派出审计组，于2021年3月15日至4月23日对原黄坪镇党委书记2017年9月至"
     "2020年12月任职期间经济责任履行情况进行了审计，并于2021年5月18日出具了审计报告。",
     "石岭县审计局", (dt.date(2021, 3, 15), dt.date(2021, 4, 23)), dt.date(2021, 5, 18)),
    ("关于审计查出问题整改情况的公告\n2023年3月至6月，审计署对我局2022年度预算执行情况进行了审计。",
     "审计署", (dt.date(2023, 3, 1), dt.date(2023, 6, 30)), None),
])
def test_an_audit_is_run_by_its_audit_office_over_its_period(text, body, period, feedback):
    """(and a report to a 人大常委会 is presented by the head of the office that ran it: see below)"""
    m = _meta(text)
    assert (m.inspection_body, (m.inspection_start, m.inspection_end), m.feedback_date) == (body, period, feedback)


@pytest.mark.parametrize("text, unit", [
    ("2023年3月至6月，审计署对我局2022年度预算执行情况进行了审计。", "我局"),
    ("2023年2月至5月，审计署对中国农垦发展银行（以下简称“本行”）2022年度资产负债损益情况进行了审计。", "中国农垦发展银行"),
    ("石岭县审计局于2021年3月15日至4月23日对原黄坪镇党委书记陈志强同志2017年9月至2020年12月任职期间经济责任履行"
     "情况进行了审计。审计组对14个行政村中的9个村进行了延伸审计。", "原黄坪镇党委书记陈志强同志"),
    ("2021年10月11日至11月11日，省第三生态环境保护督察组对我市开展了第二轮省级生态环境保护督察。", "我市"),
])
def test_inspected_unit_ends_before_what_is_looked_at_in_it(text, unit):
    assert _meta("关于整改情况的公告\n" + text).inspected_unit == unit


@pytest.mark.parametrize("text, count", [
    ("2021年度审计工作报告反映的1,418个问题，截至10月中旬已整改1,371个。", 1418),  # thousands separator
    ("截至2024年4月底,84个问题已整改完成79个。", 84),
    ("巡视反馈意见指出4个方面的问题。厅党组对巡视反馈的24个问题逐项整改。", 24),  # areas are no count
    ("实行“一个问题、一名领导、一套方案”。", None),  # the article
    ("审计共发现问题十二个，其中涉及村级的问题7个。", 12),
    ("截至2024年10月20日，尚有23个问题未完全整改到位。", None),  # progress
    ("县委巡察整改“回头看”发现问题42个。", None),  # findings of a look back, not the inspection's
])
def test_stated_problem_count(text, count):
    assert _meta("关于整改情况的通报\n" + text).stated_problem_count == count


def test_an_audit_report_to_a_standing_committee_names_its_office_by_the_speaker():
    text = ("关于2023年度县本级预算执行和其他财政收支审计查出问题整改情况的报告\n"
            "——2024年12月24日在梅川县第十八届人民代表大会常务委员会第二十二次会议上\n梅川县审计局局长  周文涛\n"
            "主任、各位副主任、各位委员：\n我受县人民政府委托，向县人大常委会报告整改情况。")
    assert _meta(text).inspection_body == "梅川县审计局"
