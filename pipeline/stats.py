"""stats: the Parquet tables of an output folder → analysis tables in OUT/stats/.

Each stage is a plain function named after the table it returns, whose parameters are named after
the tables it reads, Hamilton-style: ``timeline(measures, dates, citations)``. DataFrames go in,
one DataFrame comes out, nothing else is read, so ``zhenggai stats`` reruns on any old output
folder. ``compute_stats`` wires the stages together for tables in memory:

    read_tables(out_dir) → word_counts → notice_summary, key_metrics, themes, keywords, timeline → write_stats

and ``stats_stream`` runs the same stages over a big batch a chunk of notices at a time.

Themes and keywords cut text with jieba, loaded once with ``lexicon/domain_dict.txt`` and the
keywords of ``lexicon/themes.yaml`` so that 三会一课, 一案双查, 执行款 stay single words.
"""
from __future__ import annotations

import math
import os
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .pattern_cache import cached_compile
from .schemas import TABLE_NAMES, arrow_schema
from .words import (NoticeTerms, NoticeText, batch_idf, count_notices_in_parallel, count_terms, cutter, jieba_idf,
                    load_taxonomy, tokenizer, top_terms, worth_a_segmenter)

__all__ = ["STATS_TABLES", "WordCounts", "as_frames", "by_notice", "compute_stats", "key_metrics", "keyword_idf",
           "keyword_rows", "keywords", "notice_order", "notice_summary", "per_notice_stats", "read_fresh_stats",
           "read_tables", "themes",
           "timeline", "word_counts", "write_stats"]

STATS_TABLES = ("notice_summary", "key_metrics", "themes", "keywords", "timeline")
BATCH_IDF_MIN_NOTICES = 20  # below this many notices, keywords use jieba's own IDF table
TOP_KEYWORDS = {"notice": 20, "problem": 8}
STATUSES = ("done", "ongoing", "planned")
#: key-metric tiers, most quotable first; durations (审限不足10天) are not key figures
TIERS = ("change", "percent", "money", "count")
#: a document type naming a rule the notice issued (制度性规定), not a plan, list or letter
_RULE_TYPES = cached_compile("办法|规定|制度|细则|规则|规范|条例|规程|指引|准则|流程")
_MONTHLY = ("day", "xun", "month")  # granularities fine enough to place in a month
_CITATION_DATE_GAP = 60  # an issued document is dated by a date at most this many characters before it
_CJK = cached_compile(r"[\u4e00-\u9fff]")


class StatsError(Exception):
    """The output folder cannot be analysed (no tables in it, or not a folder)."""


def read_tables(out_dir: str | Path) -> dict:
    """The tables of an output folder as DataFrames, with every schema column present.

    Tables are single files or Hive-partitioned folders (``zhenggai run --partition-by``).
    A table file that is missing (an older run) reads as empty; a folder without
    ``notices.parquet`` raises ``StatsError``. Notices marked ``duplicate_of`` another file
    are left out: they hold the same text, and their records are stored once.
    """
    out_dir = Path(out_dir)
    arrow = {name: _read_arrow(out_dir, name) for name in TABLE_NAMES}
    if arrow["notices"] is None:
        raise StatsError(f"{out_dir} has no notices.parquet: run `zhenggai run INPUTS -o {out_dir}` first")
    return as_frames(arrow)


def read_fresh_stats(out_dir: str | Path, names: tuple[str, ...], columns: dict | None = None) -> dict:
    """The tables ``names`` in OUT/stats, those written (by `zhenggai stats`, `compare`) after OUT's tables;
    of a table named in ``columns``, only those columns."""
    import pandas as pd

    out_dir = Path(out_dir)
    tables = [p for p in out_dir.rglob("*.parquet") if not p.relative_to(out_dir).parts[0].startswith(("stats", "."))]
    written = max((p.stat().st_mtime for p in tables), default=float("inf"))
    paths = [out_dir / "stats" / f"{name}.parquet" for name in names]
    columns = columns or {}
    return {p.stem: pd.read_parquet(p, columns=columns.get(p.stem)) for p in paths
            if p.is_file() and p.stat().st_mtime >= written}


