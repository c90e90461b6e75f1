"""date_years: the year of a date written without one (12月16日, 第一季度, 6月底前).

A year-less date takes the year of a date named before it in its sentence, else the notice's
year (the year before when the date would fall after the notice: a report looks back; not for a
deadline, a plan or a section that plans ahead), else the nearest year in the text. ``YearContext``
holds what that looks at; ``year_context`` builds it from a notice's hits.
"""
from __future__ import annotations

import bisect
import datetime as dt
import itertools
from operator import attrgetter
from collections.abc import Callable

from ..pattern_cache import cached_compile
from ..resources import load_yaml
from .citations import issued_at, title_spans
from .date_parts import CLAUSE_OPENERS, NOT_ANCHORS, Hit, Piece, bounds
from .date_patterns import _PLAN_YEARS, _SENTENCE_BREAK

_THIS_YEAR_SUBS = {"first", "last", "half1", "half2"}  # 年底, 下半年: "this year" by wording
# A bare year that qualifies a noun (对2022年实施的项目, 2018年制定的村规民约, 2019年以来的资金) names what
# is looked at, not when the sentence happens: it lends its year to nothing after it.
_SCOPE_AFTER = cached_compile("[\u4e00-\u9fff]{1,4}的")
# …and so does a range of months that does (对……2019年1月至2023年12月任职期间……进行了审计，并于8月26日出具,
# 2020年1月至2021年9月的住院收费明细)
# (another 期间 only after 对: 对2019年1月至2022年8月期间提拔的干部, not 2023年11月1日至12月15日期间，巡察组……)
_RANGE_SCOPE_AFTER = cached_compile("[\u4e00-\u9fff]{0,4}的|"
                                    + "|".join(sorted(load_yaml("dates.yaml")["tenure_after"], key=len, reverse=True)))
_BARE_PERIOD = cached_compile("[\u4e00-\u9fff]{0,4}期间")
_LOOKED_AT_BEFORE = tuple(load_yaml("dates.yaml")["looked_at_before"])
# …and a bare year in a clause that 对 opens (对局机关及直属单位2022年以来公务接待……开展专项检查): what is looked at
_LOOKED_AT_REACH = 16
_LOOKED_AT_CLAUSE = cached_compile(f"(?<![{''.join(load_yaml('dates.yaml')['not_looked_at_around']['before'])}])对"
                                   f"(?![{''.join(load_yaml('dates.yaml')['not_looked_at_around']['after'])}])"
                                   f"[\u4e00-\u9fff]{{1,{_LOOKED_AT_REACH - 1}}}$")
_SET_BEFORE = tuple(load_yaml("dates.yaml")["set_before"])
_PLAN_AFTER = tuple(load_yaml("dates.yaml")["plan_after"])
_PLAN_BEFORE = tuple(load_yaml("dates.yaml")["future_before"])
_COMPARED_BEFORE = tuple(load_yaml("dates.yaml")["compared_before"])
_BASELINE_BEFORE = tuple(load_yaml("dates.yaml")["baseline_before"])
_SAME_PERIOD = tuple(load_yaml("dates.yaml")["same_period"])
_FINDING_BEFORE = tuple(load_yaml("dates.yaml")["finding_before"])
_FINDING_OPENS = cached_compile(load_yaml("dates.yaml")["finding_opens"])
_FINDING_REACH = load_yaml("dates.yaml")["finding_reach"]
REMEDY_LABEL = cached_compile(load_yaml("roles.yaml")["remedy_label"])  # 整改情况：, 整改措施及进展：
_NEWLINE = cached_compile("\n")
_SHORT = 200  # characters: a stretch searched directly for a sentence break
# After a date in its sentence: the inspection's findings handed over that day (12月28日，巡察组向局党组反馈了巡察意见)
_FEEDBACK_AFTER = cached_compile("[^。；;\n]{0,30}(?:" + "|".join(load_yaml("dates.yaml")["feedback_words"]) + ")")
_LAST_YEAR = tuple(word for word, offset in load_yaml("dates.yaml")["relative_years"].items() if offset == -1)
_JUST_AFTER = dt.timedelta(days=10)  # a date this soon after the one a text stands at is when it is written
_JUST_PASSED = dt.timedelta(days=92)  # a deadline this close before the notice may be last year's
_YEAR_END_SUBS = frozenset({"q4", "half2", "last"})  # 2017年第四季度, 下半年, 年底: they end in December
_LATE_MONTH, _EARLY_MONTH = 11, 3  # a story crosses a year end from 11–12 to 1–3
_BUDGET_AFTER = cached_compile("[\u4e00-\u9fff]{0,8}预算执行")  # 2023年度县本级预算执行: a budget year audited
_REVIEWED_AFTER = cached_compile("[\u4e00-\u9fff]{0,8}(?:" + "|".join(load_yaml("dates.yaml")["reviewed_after"]) + ")")
_YEAR_MEETING_AFTER = cached_compile("[\u4e00-\u9fff]{0,10}(?:"
                                     + "|".join(load_yaml("dates.yaml")["year_meeting_after"]) + ")")
_REVIEW_WORDS = cached_compile("|".join(load_yaml("dates.yaml")["review_words"]))
_HELD_AT = cached_compile("(?:" + "|".join(load_yaml("dates.yaml")["held_before"]) + ")的?")
_HELD_BEFORE = cached_compile("(?:" + "|".join(load_yaml("dates.yaml")["held_before"]) + ")的?[\u4e00-\u9fff]{0,6}$")
_NOT_YET = (10_000, 12)  # later than any (year, month): what a range's start gives the story's earliest date
_FIRST_MONTH_OF = {"q1": 1, "q2": 4, "q3": 7, "q4": 10, "half1": 1, "half2": 7, "first": 1, "last": 12}
_NOT_OVER_AFTER = tuple(load_yaml("dates.yaml")["not_over_a_year_end_after"])
_NOT_OVER_REACH = max(map(len, _NOT_OVER_AFTER))


def resolve(first: Piece, last: Piece, year_hint: int | None, ctx: YearContext, deadline: str = ""):
    """Fill in the year (and a range end's month); return (last, (start, end) or None, granularity)."""
    rolls = last.year is None and last.month is not None  # 12月至1月 may end in the next year; 3月5日至2日 not
    year = first.year or last.year or year_hint or (None if first.bad else ctx.infer_year(first, deadline,
                                                                                      end_month=last.month))
    last_month = last.month or (first.month if last.day is not None else None)
    if last.year != (last.year or year) or last.month != last_month:
        last = Piece(last.start, last.end, last.year or year, last_month, last.day, last.sub, last.bad)
    lo = bounds(year, first) if year and not first.bad else None
    hi = bounds(last.year, last) if lo and not last.bad else None
    if hi and hi[1] < lo[0] and rolls:
        # an end earlier in the year than the start, its year not written: the next year's (12月至1月)
        later = last._replace(year=year + 1)
        if (later_hi := bounds(later.year, later)) is not None and later_hi[1] >= lo[0]:
            last, hi = later, later_hi
    if not hi or hi[1] < lo[0]:
        return last, None, lo[2] if lo else "day"
    if first.year is None and last.month is not None and not deadline and not ctx.published:
        ctx._story_goes_on(last.start, last.year, last.month)  # the story is at the range's end (9月至12月……1月上旬)
    return last, (lo[0], hi[1]), lo[2]


