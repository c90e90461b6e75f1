"""Tests for pipeline.extract.dates.

Cases are (text, published, expected rows); a row is
(raw, start, end, granularity, kind, year_inferred) with ISO dates or None.
They are grouped by where they come from:

- FULL: dates that carry their own year, in every written form;
- YEAR_LEFT_OUT: dates whose year (or month) comes from context or the publication date;
- PERIODS: quarters, halves, 上旬/中旬/下旬, 年底/月底;
- RANGES_AND_LISTS: 至/到/-/— ranges (one row) and 、 lists (one row per date);
- AROUND: 以来 / 截至 / 起 / 前 around a date (the raw is the date alone);
- RELATIVE: 今年, 去年底, 截至目前, resolved against the publication date;
- LOST_CHARACTERS: web copies that lost 年/月 (20211228日), read when only one split is valid;
- NOT_DATES: numbers that look like dates and are not.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.extract.dates import find_dates
from pipeline.extract.published_date import find_published_date

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"  # as in conftest.py
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/dev is not beside the repo")


def corpus_files(pattern: str) -> list[Path]:
    return sorted(CORPUS.glob(pattern))

PUB = dt.date(2020, 4, 29)  # the seed notice's signature date

FULL = [
    ("2019年9月6日,巡察", PUB, [("2019年9月6日", "2019-09-06", "2019-09-06", "day", "point", False)]),
    ("成文日期:2023-05-04", None, [("2023-05-04", "2023-05-04", "2023-05-04", "day", "point", False)]),
    ("日期:2023-05-04 08:46:31 来源", None,
     [("2023-05-04 08:46:31", "2023-05-04", "2023-05-04", "day", "point", False)]),
    ("2023.05.04", None, [("2023.05.04", "2023-05-04", "2023-05-04", "day", "point", False)]),
    ("2023/5/4", None, [("2023/5/4", "2023-05-04", "2023-05-04", "day", "point", False)]),
    ("２０２３－０５－０４", None, [("２０２３－０５－０４", "2023-05-04", "2023-05-04", "day", "point", False)]),
    ("二〇二〇年四月二十九日", None, [("二〇二〇年四月二十九日", "2020-04-29", "2020-04-29", "day", "point", False)]),
    ("二〇二〇年", None, [("二〇二〇年", "2020-01-01", "2020-12-31", "year", "point", False)]),
    ("2020年1月印发", PUB, [("2020年1月", "2020-01-01", "2020-01-31", "month", "point", False)]),
    ("2020年1月份开始", PUB, [("2020年1月份", "2020-01-01", "2020-01-31", "month", "since", False)]),
    ("2020年3月6号", None, [("2020年3月6号", "2020-03-06", "2020-03-06", "day", "point", False)]),
    ("2021年《关于…方案》", None, [("2021年", "2021-01-01", "2021-12-31", "year", "point", False)]),
    ("形成了2020年度《规定动作梳理情况表》", PUB,
     [("2020年度", "2020-01-01", "2020-12-31", "year", "point", False)]),
    ("2019年2月30日", None, [("2019年2月30日", None, None, "day", "point", False)]),
]

YEAR_LEFT_OUT = [
    # the publication year, or the year before when that would be after publication
    ("12月16日,区委巡察组反馈", PUB, [("12月16日", "2019-12-16", "2019-12-16", "day", "point", True)]),
    ("3月,研究通过", PUB, [("3月", "2020-03-01", "2020-03-31", "month", "point", True)]),
    ("整个3月份,共列席", PUB, [("3月份", "2020-03-01", "2020-03-31", "month", "point", True)]),
    ("4月15日揭牌", PUB, [("4月15日", "2020-04-15", "2020-04-15", "day", "point", True)]),
    # an explicit year earlier in the same sentence wins over the publication year
    ("2018年开展巡察,12月反馈。", PUB,
     [("2018年", "2018-01-01", "2018-12-31", "year", "point", False),
      ("12月", "2018-12-01", "2018-12-31", "month", "point", True)]),
    # ... but not from another sentence
    ("2018年开展巡察。12月反馈。", PUB,
     [("2018年", "2018-01-01", "2018-12-31", "year", "point", False),
      ("12月", "2019-12-01", "2019-12-31", "month", "point", True)]),
    # no publication date: the nearest explicit year earlier in the text
    ("2025年2月14日反馈。\n2月17日、3月7日,召开", None,
     [("2025年2月14日", "2025-02-14", "2025-02-14", "day", "point", False),
      ("2月17日", "2025-02-17", "2025-02-17", "day", "point", True),
      ("3月7日", "2025-03-07", "2025-03-07", "day", "point", True)]),
    # a 年度 is a reporting period: it lends no year; a later year in the paragraph does
    ("2023年度报告。侯凯12月22日作了报告。截至2024年9月底", None,
     [("2023年度", "2023-01-01", "2023-12-31", "year", "point", False),
      ("12月22日", "2024-12-22", "2024-12-22", "day", "point", True),
      ("2024年9月底", "2024-09-30", "2024-09-30", "day", "until", False)]),
    # nothing to take the year from: kept, unresolved
    ("4月7日到4月11日反馈", None, [("4月7日到4月11日", None, None, "day", "range", False)]),
    # a bare day takes month and year from the last date on its line
    ("新华社北京2月9日电 西藏3省(区)9日公开", dt.date(2023, 2, 10),
     [("2月9日", "2023-02-09", "2023-02-09", "day", "point", True),
      ("9日", "2023-02-09", "2023-02-09", "day", "point", True)]),
    ("9日公开", dt.date(2023, 2, 10), []),
]

PERIODS = [
    ("3月下旬,组织对第一季度", PUB,
     [("3月下旬", "2020-03-21", "2020-03-31", "xun", "point", True),
      ("第一季度", "2020-01-01", "2020-03-31", "quarter", "point", True)]),
    ("一季度", PUB, [("一季度", "2020-01-01", "2020-03-31", "quarter", "point", True)]),
    ("2019年四季度审理", PUB, [("2019年四季度", "2019-10-01", "2019-12-31", "quarter", "point", False)]),
    ("2020年第一季度发改率", PUB, [("2020年第一季度", "2020-01-01", "2020-03-31", "quarter", "point", False)]),
    ("2020年前三季度", PUB, [("2020年前三季度", "2020-01-01", "2020-09-30", "quarter", "point", False)]),
    # a range whose ends both lost their 月 (2022610日 is 2022年6月10日, 85日 after 至 is 8月5日)
    ("2022610日至85日,市委第一巡察组", None, [("2022610日至85日", "2022-06-10", "2022-08-05", "day", "range", False)]),
    # an ISO date and a month-day in the same notation after 至: one range
    ("于2023-10-9至10-20开展巡察，2023.10.9—10.20", None,
     [("2023-10-9至10-20", "2023-10-09", "2023-10-20", "day", "range", False),
      ("2023.10.9—10.20", "2023-10-09", "2023-10-20", "day", "range", False)]),
    ("2023-10-09，10-15个工作日", None, [("2023-10-09", "2023-10-09", "2023-10-09", "day", "point", False)]),
    # 同年 is the year of the date before it; 前年 two years before the notice
    ("2021年4月，督察组进驻广西，同年7月反馈督察意见。前年12月，印发方案", dt.date(2023, 4, 13),
     [("2021年4月", "2021-04-01", "2021-04-30", "month", "point", False),
      ("同年", "2021-01-01", "2021-12-31", "year", "relative", False),
      ("7月", "2021-07-01", "2021-07-31", "month", "point", True),
      ("前年", "2021-01-01", "2021-12-31", "year", "relative", False),
      ("12月", "2021-12-01", "2021-12-31", "month", "point", True)]),
    # a date said to come looks forward, like a deadline
    ("负责人表示，7月起将对已销号问题开展“回头看”，计划于10月完成", dt.date(2018, 6, 21),
     [("7月", "2018-07-01", "2018-07-31", "month", "since", True),
      ("10月", "2018-10-01", "2018-10-31", "month", "point", True)]),
    # the first months of a year, as 前三季度 is its first quarters
    ("2025年前5个月收购不良资产", None, [("2025年前5个月", "2025-01-01", "2025-05-31", "month", "point", False)]),
    # a bare 上半年 names no year, but after 今年 it does
    ("今年上半年，共办结", dt.date(2018, 9, 1), [("今年", "2018-01-01", "2018-12-31", "year", "relative", False),
                                              ("上半年", "2018-01-01", "2018-06-30", "half", "point", True)]),
    # 将 after a bare month marks the object, not the future (review)
    ("经核查，已于11月将资金退还，12月将违规发放的补贴全部收回。", dt.date(2023, 3, 10),
     [("11月", "2022-11-01", "2022-11-30", "month", "point", True),
      ("12月", "2022-12-01", "2022-12-31", "month", "point", True)]),
    # an ISO range over a year end; an amount after 至 is no range end
    ("检查时间：2022.12.15—1.15", None, [("2022.12.15—1.15", "2022-12-15", "2023-01-15", "day", "range", False)]),
    ("2023.10.9至3.5亿元资金", None, [("2023.10.9", "2023-10-09", "2023-10-09", "day", "point", False)]),
    # 逢 alone does not make a date recurring; 和 ends a recurring list
    ("恰逢2021年建党100周年", None, [("2021年", "2021-01-01", "2021-12-31", "year", "point", False)]),
    ("每年3月和2023年6月", None, [("2023年6月", "2023-06-01", "2023-06-30", "month", "point", False)]),
    # 同年 counts from the first date of its sentence, not the last one named
    ("2023年3月6日至5月19日，县审计局对2020年1月1日至2022年12月31日的财务收支进行了审计，同年7月出具报告", None,
     [("2023年3月6日至5月19日", "2023-03-06", "2023-05-19", "day", "range", False),
      ("2020年1月1日至2022年12月31日", "2020-01-01", "2022-12-31", "day", "range", False),
      ("同年", "2023-01-01", "2023-12-31", "year", "relative", False),
      ("7月", "2023-07-01", "2023-07-31", "month", "point", True)]),
    # 次年 is the year after the date before it
    ("2021年11月，县里部署专项治理，次年3月因故中断", None,
     [("2021年11月", "2021-11-01", "2021-11-30", "month", "point", False),
      ("次年", "2022-01-01", "2022-12-31", "year", "relative", False),
      ("3月", "2022-03-01", "2022-03-31", "month", "point", True)]),
    # …and the story goes on in that year: its year-less months are the year 次年 named (holdout26)
    ("2022年11月7日至12月7日开展督察，并于次年3月16日反馈意见。县委于4月上旬印发整改方案", None,
     [("2022年11月7日至12月7日", "2022-11-07", "2022-12-07", "day", "range", False),
      ("次年", "2023-01-01", "2023-12-31", "year", "relative", False),
      ("3月16日", "2023-03-16", "2023-03-16", "day", "point", True),
      ("4月上旬", "2023-04-01", "2023-04-10", "xun", "point", True)]),
    # …but a deadline 次年 names does not move the story on
    ("2023年4月至6月开展审计，要求于次年3月底前整改到位。\n8月上旬至9月下旬逐家核查", None,
     [("2023年4月至6月", "2023-04-01", "2023-06-30", "month", "range", False),
      ("次年", "2024-01-01", "2024-12-31", "year", "relative", False),
      ("3月底", "2024-03-31", "2024-03-31", "day", "until", True),
      ("8月上旬至9月下旬", "2023-08-01", "2023-09-30", "xun", "range", True)]),
    # a year inside a plan's title lends itself to nothing; a deadline after a bare year takes the
    # notice's year; a deadline earlier in the year than the month before it is the year after
    ("印发《国土空间规划（2021—2035年）》，9月底前完成", dt.date(2023, 4, 28),
     [("2021—2035年", "2021-01-01", "2035-12-31", "year", "range", False),
      ("9月底", "2023-09-30", "2023-09-30", "day", "until", True)]),
    ("对2019—2021年建成的项目排查，计划于10月底前完成", dt.date(2022, 8, 26),
     [("2019—2021年", "2019-01-01", "2021-12-31", "year", "range", False),
      ("10月底", "2022-10-31", "2022-10-31", "day", "until", True)]),
    ("去年12月，部署专项整治，4月中旬前完成复耕", dt.date(2022, 8, 26),
     [("去年", "2021-01-01", "2021-12-31", "year", "relative", False),
      ("12月", "2021-12-01", "2021-12-31", "month", "point", True),
      ("4月中旬", "2022-04-11", "2022-04-20", "xun", "until", True)]),
    ("制定管理办法，自9月1日起施行", dt.date(2022, 8, 26), [("9月1日", "2022-09-01", "2022-09-01", "day", "since", True)]),
    # a recurring month is no calendar date, nor is the rest of its list
    ("每年3月、9月开展跟踪检查，每年3月底前完成细化，2020年3月", PUB,
     [("2020年3月", "2020-03-01", "2020-03-31", "month", "point", False)]),
    ("上半年", PUB, [("上半年", "2020-01-01", "2020-06-30", "half", "relative", True)]),  # no year named
    ("下半年", PUB, [("下半年", "2020-07-01", "2020-12-31", "half", "relative", True)]),
    ("2023年上半年、下半年", PUB, [("2023年上半年", "2023-01-01", "2023-06-30", "half", "point", False),
                               ("下半年", "2023-07-01", "2023-12-31", "half", "relative", True)]),
    ("2020年上半年", PUB, [("2020年上半年", "2020-01-01", "2020-06-30", "half", "point", False)]),
    ("2020年11月中旬", None, [("2020年11月中旬", "2020-11-11", "2020-11-20", "xun", "point", False)]),
    ("2月底均已完成", PUB, [("2月底", "2020-02-29", "2020-02-29", "day", "point", True)]),
    ("3月初", PUB, [("3月初", "2020-03-01", "2020-03-01", "day", "point", True)]),
    ("2019年底全部上缴", PUB, [("2019年底", "2019-12-31", "2019-12-31", "day", "point", False)]),
    ("2019年年末", PUB, [("2019年年末", "2019-12-31", "2019-12-31", "day", "point", False)]),
    # a bare 年底 is a date like a bare 6月底, its year inferred (every evaluator who met one labelled
    # it); a bare 年初 or 年末 is a relative word (年初预算, 年末结转: budget terms), still resolved
    ("年底前完成", PUB, [("年底", "2020-12-31", "2020-12-31", "day", "until", True)]),
    ("确保年底完成整改", PUB, [("年底", "2020-12-31", "2020-12-31", "day", "point", True)]),
    ("年初", PUB, [("年初", "2020-01-01", "2020-01-01", "day", "relative", True)]),
    ("较年初下降2.1个百分点，年末结转3.6亿元", PUB, [("年初", "2020-01-01", "2020-01-01", "day", "relative", True),
                                              ("年末", "2020-12-31", "2020-12-31", "day", "relative", True)]),
    ("年底", None, [("年底", None, None, "day", "point", False)]),
]

RANGES_AND_LISTS = [
    ("2019年9月6日至11月28日,区委", PUB,
     [("2019年9月6日至11月28日", "2019-09-06", "2019-11-28", "day", "range", False)]),
    ("２０１９年９月６日至１１月２８日，区委", PUB,
     [("２０１９年９月６日至１１月２８日", "2019-09-06", "2019-11-28", "day", "range", False)]),
    ("2025年6月5日至2025年8月8日", None,
     [("2025年6月5日至2025年8月8日", "2025-06-05", "2025-08-08", "day", "range", False)]),
    ("2019年9月6日—11月28日", None,
     [("2019年9月6日—11月28日", "2019-09-06", "2019-11-28", "day", "range", False)]),
    ("2017-2019年该方面案件", PUB, [("2017-2019年", "2017-01-01", "2019-12-31", "year", "range", False)]),
    ("2017—2019年", PUB, [("2017—2019年", "2017-01-01", "2019-12-31", "year", "range", False)]),
    ("2019～2022年", PUB, [("2019～2022年", "2019-01-01", "2022-12-31", "year", "range", False)]),
    ("2019年至2022年", PUB, [("2019年至2022年", "2019-01-01", "2022-12-31", "year", "range", False)]),
    ("1-3月,共组织", PUB, [("1-3月", "2020-01-01", "2020-03-31", "month", "range", True)]),
    ("1-2月份各支部", PUB, [("1-2月份", "2020-01-01", "2020-02-29", "month", "range", True)]),
    ("今年3月至5月", dt.date(2014, 10, 11),
     [("今年", "2014-01-01", "2014-12-31", "year", "relative", False),
      ("3月至5月", "2014-03-01", "2014-05-31", "month", "range", True)]),
    ("3月5-7日", PUB, [("3月5-7日", "2020-03-05", "2020-03-07", "day", "range", True)]),
    ("2019年12月至2020年3月", PUB,
     [("2019年12月至2020年3月", "2019-12-01", "2020-03-31", "month", "range", False)]),
    ("1116日至18日,督察组", dt.date(2019, 11, 21),
     [("1116日至18日", "2019-11-16", "2019-11-18", "day", "range", True)]),
    ("对各支部1、2月份灯塔", PUB,
     [("1", "2020-01-01", "2020-01-31", "month", "point", True),
      ("2月份", "2020-02-01", "2020-02-29", "month", "point", True)]),
    ("2018、2019年度党建档案", PUB,
     [("2018", "2018-01-01", "2018-12-31", "year", "point", False),
      ("2019年度", "2019-01-01", "2019-12-31", "year", "point", False)]),
    ("2018年、2019年各党支部", PUB,
     [("2018年", "2018-01-01", "2018-12-31", "year", "point", False),
      ("2019年", "2019-01-01", "2019-12-31", "year", "point", False)]),
]

AROUND = [
    ("2019年12月19日以来,先后", PUB, [("2019年12月19日", "2019-12-19", "2019-12-19", "day", "since", False)]),
    ("2016年以来", None, [("2016年", "2016-01-01", "2016-12-31", "year", "since", False)]),
    ("自3月开展带案走访以来", PUB, [("3月", "2020-03-01", "2020-03-31", "month", "since", True)]),
    ("自2020年2月起", PUB, [("2020年2月", "2020-02-01", "2020-02-29", "month", "since", False)]),
    ("5月16日起,中央纪委", dt.date(2019, 5, 17), [("5月16日", "2019-05-16", "2019-05-16", "day", "since", True)]),
    ("截至3月6日,各党支部", PUB, [("3月6日", "2020-03-06", "2020-03-06", "day", "until", True)]),
    ("截止2023年底", None, [("2023年底", "2023-12-31", "2023-12-31", "day", "until", False)]),
    ("截止到2023年5月", None, [("2023年5月", "2023-05-01", "2023-05-31", "month", "until", False)]),
    ("对2019年8月底前账面上", PUB, [("2019年8月底", "2019-08-31", "2019-08-31", "day", "until", False)]),
    ("2020年3月前往", PUB, [("2020年3月", "2020-03-01", "2020-03-31", "month", "point", False)]),
]

RELATIVE = [
    ("今年已诉前调解", PUB, [("今年", "2020-01-01", "2020-12-31", "year", "relative", False)]),
    ("今年已诉前调解", None, [("今年", None, None, "year", "relative", False)]),
    # a relative year with 底/初 names a day (as 今年3月 names a month); a comparison's baseline does not
    ("去年底", PUB, [("去年底", "2019-12-31", "2019-12-31", "day", "point", True)]),
    ("今年底前完成", PUB, [("今年底", "2020-12-31", "2020-12-31", "day", "point", True)]),
    ("余额较上年末下降21.3%", PUB, [("上年末", "2019-12-31", "2019-12-31", "day", "relative", False)]),
    ("本年度", PUB, [("本年度", "2020-01-01", "2020-12-31", "year", "relative", False)]),
    ("截至目前,共走访", PUB, [("截至目前", "2020-04-29", "2020-04-29", "day", "relative", False)]),
    ("目前已有", None, [("目前", None, None, "day", "relative", False)]),
    ("今年3月份,组织", PUB,
     [("今年", "2020-01-01", "2020-12-31", "year", "relative", False),
      ("3月份", "2020-03-01", "2020-03-31", "month", "point", True)]),
    ("今年1月30日", dt.date(2019, 5, 17),
     [("今年", "2019-01-01", "2019-12-31", "year", "relative", False),
      ("1月30日", "2019-01-30", "2019-01-30", "day", "point", True)]),
]

LOST_CHARACTERS = [
    ("--20211228日在市人大", None, [("20211228日", "2021-12-28", "2021-12-28", "day", "point", False)]),
    ("202442日至820日,县委", None, [("202442日至820日", "2024-04-02", "2024-08-20", "day", "range", False)]),
    ("2024919日,县委", None, [("2024919日", "2024-09-19", "2024-09-19", "day", "point", False)]),
    ("2021915日,市人大", None, [("2021915日", "2021-09-15", "2021-09-15", "day", "point", False)]),
    ("201944日至615日", None, [("201944日至615日", "2019-04-04", "2019-06-15", "day", "range", False)]),
    ("816日,委第巡察组", dt.date(2019, 9, 2), [("816日", "2019-08-16", "2019-08-16", "day", "point", True)]),
    ("85日、89日,听取", dt.date(2019, 9, 2),
     [("85日", "2019-08-05", "2019-08-05", "day", "point", True),
      ("89日", "2019-08-09", "2019-08-09", "day", "point", True)]),
    # 1月12日 or 11月2日: kept, unresolved
    ("2024112日", None, [("2024112日", None, None, "day", "point", False)]),
]

NOT_DATES = [
    ("区委第三巡察组", PUB, []),
    ("12368语音热线系统", PUB, []),
    ("(博中医委任〔2024〕4号)", PUB, []),
    ("问题资金1.5亿元", PUB, []),
    ("进度已完成97.57%", PUB, []),
    ("近三年公务接待费用", PUB, []),
    ("三年来", PUB, []),
    ("超6个月未结", PUB, []),
    ("每季度召开1次", PUB, []),
    ("每年底组织", PUB, []),
    ("30日内办结", PUB, []),
    ("如今年轻干部", PUB, []),
    ("基本年薪", PUB, []),
    ("(下转第七版)", PUB, []),
    ("113307020501239658/2023-46395", None, []),
    ("https://ribao.xyxww.com.cn/html/2023-02/10/content_121732.htm", None, []),
    ("http://www.wuch.gov.cn/art/2023/5/4/art_1229182325_4090257.html", None, []),
    ("电话:0376-2178559", None, []),
]

# Shapes found on notices outside the dev corpus (tests/cases/generalise_dm):
GENERALISED = [
    # PDF conversions put spaces between every part of a date
    ("2023 年 5 月 6 日，督察组", PUB, [("2023 年 5 月 6 日", "2023-05-06", "2023-05-06", "day", "point", False)]),
    ("２０２３ 年 ６ 月 ２８ 日印发", PUB,
     [("２０２３ 年 ６ 月 ２８ 日", "2023-06-28", "2023-06-28", "day", "point", False)]),
    ("2023 年 5 月 6 日至 6 月 30 日", PUB,
     [("2023 年 5 月 6 日至 6 月 30 日", "2023-05-06", "2023-06-30", "day", "range", False)]),
    ("3 月 5 日召开", PUB, [("3 月 5 日", "2020-03-05", "2020-03-05", "day", "point", True)]),
    ("2023年 工作要点", PUB, [("2023年", "2023-01-01", "2023-12-31", "year", "point", False)]),
    # two ten-day periods at once
    ("2023年10月中下旬", PUB, [("2023年10月中下旬", "2023-10-11", "2023-10-31", "xun", "point", False)]),
    ("2月上中旬", PUB, [("2月上中旬", "2020-02-01", "2020-02-20", "xun", "point", True)]),
    # quarter ranges and lists
    ("2023年1-3季度", PUB, [("2023年1-3季度", "2023-01-01", "2023-09-30", "quarter", "range", False)]),
    ("2019年一至三季度", PUB, [("2019年一至三季度", "2019-01-01", "2019-09-30", "quarter", "range", False)]),
    ("2019年第一、二季度", PUB,
     [("2019年第一", "2019-01-01", "2019-03-31", "quarter", "point", False),
      ("二季度", "2019-04-01", "2019-06-30", "quarter", "point", False)]),
    ("三、四季度", dt.date(2019, 12, 30),
     [("三", "2019-07-01", "2019-09-30", "quarter", "point", True),
      ("四季度", "2019-10-01", "2019-12-31", "quarter", "point", True)]),
    ("一、加强组织领导", PUB, []),
    ("第一、二批次", PUB, []),
    # Chinese-numeral months after a range or list separator
    ("二〇二三年九月十一日至十月二十日", PUB,
     [("二〇二三年九月十一日至十月二十日", "2023-09-11", "2023-10-20", "day", "range", False)]),
    ("一至六月，共开展", PUB, [("一至六月", "2020-01-01", "2020-06-30", "month", "range", True)]),
    ("2019年十一至十二月", PUB, [("2019年十一至十二月", "2019-11-01", "2019-12-31", "month", "range", False)]),
    ("六月召开", PUB, []),
    # a list takes one year for all its dates (the second is after publication, not last year)
    ("3、6月份开展", PUB,
     [("3", "2020-03-01", "2020-03-31", "month", "point", True),
      ("6月份", "2020-06-01", "2020-06-30", "month", "point", True)]),
    # a quarter's last or first day; 年度 before a quarter or half
    ("截至2023年第一季度末", PUB, [("2023年第一季度末", "2023-03-31", "2023-03-31", "day", "until", False)]),
    # a deadline (前) takes the notice's year (published 2020-04-29: the coming third quarter)
    ("三季度末前", PUB, [("三季度末", "2020-09-30", "2020-09-30", "day", "until", True)]),
    ("2023年度第四季度", PUB, [("2023年度第四季度", "2023-10-01", "2023-12-31", "quarter", "point", False)]),
    ("2023年度上半年", PUB, [("2023年度上半年", "2023-01-01", "2023-06-30", "half", "point", False)]),
    ("十一、十二月份", PUB,
     [("十一", "2019-11-01", "2019-11-30", "month", "point", True),
      ("十二月份", "2019-12-01", "2019-12-31", "month", "point", True)]),
]

HOLDOUT = [
    # 截至今年5月底: 今年 lends its year to 5月底; 至今 inside 截至今年 is not "until now"
    ("截至今年5月底，已完成", dt.date(2024, 6, 12),
     [("今年", "2024-01-01", "2024-12-31", "year", "relative", False),
      ("5月底", "2024-05-31", "2024-05-31", "day", "point", True)]),
    ("2023年9月启动。今年第一季度开展", dt.date(2024, 6, 12),
     [("2023年9月", "2023-09-01", "2023-09-30", "month", "point", False),
      ("今年", "2024-01-01", "2024-12-31", "year", "relative", False),
      ("第一季度", "2024-01-01", "2024-03-31", "quarter", "point", True)]),
    ("整改至今，共办结", PUB, [("至今", "2020-04-29", "2020-04-29", "day", "relative", False)]),
    # no publication date: past a sentence break a bare year (2021年以来) does not move the
    # timeline, the nearest earlier month does
    ("截至2024年11月底，完成。对2021年以来的合同复核。8月下旬以来共拦截", None,
     [("2024年11月底", "2024-11-30", "2024-11-30", "day", "until", False),
      ("2021年", "2021-01-01", "2021-12-31", "year", "since", False),
      ("8月下旬", "2024-08-21", "2024-08-31", "xun", "since", True)]),
    # a text that names no year but the ones it looks at leaves the year of its months unknown (holdout55):
    # 8月下旬 is 2021 or any year after it
    ("对2021年以来的合同复核，8月下旬以来共拦截", None,
     [("2021年", "2021-01-01", "2021-12-31", "year", "since", False), ("8月下旬", None, None, "day", "since", False)]),
    ("2021年以来的合同。8月下旬以来共拦截", None,
     [("2021年", "2021-01-01", "2021-12-31", "year", "since", False), ("8月下旬", None, None, "day", "since", False)]),
]

# Found by the second holdout (tests/cases/holdout2).
HOLDOUT2 = [
    # a duration in days: after 由/压缩至 (metrics reads 45日, 30日); two digits after a word are no 4月5日
    ("２０２４年４月１５日至６月７日巡察，审结期限由４５日压缩至３０日", dt.date(2024, 10, 25),
     [("２０２４年４月１５日至６月７日", "2024-04-15", "2024-06-07", "day", "range", False)]),
    ("审结期限共45日，缩短至10日，为期15日", dt.date(2024, 10, 25), []),
    # …while days of the month stay dates, and two digits opening a clause are a lost 月
    ("2019年9月6日召开，至28日结束", None,
     [("2019年9月6日", "2019-09-06", "2019-09-06", "day", "point", False),
      ("28日", "2019-09-28", "2019-09-28", "day", "point", True)]),
    # a deadline (前) past a sentence break takes the notice's year, not the year before nor a
    # past period's (2021年至2023年); without 前 a later month is still last year's
    ("对2021年至2023年党费进行核查。\n力争9月底前全部完成。", dt.date(2024, 8, 5),
     [("2021年至2023年", "2021-01-01", "2023-12-31", "year", "range", False),
      ("9月底", "2024-09-30", "2024-09-30", "day", "until", True)]),
    ("9月底完成整改。", dt.date(2024, 8, 5), [("9月底", "2023-09-30", "2023-09-30", "day", "point", True)]),
    ("巡察组进驻。85日、89日，开展调研", dt.date(2019, 9, 2),
     [("85日", "2019-08-05", "2019-08-05", "day", "point", True),
      ("89日", "2019-08-09", "2019-08-09", "day", "point", True)]),
]

CASES = (FULL + YEAR_LEFT_OUT + PERIODS + RANGES_AND_LISTS + AROUND + RELATIVE + LOST_CHARACTERS + NOT_DATES
         + GENERALISED + HOLDOUT + HOLDOUT2)


def _rows(text: str, published: dt.date | None):
    return [(d.raw, d.date_start and d.date_start.isoformat(), d.date_end and d.date_end.isoformat(),
             d.granularity, d.kind, d.year_inferred) for d in find_dates(text, published=published)]


@pytest.mark.parametrize("text, published, expected", CASES, ids=[c[0][:24] for c in CASES])
def test_find_dates(text, published, expected):
    assert _rows(text, published) == expected


@pytest.mark.parametrize("text, expected", [
    ("中共威海市文登区人民法院党组\n2020年4月29日\n打印本页 关闭窗口 |", dt.date(2020, 4, 29)),
    ("正文。\n中共某某党组 2021年3月5日", dt.date(2021, 3, 5)),
    ("正文。\n二〇二〇年四月二十九日", dt.date(2020, 4, 29)),
    ("来源:博兴县纪委监委网站      发布时间:2025-05-12       浏览量:0 次\n正文", dt.date(2025, 5, 12)),
    ("成文日期：\n\n    2023-05-04\n日期：2023-05-04 08:46:31", dt.date(2023, 5, 4)),
    ("發佈時間:2014-10-11 05:38:46 來源:經濟日報", dt.date(2014, 10, 11)),
    ("现在时间是:2024年11月22日\n时间 : 2023年02月10日  来源", dt.date(2023, 2, 10)),
    ("人民网-时政频道     2019-05-17 16:29     浏览:1960\n正文", dt.date(2019, 5, 17)),
    ("我市公布整改情况\n2024年06月12日 08:30　来源：绍兴日报\n正文", dt.date(2024, 6, 12)),  # a news byline
    ("整改措施。\n会议于2024年3月5日 10:00召开", None),  # a clock time inside a sentence: not a stamp
    ("整改措施。\n完成时限：2020年6月30日", None),
    ("正文没有日期。", None),
    # a date line right under the title of a report to a standing committee
    ("关于2022年度预算执行审计查出问题整改情况的报告\n\n--2023年12月26日在东湖县人大常委会第十五次会议上\n"
     "东湖县审计局局长 王建明\n正文。\n以上报告,请予审议。", dt.date(2023, 12, 26)),
    ("关于审计整改情况的报告\n——2024年10月24日\n正文。", dt.date(2024, 10, 24)),
    ("关于巡察整改情况的通报\n2023年12月26日，区委巡察组开展了巡察。\n正文。", None),  # a sentence, not a date line
])
def test_find_published_date(text, expected):
    assert find_published_date(text) == expected


@needs_corpus
def test_seed_golden():
    text = (CORPUS / "seed.txt").read_text(encoding="utf-8")
    published = find_published_date(text)
    assert published == dt.date(2020, 4, 29)
    rows = find_dates(text, published=published)
    first, second = rows[0], rows[1]
    assert (first.raw, first.date_start, first.date_end, first.kind) == (
        "2019年9月6日至11月28日", dt.date(2019, 9, 6), dt.date(2019, 11, 28), "range")
    assert (second.raw, second.date_start, second.year_inferred) == ("12月16日", dt.date(2019, 12, 16), True)
    assert rows[-1].raw == "2020年4月29日" and rows[-1].date_start == published


@needs_corpus
@pytest.mark.parametrize("label_path", corpus_files("*.label.json"), ids=lambda p: p.name)
def test_corpus_labels_are_found(label_path):
    """Every labelled (start, end) pair is found; at most one extra pair per file."""
    label = json.loads(label_path.read_text(encoding="utf-8"))
    path = CORPUS / label["file"]
    if path.suffix != ".txt":
        pytest.skip("html pages are read through ingest and clean")
    text = path.read_text(encoding="utf-8")
    got = Counter((str(d.date_start), str(d.date_end)) for d in find_dates(text, published=find_published_date(text))
                  if d.kind != "relative" and d.date_start is not None)
    want = Counter((d["start"], d["end"]) for d in label["dates"])
    assert not want - got
    assert sum((got - want).values()) <= 1


@needs_corpus
@pytest.mark.parametrize("path", corpus_files("*.txt"), ids=lambda p: p.name)
def test_spans_point_into_the_text(path):
    text = path.read_text(encoding="utf-8")
    rows = find_dates(text, published=find_published_date(text))
    for row in rows:
        assert text[row.start:row.end] == row.raw
        assert (row.date_start is None) == (row.date_end is None)
        assert row.date_start is None or row.date_start <= row.date_end
    assert all(a.end <= b.start for a, b in zip(rows, rows[1:])), "rows overlap or are out of order"


# ---- the fast scan finds exactly what a plain scan finds ----
# find_dates tries the full pattern only where _CANDIDATE says a match can start, and matches
# with stdlib ``re``; the ``regex`` twin scanning every position is the reference.

def _plain_scan(text: str):
    from pipeline.extract.dates import _date_captures
    return [(m.span(), m.groups()) for m in _date_captures().finditer(text)]


def _fast_scan(text: str):
    from pipeline.extract.dates import _date_matches
    return [(m.span(), m.groups()) for m in _date_matches(text)]


SCAN_CASES = [
    "12季度", "1.2季度", "第 1 季度", "前三季度", "今年3月至5月", "截止到2023年5月", "截至目前", "至今",
    "自2020年2月起", "2019 年 9 月 6 日", "２０１９年９月６日至１１月２８日", "二〇二〇年四月二十九日",
    "2023-05-04 08:46:31", "a2023-05-04", "1、2月份", "2017—2019年", "3月5-7日", "1116日至18日",
    "20211228日", "12368语音", "97.57%", "年底前", "2019年年末", "上半年", "本年度", "去年底", "9日公开",
    "2023 年 5 月 6 日至 6 月 30 日", "10月中下旬", "2023年1-3季度", "一至三季度", "第一、二季度", "三、四季度",
    "一、加强", "第1-3季度", "二〇二三年九月十一日至十月二十日", "一至六月", "十一、十二月份", "六月召开",
    "2023年第一季度末", "2023年度第四季度", "四季度初",
]


@pytest.mark.parametrize("text", SCAN_CASES)
def test_fast_scan_matches_plain_scan(text):
    assert _fast_scan(text) == _plain_scan(text)


@needs_corpus
@pytest.mark.parametrize("path", corpus_files("*.txt"), ids=lambda p: p.name)
def test_fast_scan_matches_plain_scan_on_corpus(path):
    text = path.read_text(encoding="utf-8")
    assert _fast_scan(text) == _plain_scan(text)


def test_fast_scan_matches_plain_scan_on_messy_input():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    alphabet = st.sampled_from(list(
        "0123456789０１２３.．/-－—～~至到年月日号份上中下旬初底末季度半第前一二三四十〇零、，。；\n 　"
        "以来截止今去本明目当起自从度后之内元均每近"))

    @hypothesis.settings(max_examples=500, deadline=None)
    @hypothesis.given(st.text(alphabet, max_size=40))
    def check(text: str):
        assert _fast_scan(text) == _plain_scan(text)

    check()


def test_no_date_starts_on_a_heading_marker():
    """三、五月份以来 is the heading 三、 and then a month; 二、十二月底前 the heading 二、 and a deadline."""
    from pipeline import process_text

    rows = process_text("关于整改情况的通报\n二、十二月底前全部完成的事项\n三、五月份以来整改情况\n中共某县委\n2024年3月15日\n")
    # 十二月底前 in a notice of 15 March: the deadline that passed 75 days before it, not one 9 months ahead
    assert [(d["raw"], str(d["start"])) for d in rows["dates"]] == [
        ("十二月底", "2023-12-31"), ("五月份", "2023-05-01"), ("2024年3月15日", "2024-03-15")]


@pytest.mark.parametrize("text, year", [
    ("力争9月底前完成", 2024),  # a deadline looks forward: the notice's year
    ("已于5月底前完成", 2023),  # a deadline already met looks back, as a report does
    ("已在5月底前完成整改", 2023),
])
def test_a_deadline_already_met_looks_back(text, year):
    import datetime as dt

    from pipeline.extract.dates import find_dates

    assert find_dates(text, published=dt.date(2024, 3, 15))[0].date_start.year == year


@pytest.mark.parametrize("text, raw, year", [
    # a date said to come is the writer's future: the notice's year, though later in the year than it
    ("主体工程已于12月完工，计划3月投入试运行。", "3月", 2024),
    ("剩余3家计划于第三、四季度完成搬迁改造。", "四季度", 2024),
    ("争取10月完成验收。", "10月", 2024),
    ("对已销号的任务，要在第三季度开展“回头看”。", "第三季度", 2024),  # 要在: a directive, to come
    # 将 after a deadline already met marks the object, not the future
    ("2023年1—6月抽查病历。整改情况：已于9月15日前将多收费用全部退还。", "9月15日", 2023),
    # a deadline set in the story of its paragraph falls in the story's year
    ("2023年9月2日至10月15日，巡察组开展巡察。11月20日反馈意见，要求于12月底前整改到位。", "12月底", 2023),
    # …and one earlier in the year than the story's month in the year after
    ("2023年11月巡察组反馈意见。要求于3月底前整改到位。", "3月底", 2024),
    # a date things stand at, after a bare year in its sentence, counts from the notice
    ("2023年计划改造的86个小区已全部开工，截至2月底，已完工71个。", "2月底", 2024),
])
def test_year_of_a_date_that_looks_ahead_or_stands_at(text, raw, year):
    import datetime as dt

    from pipeline.extract.dates import find_dates

    rows = {d.raw: d for d in find_dates(text, published=dt.date(2024, 3, 15))}
    assert rows[raw].date_start.year == year


def test_a_month_in_a_section_that_plans_ahead_is_to_come():
    """三、下一步工作打算: a year-less month later in the year than the notice is this year's, not last year's."""
    text = ("关于巡察整改情况的通报\n一、整改工作情况\n7月，完成制度修订。\n三、下一步工作打算\n"
            "一是开展回头看。7月对已完成的问题逐项开展“回头看”，第四季度形成评估报告。\n"
            "中共某县委\n2024年5月20日\n")
    from pipeline import process_text

    rows = process_text(text)["dates"]
    got = [(d["raw"], str(d["start"])) for d in rows]
    assert got == [("7月", "2023-07-01"), ("7月", "2024-07-01"), ("第四季度", "2024-10-01"),
                   ("2024年5月20日", "2024-05-20")]


@pytest.mark.parametrize("text, expected", [
    ("广西：督察整改推动漓江流域生态持续向好\n《人民日报》（2023年04月13日　第11版）\n\n本报南宁4月12日电", "2023-04-13"),
    ("湘西州：扶贫领域巡察整改\n湖南日报　2018年06月21日　07:30\n正文", "2018-06-21"),
    ("某某：\n据《人民日报》2020年1月1日报道，正文", None),  # a date in the prose, not a dateline
    ("中共某局党组关于巡视整改进展情况的通报\n2019年12月27日 来源:中央纪委国家监委网站\n正文", "2019-12-27"),
    ("某市贯彻落实督察报告整改方案进展情况\n（2023年6月30日）\n\n正文", "2023-06-30"),
])
def test_a_newspaper_dateline_is_the_publication_date(text, expected):
    found = find_published_date(text)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize("text, expected", [
    # a ledger's deadline column: a year and month alone, the cell ending right after it
    ("市自然资源局\t2023.8\t1245.36\t已完成", [("2023.8", "2023-08-01", "2023-08-31")]),
    ("| 新能源事业部 | 2023.12 | 完成率60% |", [("2023.12", "2023-12-01", "2023-12-31")]),
    ("整改时限:2024-6前", [("2024-6", "2024-06-01", "2024-06-30")]),
    ("投入2023.8万元，共1999.5吨", []),  # amounts, not months
    # a range's end whose year a relative word names
    ("12月至次年2月共编发通报4期", [("12月至次年2月", "2022-12-01", "2023-02-28")]),
    ("去年12月至今年2月，巡察组开展巡察", [("去年", "2022-01-01", "2022-12-31"), ("12月至今年2月", "2022-12-01", "2023-02-28")]),
    # a plan's years in brackets lend themselves to no date after them
    ("制定轮岗规划(2023—2025年),3月上旬已交流5人。", [("2023—2025年", "2023-01-01", "2025-12-31"),
                                                   ("3月上旬", "2023-03-01", "2023-03-10")]),
])
def test_ledger_months_relative_range_ends_and_plan_years(text, expected):
    import datetime as dt

    rows = [(d.raw, str(d.date_start), str(d.date_end)) for d in find_dates(text, published=dt.date(2023, 6, 14))]
    assert rows == expected


def test_a_deadline_takes_the_year_that_puts_it_nearer_the_notice():
    """12月底前 in a ledger of a notice of 5 January: last December, not a year ahead; 6月底前: this June."""
    import datetime as dt

    published = dt.date(2024, 1, 5)
    assert find_dates("整改时限：12月底前", published=published)[0].date_start == dt.date(2023, 12, 31)
    assert find_dates("整改时限：6月底前", published=published)[0].date_start == dt.date(2024, 6, 30)
    assert find_dates("计划12月底前完成", published=published)[0].date_start == dt.date(2024, 12, 31)  # planned
    assert find_dates("确保年底前完成", published=published)[0].date_start == dt.date(2024, 12, 31)  # the year's end


@pytest.mark.parametrize("text, expected", [
    ("江岚日报　2023年6月14日　星期三　第01版：要闻\n\n标题\n正文", "2023-06-14"),  # a weekday after the date
    ("临溪日报　数字报\n2023年12月28日　星期四　第03版：综合新闻\n\n标题", "2023-12-28"),  # a page header
])
def test_a_newspaper_page_header_is_the_publication_date(text, expected):
    assert str(find_published_date(text)) == expected


def test_a_slogan_of_frequencies_is_no_month():
    """一周一调度、一月一通报 is "weekly…, monthly…", not January; 十一、十二月份 is still two months."""
    assert find_dates("实行“一周一调度、一月一通报”") == []
    assert [d.raw for d in find_dates("十一、十二月份", published=None)] == ["十一", "十二月份"]


def test_a_month_range_over_a_year_end_and_years_without_a_notice_date():
    import datetime as dt

    rows = find_dates("12月至1月开展冬季攻势", published=dt.date(2022, 1, 28))
    assert [(d.raw, str(d.date_start), str(d.date_end)) for d in rows] == [("12月至1月", "2021-12-01", "2022-01-31")]
    assert find_dates("3月5日至2日")[0].date_start is None  # a day range is never rolled over
    # no notice date: the latest year the story has reached, not a scope it looks back on
    text = "2021年1月15日，巡察组反馈了意见。对2020年12月31日前的案款逐笔核对。1至5月，抽查案件386件。"
    assert [str(d.date_start) for d in find_dates(text)][-1] == "2021-01-01"


def test_a_bare_year_that_names_a_budget_lends_no_year_to_a_past_event():
    """纳入2020年预算编制，并于9月下旬印发 in a report of December 2019: September 2019."""
    import datetime as dt

    text = "市财政局已将基金收入纳入2020年预算编制，并于9月下旬印发通知。"
    rows = find_dates(text, published=dt.date(2019, 12, 25))
    assert [(d.raw, str(d.date_start)) for d in rows][-1] == ("9月下旬", "2019-09-21")
    # a year with its half is no budget: 2023年上半年、下半年 stays in 2023
    assert str(find_dates("2023年上半年、下半年", published=dt.date(2020, 4, 29))[1].date_start) == "2023-07-01"


@pytest.mark.parametrize("text, expected", [
    # amounts that read like a ledger's year-month: a unit after a space, a clause going on
    ("追缴资金2011.1 万元", []), ("投入资金2023.5，面积达2019.6、", []),
    ("整改时限：2023.1—2023.6", [("2023.1—2023.6", "2023-01-01", "2023-06-30")]),
    # a range to the end of this year
    ("2023年5月至今年底", [("2023年5月至今年底", "2023-05-01", "2023-12-31")]),
    ("12月至今", [("12月", "2022-12-01", "2022-12-31")]),
])
def test_review_cases(text, expected):
    import datetime as dt

    rows = find_dates(text, published=dt.date(2023, 6, 14))
    assert [(d.raw, str(d.date_start), str(d.date_end)) for d in rows] == expected


def test_years_inside_a_title_with_a_plan_in_brackets_lend_nothing():
    """《规划（2021—2025年）2023年工作要点》: nested spans merged, so neither year lends itself to 5月."""
    import datetime as dt

    rows = find_dates("《某某规划（2021—2025年）2023年工作要点》明确，5月完成", published=dt.date(2024, 7, 1))
    assert str(rows[-1].date_start) == "2024-05-01"


def test_an_amount_under_a_unit_header_is_no_date():
    from pipeline import process_text

    text = "整改台账\n序号\t问题\t涉及金额（万元）\t整改时限\n1\t资金闲置\t2023.5\t2024.6\n中共某县委\n2024年3月1日\n"
    rows = process_text(text)
    assert [(m["raw"], m["unit"]) for m in rows["metrics"]] == [("2023.5", "元")]
    assert [d["raw"] for d in rows["dates"]] == ["2024.6", "2024年3月1日"]


def test_a_lost_month_read_from_the_end_of_its_range():
    """124日至6日 (12月4日至6日, its 月 lost): 1月24日 cannot start a range that ends on the 6th."""
    import datetime as dt

    rows = find_dates("124日至6日,督察组进驻", published=dt.date(2017, 12, 8))
    assert [(d.raw, str(d.date_start), str(d.date_end)) for d in rows] == [("124日至6日", "2017-12-04", "2017-12-06")]
    assert find_dates("112日")[0].date_start is None  # 1月12日 or 11月2日: still unread


def test_without_a_notice_date_a_story_crosses_the_year_end():
    """No notice date: 12月 … then 1月 is the next January; a scope that looks back moves nothing."""
    text = ("2023年9月4日至10月27日，巡察组开展巡察。12月8日反馈意见。1月15日召开推进会，截至2月底完成整改。"
            "对2019年以来的资金进行清查，6月底前完成回头看。")
    got = [(d.raw, str(d.date_start)) for d in find_dates(text)]
    assert got[1:] == [("12月8日", "2023-12-08"), ("1月15日", "2024-01-15"), ("2月底", "2024-02-29"),
                       ("2019年", "2019-01-01"), ("6月底", "2024-06-30")]


def test_without_a_notice_date_a_scope_in_the_sentence_is_older_than_the_story_past_a_year_end():
    """The story reached 2023 by a year end (11月 … 1月): 2020年至2022年 in the sentence is a scope."""
    text = ("2022年8月29日至10月28日开展巡视，11月25日反馈。1月至3月开展专项督查。"
            "对2020年至2022年实施的项目开展排查，已于2月上旬全部整改到位。")
    got = [(d.raw, str(d.date_start)) for d in find_dates(text)]
    assert got[1:] == [("11月25日", "2022-11-25"), ("1月至3月", "2023-01-01"), ("2020年至2022年", "2020-01-01"),
                       ("2月上旬", "2023-02-01")]


@pytest.mark.parametrize("text, published, raw, expected", [
    # a bare year that qualifies a noun is what is looked at, not when the sentence happens (holdout32)
    ("对2022年实施的沟渠项目进行“回头看”，督促完成沟渠硬化，3月下旬通过验收。", dt.date(2024, 5, 20), "3月下旬", "2024-03-21"),
    ("对2018年制定的《村规民约》进行修订，新的村规民约于7月26日经村民会议表决通过。", dt.date(2024, 10, 8), "7月26日",
     "2024-07-26"),
    # a range of months that qualifies a noun is a scope too (holdout34)
    ("2024年5月13日至7月12日，对其2019年1月至2023年12月任职期间的经济责任进行了审计，并于8月26日出具了报告。", None,
     "8月26日", "2024-08-26"),
    # a bare year older than a month named before it in its sentence looks back, with a notice date too (holdout38)
    ("2024年7月15日至9月27日，省审计厅对我市2021—2023年地方政府专项债券资金管理使用情况进行了专项审计调查，并于10月30日印发了报告。",
     dt.date(2025, 4, 10), "10月30日", "2024-10-30"),
    ("2024年7月15日至9月27日，省审计厅对我市2021—2023年地方政府专项债券资金进行了审计，并于10月30日印发了报告。", None,
     "10月30日", "2024-10-30"),
    # …while a year that says when lends it (2022年开展整治，3月完成 is 2022)
    ("2022年开展专项整治，3月下旬通过验收。", dt.date(2024, 5, 20), "3月下旬", "2022-03-21"),
    # without a notice date, a deadline's year is a plan, not where the story is
    ("2024年8月完成整改。欠款于2025年底前分期偿还。各村于9月底前将自查情况报镇。", None, "9月底", "2024-09-30"),
])
def test_a_year_that_is_a_scope_or_a_plan_lends_no_year(text, published, raw, expected):
    got = {d.raw: str(d.date_start) for d in find_dates(text, published=published)}
    assert got[raw] == expected


@pytest.mark.parametrize("text, raw, expected", [
    # no notice date: the date the text stands at plays it; a later month in its year is last year's (holdout33)
    ("2021年9月至11月开展巡察，11月26日反馈。截至2022年10月底，已完成整改22个。\n反馈会后，召开党组会议。12月15日，召开动员部署会。",
     "12月15日", "2021-12-15"),
    # …and an earlier one is its own year, whatever year a scope in the sentence names (holdout26)
    ("2021年4月6日至5月6日开展督察，同年7月11日反馈。截至2023年6月底，完成14项。对2018年以来治理的水体逐一复查，第二季度完成8条。",
     "第二季度", "2023-04-01"),
    # the end of the inspection's range is where the story has got to: a January after it is next year's (holdout34)
    ("按照区委统一部署，2022年10月12日至12月5日开展了常规巡察。1月6日反馈了巡察意见。", "1月6日", "2023-01-06"),
    # a date a finding stood at, older than the story, is not when the text is told (holdout26)
    ("2023年3月至7月开展审计，8月29日报告。审计发现，截至2022年底，有收入滞留未缴库。财政局于9月上旬督促缴入国库。",
     "9月上旬", "2023-09-01"),
    # a status on the way, once the story has gone past it in its year (holdout72)
    ("3月上旬完成核查。截至2022年6月底，已消化土地612亩。\n7月，修订《规划局部调整工作规程》。\n8月下旬开展专项行动。",
     "8月下旬", "2022-08-21"),
])
def test_without_a_notice_date_the_date_the_text_stands_at_plays_it(text, raw, expected):
    got = {d.raw: str(d.date_start) for d in find_dates(text)}
    assert got[raw] == expected


@pytest.mark.parametrize("text, raw, expected", [
    # a finding's dates told before a remedy label are looked at: what was done goes on in the story (holdout72)
    ("去年11月8日至12月25日巡察，今年1月18日反馈。截至2022年8月底，已完工5个。\n一、关于维修资金管理不规范的问题\n"
     "巡察指出，2020年6月，中心违规转存资金380万元，同年9月才收回。整改情况：\n（一）2月，聘请会计师事务所开展审计。",
     "2月", "2022-02-01"),
    # …while 同年 after the label still counts from the finding's year (holdout52)
    ("2020年9月开展巡察。巡察指出，截至2020年8月底，一年以上未结诉讼案件57件。\n整改情况：同年10月至12月开展清积行动，"
     "至年底清结案件49件。", "年底", "2020-12-31"),
    # 去年 alone qualifying a noun is looked at, as a bare year is (holdout72)
    ("去年11月8日至12月25日巡察，今年1月18日反馈。\n去年计划改造的24个老旧小区中，至巡察时仍有7个未开工。"
     "4月底前7个小区全部开工。截至2022年8月底，已完工5个。", "4月底", "2022-04-30"),
    # a finding told under 问题表现： is looked at too (holdout76)
    ("问题表现：2019年至2021年，局属学校列支餐费；2020年秋季学期，二中违规收费。\n整改情况：已于3月全部清退。"
     "2月，局党组印发《2023年度全县教育系统全面从严治党工作要点》。", "3月", "2023-03-01"),
    # the end of a term set by 至 moves no story (holdout76)
    ("巡察发现，2018年，东岗村将鱼塘承包期延长至2030年。\n整改措施及进展：于2019年12月中旬至1月上旬清查。"
     "承包期调整为至2023年底。1月下旬起，实行村账镇代管。", "1月下旬", "2020-01-21"),
    # a plan the body issued for a year names the story's year (holdout76)
    ("整改情况：制定《局党组理论学习中心组2020年学习计划》。6月至8月，开展信息核查。", "6月至8月", "2020-06-01"),
    # …named without 《》 too (holdout76)
    ("问题：2018年仅召开党员大会2次。\n整改情况：制定林场党支部2019年学习计划，严格落实“三会一课”制度。"
     "2月已收回欠付分红16万元。", "2月", "2019-02-01"),
    # …and the year the text is written in: 明年 is the next (holdout76)
    ("3月8日，局党组印发《整改工作方案》（岚交党〔2024〕9号）。剩余7处纳入明年养护计划。4月至6月，开展专项整治。"
     "下一步，将在明年3月底前完成全部竣工验收。", "3月底", "2025-03-31"),
    # a year since which inside its clause is looked back on (holdout77); one opening its clause is its time (holdout58)
    ("2021年3月15日至5月14日巡察。\n整改情况：全面排查2018年以来违法占用耕地46宗，已于9月底前完成用地报批。",
     "9月底", "2021-09-30"),
    ("2023年12月巡察。\n通过市级销号验收。2024年以来持续开展“回头看”，4月抽测未出现反弹。", "4月", "2024-04-01"),
    # 明年 is a plan: it moves no story past its own sentence (holdout76; within it, it lends its year: holdout54)
    ("3月8日，局党组印发《整改工作方案》（岚交党〔2024〕9号）。剩余7处纳入明年养护计划。4月至6月，开展专项整治。",
     "4月至6月", "2024-04-01"),
])
def test_what_is_looked_at_moves_no_story(text, raw, expected):
    got = {d.raw: str(d.date_start) for d in find_dates(text)}
    assert got[raw] == expected


@pytest.mark.parametrize("text, expected", [
    ("对2023—2024学年寒暑假期间违规组织补课问题开展专项排查", [("2023—2024学年", "2023-09-01", "2024-08-31")]),
    ("对2019-2020学年度、2020至2021学年代收代管费用进行清理", [("2019-2020学年度", "2019-09-01", "2020-08-31"),
                                                   ("2020至2021学年", "2020-09-01", "2021-08-31")]),
    # a school year names what is looked at: a year-less month after it takes no year from it
    ("2024年3月开展巡察。对2019—2020学年的收费进行清理，5月完成。", [
        ("2024年3月", "2024-03-01", "2024-03-31"), ("2019—2020学年", "2019-09-01", "2020-08-31"),
        ("5月", "2024-05-01", "2024-05-31")]),
])
def test_a_school_year_runs_from_september_to_august(text, expected):
    """holdout37: 2023—2024学年 is a range of its own (the Chinese academic year), not two calendar years."""
    assert [(d.raw, str(d.date_start), str(d.date_end)) for d in find_dates(text)] == expected


@pytest.mark.parametrize("text, published, raw, expected", [
    # a sentence that goes over a year end: an early month after a late one takes the next year (holdout40, holdout42)
    ("2021年10月11日至12月10日，市委第一巡察组开展了常规巡察，并于1月20日反馈了巡察意见。", None, "1月20日", "2022-01-20"),
    ("2021年10月11日至12月10日，市委第一巡察组开展了常规巡察，并于1月20日反馈了巡察意见。", dt.date(2022, 6, 1),
     "1月20日", "2022-01-20"),
    ("2017年第四季度交付安置房3260套，1月至3月新开工安置房5400套。", dt.date(2018, 5, 1), "1月至3月", "2018-01-01"),
    # …but a year to date is the same year's (截至2022年11月底，1至10月)
    ("截至2022年11月底，1月至10月累计完成投资8.6亿元。", None, "1月至10月", "2022-01-01"),
    # …and the story has moved on with it: a later sentence's months are that year's
    ("2021年10月11日至12月10日开展巡察，并于1月20日反馈。集中整改期至4月20日结束。", None, "4月20日", "2022-04-20"),
])
def test_a_sentence_over_a_year_end(text, published, raw, expected):
    got = {d.raw: str(d.date_start) for d in find_dates(text, published=published)}
    assert got[raw] == expected


def test_a_scope_is_no_step_of_the_story():
    """holdout40: 对……2019年1月至2022年6月任职期间……审计 names what was audited; the story is in December 2022."""
    text = ("县审计局于2022年11月7日至12月16日，对原党委书记2019年1月至2022年6月任职期间经济责任履行情况进行了审计，"
            "并于1月10日出具了审计报告。镇党委1月12日召开党委会议。")
    got = {d.raw: str(d.date_start) for d in find_dates(text)}
    assert got["1月10日"] == "2023-01-10" and got["1月12日"] == "2023-01-12"


def test_an_excerpt_that_opens_mid_story_takes_the_year_told_later():
    """holdout40: with no year before it, a month takes the first year told later, the year before when it
    is later in the year than that date; a scope (2019年以来的) lends nothing."""
    text = ("10月9日，县委第四巡察组向石桥镇党委反馈巡察意见。11月，镇党委召开专题民主生活会。\n"
            "（一）对2019年以来的村级工程项目开展排查。12月，出台攻坚方案。\n"
            "1—3月，5个村新增经营性收入。截至2024年3月31日，38项任务已完成35项。")
    got = {d.raw: str(d.date_start) for d in find_dates(text)}
    assert [got[r] for r in ("10月9日", "11月", "12月", "1—3月")] == ["2023-10-09", "2023-11-01", "2023-12-01",
                                                                      "2024-01-01"]


def test_without_a_notice_date_a_plan_counts_from_the_date_the_text_stands_at():
    """holdout40: a section that plans ahead is read as such without a notice date too, and a deadline
    (6月底前) counts from 截至2023年3月底 as a notice's date."""
    text = ("2022年4月20日至5月20日开展督察，7月12日反馈。\n一、总体进展\n截至2023年3月底，28项任务已完成19项。\n"
            "二、主要成效\n2022年，空气优良天数比例为91.5%。11月至12月，开展排查整治。\n三、下一步工作打算\n"
            "确保6月底前建成试运行，10月完成评估，年底前全部完成整改。")
    forward = [(text.index("三、下一步"), len(text))]
    got = {d.raw: str(d.date_start) for d in find_dates(text, forward=forward)}
    assert [got[r] for r in ("11月至12月", "6月底", "10月", "年底")] == ["2022-11-01", "2023-06-30", "2023-10-01",
                                                                         "2023-12-31"]