def as_frames(arrow: dict) -> dict:
    """pyarrow tables (None: a table the folder lacks) → DataFrames with every schema column,
    the notices marked ``duplicate_of`` another left out (``read_tables``)."""
    import pyarrow as pa

    tables = {}
    for name, table in arrow.items():
        schema = arrow_schema(name)
        frame = (schema.empty_table() if table is None else table).to_pandas()
        for field in schema:
            if field.name not in frame.columns:
                frame[field.name] = pa.nulls(len(frame), field.type).to_pandas().values
        tables[name] = frame
    if "duplicate_of" in tables["notices"]:  # a file whose text repeats an earlier one: its records are stored once
        notices = tables["notices"]
        tables["notices"] = notices[notices.duplicate_of.isna()].reset_index(drop=True)
    return tables


def _read_arrow(out_dir: Path, name: str):
    """One table as a pyarrow Table (single file or partitioned folder), or None when absent."""
    from .store import read_arrow, table_path

    return read_arrow(out_dir, name) if table_path(out_dir, name).exists() else None


def notice_order(notice_ids) -> dict:
    """notice_id → its place among ``notice_ids`` in order of first appearance: the batch's input
    order, as every table stores its rows (``store``)."""
    return {notice_id: place for place, notice_id in enumerate(dict.fromkeys(notice_ids))}


def by_notice(frame, order: dict, then: list[str]):
    """``frame`` sorted by notice in ``order`` (``notice_order``), then by ``then``, else stable:
    a chunk of a batch (``stats_stream``) sorts as its part of the whole batch does."""
    ranked = frame.assign(_notice=frame.notice_id.map(order))
    return ranked.sort_values(["_notice", *then], kind="stable").drop(columns="_notice")


# --- notice_summary ---------------------------------------------------------------------------

def notice_summary(notices, problems, measures, dates, metrics, citations):
    """One row per notice: what it contains, what it issued, and where parsing and its own counts differ."""
    import pandas as pd

    out = notices[["notice_id", "source_path", "title", "issuer", "inspection_kind", "province"]].copy()
    size = lambda frame: frame.groupby("notice_id").size()  # noqa: E731
    out["problems"] = out.notice_id.map(size(problems))
    out["measures"] = out.notice_id.map(size(measures))
    out["measures_numbered"] = out.notice_id.map(size(measures[measures.numbered.fillna(False).astype(bool)]))
    for status in STATUSES:
        out[f"measures_{status}"] = out.notice_id.map(size(measures[measures.status == status]))
    out["measures_unknown_status"] = out.notice_id.map(size(measures[measures.status.isna()]))
    issued = citations[citations.issued_here.fillna(False).astype(bool)]
    out["documents_issued"] = out.notice_id.map(issued.groupby("notice_id").title.nunique())
    rules = issued[issued.doc_type.fillna("").str.contains(_RULE_TYPES)]
    out["rules_issued"] = out.notice_id.map(rules.groupby("notice_id").title.nunique())
    out["metrics"] = out.notice_id.map(size(metrics))
    counts = [c for c in out.columns if c.startswith(("problems", "measures", "documents", "rules", "metrics"))]
    out[counts] = out[counts].fillna(0).astype("int64")
    out.insert(out.columns.get_loc("measures_numbered") + 1, "measures_unnumbered",
               out.measures - out.measures_numbered)
    out["measures_per_problem"] = (out.measures / out.problems.where(out.problems > 0)).round(2)
    days = _dates_in_measures(measures, dates).groupby("notice_id").day
    for column, pick in (("first_measure_date", days.min()), ("last_measure_date", days.max())):
        by_notice = {notice_id: day.date() for notice_id, day in pick.items()}
        out[column] = pd.Series([by_notice.get(n) for n in out.notice_id], index=out.index, dtype="object")
    stated = notices.set_index("notice_id")
    for what, column in (("problems", "stated_problem_count"), ("measures", "stated_measure_count"),
                         ("documents", "stated_rule_count")):  # 规范性文件N件: every document it issued
        parsed = out[what] if what != "documents" else out.documents_issued
        out[f"{what}_stated"] = out.notice_id.map(stated[column]).astype("Int64")
        out[f"{what}_diff"] = (parsed - out[f"{what}_stated"]).astype("Int64")
    return out.reset_index(drop=True)


def _dates_in_measures(measures, dates):
    """Dates fine enough for a month (not 今年/目前) that fall inside a measure's span, with its measure_id."""
    import pandas as pd

    dated = dates[dates.granularity.isin(_MONTHLY) & (dates.kind != "relative") & dates.start.notna()].copy()
    dated["day"] = pd.to_datetime(dated.start)
    dated = _locate_in_measures(dated, measures, "char_start")
    return dated[dated.measure_id.notna()]


