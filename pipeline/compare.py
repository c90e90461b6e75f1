"""compare: base tables + themes + key metrics → side-by-side tables per issuer, province, kind or theme.

``compare_tables(tables, by)`` returns three DataFrames, written as OUT/stats/compare_<by>*.parquet
(``tables``: ``read_tables``, or the lean ``compare_inputs`` of an output folder):

- ``compare_<by>``: one row per group: notices, problems, measures, measures per problem, the share
  of measures done / ongoing / planned / of unknown status, and whether the group has enough
  notices (``MIN_NOTICES``) to compare;
- ``compare_<by>_themes``: problems per theme in each group (long form);
- ``compare_<by>_metrics``: key metrics aligned by normalised subject and unit across groups.

Grouping by a notices column puts each notice in one group (a notice without a value goes to
``UNKNOWN``); grouping by theme puts each problem in its theme, and a notice in every theme it
has a problem of.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from pathlib import Path, PurePath

from .stats import key_metrics, themes

__all__ = ["COMPARE_BY", "MIN_NOTICES", "UNKNOWN", "compare_inputs", "compare_tables", "format_number",
           "notice_labels", "text_key"]

COMPARE_BY = ("issuer", "province", "inspection_kind", "theme")
MIN_NOTICES = 2  # a group with fewer notices is listed but marked as too few to compare
UNKNOWN = "(unknown)"
_METRIC_TIERS = ("change", "percent", "money")  # the figures worth lining up across notices


#: what compare reads of the notices (besides each text's key) and of the measures
_NOTICE_COLUMNS = ("notice_id", "source_path", "title", "issuer", "province", "inspection_kind", "duplicate_of")
_MEASURE_COLUMNS = ("notice_id", "problem_id", "status")
_TEXTS_AT_ONCE = 256  # notices whose texts are decoded at a time for their keys (~10 MB)
_STATS_COLUMNS = {"themes": ["notice_id", "problem_id", "theme"],
                  "key_metrics": ["notice_id", "problem_id", "tier", "subject_norm", "unit", "comparison", "signed_value"]}


def compare_inputs(out_dir) -> dict:
    """What ``compare_tables`` needs of an output folder, read lean when `zhenggai stats` has written
    ``themes`` and ``key_metrics`` since the last run: those two, the notices without their texts (a
    key of each text, read a batch at a time) and three columns of the measures. Else every table
    whole (``read_tables``), from which they are computed."""
    from .stats import read_fresh_stats, read_tables
    from .store import arrow_batches, read_arrow, table_path

    fresh = read_fresh_stats(out_dir, ("themes", "key_metrics"), columns=_STATS_COLUMNS)
    if len(fresh) < 2 or not table_path(Path(out_dir), "notices").exists():
        return read_tables(out_dir)  # (which says what is missing)
    notices_head = read_arrow(out_dir, "notices", _NOTICE_COLUMNS)
    keys = [key for batch in arrow_batches(out_dir, "notices", rows=_TEXTS_AT_ONCE, columns=["text"])
            for key in map(text_key, batch.column(0).to_pylist())]
    notices = notices_head.to_pandas().assign(text_key=keys)
    if "duplicate_of" in notices:  # a copy's records are stored once (read_tables)
        notices = notices[notices.duplicate_of.isna()].reset_index(drop=True)
    return {"notices": notices, "measures": read_arrow(out_dir, "measures", _MEASURE_COLUMNS).to_pandas(), **fresh}


def compare_tables(tables: dict, by: str) -> dict:
    """The three comparison tables for ``by`` (one of ``COMPARE_BY``), keyed by their file stem.

    ``themes`` and ``key_metrics`` are computed from the base tables unless ``tables`` holds them
    (``compare_inputs``: as `zhenggai stats` wrote them).
    """
    if by not in COMPARE_BY:
        raise ValueError(f"cannot compare by {by!r}: choose one of {', '.join(COMPARE_BY)}")
    problem_themes = tables["themes"] if "themes" in tables else \
        themes(tables["problems"], tables["nodes"], tables["notices"])
    metrics = tables["key_metrics"] if "key_metrics" in tables else \
        key_metrics(tables["metrics"], tables["nodes"], tables["problems"])
    notice_groups, problem_groups = _memberships(tables["notices"], problem_themes, by)
    # a copy of a notice (its text in other widths) counts once: its problems and measures too
    copies = _copies(notice_groups)
    problem_themes = problem_themes[~problem_themes.notice_id.isin(copies)]
    problem_groups = problem_groups[~problem_groups.notice_id.isin(copies)]
    measures = tables["measures"][~tables["measures"].notice_id.isin(copies)]
    return {
        f"compare_{by}": compare_summary(notice_groups, problem_groups, measures, by),
        f"compare_{by}_themes": compare_themes(tables["notices"], problem_groups, problem_themes, by),
        f"compare_{by}_metrics": compare_metrics(notice_groups, problem_groups, metrics, by),
    }


def _copies(notice_groups) -> set:
    """The notice_ids whose text (by ``text_key``) an earlier notice already has: copies in other widths."""
    keys = notice_groups[["notice_id", "text_key"]].drop_duplicates("notice_id")
    return set(keys.notice_id[keys.text_key.duplicated()])


def _memberships(notices, problem_themes, by: str):
    """(notice_id, text_key, group) and (notice_id, problem_id, group) rows for grouping by ``by``.

    ``text_key`` is the same for two notices whose texts differ only in width or spacing (the same
    notice published twice, once in full-width digits), so such copies count as one notice.
    """
    problems = problem_themes[["notice_id", "problem_id", "theme"]]
    keys = notices[["notice_id"]].assign(text_key=(notices.text_key if "text_key" in notices
                                                   else notices.text.map(text_key)).values)
    if by == "theme":
        problem_groups = problems.rename(columns={"theme": "group"})
        notice_groups = problem_groups[["notice_id", "group"]].drop_duplicates().merge(keys, on="notice_id")
    else:
        values = notices[by].astype("object").where(notices[by].notna() & (notices[by].astype(str) != ""), UNKNOWN)
        notice_groups = keys.assign(group=values.values)
        problem_groups = problems.drop(columns="theme").merge(notice_groups[["notice_id", "group"]], on="notice_id")
    return notice_groups.reset_index(drop=True), problem_groups.reset_index(drop=True)


def text_key(text) -> str:
    """A key of a notice's text for spotting copies: a digest of it folded (NFKC, no whitespace),
    so that a batch's keys take little memory whatever the texts' length.

    >>> text_key("执行款发放 ９７．８１％") == text_key("执行款发放97.81%") != text_key("执行款发放97.82%")
    True
    """
    folded = "".join(unicodedata.normalize("NFKC", text or "").split())
    return hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def compare_summary(notice_groups, problem_groups, measures, by: str):
    """One row per group: sizes, measures per problem, status shares, and whether it is comparable."""
    import pandas as pd

    keys = ["notice_id", "problem_id"] if by == "theme" else ["notice_id"]
    members = problem_groups if by == "theme" else notice_groups
    grouped_measures = measures.merge(members[keys + ["group"]].drop_duplicates(), on=keys)
    out = pd.DataFrame({"notices": notice_groups.groupby("group").text_key.nunique(),
                        "notice_files": notice_groups.groupby("group").notice_id.nunique()})
    out["problems"] = problem_groups.groupby("group").size()
    out["measures"] = grouped_measures.groupby("group").size()
    out = out.fillna(0).astype("int64")
    out["measures_per_problem"] = (out.measures / out.problems.where(out.problems > 0)).round(2)
    status = grouped_measures.status.astype("object").fillna("unknown")
    shares = pd.crosstab(grouped_measures.group, status, normalize="index") if len(grouped_measures) else None
    for name in ("done", "ongoing", "planned", "unknown"):
        column = shares[name] if shares is not None and name in shares else 0.0
        out[f"share_{name}"] = pd.Series(column, index=out.index).reindex(out.index).fillna(0.0).round(3)
    out.loc[out.measures == 0, [f"share_{n}" for n in ("done", "ongoing", "planned", "unknown")]] = float("nan")
    out["comparable"] = out.notices >= MIN_NOTICES
    out["note"] = [_note(group, n, files, by) for group, n, files in zip(out.index, out.notices, out.notice_files)]
    out = out.rename_axis(by).reset_index().sort_values(["comparable", "notices", by], ascending=[False, False, True])
    return out.reset_index(drop=True)


def _note(group: str, notices: int, files: int, by: str) -> str:
    """What a reader must know about a group before comparing it."""
    notes = []
    if notices < MIN_NOTICES:
        notes.append(f"only {notices} notice{'s' if notices != 1 else ''}: too few to compare")
    if files > notices:
        notes.append(f"{files - notices} duplicate notice file(s) counted once")
    if group == UNKNOWN:
        notes.append(f"{by} not found in these notices")
    return "; ".join(notes)


def compare_themes(notices, problem_groups, problem_themes, by: str):
    """Problems per theme in each group, with the theme's share of the group's problems (long form).

    Grouping by theme, the groups here are the notices (``notice_labels``): problems per theme per notice.
    """
    import pandas as pd

    theme_of = problem_themes[["notice_id", "problem_id", "theme"]]
    if by == "theme":
        rows = theme_of.assign(group=theme_of.notice_id.map(notice_labels(notices)))
    else:
        rows = problem_groups.merge(theme_of, on=["notice_id", "problem_id"])
    counts = rows.groupby(["group", "theme"]).agg(problems=("problem_id", "size"), notices=("notice_id", "nunique"))
    counts = counts.reset_index()
    if counts.empty:
        return pd.DataFrame(columns=["group", "theme", "problems", "notices", "share"])
    counts["share"] = (counts.problems / counts.groupby("group").problems.transform("sum")).round(3)
    return counts.sort_values(["group", "problems"], ascending=[True, False]).reset_index(drop=True)


def notice_labels(notices) -> dict:
    """notice_id → a short readable name: the issuer, else the title, else the file name; made unique."""
    files = {n: PurePath(p).name if isinstance(p, str) else n
             for n, p in notices[["notice_id", "source_path"]].itertuples(index=False)}
    labels = {n: next((v for v in (issuer, title) if isinstance(v, str) and v), files[n])
              for n, issuer, title in notices[["notice_id", "issuer", "title"]].itertuples(index=False)}
    counts = Counter(labels.values())
    return {n: f"{label} [{files[n]}]" if counts[label] > 1 else label for n, label in labels.items()}


def compare_metrics(notice_groups, problem_groups, metrics, by: str):
    """Key metrics (changes, percentages, money) aligned by normalised subject and unit across groups.

    ``groups`` counts the groups that report the same subject and unit: rows with ``groups`` ≥ 2
    are the figures that can be read side by side.
    """
    import pandas as pd

    metrics = metrics[metrics.tier.isin(_METRIC_TIERS) & (metrics.subject_norm != "")]
    text_keys = notice_groups[["notice_id", "text_key"]].drop_duplicates("notice_id")
    if by == "theme":
        rows = metrics.merge(problem_groups, on=["notice_id", "problem_id"]).merge(text_keys, on="notice_id")
    else:
        rows = metrics.merge(notice_groups, on="notice_id")
    columns = ["group", "subject_norm", "unit", "comparison", "notices", "values", "value_min", "value_max",
               "groups"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(comparison=rows.comparison.astype("object").fillna(""))
    keys = ["subject_norm", "unit", "comparison"]
    rows = rows.drop_duplicates(["group", "text_key", "signed_value"] + keys)  # a copy of a notice adds nothing
    out = rows.groupby(["group"] + keys).agg(
        notices=("text_key", "nunique"),
        values=("signed_value", lambda v: " / ".join(format_number(x) for x in v)),
        value_min=("signed_value", "min"), value_max=("signed_value", "max")).reset_index()
    out["groups"] = out.groupby(keys).group.transform("nunique")
    out = out.sort_values(["groups", "subject_norm", "group"], ascending=[False, True, True])
    return out[columns].reset_index(drop=True)


def format_number(value) -> str:
    """A figure as a reader writes it: 万 and 亿 for large amounts, no trailing zeros.

    >>> format_number(-27.7), format_number(5.38e11), format_number(15_800_000), format_number(97.57)
    ('-27.7', '5380亿', '1580万', '97.57')
    """
    for size, suffix in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{round(value / size, 2):g}{suffix}"
    return f"{round(value, 2):g}"