@pytest.mark.parametrize("text, published, expected", [
    # no year end is crossed when the anchor spans the month, closes or opens a period, or the month is
    # looked at, compared with or one since which (review)
    ("2023年1—11月，全县共查处违法案件56起，其中2月份查处12起。12月，县委召开专题会议。", None,
     [("2023年1—11月", "2023-01-01"), ("2月份", "2023-02-01"), ("12月", "2023-12-01")]),
    ("截至2022年12月31日，2月份排查发现的12个问题已全部整改到位。", None,
     [("2022年12月31日", "2022-12-31"), ("2月份", "2022-02-01")]),
    ("2023年11月，县审计局对1—3月财政资金使用情况开展专项审计。", dt.date(2023, 12, 20),
     [("2023年11月", "2023-11-01"), ("1—3月", "2023-01-01")]),
    ("2023年12月，区委召开会议，对1月以来整改工作进行总结。", None, [("2023年12月", "2023-12-01"), ("1月", "2023-01-01")]),
    ("2023年第四季度营业收入较一季度增长12%，较2月份增长5%。", None,
     [("2023年第四季度", "2023-10-01"), ("一季度", "2023-01-01"), ("2月份", "2023-02-01")]),
    # a bare 期间 after a story's range is no scope: the story goes on over the year end
    ("2023年11月1日至12月15日期间，市委第一巡察组对市水利局党组进行了常规巡察。1月10日，巡察组反馈巡察意见。", None,
     [("2023年11月1日至12月15日", "2023-11-01"), ("1月10日", "2024-01-10")]),
    # with no year before them, months take a later month's year, not a period's opening bare year
    ("3月15日，区委巡察组反馈巡察意见。\n自2016年起，累计投入资金520万元。\n截至2024年6月底，已完成整改。", None,
     [("3月15日", "2024-03-15"), ("2016年", "2016-01-01"), ("2024年6月底", "2024-06-30")]),
    # a month older than one before it in its sentence is what is looked at (holdout44)
    ("2024年11月4日至12月27日，对原局长任职期间（2019年3月至2024年6月）经济责任进行了审计。1月15日，送达征求意见稿。", None,
     [("2024年11月4日至12月27日", "2024-11-04"), ("2019年3月至2024年6月", "2019-03-01"), ("1月15日", "2025-01-15")]),
    # 今年/去年 with no notice date: counted from the year the text stands at, else the story's latest year,
    # moved on when 去年 would go back before the story (holdout44)
    ("2023年9月起开展整治。截至2024年6月底，完成整改。去年11月，会同各县；12月，设立收储点。今年2月，通报。4月，检查。",
     None, [("2023年9月", "2023-09-01"), ("2024年6月底", "2024-06-30"), ("11月", "2023-11-01"), ("12月", "2023-12-01"),
            ("2月", "2024-02-01"), ("4月", "2024-04-01")]),
    ("2024年9月4日至11月10日，省委第四巡视组进行了常规巡视，去年12月20日反馈了巡视意见。今年1月8日召开会议。", None,
     [("2024年9月4日至11月10日", "2024-09-04"), ("12月20日", "2024-12-20"), ("1月8日", "2025-01-08")]),
    # periods of ten days in one month
    ("于2026年3月上旬至下旬开展检查，5月中旬到下旬复查", None,
     [("2026年3月上旬至下旬", "2026-03-01"), ("5月中旬到下旬", "2026-05-11")]),
    # a heading number that opens its line, then a date (holdout44)
    ("二、措施\n1．2023年10月，召开专题会议。\n2．11月，完成扩容。\n4.7月,修订制度。\n1.5万元已退还。", None,
     [("2023年10月", "2023-10-01"), ("11月", "2023-11-01"), ("7月", "2023-07-01")]),
])
def test_review_and_holdout44_cases(text, published, expected):
    assert [(d.raw, str(d.date_start)) for d in find_dates(text, published=published) if d.kind != "relative"] == expected