def _locate_in_measures(frame, measures, offset_column: str):
    """``frame`` with the measure_id of the measure span holding ``frame[offset_column]`` (or NaN)."""
    import pandas as pd

    if frame.empty or measures.empty:
        return frame.assign(measure_id=pd.Series([None] * len(frame), index=frame.index, dtype="object"))
    spans = measures[["notice_id", "measure_id", "start", "end"]].rename(
        columns={"start": "_m_start", "end": "_m_end"}).astype({"_m_start": "int64", "_m_end": "int64"})
    left = frame.astype({offset_column: "int64"}).sort_values(offset_column)
    located = pd.merge_asof(left, spans.sort_values("_m_start"), left_on=offset_column, right_on="_m_start",
                            by="notice_id", direction="backward")
    inside = located[offset_column] < located._m_end
    located.loc[~inside, "measure_id"] = None
    return located.drop(columns=["_m_start", "_m_end"])


# --- key_metrics --------------------------------------------------------------------------------

def normalise_subject(subject) -> str:
    """A subject as a comparable key: NFKC, letters and digits only.

    >>> normalise_subject(" 诉讼收案 "), normalise_subject("“执行款”发放"), normalise_subject(None)
    ('诉讼收案', '执行款发放', '')
    """
    if not isinstance(subject, str):
        return ""
    return "".join(ch for ch in unicodedata.normalize("NFKC", subject) if ch.isalnum())


def key_metrics(metrics, nodes, problems):
    """The figures an analyst quotes, ranked per notice: changes (同比, 减少), percentages, money, counts.

    A figure a notice repeats (the same normalised subject, value and unit) appears once, with
    ``mentions`` counting how often the notice gives it. ``context`` is the title of the problem
    the figure sits in (else of its heading), since a subject alone (清查发放进度) can be ambiguous.
    """
    import pandas as pd

    frame = metrics[metrics.kind != "duration"].copy()
    frame["tier"] = frame.kind.where(frame.kind.isin(TIERS), "count")
    changed = frame.comparison.notna() | frame.direction.isin(["increase", "decrease"])
    frame.loc[changed, "tier"] = "change"
    frame["subject_norm"] = frame.subject.map(normalise_subject)
    frame["signed_value"] = frame.value.where(frame.direction != "decrease", -frame.value)
    order = notice_order(metrics.notice_id)
    frame = by_notice(frame, order, ["start"])
    # figures without a subject cannot be told apart: each stays its own row
    frame["_key"] = frame.subject_norm.where(frame.subject_norm != "", "@" + frame.start.astype(str))
    keys = ["notice_id", "_key", "value", "unit"]
    frame["mentions"] = frame.groupby(keys, dropna=False).start.transform("size")
    frame = frame.drop_duplicates(keys, keep="first").drop(columns="_key")
    frame = frame.join(_context_of(frame, nodes, problems))
    frame["_tier"] = frame.tier.map({t: i for i, t in enumerate(TIERS)})
    frame = by_notice(frame, order, ["_tier", "start"]).drop(columns="_tier")
    frame.insert(1, "rank", frame.groupby("notice_id").cumcount() + 1)
    columns = ["notice_id", "rank", "tier", "raw", "value", "signed_value", "unit", "kind", "approx", "subject",
               "subject_norm", "comparison", "direction", "context", "problem_id", "node_id", "start", "end",
               "mentions"]
    return pd.DataFrame(frame[columns]).reset_index(drop=True)


def _context_of(frame, nodes, problems):
    """problem_id and context (the problem's title, else the heading's) for each row's node_id."""
    import pandas as pd

    problem_titles = {(n, p): t for n, p, t in problems[["notice_id", "problem_id", "title"]].itertuples(index=False)}
    node_titles = {(n, i): t for n, i, t in nodes[["notice_id", "node_id", "title"]].itertuples(index=False)}
    rows = []
    for notice_id, node_id in frame[["notice_id", "node_id"]].itertuples(index=False):
        problem_id = _enclosing(notice_id, node_id, problem_titles)
        context = problem_titles.get((notice_id, problem_id)) or node_titles.get((notice_id, node_id))
        rows.append((problem_id, context))
    return pd.DataFrame(rows, columns=["problem_id", "context"], index=frame.index)