class YearContext:
    """What year inference looks at: explicit years, sentence breaks, the publication date."""

    __slots__ = ("text", "anchor_at", "anchor_year", "anchor_month", "published", "dated_at", "dated_year",
                 "dated_latest", "forward", "anchor_bare", "newlines", "breaks", "dated_month", "story",
                 "anchor_scope", "stands_at", "stands_on", "anchor_plan", "ahead", "present", "periods", "_periods",
                 "present_told", "markers", "asked_at", "_story_start", "behind", "anchor_finding",
                 "range_firsts", "titles", "feedback_at", "fed", "passed_at")

    def __init__(self, text: str, anchor_at: list[int], anchor_year: list[int], published: dt.date | None,
                 dated_at: list[int] | None = None, dated_year: list[int] | None = None,
                 dated_month: list[int | None] | None = None,
                 anchor_month: list[int | None] | None = None, forward: list[tuple[int, int]] | None = None,
                 anchor_bare: list[bool] | None = None, anchor_scope: list[bool] | None = None,
                 stands: list[tuple[int, dt.date]] | None = None, anchor_plan: list[bool] | None = None,
                 periods: Callable[[], tuple[list, list, list]] | None = None, present: int | None = None,
                 present_told: bool = False, markers: list[int] | None = None,
                 anchor_finding: list[bool] | None = None, range_firsts: frozenset[int] = frozenset(),
                 titles: list[tuple[int, int]] | None = None, feedback_at: frozenset[int] = frozenset()):
        self.text, self.anchor_at, self.anchor_year, self.published = text, anchor_at, anchor_year, published
        self.forward = forward or []  # spans of sections that plan ahead
        self.anchor_month = anchor_month or [None] * len(anchor_at)
        self.anchor_bare = anchor_bare or [False] * len(anchor_at)  # a year alone: 纳入2020年预算
        self.anchor_scope = anchor_scope or [False] * len(anchor_at)  # …that qualifies a noun: 2022年实施的
        self.anchor_finding = anchor_finding or [False] * len(anchor_at)  # …a finding's, dating its own sentence
        # for each anchor, built when first asked (few dates need them): the month its expression ends in
        # (2021年10月11日至12月10日: 12; 2017年第四季度: 12), the month it starts in (2017年第四季度: 10), and whether
        # it opens or closes a period (截至2022年12月31日, 2023年下半年以来, 于2023年底前): no step of a story
        self.periods = periods or (lambda: (self.anchor_month, self.anchor_month, [False] * len(anchor_at)))
        self._periods: tuple[list, list, list] | None = None
        self.anchor_plan = anchor_plan or [False] * len(anchor_at)  # a deadline or a date said to come
        self.ahead: tuple[list[int], list[int], list[int]] | None = None  # built when _ahead is first asked
        # with no notice date: where the text says when it is told (截至2022年10月底), and that date
        self.stands_at = [at for at, _ in stands or ()]
        self.stands_on = [on for _, on in stands or ()]
        self.passed_at = -1  # the last month placed after the date the text stood at, in its year (see _year_told)
        # the anchors that name a month, quarter or half (2024年11月底), not a bare year (2021年以来)
        self.dated_at, self.dated_year = dated_at or [], dated_year or []
        # the latest year of those named so far: a story moves forward, a scope looks back
        # (2021年1月15日反馈……对2020年12月31日前的案款……。1至5月 is 2021)
        self.dated_latest = list(itertools.accumulate(self.dated_year, max))
        self.newlines: list[int] | None = None  # found when first asked: most notices never need them
        self.breaks: list[int] | None = None  # the same for sentence breaks
        self.dated_month = dated_month or [None] * len(self.dated_at)  # the month of each dated anchor
        self.story: dict[int, tuple[int, int | None]] = {}  # (year, last month) since each dated anchor
        # the year the text is written in: the notice's (``_written_in``), else as ``_present`` finds it
        self.present = present if present is not None else published.year if published else None
        self.present_told = present_told  # …as the text tells it, not only the story's latest year
        self.markers = markers or []  # where the headings start, sorted: a section may retell the story
        self.asked_at = -1  # where the last piece _story_year was asked about starts
        self._story_start: list[tuple[int, int]] | None = None  # the earliest (year, month) dated so far, per anchor
        self.behind: list[int] | None = None  # built when _behind is first asked
        self.range_firsts = range_firsts  # the dated anchors that open a range whose end is dated too
        self.titles = titles or []  # spans of 《》 titles and plans' years (规划（2024—2026年）), sorted
        self.feedback_at = feedback_at  # the dates an inspection's findings were handed over on (12月28日……反馈)
        self.fed: dict[int, bool] = {}  # per dated anchor: whether the story's month is such a date's

    def in_title(self, at: int) -> bool:
        """Whether ``at`` lies in a title: a year there names a document or a plan, not the time."""
        return inside(self.titles, at)

    def _same_line(self, start: int, end: int) -> bool:
        """Whether no line break lies in text[start:end] (by bisect: no copy, no scan per call)."""
        if self.newlines is None:
            self.newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        return bisect.bisect_left(self.newlines, start) == bisect.bisect_left(self.newlines, end)

    def _one_sentence(self, start: int, end: int) -> bool:
        """Whether no sentence break lies in text[start:end]: a search over the usual short stretch, and
        by bisect over the breaks found once when a long one comes (text run together stays linear)."""
        if end - start <= _SHORT:
            return _SENTENCE_BREAK.search(self.text, start, end) is None
        if self.breaks is None:
            self.breaks = [m.start() for m in _SENTENCE_BREAK.finditer(self.text)]
        return bisect.bisect_left(self.breaks, start) == bisect.bisect_left(self.breaks, end)

    def _story_year(self, j: int, p: Piece, retold: bool = True, stands: bool = False) -> int:
        """With no notice date: the latest year the story has reached by its j-th dated anchor, and a year
        more each time a year-less month comes earlier in the year than the one before it (2023年10月
        巡察……12月8日反馈……1月15日 is January 2024), or one less for a month a section retells (``_retold``,
        where ``retold``: see ``_may_be_retold``). What is done about findings handed over late in a year
        comes after: a date the text stands at (``stands``) earlier in the year than that feedback is next
        year's (2022年9月13日至11月10日巡察。12月28日反馈……截至4月30日 is April 2023). Pieces are asked in
        text order. (Not a status before the story began: 2022年9月13日至11月10日巡察。12月28日反馈……截至10月31日
        is 2022.)"""
        # the month to count from is the last anchor's, when that anchor is in the story's latest year
        # (not a scope that looks back: 2021年1月15日反馈……对2020年12月31日前的案款……1至5月 is 2021)
        latest = self.dated_latest[j - 1]
        year, last = self.story.get(j, (latest, self.dated_month[j - 1] if self.dated_year[j - 1] == latest else None))
        before, self.asked_at = max(self.asked_at, self.dated_at[j - 1]), p.start
        if p.month is not None:
            if last is not None and last >= _LATE_MONTH and (p.month <= _EARLY_MONTH or (
                    stands and p.month < last and self.fed.get(j, False) and (year, p.month) < self._earliest(j))):
                year += 1  # over a year end: 12月 … 1月; not a look back within the year (6月 … 3月)
            elif last is not None and p.month > last and retold and self._retold(j, before, p, year):
                year -= 1
            last = p.month
            self.fed[j] = p.start in self.feedback_at
        self.story[j] = (year, last)
        return year

    def _earliest(self, j: int) -> tuple[int, int]:
        """The earliest (year, month) the story has dated by its j-th dated anchor (a range from its start)."""
        return min(((y, m) for y, m in zip(self.dated_year[:j], self.dated_month[:j]) if m is not None),
                   default=_NOT_YET)

    def _may_be_retold(self, p: Piece, deadline: str, as_of: bool) -> bool:
        """Whether ``p`` may be a month a section retells: not the date the text stands at (截至10月底), nor
        one said to come (计划于10月底前) or set by someone (要求11月底前完成)."""
        return not (as_of and not deadline) and deadline != "planned" and not (
            deadline and self.text.endswith(_SET_BEFORE, 0, p.start))

    def _retold(self, j: int, before: int, p: Piece, year: int) -> bool:
        """Whether ``p``, later in the year than the story has got to, is rather a month the story has passed:
        the first date of a section (a heading between it and the date ``before``), whose month last year lies
        within the story since its first dated anchor (a range's end: 2021年11月1日至12月31日巡察……。
        （三）……11月选派 is November 2022). Each section may tell the story from its start:
        2022年12月14日……1月上旬……。2.人居环境整治不到位。12月至次年2月 is December 2022, not 2023."""
        k = bisect.bisect_right(self.markers, before)
        if k == len(self.markers) or self.markers[k] > p.start or inside(self.forward, p.start):
            return False  # (a plan is not retold: 三、下一步……力争9月底前 after 6月末 is still to come)
        if self._story_start is None:
            # a range counts from its end: an inspection (2021年11月1日至12月31日) comes before what it finds is done
            self._story_start = list(itertools.accumulate(
                ((y, m or 1) if at not in self.range_firsts else _NOT_YET
                 for at, y, m in zip(self.dated_at, self.dated_year, self.dated_month)), min))
        return (year - 1, p.month) >= self._story_start[j - 1]

    def _story_goes_on(self, at: int, year: int, month: int, over: bool = False, named: bool = False) -> None:
        """A month read from its sentence's year (2022年8月……，11月25日反馈): the story's last month
        from here, when it is in the year the story has reached (so that 1月 after it is next year's), or
        in the next when the sentence went over a year end (``over``: ……至12月10日巡察，并于1月20日反馈), or
        in any when a word named its year (``named``: 去年11月)."""
        j = bisect.bisect_left(self.dated_at, at)
        if j and (named or self._story_reached(j) == year or (over and self._story_reached(j) + 1 == year)):
            self.story[j] = (year, month)
            self.asked_at = max(self.asked_at, at)  # a step of the story: the section's dates have begun

    def _told_on(self, at: int) -> dt.date | None:
        """With no notice date: the date the text last said it stands at before ``at`` (截至2022年10月底),
        when no dated step of the story comes between them and the story has not gone past its year (审计
        发现，截至2022年底……滞留 in a story of 2023 is a finding's date, not when the text is told)."""
        k = bisect.bisect_left(self.stands_at, at)
        if not k:
            return None
        on, j = self.stands_on[k - 1], bisect.bisect_left(self.dated_at, at)
        if j and (self.dated_at[j - 1] > self.stands_at[k - 1] or self._story_reached(j) > on.year):
            return None
        if self.passed_at > self.stands_at[k - 1]:
            # the story went on past it (截至2022年6月底……。7月，……修订……。8月下旬 is 2022): a status on the way
            return None
        return on

    def _year_told(self, p: Piece, deadline: str, told: dt.date) -> int:
        """The year of ``p`` counted from the date the text is told on, as from a notice's date: a month later
        in the year than it is last year's (截至2022年10月底……。反馈会后……12月15日 is 2021), a deadline
        earlier in the year than it is next year's; in a section that plans ahead, any month already past then
        next year's, any other this year's."""
        year, span = told.year, bounds(told.year, p)
        if span and not inside(self.forward, p.start):
            # (not a date in the weeks after it, when the text is written: 截至2022年6月底……予以公示。公示期为
            # 7月4日至7月10日 is July 2022)
            year += (span[1] < told) if deadline else -(span[0] > told + _JUST_AFTER)
            if not deadline and year == told.year and span[0] > told:
                self.passed_at = p.start
        elif span and (deadline or (p.start == 0 or self.text[p.start - 1] in CLAUSE_OPENERS)):
            # in a section that plans ahead, a deadline or a month opening its clause already past when the text
            # is told is next year's (截至2022年11月底……三、下一步……5月底前全部完工，一季度开展评估 is 2023; not
            # 巩固6月以来的成果, 落实10月召开的会议要求)
            year += span[1] < told
        return year

    def counted_from_now(self, offset: int, p: Piece, since: bool = False) -> int | None:
        """With no notice date, the year 今年/去年 (``offset``) names for ``p``, counted from the year the text is
        written in (``present``, see ``_present``). The story goes on from it, unless it is the start of a period
        a 对 clause looks at (对去年11月以来……推进不力的2个乡镇党委书记进行了调整)."""
        if self.present is None:
            return None
        year = self.present + offset
        if since and _LOOKED_AT_CLAUSE.search(self.text, max(0, p.start - _LOOKED_AT_REACH), p.start):
            return year
        if p.month is not None and offset <= 0:  # a year named, as by an anchor: the story is there now (去年11月……；
            self._story_goes_on(p.start, year, p.month, named=True)  # 12月 is 2023); 明年3月 is no step of it
        return year

    def is_scope(self, at: int) -> bool:
        """Whether the anchor that starts at ``at`` names what the text looks at (对2016年以来的借款); a finding's
        year (巡察发现，2016年，……。次年5月建成) tells its own story, as 同年/次年 count from it."""
        i = bisect.bisect_left(self.anchor_at, at)
        return i < len(self.anchor_at) and self.anchor_at[i] == at and self.anchor_scope[i] and not self.anchor_finding[i]

    def is_finding(self, at: int) -> bool:
        """Whether the anchor that starts at ``at`` is a finding's year (巡察指出，2022年下达的资金)."""
        i = bisect.bisect_left(self.anchor_at, at)
        return i < len(self.anchor_at) and self.anchor_at[i] == at and self.anchor_finding[i]

    def _story_reached(self, j: int) -> int:
        """The year the story has reached since its j-th dated anchor, as far as it has been read."""
        return self.story[j][0] if j in self.story else self.dated_latest[j - 1]

    def _ahead(self) -> tuple[list[int], list[int], list[int]]:
        """For each anchor index, the first anchor from it on that is no scope: one that names a month and is
        no plan, one that is no plan, any (``len(anchor_at)`` where there is none). Built once, when asked."""
        if self.ahead is None:
            n = len(self.anchor_at)
            dated, told, any_ = [n] * (n + 1), [n] * (n + 1), [n] * (n + 1)
            for k in range(n - 1, -1, -1):
                scope, plan = self.anchor_scope[k], self.anchor_plan[k]
                any_[k] = any_[k + 1] if scope else k
                told[k] = told[k + 1] if scope or plan else k
                dated[k] = dated[k + 1] if scope or plan or self.anchor_month[k] is None else k
            self.ahead = (dated, told, any_)
        return self.ahead

    def _behind(self) -> list[int]:
        """For each anchor index, the last anchor up to it that is no scope (-1 where there is none)."""
        if self.behind is None:
            last, self.behind = -1, []
            for k, scope in enumerate(self.anchor_scope):
                last = last if scope else k
                self.behind.append(last)
        return self.behind

    def _dated_in_section(self, i: int, start: int, end: int) -> bool:
        """Whether the first anchor from the i-th that names a month and is no scope or plan lies before
        ``end`` with no heading between ``start`` and it."""
        k = self._ahead()[0][i]
        return (k < len(self.anchor_at) and self.anchor_at[k] < end
                and bisect.bisect_right(self.markers, start) == bisect.bisect_right(self.markers, self.anchor_at[k]))

    def _year_ahead(self, i: int, p: Piece) -> int | None:
        """With no notice date and no year told before ``p``: the year of the first later anchor that is no
        scope, the year before when ``p`` is later in the year than its month (an excerpt that opens mid-story:
        10月9日反馈……截至2024年3月31日 is October 2023). A deadline's year serves only when nothing else does."""
        n = len(self.anchor_at)
        dated, told, any_ = self._ahead()
        k = next((k for k in (dated[i], told[i], any_[i]) if k < n), n)
        if k >= n:
            return None
        month = self.anchor_month[k]
        return self.anchor_year[k] - (month is not None and p.month is not None and p.month > month)

    def _over_a_year_end(self, i: int, p: Piece, end_month: int | None, since: bool) -> bool:
        """Whether a year-less ``p`` after anchor i-1 in its sentence comes after a year end: an early month
        after a point or range that ends late in the year (2021年10月11日至12月10日巡察，并于1月20日反馈;
        2017年第四季度交付……，1月至3月新开工). Not when the anchor spans that month already (2023年1—11月……其中
        2月份), opens or closes a period (截至2022年12月31日, 下半年以来), nor for a month since which (1月以来)
        or one looked at or compared with (对1—3月……开展审计, 较2月份增长); with a notice date, never after it."""
        month = end_month or p.month
        if since or month is None or month > _EARLY_MONTH:
            return False
        if self._periods is None:
            self._periods = self.periods()
        last, first, opens = (column[i - 1] for column in self._periods)
        if (last is None or last < _LATE_MONTH or opens or (first is not None and first <= month)
                or self.text.endswith(_NOT_OVER_AFTER, max(0, p.start - _NOT_OVER_REACH), p.start)):
            return False
        if self.published:
            span = bounds(self.anchor_year[i - 1] + 1, p)
            return span is not None and span[0] <= self.published
        return True

    def infer_year(self, p: Piece, deadline: str = "", as_of: bool = False, end_month: int | None = None,
                   since: bool = False) -> int | None:
        """Year of a year-less piece: same sentence, else publication, else nearest in text.

        With a publication date, a date later in the year than the notice is taken from the year
        before (a report looks back), unless it is a deadline (力争9月底前完成) or in a section that
        plans ahead (三、下一步工作打算): the notice's year. A date things stand at (截至5月底) after a
        bare year in its sentence (2022年计划改造的86个小区……截至5月底) counts from the notice too.

        Past a sentence break, with no publication date, the nearest earlier date that names a
        month, quarter or half wins over a bare year: 2021年以来 opens a period, it does not
        move the notice's timeline (…2024年11月底…2021年以来的合同…。8月下旬 is 2024).
        """
        i = bisect.bisect_left(self.anchor_at, p.start)
        if i and (not self.anchor_scope[i - 1] or self.anchor_finding[i - 1]) \
                and self._one_sentence(self.anchor_at[i - 1], p.start):
            # no sentence break between the year and the piece: its year, except for a deadline
            # after a bare year (对2019—2021年建成的……，计划于10月底前完成: the notice's year), and a
            # deadline earlier in the year than the month before it comes the year after (去年12月……，4月中旬前完成)
            # after a bare year that would put a past event after the notice (纳入2020年预算编制，并于9月下旬
            # 印发, in a report of December 2019) the year names a budget or a plan: the notice's year
            month = self.anchor_month[i - 1]
            year = self.anchor_year[i - 1]
            if (i > 1 and month is not None and p.month is not None and p.month > month
                    and self.anchor_year[i - 2] == year - 1 and (first := self.anchor_month[i - 2]) is not None
                    and p.month >= first and self._one_sentence(self.anchor_at[i - 2], p.start)):
                year -= 1  # inside a span over a year end: 2017年11月至2018年3月采暖季……12月中旬起 is December 2017
            # with no notice date, a bare year older than the story has reached is a scope it looks
            # back on (对2019年以来的资金进行清查，6月底前完成 after 2023年12月反馈 is 2024)
            # (its year past a year end too: 2022年11月反馈……1月至3月……。对2020年至2022年实施的项目……，已于2月上旬
            # 整改到位 is 2023)
            j = bisect.bisect_left(self.dated_at, p.start) if not self.published and self.anchor_bare[i - 1] else 0
            if j and self._story_reached(j) > year:
                told = self._told_on(p.start)
                return self._year_told(p, deadline, told) if told and (deadline or not as_of) else self._story_year(j, p, self._may_be_retold(p, deadline, as_of), as_of and not deadline)
            if not (self.published and month is None and (
                    deadline or as_of or (self.anchor_bare[i - 1] and (span := bounds(year, p)) is not None
                                          and span[0] > self.published))):
                later = (bool(deadline) or as_of) and month is not None and p.month is not None and p.month < month
                later = later or (not deadline and self._over_a_year_end(i, p, end_month, since))
                if not self.published and not deadline and p.month is not None:
                    self._story_goes_on(p.start, year + later, p.month, later)
                return year + later
        if deadline == "by" and i and self.published and (month := self.anchor_month[i - 1]) is not None \
                and p.month is not None and self._same_line(self.anchor_at[i - 1], p.start) \
                and not inside(self.forward, p.start):
            # a deadline set in the story of the same paragraph (2024年9月……巡察。11月20日反馈……，要求于
            # 12月底前整改到位) falls in that story's year, or the year after when earlier in the year; a
            # date said to come (计划3月投入) is the writer's future: the notice's year, below
            return self.anchor_year[i - 1] + (p.month < month)
        if self.published and i and p.month is not None and not deadline and not self.anchor_scope[i - 1] \
                and (month := self.anchor_month[i - 1]) is not None and self._same_line(self.anchor_at[i - 1], p.start) \
                and _FEEDBACK_AFTER.match(self.text, p.end):
            # findings handed over after the step its paragraph dated last (2016年7月14日至8月14日……督察。……；
            # 11月21日反馈的督察意见 is 2016, in a notice of January 2018): that step's year, or the next when
            # earlier in the year, unless that would come after the notice
            year = self.anchor_year[i - 1] + (p.month < month)
            if (span := bounds(year, p)) is not None and span[0] <= self.published:
                return year
        if self.published:
            year = self.published.year
            span = bounds(year, p)
            this_year = p.month is None and p.sub in _THIS_YEAR_SUBS
            ahead = inside(self.forward, p.start)
            if not this_year and not deadline and span and span[0] > self.published and not ahead:
                year -= 1
            elif deadline == "by" and p.month is not None and not ahead and span and (before := bounds(year - 1, p)) \
                    and span[1] - self.published > self.published - before[1] <= _JUST_PASSED:
                year -= 1  # a deadline that just passed (12月底前, in a notice of January), not one a year ahead
            return year
        if (told := self._told_on(p.start)) is not None:  # (a 截至 date too: 截至2023年12月31日……截至12月底)
            return self._year_told(p, deadline, told)
        if i:
            j = bisect.bisect_left(self.dated_at, p.start)
            if j:
                return self._story_year(j, p, self._may_be_retold(p, deadline, as_of), as_of and not deadline)
            if not self.anchor_scope[i - 1]:  # (over a year end from a month it called 去年: 去年12月反馈……。
                month = self.anchor_month[i - 1]  # 1月12日 is this January)
                return self.anchor_year[i - 1] + (month is not None and p.month is not None
                                                  and month >= _LATE_MONTH and p.month <= _EARLY_MONTH
                                                  and self.text.startswith(_LAST_YEAR, self.anchor_at[i - 1]))
            if (k := self._behind()[i - 1]) >= 0:  # past a scope, the story's last year (2019年全县民政工作会议……
                return self.anchor_year[k]  # 对2016—2018年低保资金……审计……3月至5月 is 2019)
        # else a later year in the same paragraph, as it is (记者9月26日从省生态环境厅获悉……2023年8月: a news
        # report's date comes after what it reports), else the first year told later (_year_ahead)
        k = self._ahead()[2][i]  # the next anchor that is no scope (3月，对2019年以来的项目……: not 2019)
        if k < len(self.anchor_at) and self._same_line(p.start, self.anchor_at[k]):
            return self.anchor_year[k]
        if as_of and not deadline and self.present_told:
            return self.present  # 截至6月底 opening an excerpt that calls 2023年12月 去年: the year it is written in
        k = bisect.bisect_left(self.stands_at, p.start)
        if k < len(self.stands_at) and not self._dated_in_section(i, p.start, self.stands_at[k]):
            # counted back from the date the text says it stands at, as from a notice's, unless a date of its
            # own section comes first (9月，巡察组进驻。2023年1月反馈。截至2024年6月底: 2022): ……10月……。
            # （二）……今年7月……截至2022年11月底 is 2022
            return self._year_told(p, deadline, self.stands_on[k])
        ahead = self._year_ahead(i, p)
        if ahead is None and i and (k := self._behind()[i - 1]) >= 0:  # an earlier year past a scope (印发《……》
            return self.anchor_year[k]  # （〔2021〕37号）……对……2020年9月以来的收支审计……已于11月清退: 2021)
        if ahead is None and self.present_told:  # the year the text says it is written in (2023年度预算执行……审计)
            return self.present
        return ahead  # none: a text that names only the years it looks at (对2021年以来的账目) leaves it unknown