@pytest.mark.parametrize("text, forward_from, expected", [
    # 次年 counts from a date that names its year, 同年 from the last date of the story, scopes aside (holdout48)
    ("2019年12月，省委巡视组反馈意见。次年1月，市委印发方案。\n市国资委于次年3月启动清理，对2016年以来的借款逐笔核查。"
     "同年6月，出台办法。", None,
     [("2019年12月", "2019-12-01"), ("1月", "2020-01-01"), ("3月", "2020-03-01"), ("2016年", "2016-01-01"),
      ("6月", "2020-06-01")]),
    # …and from a 年度 when no date names a month (holdout52)
    ("集团2021年度少收租金约24.5万元。整改情况：已追回；自次年1月起，全部公务车辆实行定点加油。", None,
     [("2021年度", "2021-01-01"), ("1月", "2022-01-01")]),
    # with no notice date, the year the text is written in: a late month of the story's year called 去年
    ("截至6月底，反馈的31个问题已完成整改26个。\n巡视反馈后，厅党组于去年12月8日召开专题会议。"
     "2023年12月29日印发办法。今年3月，修订规则。", None,
     [("6月底", "2024-06-30"), ("12月8日", "2023-12-08"), ("2023年12月29日", "2023-12-29"), ("3月", "2024-03-01")]),
    # …the year after a budget year whose audit the text reports
    ("今年8月，县人大常委会审议了关于2023年度县本级预算执行和其他财政收支的审计工作报告。截至10月底，已整改2591万元。",
     None, [("8月", "2024-08-01"), ("2023年度", "2023-01-01"), ("10月底", "2024-10-31")]),
    # a plan's deadline already past when the text is told is next year's
    ("截至2022年11月底，完成整改18项。\n三、下一步工作打算\n剩余部分5月底前全部完工，一季度开展评估。", "三、",
     [("2022年11月底", "2022-11-30"), ("5月底", "2023-05-31"), ("一季度", "2023-01-01")]),
    # months in Chinese numerals where a day, a part of the month or a range follows; a range of such years
    ("二〇二四年一月，开展巡察。二月二日召开会议，三月下旬至五月中旬开展专项行动。阳春三月，《计划（二〇二四—二〇二六年）》", None,
     [("二〇二四年一月", "2024-01-01"), ("二月二日", "2024-02-02"), ("三月下旬至五月中旬", "2024-03-21"),
      ("二〇二四—二〇二六年", "2024-01-01")]),
])
def test_holdout48_to_50_cases(text, forward_from, expected):
    forward = [(text.index(forward_from), len(text))] if forward_from else ()
    got = [(d.raw, str(d.date_start)) for d in find_dates(text, forward=forward) if d.kind != "relative"]
    assert got == expected