def _enclosing(notice_id, node_id, keyed: dict):
    """The nearest node among ``keyed`` that is ``node_id`` or one of its ancestors (ids are dotted paths).

    >>> _enclosing("n", "2.2.4.1", {("n", "2.2.4"): "案款清查发放不及时"}), _enclosing("n", None, {})
    ('2.2.4', None)
    """
    while isinstance(node_id, str) and node_id:
        if (notice_id, node_id) in keyed:
            return node_id
        node_id = node_id.rpartition(".")[0]
    return None


# --- themes ------------------------------------------------------------------------------------

def _traditional(notices) -> set:
    """The notices published in Traditional script."""
    return set(notices.loc[notices["script"] == "traditional", "notice_id"]) if "script" in notices else set()


def _simplifier(notices):
    """``simplify(notice_id, text)``: the text of a notice published in Traditional script in
    Simplified, as the lexicons and jieba's dictionaries spell words; other notices' text as it is."""
    from .clean_repairs import to_simplified

    traditional = _traditional(notices)

    def simplify(notice_id, text):
        if notice_id not in traditional or not isinstance(text, str):
            return text
        return to_simplified(text)

    return simplify


def themes(problems, nodes, notices, counts: WordCounts | None = None):
    """Every problem mapped to a theme of ``lexicon/themes.yaml``, with its score and deciding words.

    The words are read in the problem's title, its category's title and its body (the text of its
    heading's span: the finding and the measures under it). ``counts`` (``word_counts``) gives the
    bodies' words already cut, as ``compute_stats`` shares them with ``keywords``.
    """
    import pandas as pd

    taxonomy = load_taxonomy()
    simplify = _simplifier(notices)
    if counts is None:
        bodies = problem_texts(problems, nodes, notices)
        cut_body = cutter(sum(map(len, bodies.values())))
        body_words = {key: Counter(cut_body(simplify(key[0], text))) for key, text in bodies.items()}
    else:
        body_words = {(notice.notice_id, problem_id): themed for notice in counts.notices
                      for (problem_id, _), themed in zip(notice.problems, notice.themed)}
    cut = tokenizer().lcut  # titles are short: jieba's own cut, no automaton to build
    rows = []
    for row in problems.itertuples(index=False):
        fields = {"title": row.title, "category": row.category}
        found = {name: Counter(cut(simplify(row.notice_id, text))) if isinstance(text, str) else Counter()
                 for name, text in fields.items()}
        found["body"] = body_words.get((row.notice_id, row.problem_id), Counter())
        ranked = _score_themes(found, taxonomy)
        (best, score, words), (second, second_score, _) = ranked[0], ranked[1]
        if score < taxonomy["min_score"]:
            best, words = taxonomy["unclassified"], ""
        rows.append({"notice_id": row.notice_id, "problem_id": row.problem_id, "category": row.category,
                     "title": row.title, "theme": best, "theme_group": _group_of(best, taxonomy),
                     "score": round(score, 2), "words": words, "runner_up": second,
                     "runner_up_score": round(second_score, 2)})
    columns = ["notice_id", "problem_id", "category", "title", "theme", "theme_group", "score", "words",
               "runner_up", "runner_up_score"]
    return pd.DataFrame(rows, columns=columns)


def _score_themes(counts: dict[str, Counter], taxonomy: dict) -> list[tuple[str, float, str]]:
    """(theme, score, deciding words) for every theme, best first; ties keep the taxonomy's order.
    ``counts``: each field's words and how often they occur, in order of first use."""
    scored = []
    for theme in taxonomy["themes"]:
        contributions = Counter()
        for field, weight in taxonomy["fields"].items():
            for word, count in counts[field].items():
                if word in theme["keywords"]:
                    contributions[word] += weight * theme["keywords"][word] * (1 + math.log(count))
        words = " ".join(f"{w}({round(c, 1):g})" for w, c in contributions.most_common(5))
        scored.append((theme["name"], sum(contributions.values()), words))
    return sorted(scored, key=lambda item: -item[1])


def _group_of(theme: str, taxonomy: dict) -> str:
    return next((t.get("group", t["name"]) for t in taxonomy["themes"] if t["name"] == theme), theme)


# --- keywords ----------------------------------------------------------------------------------

