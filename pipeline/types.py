"""types: the frozen records that flow between stages.

raw file → RawDoc → Document (clean text + OffsetMap) → Node tree → records
(DateMention, Metric, Citation) → tables. No logic here beyond tiny helpers.

Every record that points into a notice carries ``start``/``end``: character
offsets into ``Document.text`` (the cleaned text), with
``text[start:end] == raw``.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from typing import Literal, TypeVar

MarkerKind = Literal["cn_dun", "cn_paren", "arabic_dot", "arabic_paren", "circled", "cn_shi", "cn_di"]
Role = Literal["root", "section", "category", "problem", "measure", "item"]
Granularity = Literal["day", "xun", "month", "quarter", "half", "year", "school_year"]
DateKind = Literal["point", "range", "since", "until", "relative"]
MetricKind = Literal["percent", "money", "count", "duration"]
Direction = Literal["increase", "decrease"]
Status = Literal["done", "ongoing", "planned"]
StatusBasis = Literal["words", "date", "report"]  # what a measure's status rests on: see extract.status


@dataclass(frozen=True, slots=True)
class RawDoc:
    """A file as read: decoded text plus what the container told us."""

    source_path: str
    text: str
    encoding: str  # e.g. "utf_8", "gb18030"; "html" pages name the page's encoding
    format: str  # "txt" | "html" | ...
    metadata: dict[str, str] = field(default_factory=dict)  # 发布时间, 来源, 标题 … from the page


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in the cleaned text back to offsets in RawDoc.text.

    ``anchors`` is a sorted tuple of (clean_offset, raw_offset) pairs; between
    two anchors the texts advance one character for one character.
    """

    anchors: tuple[tuple[int, int], ...] = ((0, 0),)

    def to_raw(self, offset: int) -> int:
        i = bisect.bisect_right(self.anchors, (offset, float("inf"))) - 1
        clean_at, raw_at = self.anchors[max(i, 0)]
        return raw_at + (offset - clean_at)

_R = TypeVar("_R")


def record(cls: type[_R]) -> type[_R]:
    """``@dataclass(frozen=True, slots=True, kw_only=True)``, built faster.

    The ``__init__`` a frozen dataclass gets sets each field through ``object.__setattr__``;
    this one calls each slot's own setter and builds a record in two thirds of the time (a
    bench notice makes ~500 records). Instances are unchanged: frozen, hashable, equal by value.
    """
    cls = dataclass(frozen=True, slots=True, kw_only=True)(cls)
    names = [f.name for f in fields(cls)]
    if any(f.default_factory is not MISSING for f in fields(cls)) or hasattr(cls, "__post_init__"):
        return cls  # keep the generated __init__, which knows those
    namespace = {f"_set_{n}": getattr(cls, n).__set__ for n in names}
    namespace.update({f"_default_{f.name}": f.default for f in fields(cls) if f.default is not MISSING})
    parameters = ", ".join(n if f"_default_{n}" not in namespace else f"{n}=_default_{n}" for n in names)
    body = "".join(f"\n    _set_{n}(self, {n})" for n in names)
    exec(f"def __init__(self, *, {parameters}):{body}", namespace)  # noqa: S102 (source built from field names)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init
    return cls