@pytest.mark.parametrize("text, published, expected", [
    # a second review: 去年12月 runs into a January after it; 次年 from a bare year or a 年度 opening its clause;
    # 同年 after a bare year; a later budget year; a 截至 in a sentence with its year; past months in a plan
    ("2023年11月，县委巡察组开展巡察。巡察反馈后，局党组于去年12月8日召开专题会议，1月15日印发整改方案。截至2024年5月底，完成。",
     None, [("2023年11月", "2023-11-01"), ("12月8日", "2023-12-08"), ("1月15日", "2024-01-15"),
            ("2024年5月底", "2024-05-31")]),
    ("2023年3月，巡察组进驻。巡察发现，2016年，该县投资建设污水处理厂。次年5月建成投用。", dt.date(2023, 10, 10),
     [("2023年3月", "2023-03-01"), ("2016年", "2016-01-01"), ("5月", "2017-05-01")]),
    ("2023年3月，巡察组进驻。2021年度该局列支会议费超标。次年3月整改。", None,
     [("2023年3月", "2023-03-01"), ("2021年度", "2021-01-01"), ("3月", "2022-03-01")]),
    ("县审计局于2023年4月至6月对县医疗保障局2022年度医保基金进行了审计，7月14日出具报告，明确于次年3月底前整改到位。", None,
     [("2023年4月至6月", "2023-04-01"), ("2022年度", "2022-01-01"), ("7月14日", "2023-07-14"), ("3月底", "2024-03-31")]),
    ("2019年12月反馈。2020年，制定整改方案。同年6月出台办法，9月完成首轮清理。", None,
     [("2019年12月", "2019-12-01"), ("2020年", "2020-01-01"), ("6月", "2020-06-01"), ("9月", "2020-09-01")]),
    ("2022年11月反馈。巡察指出，截至10月底，仍有3个项目未验收。截至2024年3月31日，完成。", None,
     [("2022年11月", "2022-11-01"), ("10月底", "2022-10-31"), ("2024年3月31日", "2024-03-31")]),
    ("统一月底前报送，同一月份内，逐一月底销号，于二月二日召开", dt.date(2024, 6, 20), [("二月二日", "2024-02-02")]),
])
def test_second_review_cases(text, published, expected):
    assert [(d.raw, str(d.date_start)) for d in find_dates(text, published=published) if d.kind != "relative"] == expected