def _term_end(text: str, at: int) -> bool:
    """Whether the date at ``at`` ends a term set by 至/到 that is no range's end (承包期调整为至2023年底, 延长至
    2030年): where a term runs to, not when anything happened."""
    return at >= 2 and text[at - 1] in "至到" and "\u4e00" <= text[at - 2] <= "\u9fff" and text[at - 2] not in _DATE_ENDS


# (not after a range's start, 2019年12月中旬至1月上旬, nor 截至/截止到/直至, where a text stands)
_DATE_ENDS = frozenset("年月日旬底末初季度截止直")


def _finding_spans(text: str) -> list[tuple[int, int]]:
    """The findings told before a remedy label: from a finding cue (巡察指出，) to a remedy label (整改情况：)
    within ``finding_reach`` characters, with no other cue between."""
    spans = []
    for cue in _FINDING_OPENS.finditer(text):
        label = REMEDY_LABEL.search(text, cue.end(), cue.end() + _FINDING_REACH)
        if label is not None and not _FINDING_OPENS.search(text, cue.end(), label.start()):
            spans.append((cue.end(), label.start()))
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the nested and overlapping ones merged, as ``inside`` expects."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def year_context(hits: list[Hit], text: str, published: dt.date | None,
             forward: list[tuple[int, int]], markers: list[int] | None = None) -> YearContext:
    titles = title_spans(text)
    if any(mark in text for mark in ("年)", "年\N{FULLWIDTH RIGHT PARENTHESIS}", "月)", "月\N{FULLWIDTH RIGHT PARENTHESIS}")):
        # 规划(2023—2025年): a plan's years, as a title's; 集中整改阶段（2019年10月—2020年1月）: a phase's months
        titles = _merged(titles + [m.span() for m in _PLAN_YEARS.finditer(text)])  # 《规划（2021—2025年）》
    pieces = [p for h in hits for p in h.pieces if p.year is not None and p.sub not in NOT_ANCHORS and not p.bad
              and not inside(titles, p.start)]  # 《……（2021—2035年）》 names a plan, not the time
    scopes = {p.start for h in hits if h.link == "range" and (_RANGE_SCOPE_AFTER.match(text, h.end) or (
        (_BARE_PERIOD.match(text, h.end) or h.pieces[0].month is None and h.pieces[0].sub is None)
        and text.endswith(_LOOKED_AT_BEFORE, 0, h.start))) for p in h.pieces}  # (对2017年至2019年……: both years)
    # the years of a finding (审计指出，2019年至2021年……): looked at, though they date their own sentence
    findings = {p.start for h in hits if h.pieces and h.pieces[0].month is None and h.pieces[0].sub is None
                and h.pieces[0].year is not None and text.endswith(_FINDING_BEFORE, 0, h.start) for p in h.pieces}
    # the dates of a finding told before a remedy label (巡察指出，2020年6月……。整改情况：2月 is the story's
    # February, not 2020's)
    told_findings = _finding_spans(text) if "指出" in text or "发现" in text or "问题" in text else []
    if told_findings:
        findings |= {p.start for p in pieces if inside(told_findings, p.start)}
    scopes |= findings
    # a span of whole years (抽查2019—2021年5个社区财务凭证, 对所属企业2019—2021年“三重一大”事项) is looked at:
    # a story moves in months, and a year-less month after it is not of its last year
    # (not one opening its sentence, the time of the sentence: 2021年至2022年，县委开展了两轮巡察; 经查，2018年至
    # 2020年，……发放津补贴 is a finding's span)
    scopes.update(p.start for h in hits if h.link == "range" and len(h.pieces) == 2
                  and all(p.month is None and p.sub is None and not p.bad for p in h.pieces)
                  and not ((h.start == 0 or text[h.start - 1] in "。！？!?；;\n") and text.startswith(("，", ","), h.end))
                  for p in h.pieces)
    # a period since a month that qualifies a noun (对全县学校食堂2020年9月以来的收支情况开展审计) is looked at
    scopes.update(p.start for h in hits if h.kind == "since" and text.startswith("的", h.end) for p in h.pieces)
    # …and so is a year alone since which, inside its clause (全面排查2018年以来违法占用耕地46宗，……已于9月底前完成
    # is the notice's September): a period looked back on; not one that opens its clause, the time the clause
    # tells of (2024年以来持续开展“回头看”，4月、6月两次抽测)
    scopes.update(p.start for h in hits if h.kind == "since" and len(h.pieces) == 1
                  and (p := h.pieces[0]).month is None and p.sub is None and p.year is not None
                  and h.start > 0 and text[h.start - 1] not in CLAUSE_OPENERS and text[h.start - 1] not in "自从")
    anchors = [(p.start, p.year, p.month, p.month is None and p.sub is None,
                p.start in scopes or (p.month is None and p.sub is None and (
                    _SCOPE_AFTER.match(text, p.end) is not None or text.endswith(_LOOKED_AT_BEFORE, 0, p.start)
                    or _LOOKED_AT_CLAUSE.search(text, max(0, p.start - _LOOKED_AT_REACH), p.start) is not None))
                or text.endswith(_COMPARED_BEFORE, 0, p.start)  # 较2023年末增加: a baseline, no step of the story
                or _term_end(text, p.start))  # 承包期调整为至2023年底: the end of a term, no step of the story either
               for p in pieces]  # (对2020年以来院内自行采购的医用耗材: a bare year after 对 is looked at)
    anchors = _looking_back(anchors, text)
    issued = _issued_numbers(text) if "〔" in text or "［" in text else []
    if "《" in text:  # (印发《2023年度……工作要点》: the year its story is in)
        issued = sorted(issued + _issued_plan_years(text))
    if issued:  # 印发《……》（……〔2024〕37号）: a year of the story, as a bare year is
        anchors = sorted(anchors + [(at, year, None, True, False) for at, year in issued])
    if any(h.after is not None for h in hits):
        counted = _counted_from_before(hits, text, anchors, findings)  # 次年3月16日: a date of the year it names
        pieces = sorted(pieces + counted)
        inner = {p.start for p in counted if told_findings and inside(told_findings, p.start)}  # (同年9月 in one)
        findings |= inner
        anchors = sorted(anchors + [(p.start, p.year, p.month, False, p.start in inner) for p in counted])

    def periods() -> tuple[list, list, list]:  # YearContext.periods, for the anchors as they stand
        ends = {h.pieces[0].start: h.pieces[1].month for h in hits  # 2021年10月11日至12月10日: it ends in December
                if h.link == "range" and len(h.pieces) == 2 and h.pieces[1].year is None and h.pieces[1].month is not None}
        last_months = {p.start: 12 if p.month is None and p.sub in _YEAR_END_SUBS else p.month for p in pieces}
        first_months = {p.start: p.month if p.month is not None else _FIRST_MONTH_OF.get(p.sub) for p in pieces}
        first_months.update((p.start, first_months.get(h.pieces[0].start, h.pieces[0].month)) for h in hits
                            if h.link == "range" for p in h.pieces[1:])  # 2023年1—11月: the range starts in January
        opening = {p.start for h in hits if h.deadline or h.kind in ("until", "since") for p in h.pieces}
        return ([ends.get(a[0], last_months.get(a[0], a[2])) for a in anchors],
                [first_months.get(a[0], a[2]) for a in anchors], [a[0] in opening for a in anchors])
    if published:
        now = _written_in(hits, published, text)
        anchors += _relative_anchors(hits, now, text)
        findings |= _ahead_words(hits)
        anchors.sort(key=lambda a: a[0])
        return YearContext(text, [a[0] for a in anchors], [a[1] for a in anchors], published, present=now,
                           anchor_month=[a[2] for a in anchors], forward=forward,
                           anchor_bare=[a[3] for a in anchors], anchor_scope=[a[4] for a in anchors], anchor_finding=[a[0] in findings for a in anchors],
                           periods=periods, titles=titles)
    # the story's dates: not the deadlines it sets (2025年底前分期偿还 is a plan; the story is still in 2024),
    # nor the date it stands at (截至2022年10月底 is when it is told: 反馈会后……12月15日 is still 2021)
    ahead = {p.start for h in hits if h.deadline or h.kind == "until" for p in h.pieces}
    plans = {p.start for h in hits if h.deadline for p in h.pieces}
    # nor the scopes it looks at (对其2019年1月至2022年6月任职期间……进行了审计，并于1月10日出具)
    scoped = {a[0] for a in anchors if a[4]}
    dated = [(p.start, p.year, p.month) for p in pieces
             if (p.month is not None or p.sub is not None) and p.start not in ahead and p.start not in scoped]
    # a range's end without its year is where the story has got to (2022年10月12日至12月5日……。1月6日 is 2023)
    dated += [(last.start, first.year + (last.month < first.month), last.month) for h in hits
              if h.link == "range" and h.start not in ahead and len(h.pieces) == 2
              and (first := h.pieces[0]).year is not None and first.month is not None and not first.bad
              and (last := h.pieces[1]).year is None and last.month is not None and not last.bad
              and not inside(titles, first.start) and first.start not in scoped]
    dated.sort()
    # (not a finding's: 《审计报告》指出：截至2022年12月31日，学校“其他应付款”…… is what was audited)
    stands = [(h.start, span[1]) for h in hits if h.kind == "until" and not h.deadline and not h.met and h.pieces
              and not text.endswith(_FINDING_BEFORE, 0, h.start)
              and (last := h.pieces[-1]).year is not None and (last.month is not None or last.sub is not None)
              and not last.bad and (span := bounds(last.year, last)) is not None]
    present, told = _present(hits, text, stands, [d for d in dated if not inside(forward, d[0])], issued)  # no plan's
    if told:  # 今年3月, 去年12月8日: dates of the year they name, as with a notice date, when the text tells it
        anchors += _relative_anchors(hits, present, text)
        findings |= _ahead_words(hits)
        anchors.sort(key=lambda a: a[0])
    return YearContext(text, [a[0] for a in anchors], [a[1] for a in anchors], None,
                       [d[0] for d in dated], [d[1] for d in dated], [d[2] for d in dated],
                       anchor_month=[a[2] for a in anchors], forward=forward, anchor_bare=[a[3] for a in anchors],
                       anchor_scope=[a[4] for a in anchors], anchor_finding=[a[0] in findings for a in anchors], stands=stands,
                       anchor_plan=[a[0] in plans for a in anchors], periods=periods, present=present,
                       present_told=told, markers=markers,
                       range_firsts=frozenset(h.pieces[0].start for h in hits if h.link == "range" and len(h.pieces) == 2),
                       titles=titles,
                       feedback_at=frozenset(p.start for h in hits if h.pieces and _FEEDBACK_AFTER.match(text, h.end)
                                             for p in h.pieces[-1:] if p.year is None and p.month is not None))


