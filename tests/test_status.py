"""Measure status from cue words: done, ongoing, planned, or none said."""
from __future__ import annotations

import pytest

import datetime as dt

from pipeline.extract.dates import find_dates
from pipeline.extract.status import measure_status, measure_statuses, reports_rectification, span_statuses


@pytest.mark.parametrize("text, status", [
    ("目前清查发放进度已完成97.57%,剩余部分正在继续查付", "ongoing"),
    ("2020年3月,印发《公务用车加油卡使用管理暂行办法》", "done"),
    ("下一步将根据责任清单落实监管职责", "planned"),
    ("对超执限的案件将启动“一案双查”追责问责", "planned"),
    ("2021年省级预算将进一步压减代编比例至8%以内", "planned"),
    ("将在全县推开", "planned"),
    ("计划于2024年底前完成处置", "done"),  # 完成 is a done cue and done comes before planned
    # 将 taking an object is a disposal (把), not a plan: nothing said about when
    ("修订《局机关干部考核办法》，将巡察整改成效纳入年度考核。", None),
    ("将原有12个党支部调整为18个", None),
    ("将基金违规支付率控制在千分之三以内", None),
    ("将供应商由原来的9家压减至4家", None),
    ("将全面从严治党考核结果与二级单位年度绩效考核挂钩", None),
    ("局党组将DRG付费改革列为年度重点改革任务", None),
    ("将异地就医备案办理时限由3个工作日压缩为即时办结", None),
    ("将符合条件的7户纳入建档立卡范围，已全部完成", "done"),
    ("规范立审执节点管控", None),
    # part done, the rest to come
    ("整改情况：部分整改。已补发1893.2万元，占88.4%；其余资金计划于2024年12月底前发放到位。", "ongoing"),
    ("已完成6个村的审计，剩余8个村正在审计", "ongoing"),
    ("已清收1.12亿元，清收率64.7%", "ongoing"),
    ("已清收1.12亿元，清收率100%", "done"),
    ("1至8月完成投资86.4亿元，完成年度计划的54.2%", "ongoing"),
    ("2023年1至10月完成投资182.6亿元，占年度投资计划的81.3%", "ongoing"),
    ("已追回2,079.18万元，追回率96.9%", "ongoing"),
    ("已追回21.56万元，其余2.18万元已进入司法追缴程序", "ongoing"),
    ("建成在线监管库点2107个，覆盖率达到93.6%", "ongoing"),  # a share below 100%
    # a cue inside a cited title says nothing; 计划/准备/拟 as nouns plan nothing
    ("制定《局机关干部教育培训年度计划》，举办培训班5期", None),
    ("逐项梳理滞后任务，制定推进计划", None),
    ("在经济普查准备等重点工作中设立党员先锋岗8个", None),
    ("对拟提拔人选一律落实“凡提四必”", None),
    ("计划于10月底前完工", "planned"),
    ("计划明年3月前向全省重点项目提供融资支持150亿元", "planned"),
    ("通过债权投资计划、股权投资计划、资产支持计划等方式新增投资1268亿元", None),
    ("制定年轻干部培养“青苗计划”，建立优秀年轻干部人选库", None),
    ("将重大设计变更审批权限上收至集团公司", None),
    ("将指标权重提高至45%", None),
    ("将同一企业的多项检查事项合并实施", None),
])
def test_measure_status(text, status):
    assert measure_status(text) == status
    assert span_statuses("。" + text + "。", [(1, 1 + len(text))]) == [status]


@pytest.mark.parametrize("measure, published, title, expected", [
    ("对3名负责人进行约谈", None, "关于巡察整改情况的通报", ("done", "report")),  # narrated in a report
    ("对3名负责人进行约谈", None, None, ("done", "report")),  # an excerpt: taken as a report too
    ("对3名负责人进行约谈", None, "关于巡察反馈问题的整改方案", (None, None)),  # a plan says no more than its words
    ("11月，对全区开展专项检查", dt.date(2023, 12, 20), "关于巡察反馈问题的整改方案", ("done", "date")),
    ("12月底前，对全区开展专项检查", dt.date(2023, 12, 20), "关于整改方案", (None, None)),  # a deadline
    ("已约谈3人", None, "关于整改方案", ("done", "words")),
])
def test_measure_statuses_rest_on_words_then_a_date_passed_then_the_notice_being_a_report(measure, published, title,
                                                                                          expected):
    text = "（一）关于问题\n" + measure + "。\n"
    start = text.index(measure)
    dates = find_dates(text, published=published)
    got = measure_statuses(text, [(start, start + len(measure) + 1)], dates, published,
                           reports_rectification(title))
    assert got == [expected]