def test_past_months_in_a_plan_stay_past():
    text = ("截至2022年11月30日，完成。\n三、下一步\n巩固6月以来的整改成果，持续落实10月召开的专题会议要求，一季度开展评估。")
    got = [(d.raw, str(d.date_start)) for d in find_dates(text, forward=[(text.index("三、"), len(text))])]
    assert got == [("2022年11月30日", "2022-11-30"), ("6月", "2022-06-01"), ("10月", "2022-10-01"), ("一季度", "2023-01-01")]


@pytest.mark.parametrize("text, published, expected", [
    # a season's period is the story's, a tenure is looked at; a month inside a span over a year end (holdout54)
    ("2017年11月至2018年3月采暖季期间,全市关停小锅炉212台,12月中旬起实施应急减排。", dt.date(2018, 4, 2),
     [("2017年11月至2018年3月", "2017-11-01"), ("12月中旬", "2017-12-11")]),
    ("2024年5月13日至7月12日，对其2019年1月至2023年12月任职期间的经济责任进行了审计，并于8月26日出具了报告。", None,
     [("2024年5月13日至7月12日", "2024-05-13"), ("2019年1月至2023年12月", "2019-01-01"), ("8月26日", "2024-08-26")]),
    # a range said to come (请于……期间) keeps the notice's year
    ("如有意见建议，请于9月15日至10月14日期间，通过电话反馈。", dt.date(2022, 8, 30), [("9月15日至10月14日", "2022-09-15")]),
])
def test_holdout54_cases(text, published, expected):
    assert [(d.raw, str(d.date_start)) for d in find_dates(text, published=published) if d.kind != "relative"] == expected