def _present(hits: list[Hit], text: str, stands: list[tuple[int, dt.date]], dated: list[tuple],
             issued: list[tuple[int, int]] = ()) -> tuple[int | None, bool]:
    """With no notice date, the year the text is written in, for 今年/去年/明年: the latest year it says it
    stands at (截至2024年6月底); else the latest year its story names (not a plan's, not a scope's), or the
    next when it calls a late month of that year 去年 (2023年12月29日印发……去年12月8日 is written in 2024); and
    at least the year after a budget year whose audit it reports (2023年度预算执行……审计: 2024 or later).
    The flag says whether the text tells it (all but the story's latest year, which a story told on past
    a year end without naming it may have left: ……12月27日审计。1月15日……今年计划)."""
    # (a 截至 older than the story is a finding's date: 2023年3月审计……发现，截至2022年底……)
    present = max([on.year for _, on in stands] + [d[1] for d in dated], default=None)
    told = bool(stands) and present == max(on.year for _, on in stands)
    if issued and (latest := max(year for _, year in issued)) > (present or 0):
        present, told = latest, True  # a document its body issued (〔2024〕9号, 《2020年学习计划》): written then or later
    if not told and present is not None:
        late = any(year == present and month is not None and month >= _LATE_MONTH for _, year, month in dated)
        if late and any(h.rel_offset == -1 and (p := _next_piece(hits, h)) is not None
                        and p.month is not None and p.month >= _LATE_MONTH for h in hits):
            present, told = present + 1, True
        # …or a month it calls 今年 that would come before the story began (2024年3月25日至5月24日巡察……8月……
        # 今年1月，召开……会议 is written in 2025)
        # (a month, not a span: 今年1至11月 sums up the year)
        first = min(((year, month) for _, year, month in dated if month is not None), default=None)
        if not told and first and any(h.rel_offset == 0 and (n := _next_hit(hits, h)) is not None and n.link == "one"
                                      and (p := n.pieces[0]).month is not None and (present, p.month) < first
                                      for h in hits):
            present, told = present + 1, True
    budget = [p.year + 1 for h in hits for p in h.pieces  # the audited year: the least (在2024年度预算执行中统筹)
              if p.sub == "fiscal" and p.year is not None and (_BUDGET_AFTER.match(text, p.end) or (
                  _REVIEWED_AFTER.match(text, p.end) and _HELD_BEFORE.search(text, max(0, p.start - 12), p.start)))]
    # …and the year after a year-end it compares with (较2023年末增加5.6亿元: written in 2024 or later)
    budget += [p.year + 1 for h in hits if h.pieces and text.endswith(_COMPARED_BEFORE, 0, h.start)
               for p in h.pieces[-1:] if p.year is not None and p.sub == "last"]
    if budget and min(budget) >= (present or 0):
        present, told = min(budget), True
    if not told:  # a year's own meeting held on a day it dates by 今年 (今年1月召开的2019年全县民政工作会议)
        for i, h in enumerate(hits[:-2]):
            if h.rel_offset == 0 and (month := hits[i + 1]).start == h.end and month.pieces \
                    and (held := _HELD_AT.match(text, month.end)) and (year := hits[i + 2]).start == held.end() \
                    and len(year.pieces) == 1 and (p := year.pieces[0]).year is not None and p.month is None \
                    and p.sub is None and (meeting := _YEAR_MEETING_AFTER.match(text, year.end)) \
                    and not _REVIEW_WORDS.search(text, year.end, meeting.end()):
                return p.year, True  # (not 2018年度……总结表彰会议: a review, held the year after)
    if not told:  # a document it issued on a day it dates by 今年/去年 (今年4月印发《……》（城投党发〔2022〕15号）)
        for at, year in issued:
            i = bisect.bisect_left(hits, at, key=_hit_start) - 1  # the last date before the number
            if i >= 1 and (word := hits[i - 1]).rel_offset is not None and _next_hit(hits, word) is hits[i] \
                    and not _SENTENCE_BREAK.search(text, hits[i].end, at):
                return year - word.rel_offset, True
            # …or on a month earlier in the year than one it called 去年 before (去年12月反馈……1月15日，印发《……》
            # （岚法党〔2024〕3号）: that January is of 2024, and last December of 2023)
            if i >= 0 and (on := hits[i]).link == "one" and len(on.pieces) == 1 and (p := on.pieces[0]).year is None \
                    and p.month is not None and not _SENTENCE_BREAK.search(text, on.end, at) and any(
                        h.rel_offset == -1 and (n := _next_piece(hits, h)) is not None and n.month is not None
                        and n.month > p.month for h in hits[:i]):
                return year, True
    return present, told


