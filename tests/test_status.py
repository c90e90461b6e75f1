"""Measure status from cue words: done, ongoing, planned, or none said."""
from __future__ import annotations

import pytest

from pipeline.extract.status import measure_status, span_statuses


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
])
def test_measure_status(text, status):
    assert measure_status(text) == status
    assert span_statuses("。" + text + "。", [(1, 1 + len(text))]) == [status]