def _years_of(text: str, **kwargs) -> list[tuple[str, str | None]]:
    return [(d.raw, d.date_start and str(d.date_start)) for d in find_dates(text, **kwargs) if d.kind != "relative"]


def test_a_section_may_retell_the_story_from_its_start():
    """holdout55: each problem tells its measures from the feedback on; a later section's 12月 is the December
    the story has passed, not the next one, unless it is said to come (计划于) or it is where the text stands."""
    text = ("(1)调整班子。2022年12月14日，召开专题会。12月下旬，清理资产。1月上旬，签订协议，计划于6月底前建成投产。\n"
            "2.人居环境整治不到位。\n(1)开展行动。12月至次年2月共清理垃圾。1月共通报2个村。\n"
            "3.监督作用发挥不充分。12月底前完成换届。1月下旬，组织培训。\n三、下一步工作打算\n"
            "截至3月31日，完成整改。确保9月底前处置到位。")
    got = dict(_years_of(text, markers=[m.start() for m in re.finditer(r"\(1\)|2\.|3\.|三、", text)],
                         forward=[(text.index("三、"), len(text))]))
    assert got["12月至次年2月"] == "2022-12-01" and got["12月底"] == "2022-12-31"
    assert got["1月下旬"] == "2023-01-21" and got["3月31日"] == "2023-03-31" and got["9月底"] == "2023-09-30"
    assert got["6月底"] == "2023-06-30" and got["1月"] == "2023-01-01"