def _issued_numbers(text: str) -> list[tuple[int, int]]:
    """(where, year) of the document numbers of documents the text says its body issued (印发《……》
    （安教体发〔2021〕37号）): the year the story issued them in. A number of a document it only cites
    (根据《……》（国发〔2016〕12号）) may be years old, and counts for nothing; so may the number of one it
    only revised (修订《……》（……〔2019〕5号））."""
    return [(m.start(1), int(m.group(1))) for m in _DOC_NUMBER.finditer(text)
            if (title := text.rfind("《", max(0, m.start() - _TITLE_REACH), m.start())) >= 0 and issued_at(text, title, revised=False)]


def _issued_plan_years(text: str) -> list[tuple[int, int]]:
    """(where, year) of the years of plans the text says its body issued (印发《2023年度……工作要点》): a year
    alone in the title (not a span: 《……规划（2021—2025年）》), one the plan is for."""
    out = []
    for m in _PLAN_TITLE_YEAR.finditer(text):
        if not _PLAN_TITLE_NOT.search(text, m.start(), m.end()) and issued_at(text, m.start(), revised=False):
            out.append((m.start(1), int(m.group(1))))
    # …or named without 《》 (制定林场党支部2019年学习计划)
    out += [(m.start(1), int(m.group(1))) for m in _PLAN_NAMED_YEAR.finditer(text)
            if not _PLAN_TITLE_NOT.search(text, m.start(), m.end())]
    return sorted(out)