def problem_texts(problems, nodes, notices) -> dict:
    """(notice_id, problem_id) → the text of the problem's heading span in notices.text."""
    texts = notices.set_index("notice_id").text
    spans = nodes.set_index(["notice_id", "node_id"])[["start", "end"]]
    out = {}
    for key in problems[["notice_id", "problem_id"]].itertuples(index=False, name=None):
        if key in spans.index and key[0] in texts.index:
            start, end = spans.loc[key]
            out[key] = texts[key[0]][int(start):int(end)]
    return out


@dataclass(frozen=True)
class WordCounts:
    """Every notice cut into words once (``words.count_notices``), for keywords and themes."""

    notices: list[NoticeTerms]
    document_frequency: Counter  # word → notices it occurs in


def word_counts(notices, problems, nodes, workers: int = 1) -> WordCounts:
    """Each notice cut once, its words and its problems' counted; a big batch by ``workers`` processes."""
    spans = _problem_spans(problems, nodes)
    traditional = _traditional(notices)
    texts = [NoticeText(n, text if isinstance(text, str) else "", n in traditional, spans.get(n, []))
             for n, text in notices[["notice_id", "text"]].itertuples(index=False)]
    fast = worth_a_segmenter(sum(len(t.text) for t in texts))
    return WordCounts(*count_notices_in_parallel(texts, fast, workers))


def keywords(notices, problems, nodes, workers: int = 1, counts: WordCounts | None = None):
    """Top keywords per notice and per problem (jieba TF-IDF with the domain dictionary).

    The IDF is computed over the batch's notices when there are at least ``BATCH_IDF_MIN_NOTICES``
    of them, else jieba's general-language IDF table is used; ``idf`` says which. Each notice is
    cut once (``word_counts``, or ``counts`` when given): a problem's words are those of its
    heading's span.
    """
    counts = counts or word_counts(notices, problems, nodes, workers)
    return keyword_rows(counts.notices, problems[["notice_id", "problem_id"]].itertuples(index=False, name=None),
                        keyword_idf(counts.document_frequency, len(notices)))


def keyword_idf(document_frequency: Counter, notices: int) -> tuple[dict[str, float], float, str]:
    """(IDF table, its median, "batch" or "jieba"): the batch's own from the notices in which each
    word occurs when there are at least ``BATCH_IDF_MIN_NOTICES`` of them, else jieba's."""
    if notices >= BATCH_IDF_MIN_NOTICES:
        return (*batch_idf(document_frequency, notices), "batch")
    return (*jieba_idf(), "jieba")


def keyword_rows(counted: list[NoticeTerms], problem_keys, idf: tuple[dict[str, float], float, str]):
    """The keywords table of notices already counted and their problems' (notice_id, problem_id),
    weighed by ``idf`` (``keyword_idf``)."""
    import pandas as pd

    table, median_idf, idf_source = idf
    per_problem = {(notice.notice_id, p): terms for notice in counted for p, terms in notice.problems}
    empty = count_terms((), frozenset(), {})
    documents = [("notice", notice.notice_id, None, notice.terms) for notice in counted]
    documents += [("problem", n, p, per_problem.get((n, p), empty)) for n, p in problem_keys]
    rows = []
    for scope, notice_id, problem_id, terms in documents:
        tags = [(w, s) for w, s in top_terms(terms, table, median_idf, None) if _CJK.search(w)][: TOP_KEYWORDS[scope]]
        rows += [{"notice_id": notice_id, "scope": scope, "problem_id": problem_id, "rank": rank,
                  "keyword": word, "weight": round(weight, 4), "idf": idf_source}
                 for rank, (word, weight) in enumerate(tags, 1)]
    out = pd.DataFrame(rows, columns=["notice_id", "scope", "problem_id", "rank", "keyword", "weight", "idf"])
    return by_notice(out, notice_order(notice.notice_id for notice in counted), []).reset_index(drop=True)


def _problem_spans(problems, nodes) -> dict:
    """notice_id → [(problem_id, start, end)] of the problems whose heading has a span in the text."""
    spans = nodes.set_index(["notice_id", "node_id"])[["start", "end"]]
    out: dict = {}
    for key in problems[["notice_id", "problem_id"]].itertuples(index=False, name=None):
        if key in spans.index:
            start, end = spans.loc[key]
            out.setdefault(key[0], []).append((key[1], int(start), int(end)))
    return out


# --- timeline ----------------------------------------------------------------------------------