@record
class Issue:
    """A warning about one notice: something suspicious but not fatal."""

    kind: str  # short machine name: "text_cut", "numbering_gap", "count_mismatch" …
    message: str  # a sentence a user understands
    start: int | None = None  # offset into the cleaned text, when it applies to a place
    node_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A cleaned notice: the single owner of the text every span points into."""

    notice_id: str
    source_path: str
    text: str
    offsets: OffsetMap
    raw: RawDoc
    steps: tuple[str, ...] = ()  # names of the cleaners that changed something
    issues: tuple[Issue, ...] = ()
    #: the cleaned text in the script it was published in, when ``text`` is a Simplified copy made
    #: for matching (Traditional notices). Both have the same length, so every offset holds in both:
    #: the tables show what was published (``tabulate``), the rules read ``text``.
    published: str | None = None

    @property
    def script(self) -> str:
        """The script the notice was published in: "traditional" when it was converted for matching."""
        return "traditional" if "convert_traditional" in self.steps else "simplified"


@record
class Heading:
    """A numbered heading marker found in the text."""

    marker: str  # as published: "(一)", "（一）", "1．", "一是"
    kind: MarkerKind
    ordinal: int
    start: int  # offset of the marker
    title: str
    title_end: int  # offset where the title ends
    line_start: bool  # the marker opens a line


@dataclass(slots=True, kw_only=True)
class Node:
    """One heading and everything under it. ``start:end`` is its whole span."""

    node_id: str  # path such as "2.1.3.2"; the root is ""
    parent_id: str | None
    depth: int
    role: Role
    marker: str | None
    marker_kind: MarkerKind | None
    ordinal: int | None
    title: str
    start: int
    end: int
    status: Status | None = None  # done / ongoing / planned, from cues in its text
    children: list[Node] = field(default_factory=list)

    def walk(self):
        """Yield this node and its descendants in document order."""
        stack = [self]
        pop, extend = stack.pop, stack.extend  # bound once: trees are walked many times per notice
        while stack:
            node = pop()
            yield node
            children = node.children  # read after the yield, as a caller may have changed them
            if children:
                extend(reversed(children))


@record
class DateMention:
    """A date expression. ``date_start``/``date_end`` are the bounds of the date as named."""

    raw: str
    start: int
    end: int
    date_start: dt.date | None  # None when it could not be resolved
    date_end: dt.date | None
    granularity: Granularity | None
    kind: DateKind
    year_inferred: bool = False


@record
class Metric:
    """A quantity with its unit: 97.57%, 66.57万元 (→ 665700 元), 268起, 3—4人."""

    raw: str
    start: int
    end: int
    value: Decimal
    value_max: Decimal | None = None  # upper bound of a range such as 3—4人
    unit: str  # "%", "元", or the measure word
    kind: MetricKind
    approx: bool = False  # 余 / 多 / 近 / 以上
    subject: str | None = None  # what is measured: 诉讼收案
    comparison: str | None = None  # 同比 / 环比
    direction: Direction | None = None


@record
class Citation:
    """A document cited in 《》."""

    raw: str  # with the marks: 《……办法》
    start: int
    end: int
    title: str  # inside the marks
    doc_type: str | None
    action: str | None
    issued_here: bool


@record
class Problem:
    """A problem the inspection found (a heading in the findings part)."""

    problem_id: str  # the node_id of the problem heading
    category_id: str | None
    category: str | None
    ordinal: int | None
    title: str


@record
class Measure:
    """A rectification measure under a problem; ``start:end`` is its text."""

    measure_id: str  # node_id, or "<problem_id>.0" for an unnumbered measure
    problem_id: str
    node_id: str  # the node whose span holds it
    ordinal: int | None
    numbered: bool
    title: str
    start: int
    end: int
    status: Status | None = None  # done / ongoing / planned
    status_basis: StatusBasis | None = None  # words in its text, a date passed, or the notice being a report


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeMeta:
    """What a notice says about itself. Every field is None when the notice does not say."""

    title: str | None = None
    issuer: str | None = None  # 中共威海市文登区人民法院党组
    inspected_unit: str | None = None  # 区人民法院党组
    inspection_body: str | None = None  # 区委第三巡察组
    inspection_kind: str | None = None  # 巡察 / 巡视 / 审计 / 督察
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    feedback_date: dt.date | None = None
    published_date: dt.date | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_code: str | None = None
    phone: str | None = None
    email: str | None = None
    stated_problem_count: int | None = None
    stated_measure_count: int | None = None
    stated_rule_count: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeResult:
    """Everything extracted from one notice: what the tables hold for it."""

    document: Document
    meta: NoticeMeta
    root: Node
    problems: tuple[Problem, ...]
    measures: tuple[Measure, ...]
    dates: tuple[DateMention, ...] = ()
    metrics: tuple[Metric, ...] = ()
    citations: tuple[Citation, ...] = ()
    issues: tuple[Issue, ...] = ()