_PLAN_TITLE_YEAR = cached_compile(r"《[^《》\n]{0,30}?(?<![—\-－~～至到\d])((?:19|20)\d\d)年度?(?![—\-－~～至到\d])[^《》\n]{0,40}》")
_PLAN_NAMED_YEAR = cached_compile(r"(?:制定|印发|出台|下发)了?[\u4e00-\u9fff]{0,12}(?<![—\-－~～至到\d])((?:19|20)\d\d)年度?"
                                  r"(?![—\-－~～至到\d])[\u4e00-\u9fff]{0,10}?(?:计划|要点|方案|安排|细则)")
_PLAN_TITLE_NOT = cached_compile("|".join(load_yaml("dates.yaml")["plan_title_not"]))
_DOC_NUMBER = cached_compile(r"》[（(][^（()）\n]{0,20}[〔［]((?:19|20)\d\d)[〕］]\d{1,4}号")
_TITLE_REACH = 120  # characters from a title's 《 to its number: longer titles are not looked for


def _written_in(hits: list[Hit], published: dt.date, text: str) -> int:
    """The year 今年 names in a text dated ``published``: that year, or the one before when the date is early in
    a year, the text names no date of that year itself, and it tells of a later month it calls 今年 as past
    (今年8月，市人大常委会……听取和审议了审计工作报告 on a page dated 2023-01-06: a report of 2022 posted after the
    year's end; not 计划于今年5月, 今年6月底全面完成, 今年3月还将出台)."""
    if published.month > _EARLY_MONTH or any(  # (not the notice's own date: its signature, its page date)
            p.year is not None and p.year >= published.year and (p.year, p.month, p.day) != (
                published.year, published.month, published.day) for h in hits for p in h.pieces):
        return published.year
    for h in hits:
        if h.rel_offset == 0 and (n := _next_hit(hits, h)) is not None and not n.deadline \
                and (p := n.pieces[0]).month is not None and p.month > published.month + 1 \
                and not text.startswith(_PLAN_AFTER, n.end) and not text.endswith(_PLAN_BEFORE, 0, h.start) \
                and "了" in text[n.end:(m.start() if (m := _SENTENCE_BREAK.search(text, n.end)) else len(text))]:
            return published.year - 1
    return published.year