def timeline(measures, dates, citations):
    """Per notice and month (YYYY-MM): measures dated in it, date mentions, and documents issued.

    A measure counts in every month one of its dates (day, 旬 or month precision; not 今年/目前)
    names. An issued document (citations.issued_here) takes the date written just before it in
    the same heading (2020年1月印发了《…》).
    """
    import pandas as pd

    dated = _dates_in_measures(measures, dates)
    dated["month"] = dated.day.dt.strftime("%Y-%m")
    per_month = dated.groupby(["notice_id", "month"]).agg(measures=("measure_id", "nunique"),
                                                          date_mentions=("raw", "size"))
    issued = _date_citations(citations[citations.issued_here.fillna(False).astype(bool)], dates)
    documents = issued.groupby(["notice_id", "month"]).agg(
        documents_issued=("title", "nunique"), documents=("title", lambda t: "；".join(dict.fromkeys(t))))
    out = per_month.join(documents, how="outer").reset_index()
    for column in ("measures", "date_mentions", "documents_issued"):
        out[column] = out[column].fillna(0).astype("int64")
    out["documents"] = out.documents.fillna("")
    out = pd.DataFrame(out, columns=["notice_id", "month", "measures", "date_mentions", "documents_issued",
                                     "documents"])
    return by_notice(out, notice_order(dates.notice_id), ["month"]).reset_index(drop=True)


def _date_citations(citations, dates):
    """Issued citations with the month of the closest date written before them in the same heading."""
    import pandas as pd

    usable = dates[dates.granularity.isin(_MONTHLY) & (dates.kind != "relative") & dates.start.notna()]
    if citations.empty or usable.empty:
        return citations.assign(month=pd.Series([], dtype="object")).iloc[0:0]
    usable = usable.assign(month=pd.to_datetime(usable.start).dt.strftime("%Y-%m"), _node=usable.node_id.fillna(""))
    left = citations.assign(_node=citations.node_id.fillna(""), start=citations.start.astype("int64"))
    right = usable[["notice_id", "_node", "char_end", "month"]].astype({"char_end": "int64"})
    located = pd.merge_asof(left.sort_values("start"), right.sort_values("char_end"), left_on="start",
                            right_on="char_end", by=["notice_id", "_node"], direction="backward",
                            tolerance=_CITATION_DATE_GAP)
    return located[located.month.notna()]


# --- wiring and output ---------------------------------------------------------------------------

def compute_stats(tables: dict, workers: int = 1) -> dict:
    """Every stats table from the base tables (``read_tables``), keyed by name; keywords of a big
    batch are counted by ``workers`` processes. ``stats_stream`` does the same a chunk at a time."""
    counts = word_counts(tables["notices"], tables["problems"], tables["nodes"], workers)
    stats = per_notice_stats(tables, counts)
    stats["keywords"] = keywords(tables["notices"], tables["problems"], tables["nodes"], counts=counts)
    return {name: stats[name] for name in STATS_TABLES}


def per_notice_stats(tables: dict, counts: WordCounts) -> dict:
    """The stats tables whose rows each notice decides alone: all but keywords (their IDF is the
    batch's), from ``tables`` (``read_tables``, or a chunk of notices) and their words ``counts``."""
    t = tables
    return {
        "notice_summary": notice_summary(t["notices"], t["problems"], t["measures"], t["dates"], t["metrics"],
                                         t["citations"]),
        "key_metrics": key_metrics(t["metrics"], t["nodes"], t["problems"]),
        "themes": themes(t["problems"], t["nodes"], t["notices"], counts),
        "timeline": timeline(t["measures"], t["dates"], t["citations"]),
    }


def write_stats(stats: dict, out_dir: str | Path) -> list[Path]:
    """Write each table to OUT/stats/<name>.parquet: all of them into a temporary folder first, then
    each moved into place (os.replace), so a failed write leaves every table as it was."""
    from .store import new_workspace

    folder = Path(out_dir) / "stats"
    workspace = new_workspace(folder)
    try:
        for name, frame in stats.items():
            frame.to_parquet(workspace / f"{name}.parquet", index=False)
        return replace_all(workspace, folder, list(stats))
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def replace_all(workspace: Path, folder: Path, names: list[str]) -> list[Path]:
    """Move the finished ``names`` tables from ``workspace`` into ``folder``, one os.replace each."""
    for name in names:
        os.replace(workspace / f"{name}.parquet", folder / f"{name}.parquet")
    return [folder / f"{name}.parquet" for name in names]