@pytest.mark.parametrize("text, expected", [
    # a month before the first year told counts back from the date the text stands at, not from a later
    # month of another section (holdout55)
    ("二期工程于10月开工建设。8月，签订协议。今年7月起，开展排查。截至2022年11月底，完成清收。",
     [("10月", "2022-10-01"), ("8月", "2022-08-01"), ("7月", "2022-07-01"), ("2022年11月底", "2022-11-30")]),
    # a year a finding names is looked at (巡视指出的2021年度……问题), and a deadline met (9月底前已实现) looks back
    ("针对巡视指出的2021年度基地建设滞后问题，10月开工。截至2022年11月底，9月底前已实现全覆盖。",
     [("2021年度", "2021-01-01"), ("10月", "2022-10-01"), ("2022年11月底", "2022-11-30"), ("9月底", "2022-09-30")]),
    # a text that names only the years it looks at leaves its months unknown
    ("一是规范采购。自3月起统一采购;二是对2021年以来的账目进行清理;4月中旬约谈相关人员。",
     [("3月", None), ("2021年", "2021-01-01"), ("4月中旬", None)]),
    # a plan's year is not the year the text is written in (今年 is 2024, 明年 2025)
    ("今年1-10月，使用率下降。截至2024年10月31日，完成整改。\n三、下一步\n2025年上半年完成修订，明年3月底前投入使用。",
     [("1-10月", "2024-01-01"), ("2024年10月31日", "2024-10-31"), ("2025年上半年", "2025-01-01"), ("3月底", "2025-03-31")]),
    # 明年3月 is no step of the story: 12月 after it in the plan is still this year's
    ("截至2019年10月底，完成整改。明年3月完成验收。\n四、下一步\n力争12月开工建设，2020年底前建成。",
     [("2019年10月底", "2019-10-31"), ("3月", "2020-03-01"), ("12月", "2019-12-01"), ("2020年底", "2020-12-31")]),
])
def test_holdout55_cases(text, expected):
    forward = [(text.index("下一步") - 2, len(text))] if "下一步" in text else []
    assert _years_of(text, forward=forward) == expected


@pytest.mark.parametrize("text, headings, expected", [
    # a date of its own section comes before the date the text stands at (review)
    ("9月，县委巡察组进驻县财政局开展巡察。\n2023年1月反馈巡察意见。\n截至2024年6月底，已完成整改。", [],
     [("9月", "2022-09-01"), ("2023年1月", "2023-01-01"), ("2024年6月底", "2024-06-30")]),
    # a deadline set (要求……前) is not retold
    ("2022年11月10日至12月10日，巡察。2023年1月5日反馈意见。2月召开专题会。\n（一）关于党建的问题\n要求11月底前完成整改。",
     ["（一）"], [("2022年11月10日至12月10日", "2022-11-10"), ("2023年1月5日", "2023-01-05"), ("2月", "2023-02-01"),
                 ("11月底", "2023-11-30")]),
])
def test_review_cases_of_the_retold_story(text, headings, expected):
    starts = [text.index(h) for h in headings]
    assert _years_of(text, markers=starts, headings=starts) == expected


def test_a_table_cell_opens_no_section():
    """markers hold table cells too; only headings may start a section that retells the story."""
    text = ("2022年11月10日至12月10日，巡察。2023年1月5日反馈意见。2月召开专题会。\n| 单位 | 金额（万元） |\n"
            "| --- | --- |\n| 县财政局 | 12.5 |\n12月，完成全部整改。")
    cell = text.index("12.5")
    assert dict(_years_of(text, markers=[cell], headings=[]))["12月"] == "2023-12-01"


@pytest.mark.parametrize("text, expected", [
    # the number of a document the text's body issued tells the year (holdout44, 52); a cited one's does not
    ("6月28日,集团党委印发《整改工作方案》(淮水集团党发〔2024〕37号)。7月,修订制度。",
     [("6月28日", "2024-06-28"), ("7月", "2024-07-01")]),
    ("6月28日,根据《关于加强管理的意见》(国发〔2016〕37号)开展自查。7月,修订制度。", [("6月28日", None), ("7月", None)]),
    # a period since a month that qualifies a noun is looked at; a later month takes the year before it
    ("8月，印发《通知》（安教体发〔2021〕37号）。对全县学校食堂2020年9月以来的收支情况开展专项审计。已于11月清退费用。",
     [("8月", "2021-08-01"), ("2020年9月", "2020-09-01"), ("11月", "2021-11-01")]),
    # a month called 今年 that would come before the story began: the text is written a year later (holdout48)
    ("2024年3月25日至5月24日，巡察组开展巡察。8月，完成整改。\n(3)强化警示教育。今年1月，召开会议；3月，组织参观。",
     [("2024年3月25日至5月24日", "2024-03-25"), ("8月", "2024-08-01"), ("1月", "2025-01-01"), ("3月", "2025-03-01")]),
    # …not a span that sums up the year
    ("2019年8月下旬，审议报告。12月28日，记者获悉，今年1至11月，共完成审计项目186个。",
     [("2019年8月下旬", "2019-08-21"), ("12月28日", "2019-12-28"), ("1至11月", "2019-01-01")]),
])
def test_holdout44_48_52_cases_of_the_second_round(text, expected):
    starts = [m.start() for m in re.finditer(r"\(3\)", text)]
    assert _years_of(text, markers=starts, headings=starts) == expected


@pytest.mark.parametrize("text, expected", [
    # a 年度 review the text says was held (召开的2023年度民主生活会) puts it a year later (holdout58)…
    ("今年1月召开的2023年度民主生活会上，查摆问题39条。去年12月，修订清单。",
     [("1月", "2024-01-01"), ("2023年度", "2023-01-01"), ("12月", "2023-12-01")]),
    # …not one it plans
    ("6月，完成整改。把巡察整改问题作为2024年度民主生活会重点内容。", [("6月", None), ("2024年度", "2024-01-01")]),
    # the story stands at a range's end: January after 9月至12月 is next year's
    ("2021年7月以来，开展整治。9月至12月，排查隐患。1月上旬，通报结果。",
     [("2021年7月", "2021-07-01"), ("9月至12月", "2021-09-01"), ("1月上旬", "2022-01-01")]),
])
def test_holdout58_cases(text, expected):
    assert _years_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the years of a finding are looked at, a range's end year too; a bare one still dates its sentence
    ("审计指出，2019年至2021年局机关发放加班补贴。整改情况：要求9月底前退缴到位。截至2023年8月31日，已退缴。",
     [("2019年至2021年", "2019-01-01"), ("9月底", "2023-09-30"), ("2023年8月31日", "2023-08-31")]),
    ("审计指出，2011年市本级年初预算中代编预算4.68亿元，部分项目预算到年底执行率不足40%。",
     [("2011年", "2011-01-01"), ("年底", "2011-12-31")]),
    # a range of years after 对 is looked at: months with nothing else to go by stay unknown (holdout61)
    ("镇党委责成镇财政所对2017年至2019年镇机关账目进行清理。3月，修订制度。", [("2017年至2019年", "2017-01-01"), ("3月", None)]),
    # a year-end compared with is a baseline: the text is written after it
    ("2023年10月16日至12月15日，巡察。今年2月1日反馈。贷款余额较2023年末增加5.6亿元。5月，组织警示教育大会。",
     [("2023年10月16日至12月15日", "2023-10-16"), ("2月1日", "2024-02-01"), ("2023年末", "2023-12-31"),
      ("5月", "2024-05-01")]),
])
def test_holdout61_cases(text, expected):
    assert _years_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 与/同 join dates, they do not compare (second review)
    ("该局2022年10月与2023年3月签订的协议不符，已于5月重新签订。",
     [("2022年10月", "2022-10-01"), ("2023年3月", "2023-03-01"), ("5月", "2023-05-01")]),
    ("县财政局会同2023年9月新组建的专班开展核查，12月完成整改。", [("2023年9月", "2023-09-01"), ("12月", "2023-12-01")]),
    # a document the body only applied (未按……印发《……》执行) gives no year
    ("对2020年9月以来的收支开展审计，发现该局未按县政府印发《实施方案》（县政发〔2018〕7号）执行，已于11月清退。",
     [("2020年9月", "2020-09-01"), ("11月", None)]),
])
def test_second_review_of_the_later_rules(text, expected):
    assert _years_of(text) == expected


def test_a_section_retells_from_the_end_of_the_inspection():
    """An inspection range comes before what is done about it: a later section's 11月 is not during it (holdout61)."""
    text = ("2021年11月1日至12月31日，巡察组开展巡察。3月4日反馈意见。6月，完成整改。\n"
            "（三）关于干部队伍建设的问题\n11月选派12名年轻干部到基层锻炼。")
    starts = [text.index("（三）")]
    got = dict(_years_of(text, markers=starts, headings=starts))
    assert got["3月4日"] == "2022-03-04" and got["11月"] == "2022-11-01"