def _ahead_words(hits: list[Hit]) -> set[int]:
    """Where 明年 and the like stand: plans that lend their year to their own sentence (确保在明年一季度前……，并将于
    6月报告) but move no story, as a finding's dates do."""
    return {h.start for h in hits if h.rel_offset is not None and h.rel_offset > 0}


def _relative_anchors(hits: list[Hit], this_year: int, text: str) -> list[tuple]:
    """Anchors for 今年/去年/明年, counted from ``this_year``, with the month of the date they run into
    (去年12月8日召开专题会议，1月15日印发: the January after it is next year's); not for the baseline of a
    comparison (较去年同期减少, 与去年相比), which is no step of the story."""
    out = []
    for h in hits:
        if h.rel_offset is not None and not (text.endswith(_BASELINE_BEFORE, 0, h.start)
                                             or text.startswith(_SAME_PERIOD, h.end)):
            p = _next_piece(hits, h)
            # (a year alone that qualifies a noun is looked at: 去年计划改造的24个小区……4月底前开工 is this April;
            # and 明年 is a plan: 剩余7处纳入明年养护计划。……4月至6月 is this year's)
            scope = h.rel_offset > 0 or (p is None and _SCOPE_AFTER.match(text, h.end) is not None)
            out.append((h.start, this_year + h.rel_offset, p.month if p is not None else None, False, scope))
    return out


