"""Cited documents: titles, types, actions, and whether the notice itself issued them."""
from __future__ import annotations

import pytest

from pipeline.extract.citations import find_citations

CASES = [
    # (text, [(title, doc_type, action, issued_here)])
    ("2020年1月印发了《关于调整党的建设工作领导小组成员的通知》,将全体党组成员纳入",
     [("关于调整党的建设工作领导小组成员的通知", "通知", "印发", True)]),
    ("联合印发《劳动争议诉调、裁调工作规范(试行)》,建立机制",
     [("劳动争议诉调、裁调工作规范(试行)", "工作规范", "印发", True)]),
    ("严格落实《法院党组工作规则》。", [("法院党组工作规则", "工作规则", "落实", False)]),
    ("认真学习《关于诉前调解程序和民事速裁程序若干规定》《民商事案件办理流程》等法律规定",
     [("关于诉前调解程序和民事速裁程序若干规定", "规定", "学习", False),
      ("民商事案件办理流程", "流程", "学习", False)]),
    ("修订完善《执行款物管理工作实施细则》", [("执行款物管理工作实施细则", "实施细则", "修订完善", True)]),
    ("起草《立审执节点管控规范指引》,明确", [("立审执节点管控规范指引", "指引", "起草", True)]),
    ("出台《速裁团队组建方案》《关于民商事案件速裁工作意见》,成立5支速裁团队",
     [("速裁团队组建方案", "方案", "出台", True), ("关于民商事案件速裁工作意见", "意见", "出台", True)]),
    ("向区委政法委报送《关于加快完善我区多元解纷机制的请示》",
     [("关于加快完善我区多元解纷机制的请示", "请示", "报送", False)]),
    ("印发《关于印发〈巡察整改方案〉的通知》", [("关于印发〈巡察整改方案〉的通知", "通知", "印发", True)]),
    ("形成了2020年度《规定动作梳理情况表》", [("规定动作梳理情况表", "情况表", "形成", True)]),
    ("发布了《党风廉政建设履责重点提醒单(第一期)》", [("党风廉政建设履责重点提醒单(第一期)", "提醒单", "发布", True)]),
    ("全文见《人民日报》。", [("人民日报", None, None, False)]),
    # a title wrapped over one line break (PDF or a narrow column) is one title
    ("制定了《关于加强局属单位国有资产管理的\n实施意见》，对资产配置作出规定",
     [("关于加强局属单位国有资产管理的实施意见", "实施意见", "制定", True)]),
    ("制定印发《关于进一步加强“三重一大”事项集体决策的实施办法（试行）》",
     [("关于进一步加强“三重一大”事项集体决策的实施办法（试行）", "办法", "印发", True)]),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:14] for c in CASES])
def test_citation_fields(text, expected):
    assert [(c.title, c.doc_type, c.action, c.issued_here) for c in find_citations(text)] == expected


_LONG = "这是一段很长的正文" * 10


@pytest.mark.parametrize("text", ["没有书名号的句子。", "《未闭合的书名号", "《\n》", "引号“两个维护”不是书名号",
                                  f"《{_LONG}\n正文》", f"《正文\n{_LONG}》", "《甲\n乙\n丙》"])
def test_no_citation(text):
    assert find_citations(text) == []


@pytest.mark.parametrize("text", ["制定《甲办法》和《乙规定》。", "制定《甲\n办法》和《乙规定》。"])
def test_raw_and_offsets(text):
    for c in find_citations(text):
        assert text[c.start:c.end] == c.raw and c.raw.replace("\n", "") == f"《{c.title}》"


def test_seed_has_66_citations_in_order(seed_text):
    found = find_citations(seed_text)
    assert len(found) == 66
    assert found[0].title == "巡察整改工作方案" and found[0].issued_here