@pytest.mark.parametrize("text, expected", [
    # a document the body issued on a day it calls 今年 tells the year the text is written in
    ("去年11月至12月，县审计局进行了审计。今年4月印发《应收账款清收专项行动方案》（城投党发〔2022〕15号）。6月，追回款项。",
     [("11月至12月", "2021-11-01"), ("4月", "2022-04-01"), ("6月", "2022-06-01")]),
    # …and so does a year's own work meeting held in a month it calls 今年
    ("去年12月，县委巡察组反馈了意见。在今年1月召开的2019年全县民政工作会议上进行部署。2月至4月，开展专项治理。",
     [("12月", "2018-12-01"), ("1月", "2019-01-01"), ("2019年", "2019-01-01"), ("2月至4月", "2019-02-01")]),
    # a span of whole years is looked at, and a 对 clause's year too: the story goes on past them
    ("今年1月召开的2019年全县民政工作会议上部署整改。对2016—2018年低保资金进行审计。3月至5月，开展排查。"
     "对县殡仪馆2017年以来服务收费情况进行检查。5月，完成清退。",
     [("1月", "2019-01-01"), ("2019年", "2019-01-01"), ("2016—2018年", "2016-01-01"), ("3月至5月", "2019-03-01"),
      ("2017年", "2017-01-01"), ("5月", "2019-05-01")]),
    # 去年同期 is a baseline of a comparison, no step of the story
    ("去年11月，县审计局进行了审计。今年4月印发《方案》（城投党发〔2022〕15号）。第三季度成本较去年同期减少。6月，追回款项。",
     [("11月", "2021-11-01"), ("4月", "2022-04-01"), ("第三季度", "2022-07-01"), ("6月", "2022-06-01")]),
])
def test_holdout66_cases_of_the_present(text, expected):
    assert _years_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 次年 counts from the year named, not from a year only lent by 次年 itself (12月上旬至次年1月中旬)
    ("2023年9月4日至10月20日巡察，同年11月16日反馈。12月上旬至次年1月中旬开展排查。整改情况：次年2月，制定计划。",
     [("2023年9月4日至10月20日", "2023-09-04"), ("11月16日", "2023-11-16"), ("12月上旬至次年1月中旬", "2023-12-01"),
      ("2月", "2024-02-01")]),
    # …nor from a finding's year once the text turns to what was done about it
    ("2023年9月4日至10月20日巡察。巡察指出，2022年区审计局审计指出的问题未整改到位。整改情况：次年1月，已追回。",
     [("2023年9月4日至10月20日", "2023-09-04"), ("2022年", "2022-01-01"), ("1月", "2024-01-01")]),
    # …whatever the label adds (整改措施及进展：, holdout72)
    ("2024年6月至8月巡察。巡察指出，2021年至2023年实施的项目管护缺失。\n整改措施及进展：于次年上半年完成“回头看”。",
     [("2024年6月至8月", "2024-06-01"), ("2021年至2023年", "2021-01-01"), ("上半年", "2025-01-01")]),
    # a finding's own story still counts from it
    ("2023年9月巡察。巡察发现，2016年，该局启动建设项目。次年5月建成后闲置。",
     [("2023年9月", "2023-09-01"), ("2016年", "2016-01-01"), ("5月", "2017-05-01")]),
    # a plan's years in a title name no year of the story (行动计划（2024—2026年）)
    ("2023年9月4日至10月20日巡察。次年2月，制定《校长队伍建设行动计划（2024—2026年）》。次年上半年，开展轮训。",
     [("2023年9月4日至10月20日", "2023-09-04"), ("2月", "2024-02-01"), ("2024—2026年", "2024-01-01"),
      ("上半年", "2024-01-01")]),
])
def test_holdout66_cases_of_next_year(text, expected):
    assert _years_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # an announcement's serial number is no year; a year after it is
    ("专项审计调查结果公告（2023年第3号）。补充纳入2023年改造计划。", [("2023年", "2023-01-01")]),
    # a date right after an inline heading number (……记录。3．2017—2019年度)
    ("并记不良行为记录。3．2017—2019年度结转的项目中", [("2017—2019年度", "2017-01-01")]),
    ("增长3.2017倍", []),  # a decimal is no year
])
def test_holdout64_cases(text, expected):
    assert _years_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # what is done about findings handed over in late December comes after: a status date earlier in the year is
    # next year's, and so is what follows it
    ("2022年9月13日至11月10日，县委巡察组开展巡察。12月28日，巡察组向局党组反馈了巡察意见。截至4月30日，已完成整改27个。"
     "（一）强化组织领导。1月4日召开专题会议。",
     [("2022年9月13日至11月10日", "2022-09-13"), ("12月28日", "2022-12-28"), ("4月30日", "2023-04-30"),
      ("1月4日", "2023-01-04")]),
    # …not after a newspaper's dateline in December (its items stand at their own dates)
    ("2022年12月20日　星期二\n本报讯　12月19日，记者获悉，截至11月底已完成39项。",
     [("2022年12月20日", "2022-12-20"), ("12月19日", "2022-12-19"), ("11月底", "2022-11-30")]),
    # a finding's 截至 is what was audited, not where the text stands
    ("今年4月10日至5月19日，市审计局对我校2022年度部门决算及预算执行情况进行了审计。"
     "《审计报告》指出：截至2022年12月31日，学校其他应付款挂账。",
     [("4月10日至5月19日", "2023-04-10"), ("2022年度", "2022-01-01"), ("2022年12月31日", "2022-12-31")]),
    # a date in the days after the one a text stands at is when it is written (a 公示期)
    ("现将截至2022年6月底我县到期整改任务完成情况予以公示。公示期为7月4日至7月10日。",
     [("2022年6月底", "2022-06-30"), ("7月4日至7月10日", "2022-07-04")]),
])
def test_holdout67_cases(text, expected):
    assert _years_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a document the body issued in a January after a December it calls 去年: that January is the number's year
    ("去年12月县委巡察组反馈巡察意见后，院党组部署整改。1月12日，召开专题会议。"
     "1月15日，印发《整改工作方案》（岚法党〔2024〕3号）。2月1日，召开推进会。",
     [("12月", "2023-12-01"), ("1月12日", "2024-01-12"), ("1月15日", "2024-01-15"), ("2月1日", "2024-02-01")]),
])
def test_holdout67_cases_of_last_december(text, expected):
    assert _years_of(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a span of years opening its sentence is the sentence's time, not a scope
    ("2021年至2022年，县委开展了两轮巡察。12月，召开反馈会。2023年3月，印发整改方案。",
     [("2021年至2022年", "2021-01-01"), ("12月", "2022-12-01"), ("2023年3月", "2023-03-01")]),
    # 对 inside 针对 opens no clause that looks at a year
    ("针对巡察反馈问题2021年共追回资金50万元。11月，召开总结会。2022年3月，印发。",
     [("2021年", "2021-01-01"), ("11月", "2021-11-01"), ("2022年3月", "2022-03-01")]),
    # 整改情况 counts as a turn to what was done only as a label (整改情况：)
    ("2023年9月巡察。巡察指出，2019年审计发现的问题整改情况不理想。次年3月审计回访时仍有3项未整改。",
     [("2023年9月", "2023-09-01"), ("2019年", "2019-01-01"), ("3月", "2020-03-01")]),
    # a status before the inspection began is not moved past the feedback
    ("2022年9月13日至11月10日巡察。12月28日，巡察组向局党组反馈了巡察意见。截至10月31日，共发现问题35个。",
     [("2022年9月13日至11月10日", "2022-09-13"), ("12月28日", "2022-12-28"), ("10月31日", "2022-10-31")]),
    # a year's work meeting tells the year only when held in a month called 今年, and not a review of the year
    ("今年2月召开的2018年度全县民政工作总结表彰工作会议上进行了部署。3月，开展。",
     [("2月", None), ("2018年度", "2018-01-01"), ("3月", None)]),
])
def test_review_of_the_holdout64_67_rules(text, expected):
    assert _years_of(text) == expected


def test_a_phase_in_brackets_is_a_label_not_the_time_the_story_reached():
    """集中整改阶段（2019年10月—2020年1月）: its end year does not carry the months told after it (holdout67)."""
    text = ("（一）集中整改阶段（2019年10月—2020年1月）\n2019年10月24日，区委巡察组反馈巡察意见。10月28日，召开专题会议。"
            "11月上旬，印发整改方案。次年1月中旬，开展回头看。")
    got = dict(_years_of(text))
    assert got["10月28日"] == "2019-10-28" and got["11月上旬"] == "2019-11-01" and got["1月中旬"] == "2020-01-11"


@pytest.mark.parametrize("text, expected", [
    # a document the body only revised may keep its old number: no year of the present from it
    ("去年11月，县审计局进行了审计。今年3月修订《财务管理办法》（城投党发〔2019〕5号）。6月，追回款项。",
     [("11月", None), ("3月", None), ("6月", None)]),
    # 次年 counts from the year a range names, not from the year 次年 lent its end
    ("2022年12月至次年2月开展专项整治。次年3月，召开总结会。",
     [("2022年12月至次年2月", "2022-12-01"), ("3月", "2023-03-01")]),
])
def test_third_review_of_the_year_rules(text, expected):
    assert _years_of(text) == expected


def test_feedback_after_the_step_its_paragraph_dated_last_with_a_notice_date():
    """holdout68: a notice of January 2018 — 11月21日反馈 follows the inspection of 2016 in its paragraph."""
    text = ("2016年7月14日至8月14日，中央第五环境保护督察组对我省开展了环境保护督察。督察期间，督察组共向我县交办"
            "信访件46件；11月21日反馈的督察意见中，涉及我县的问题有3个。\n二、整改情况。污水处理厂已于10月下旬投入试运行。")
    got = dict(_years_of(text, published=dt.date(2018, 1, 5)))
    assert got["11月21日"] == "2016-11-21" and got["10月下旬"] == "2017-10-21"


def test_a_period_a_clause_looks_at_from_last_year_does_not_move_the_story():
    """holdout68: 对去年11月以来……推进不力的 names what is looked at; 8月下旬 stays in the story's year."""
    text = ("2017年3月6日至4月28日，省委第二巡视组进行了巡视。6月2日反馈了意见。三是对去年11月以来工作推进不力的"
            "2个乡镇党委书记进行了调整。四是今年第三季度开展专项检查。\n（一）建立述责述廉制度，8月下旬，7名书记述责。")
    got = dict(_years_of(text, markers=[text.index("（一）")]))
    assert got["11月"] == "2016-11-01" and got["8月下旬"] == "2017-08-21"


@pytest.mark.parametrize("text, published, expected", [
    # a report of 2022 on a page dated early in 2023: 今年8月 is August 2022, and so is 今年
    ("今年8月，市人大常委会听取和审议了审计工作报告。截至10月底，已整改问题126个。", dt.date(2023, 1, 6),
     [("8月", "2022-08-01"), ("10月底", "2022-10-31")]),
    # …not a plan (今年3月还将出台), nor a text dated later in the year
    ("据统计，去年12月销号问题412个。今年3月还将出台评估办法。", dt.date(2021, 1, 8),
     [("12月", "2020-12-01"), ("3月", "2021-03-01")]),
    ("今年8月，召开推进会。", dt.date(2023, 6, 30), [("8月", "2023-08-01")]),
    # a plan (计划于今年5月, 今年6月底全面完成) is no past month, and a text naming its own year was written then
    ("2022年10月，巡察组进行了巡察。去年12月，召开专题会议。计划于今年5月全面完成。", dt.date(2023, 1, 10),
     [("2022年10月", "2022-10-01"), ("12月", "2022-12-01"), ("5月", "2023-05-01")]),
    ("2022年10月，巡察组进行了巡察。去年12月，召开专题会议。今年6月底全面完成。", dt.date(2023, 1, 10),
     [("2022年10月", "2022-10-01"), ("12月", "2022-12-01"), ("6月底", "2023-06-30")]),
    ("2023年1月5日，召开推进会。今年8月，召开了总结会。", dt.date(2023, 1, 10),
     [("2023年1月5日", "2023-01-05"), ("8月", "2023-08-01")]),
])
def test_a_page_dated_early_in_the_next_year(text, published, expected):
    assert _years_of(text, published=published) == expected