def _next_piece(hits: list[Hit], h: Hit) -> Piece | None:
    """The first piece of the date that a relative word (去年) runs into (去年12月8日), if any."""
    n = _next_hit(hits, h)
    return n.pieces[0] if n is not None else None


def _next_hit(hits: list[Hit], h: Hit) -> Hit | None:
    """The date that a relative word runs into, if any (with pieces)."""
    i = bisect.bisect_left(hits, h.end, key=_hit_start)
    return hits[i] if i < len(hits) and hits[i].start == h.end and hits[i].pieces else None


_hit_start = attrgetter("start")


def _looking_back(anchors: list[tuple], text: str) -> list[tuple]:
    """Mark as scopes the bare years and the months older than a month named before them in their sentence:
    a sentence does not go back in time, it names what it looks at (2024年7月15日至9月27日，……对我市2021—2023年
    地方政府专项债券……进行了审计，并于10月30日印发 is October 2024). Anchors are (start, year, month, bare, scope)."""
    out: list[tuple] = []
    dated: tuple[int, int, int] | None = None  # (start, year, month) of the last anchor naming a month in this sentence
    scanned = 0  # no sentence break between dated and here: each stretch is searched once
    for anchor in anchors:
        start, year, month, bare, scope = anchor
        if dated is not None and _SENTENCE_BREAK.search(text, max(dated[0], scanned), start):
            dated = None
        scanned = start
        if not scope and dated is not None and (year < dated[1] if bare else
                                                month is not None and (year, month) < dated[1:]):
            anchor = (start, year, month, bare, True)  # …and so is a month older than one before it (2024年11月
            # 4日至12月27日对局长任职期间（2019年3月至2024年6月）经济责任进行了审计: what was audited)
        elif month is not None:
            dated = (start, year, month)
        out.append(anchor)
    return out


def _counted_from_before(hits: list[Hit], text: str, anchors: list[tuple], findings: set[int]) -> list[Piece]:
    """The first piece of each date whose year 同年/次年 names, with that year: counted, as the rows are,
    from the first dated year of its sentence, else the last one before (2022年11月7日至12月7日……，
    并于次年3月16日反馈 is 2023, and so are the year-less months the story goes on with); 次年 from one
    that names its year (2019年12月……次年1月……次年3月: 2020 both), 同年 from any (次年3月……同年6月: 2020),
    a finding's too (巡察指出，截至2020年8月底……。整改情况：……同年10月 is 2020)."""
    # not the scopes (对2016年以来的借款): no step of the story
    story = [a for a in anchors if not a[4]]
    told = [a for a in anchors if not a[4] or a[0] in findings]
    starts, told_starts = [a[0] for a in story], [a[0] for a in told]
    breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]  # once: a text run together stays linear
    out: list[Piece] = []
    for rel, hit in zip(hits, hits[1:]):
        if rel.after is None or rel.end != hit.start or not hit.pieces:
            continue
        first = hit.pieces[0]
        if first.year is not None or first.bad or first.month is None or hit.deadline:
            continue  # a deadline (于次年3月底前整改到位) does not move the story on
        among, among_at = (story, starts) if rel.after else (told, told_starts)
        i = bisect.bisect_left(among_at, rel.start)
        if not i:
            continue
        b = bisect.bisect_left(breaks, rel.start)
        sentence = breaks[b - 1] if b else -1  # the last sentence break before 同年/次年
        j = bisect.bisect_right(among_at, sentence)  # the first date of its sentence…
        at, year = among[j if j < i else i - 1][:2]  # …else the last before: for 次年 one that names its year
        if not rel.after and out and at < out[-1].start < rel.start and j >= i:
            year = out[-1].year  # 同年 after 次年3月 is that year (次年3月……2016年以来的借款……同年6月)
        out.append(first._replace(year=year + rel.after))
    return out


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]



def year_of_the_same(hit: Hit, year_before: int | None, first_in_sentence: tuple[int, int] | None,
                      text: str, scanned: int = 0) -> int | None:
    """The year 同年/次年 counts from: the sentence's first date (2023年3月……审计了2020年至2022年的
    账目，同年7月 is 2023), else the last date named before. No sentence break lies between the first
    date and ``scanned`` (found so by the caller: a text run together stays linear)."""
    if first_in_sentence and not _SENTENCE_BREAK.search(text, max(first_in_sentence[0], scanned), hit.start):
        return first_in_sentence[1]
    return year_before
