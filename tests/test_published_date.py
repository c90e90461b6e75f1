"""The date a notice bears, and the month a notice signed with a month only is written in."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.batch import analyse
from pipeline.extract.published_date import find_published_date, find_signed_month
from pipeline.types import RawDoc

SIGNED_IN_MARCH = """中共江东师范学院委员会关于巡视集中整改进展情况的通报

2025年4月15日至6月30日，省委第九巡视组对学校党委进行了常规巡视。2025年8月28日反馈了巡视意见。
党委常委会于10月中旬召开专题民主生活会。截至2月底，21类具体问题中已完成整改18类。
1—2月开展食品安全抽检42批次。

中共江东师范学院委员会
{signature}
"""


@pytest.mark.parametrize("signature, published, signed", [
    ("二〇二六年三月", None, dt.date(2026, 3, 31)),
    ("2026年3月", None, dt.date(2026, 3, 31)),
    ("2026年3月9日", dt.date(2026, 3, 9), None),
    ("联系电话：0591-22867013", None, None),
])
def test_a_signature_with_a_day_or_a_month_only(signature, published, signed):
    text = SIGNED_IN_MARCH.format(signature=signature)
    assert find_published_date(text) == published
    assert find_signed_month(text) == signed


def test_a_month_only_signature_dates_the_year_less_months_but_is_no_publication_date():
    """holdout69: signed 二〇二六年三月 — 截至2月底 and 1—2月 are 2026, 10月中旬 is 2025; the notice bears no day."""
    text = SIGNED_IN_MARCH.format(signature="二〇二六年三月")
    result = analyse(RawDoc(source_path="signed.txt", text=text, encoding="utf_8", format="txt"))
    got = {d.raw: d.date_start for d in result.dates}
    assert got["2月底"] == dt.date(2026, 2, 28) and got["1—2月"] == dt.date(2026, 1, 1)
    assert got["10月中旬"] == dt.date(2025, 10, 11)
    assert result.meta.published_date is None


def test_a_line_that_only_ends_with_a_month_is_no_signature():
    assert find_signed_month("正文。\n完成时限：2026年3月\n") is None
    assert find_signed_month("正文。\n计划于2026年3月") is None


def test_a_month_after_a_field_label_is_no_signature():
    assert find_signed_month("正文。\n责任人 张三\n整改时限 2025年12月\n") is None


def test_now_in_a_notice_signed_with_a_month_only_is_that_month():
    text = SIGNED_IN_MARCH.format(signature="二〇二六年三月").replace("截至2月底", "截至目前")
    result = analyse(RawDoc(source_path="signed.txt", text=text, encoding="utf_8", format="txt"))
    now = next(d for d in result.dates if d.raw == "截至目前")
    assert (now.date_start, now.date_end, now.granularity) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "month")
