"""Review of the batch machinery rebuilt since 2d08300: columnar arrays, part folders with
row groups aligned to flushes, slice merging in two threads, chunk → part-folder manifests.

Each test compares against an oracle that does not go through the code under test: pyarrow's own
conversion (columnar), the rows handed to the writer (PartWriter / write_unit / merge_parts), and
for whole runs ``process_file`` per notice, a run with one chunk and one flush, or a fresh run.
"""
from __future__ import annotations

import json
import math
import random
import shutil
import tempfile
import threading
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline import batch, ingest, manifest, parts, store
from pipeline.columnar import column_array, table_from_columns
from pipeline.schemas import COLUMNS, TABLE_NAMES
from pipeline.store import PartWriter, merge_parts

from conftest import SEED, assert_same_tables, read_all, write_seed_variants

RECORD_TABLES = [t for t in TABLE_NAMES if t not in ("notices", "errors")]
_NO_DB = {"database": None, "deadline": None}


@pytest.fixture(autouse=True)
def _quiet_notice_failures():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", batch.NoticeFailed)
        yield


# ---------------------------------------------------------------- columnar: the same arrays pyarrow builds

def _arrow_type(kind: str) -> pa.DataType:
    return pa.bool_() if kind == "bool" else getattr(pa, kind)()


_INT_BOUNDS = {"int16": 15, "int32": 31, "int64": 63}
_VALUES = {
    # empty strings, CJK, astral characters, NUL; lone surrogates are tested apart
    "string": st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=6)
    | st.sampled_from(["", "\x00", "整改", "\U0001f600", "a\u0301"]),
    "float64": st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([-0.0, math.nan, -math.inf]),
    "bool": st.booleans(),
    "date32": st.dates(),  # years 1 … 9999: before 1970 the day numbers are negative
    **{kind: st.integers(-(2**bits), 2**bits - 1) | st.sampled_from([-(2**bits), 2**bits - 1, 0, -1])
       for kind, bits in _INT_BOUNDS.items()},
}


def _comparable(values: list) -> list:
    """Values with NaN and the sign of zero made comparable with ==."""
    out = []
    for v in values:
        if isinstance(v, float):
            out.append(("nan",) if math.isnan(v) else (v, math.copysign(1.0, v)))
        else:
            out.append(v)
    return out


@pytest.mark.parametrize("kind", list(_VALUES))
@settings(max_examples=60, **_NO_DB)
@given(data=st.data())
def test_column_array_equals_pyarrows_own_array(kind, data):
    values = data.draw(st.lists(st.none() | _VALUES[kind], max_size=40))
    ours = column_array(kind, values)
    ours.validate(full=True)
    theirs = pa.array(values, _arrow_type(kind))
    assert ours.type == theirs.type
    assert ours.null_count == theirs.null_count == values.count(None)
    assert _comparable(ours.to_pylist()) == _comparable(theirs.to_pylist())


@pytest.mark.parametrize("kind", list(_VALUES))
@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 64])
def test_all_null_and_empty_columns(kind, n):
    array = column_array(kind, [None] * n)
    array.validate(full=True)
    assert array.to_pylist() == [None] * n and array.null_count == n


@pytest.mark.parametrize("kind, bits", list(_INT_BOUNDS.items()))
def test_integer_bounds_are_kept_and_one_past_them_is_an_error(kind, bits):
    low, high = -(2**bits), 2**bits - 1
    assert column_array(kind, [low, None, high, 0]).to_pylist() == [low, None, high, 0]
    for bad in (low - 1, high + 1):
        with pytest.raises(OverflowError):
            column_array(kind, [0, bad])
        with pytest.raises(OverflowError):
            column_array(kind, [None, bad])  # the with-nulls path too


def test_dates_before_1970_and_at_the_calendar_ends():
    import datetime as dt

    values = [dt.date(1, 1, 1), dt.date(1969, 12, 31), None, dt.date(1970, 1, 1), dt.date(9999, 12, 31)]
    assert column_array("date32", values).to_pylist() == values
    assert column_array("date32", values).equals(pa.array(values, pa.date32()))


@pytest.mark.parametrize("values", [["\ud800"], [None, "a\udfffb"], ["ok", "\udc80", None], ["\ud83d"]])
def test_a_lone_surrogate_is_refused_as_pyarrow_refuses_it(values):
    with pytest.raises(UnicodeEncodeError):
        pa.array(values, pa.string())
    with pytest.raises(UnicodeEncodeError):
        column_array("string", values)


def test_table_from_columns_fills_missing_columns_with_nulls():
    table = table_from_columns("metrics", {"notice_id": ["a", "b"], "value": [float("nan"), None]}, 2)
    table.validate(full=True)
    rows = table.to_pylist()
    assert [r["notice_id"] for r in rows] == ["a", "b"]
    assert math.isnan(rows[0]["value"]) and rows[1]["value"] is None
    assert all(rows[i][name] is None for i in range(2) for name, _ in COLUMNS["metrics"]
               if name not in ("notice_id", "value"))


# ---------------------------------------------------------------- PartWriter: row group i is the same notices in every file

_ITEM = st.one_of(  # (kind, rows per record table, whether its rows give the optional column)
    st.tuples(st.just("notice"), st.fixed_dictionaries({t: st.integers(0, 3) for t in RECORD_TABLES}),
              st.booleans()),
    st.tuples(st.just("error"), st.just({}), st.just(False)),
)


_INT_COLUMN = {"dates": "char_start", "problems": "ordinal", "notices": "char_count"}  # an int32 column of each
_TAG_COLUMN = {"problems": "title", "notices": "title", "errors": "stage"}  # a string column, not always given


def _columns_for(key: str, kind: str, counts: dict[str, int], tagged: bool = False) -> dict:
    """Columns of a made-up notice; unless ``tagged`` it leaves out one column (null in its rows),
    as a notice whose records lack a field does."""
    if kind == "error":
        return {"errors": {"source_path": [key], "stage": ["ingest"], "error": ["bad"]}}
    columns = {"notices": {"notice_id": [key], "source_path": [key], "char_count": [len(key)],
                           **({"title": [f"{key}!"]} if tagged else {})}}
    for table, n in counts.items():
        columns[table] = {"notice_id": [key] * n, _INT_COLUMN.get(table, "start"): list(range(n))}
        if tagged:  # put first, so that it is also the column a row count is read from
            columns[table] = {_TAG_COLUMN.get(table, "node_id"): [f"{key}:{j}" for j in range(n)],
                              **columns[table]}
    return columns


def _id_column(table: str) -> str:
    return "source_path" if table == "errors" else "notice_id"


def _expected_rows(table: str, columns: dict) -> list[tuple]:
    """(id, int, tag) per row of one notice's columns for ``table``, None where a column is not given."""
    if table not in columns:
        return []
    given_ = columns[table]
    n = len(next(iter(given_.values())))
    names = (_id_column(table), _INT_COLUMN.get(table, "start"), _TAG_COLUMN.get(table, "node_id"))
    return [tuple(given_[c][j] if c in given_ else None for c in names) for j in range(n)]


def _rows_of(table: str, data: pa.Table) -> list[tuple]:
    names = (_id_column(table), _INT_COLUMN.get(table, "start"), _TAG_COLUMN.get(table, "node_id"))
    if table == "errors":
        names = names[:1] + (None,) + names[2:]
    values = [data.column(c).to_pylist() if c else [None] * data.num_rows for c in names]
    return list(zip(*values))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow], **_NO_DB)
@given(items=st.lists(_ITEM, max_size=25), flush_every=st.integers(1, 5),
       flushes=st.lists(st.booleans(), min_size=25, max_size=25))
def test_part_files_keep_row_groups_aligned_when_tables_get_no_rows(items, flush_every, flushes):
    original = store.FLUSH_NOTICES
    store.FLUSH_NOTICES = flush_every
    folder = Path(tempfile.mkdtemp())
    try:
        writer = PartWriter(folder / "part")
        expected: dict[str, list[list[tuple]]] = {t: [] for t in TABLE_NAMES}
        for i, (kind, counts, tagged) in enumerate(items):
            key = f"k{i}"
            group = writer.row_groups  # the flush that writes this item's rows gets this index
            columns = _columns_for(key, kind, counts, tagged)
            if kind == "error":
                writer.add_rows("errors", [{"source_path": key, "stage": "ingest", "error": "bad"}])
            else:
                writer.add(columns)
            for table in TABLE_NAMES:
                while len(expected[table]) <= group:
                    expected[table].append([])
                expected[table][group].extend(_expected_rows(table, columns))
            if flushes[i]:
                writer.flush()
        counts = writer.close()
        groups = writer.row_groups
        for table in TABLE_NAMES:
            file = pq.ParquetFile(folder / "part" / f"{table}.parquet")
            assert file.num_row_groups == groups, table
            got = [_rows_of(table, file.read_row_group(g)) for g in range(groups)]
            want = (expected[table] + [[]] * groups)[:groups]
            assert got == want, table
            assert counts[table] == sum(map(len, want))
    finally:
        store.FLUSH_NOTICES = original
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- write_unit + merge_parts: slices in any order, two threads

@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], **_NO_DB)
@given(chunk_items=st.lists(st.lists(_ITEM, min_size=1, max_size=6), min_size=1, max_size=6),
       flush_every=st.integers(1, 4), order_seed=st.integers(0, 10**6), split=st.integers(1, 6))
def test_merged_slices_hold_exactly_their_chunks_rows(chunk_items, flush_every, order_seed, split):
    """Chunks written into two unit folders, merged back in a shuffled chunk order (as a later
    run reusing them in a new input order would): every table equals the chunks' rows in that order."""
    original = store.FLUSH_NOTICES
    store.FLUSH_NOTICES = flush_every
    root = Path(tempfile.mkdtemp())
    try:
        by_path = {}
        chunks = []
        for c, items in enumerate(chunk_items):
            paths = []
            for i, item in enumerate(items):
                path = f"c{c}i{i}"
                by_path[path] = item
                paths.append(path)
            chunks.append((f"key{c}", paths))

        def process(path):
            kind, counts, tagged = by_path[path]
            if kind == "error":
                return None, {"source_path": path, "stage": "ingest", "error": "bad"}
            return _columns_for(path, kind, counts, tagged), None

        split = min(split, len(chunks))
        located = parts.write_unit(chunks[:split], root / "u1", process) \
            + parts.write_unit(chunks[split:], root / "u2", process)
        reloaded = {**parts.load_unit(root / "u1"), **parts.load_unit(root / "u2")}
        assert {c.key: c for c in located} == reloaded
        order = list(range(len(chunks)))
        random.Random(order_seed).shuffle(order)
        counts = merge_parts([located[i].slice for i in order], root / "merged")
        for table in TABLE_NAMES:
            want = [row for i in order for path in chunks[i][1]
                    for row in _expected_rows(table, _columns_for(path, *by_path[path]))]
            got = _rows_of(table, pq.read_table(root / "merged" / f"{table}.parquet"))
            assert got == want, table
            assert counts[table] == len(want)
    finally:
        store.FLUSH_NOTICES = original
        shutil.rmtree(root, ignore_errors=True)


def test_two_thread_merge_is_deterministic_under_a_slow_filter(tmp_path):
    """``keep`` runs in two threads at once; a filter that yields the GIL at random must not mix tables."""
    def process(path):
        i = int(path[1:])
        counts = {t: (i + j) % 4 for j, t in enumerate(RECORD_TABLES)}
        return (None, {"source_path": path, "stage": "ingest", "error": "x"}) if i % 7 == 3 \
            else (_columns_for(path, "notice", counts, i % 3 == 0), None)

    chunks = [(f"key{c}", [f"p{c * 5 + i}" for i in range(5)]) for c in range(6)]
    located = parts.write_unit(chunks, tmp_path / "unit", process)
    seen: list[tuple[int, str, int]] = []
    lock = threading.Lock()
    rng = random.Random(7)

    def keep(index, table, data):
        time.sleep(rng.random() / 500)
        with lock:
            seen.append((index, table, data.num_rows))
        if table == "errors":
            return data
        return data.filter(pa.array([int(v[1:]) % 2 == 0 for v in data.column("notice_id").to_pylist()]))

    outputs = []
    for attempt in range(4):
        merge_parts([c.slice for c in located], tmp_path / f"m{attempt}", keep=keep)
        outputs.append({t: pq.read_table(tmp_path / f"m{attempt}" / f"{t}.parquet") for t in TABLE_NAMES})
    for other in outputs[1:]:
        for t in TABLE_NAMES:
            assert other[t].equals(outputs[0][t]), t
    for t in RECORD_TABLES + ["notices"]:
        assert all(int(v[1:]) % 2 == 0 for v in outputs[0][t].column("notice_id").to_pylist())
    # every (source, table) slice was offered to the filter once per merge
    assert sorted({(i, t) for i, t, _ in seen}) == sorted((i, t) for i in range(6) for t in TABLE_NAMES)
    assert len(seen) == 4 * 6 * len(TABLE_NAMES)


# ---------------------------------------------------------------- runs: one oracle per notice, any batching

def _variant(k: int) -> str:
    return SEED.read_text(encoding="utf-8").replace("268起", f"{k}起")


def _inputs(folder: Path) -> Path:
    """Seed variants, notices whose record tables are empty, duplicates within and across chunks,
    and files that fail (errors rows)."""
    write_seed_variants(folder, 7)
    (folder / "n005.txt").write_text(_variant(2), encoding="utf-8")  # same text as n001
    shutil.copy(folder / "n003.txt", folder / "z_copy.txt")  # same text as n003, far away
    (folder / "plain.txt").write_text("没有编号的一段文字，只有一句话。\n", encoding="utf-8")  # no headings
    (folder / "plain2.txt").write_text("情况说明\n本单位已经按照要求完成相关工作。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("   \n\n", encoding="utf-8")
    return folder


@pytest.fixture()
def one_piece(monkeypatch):
    """A batch with one chunk, one unit and one flush: nothing for alignment or merging to get wrong."""
    def reference(inputs, out):
        with monkeypatch.context() as m:
            m.setattr(manifest, "CHUNK_SPREAD", 2**31)
            m.setattr(store, "FLUSH_NOTICES", 10**6)
            pipeline.run(inputs, out, workers=1)
        return read_all(out)
    return reference


@pytest.mark.parametrize("workers, flush, unit", [(1, 1, 3), (2, 2, 3), (2, 32, 1), (1, 3, 1000)])
def test_any_chunking_flushing_and_workers_give_the_one_piece_tables(workers, flush, unit, one_piece,
                                                                     monkeypatch, tmp_path):
    inputs = _inputs(tmp_path / "in")
    reference = one_piece([inputs], tmp_path / "ref")
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 1)
    monkeypatch.setattr(parts, "UNIT_NOTICES", unit)
    monkeypatch.setattr(store, "FLUSH_NOTICES", flush)
    files = sorted(inputs.iterdir(), reverse=True)  # files named one by one, in reverse
    summary = pipeline.run(files, tmp_path / "out", workers=workers)
    assert_same_tables(reference, read_all(tmp_path / "out"))
    saved = json.loads((tmp_path / "out" / ".zhenggai-cache" / "manifest.json").read_text(encoding="utf-8"))
    assert len(saved["parts"]) == len(files)  # one chunk per file
    per_folder = Counter(saved["parts"].values())
    if workers == 1:  # planned: consecutive runs of `unit` chunks
        assert len(per_folder) == -(-len(files) // min(unit, len(files)))
    else:  # dealt: each worker fills folders of `unit` files, the last of each may hold fewer
        assert max(per_folder.values()) <= unit
        assert -(-len(files) // unit) <= len(per_folder) <= -(-len(files) // unit) + workers - 1
    assert sorted(e["source_path"] for e in summary.errors) == sorted(
        str(inputs / n) for n in ("blank.txt", "empty.txt"))


def test_each_notice_keeps_exactly_the_records_process_file_gives_it(monkeypatch, tmp_path):
    inputs = _inputs(tmp_path / "in")
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 1)
    monkeypatch.setattr(parts, "UNIT_NOTICES", 3)
    monkeypatch.setattr(store, "FLUSH_NOTICES", 2)
    pipeline.run([inputs], tmp_path / "out", workers=2)
    tables = read_all(tmp_path / "out")
    notices = tables["notices"]
    assert list(notices.source_path) == [str(p) for p in sorted(inputs.iterdir())
                                         if p.name not in ("blank.txt", "empty.txt")]
    first: dict[str, str] = {}
    for path, nid, dup in zip(notices.source_path, notices.notice_id, notices.duplicate_of):
        assert (dup if isinstance(dup, str) else None) == first.get(nid)
        first.setdefault(nid, path)
    import pyarrow.compute as pc

    from pipeline.schemas import arrow_schema
    from pipeline.store import read_arrow

    arrow = {t: read_arrow(tmp_path / "out", t) for t in RECORD_TABLES}
    for nid, path in first.items():
        rows = batch.process_file(path)
        assert rows["notices"][0]["notice_id"] == nid
        for table in RECORD_TABLES:
            data = arrow[table]
            mine = pc.equal(data.column("notice_id"), nid)
            if table == "warnings":
                mine = pc.and_(mine, pc.not_equal(data.column("kind"), "duplicate_notice"))
            got = data.filter(mine)
            want = pa.Table.from_pylist(rows[table], schema=arrow_schema(table))  # pyarrow's own conversion
            assert got.equals(want), (path, table)
    duplicates = tables["warnings"][tables["warnings"].kind == "duplicate_notice"]
    assert len(duplicates) == len(notices) - len(first) == 2
    errors = tables["errors"]
    assert sorted(errors.source_path) == [str(inputs / "blank.txt"), str(inputs / "empty.txt")]


# ---------------------------------------------------------------- incremental runs against a fresh run

class _Killed(BaseException):
    """Stands for SIGKILL at one point of a run (no except clause of the pipeline catches it)."""


_OPS = st.sampled_from(["edit", "copy", "add", "remove", "rename", "bad", "fix_bad", "drop_part", "break_index",
                        "kill_before_commit", "kill_before_manifest", "kill_before_drop", "none"])


def _apply(op: str, inputs: Path, out: Path, rng: random.Random) -> str | None:
    files = sorted(p for p in inputs.iterdir())
    names = [p.name for p in files]
    if op == "edit" and files:
        rng.choice(files).write_text(_variant(rng.randrange(40, 50)), encoding="utf-8")
    elif op == "copy" and len(files) > 1:
        a, b = rng.sample(files, 2)
        b.write_bytes(a.read_bytes())
    elif op == "add":
        (inputs / f"a{rng.randrange(100):02d}.txt").write_text(_variant(rng.randrange(40, 50)), encoding="utf-8")
    elif op == "remove" and len(files) > 1:
        rng.choice(files).unlink()
    elif op == "rename" and files:
        source = rng.choice(files)
        target = inputs / f"r{rng.randrange(100):02d}.txt"
        if target.name not in names:
            source.rename(target)
    elif op == "bad":
        (inputs / f"b{rng.randrange(5)}.txt").write_bytes(b"")
    elif op == "fix_bad":
        for p in files:
            if p.name.startswith("b"):
                p.write_text(_variant(rng.randrange(40, 50)), encoding="utf-8")
    elif op in ("drop_part", "break_index"):
        root = out / ".zhenggai-cache" / "parts"
        folders = sorted(root.iterdir()) if root.is_dir() else []
        if folders:
            folder = rng.choice(folders)
            if op == "drop_part":
                shutil.rmtree(folder)
            else:
                (folder / parts.INDEX).write_text(rng.choice(["", "{", "[{\"key\": 1}]", "null"]), encoding="utf-8")
    elif op.startswith("kill_"):
        return op
    return None


def _check_cache(out: Path) -> None:
    """The manifest names only whole part folders that hold its chunks; nothing else is left."""
    cache = out / ".zhenggai-cache"
    saved = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
    folders = {p.name for p in (cache / "parts").iterdir()} if (cache / "parts").is_dir() else set()
    assert set(saved["parts"].values()) == folders
    for key, folder in saved["parts"].items():
        assert key in parts.load_unit(cache / "parts" / folder)


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.generate], **_NO_DB)  # no shrinking: an example is a dozen runs
@given(steps=st.lists(st.tuples(_OPS, st.sampled_from([1, 2]), st.booleans(), st.sampled_from([None, "year"])),
                      min_size=2, max_size=4),
       seed=st.integers(0, 10**6))
def test_incremental_runs_equal_a_fresh_run(steps, seed, monkeypatch):
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 2)
    monkeypatch.setattr(parts, "UNIT_NOTICES", 3)
    monkeypatch.setattr(store, "FLUSH_NOTICES", 2)
    rng = random.Random(seed)
    root = Path(tempfile.mkdtemp())
    try:
        inputs = root / "in"
        inputs.mkdir()
        for i in range(6):
            (inputs / f"f{i}.txt").write_text(_variant(rng.randrange(40, 44)), encoding="utf-8")
        out = root / "out"
        pipeline.run([inputs], out, workers=1)
        for step, (op, workers, force, partition_by) in enumerate(steps):
            kill = _apply(op, inputs, out, rng)
            if kill:
                target = {"kill_before_commit": (store, "commit"),
                          "kill_before_manifest": (manifest, "save_manifest"),
                          "kill_before_drop": (parts, "drop_stale")}[kill]
                with monkeypatch.context() as m:
                    m.setattr(*target, lambda *a, **k: (_ for _ in ()).throw(_Killed()))
                    with pytest.raises(_Killed):
                        pipeline.run([inputs], out, workers=workers, force=force, partition_by=partition_by)
            summary = pipeline.run([inputs], out, workers=3 - workers, force=force and not kill,
                                   partition_by=partition_by)
            fresh = root / f"fresh{step}"
            expected = pipeline.run([inputs], fresh, partition_by=partition_by)
            assert_same_tables(read_all(fresh), read_all(out))
            assert summary.counts == expected.counts
            assert [e["source_path"] for e in summary.errors] == [e["source_path"] for e in expected.errors]
            _check_cache(out)
            assert not list(out.glob(".zhenggai-tmp-*"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_unchanged_rerun_reuses_everything_and_switching_workers_does_not_reprocess(monkeypatch, tmp_path):
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 1)
    monkeypatch.setattr(parts, "UNIT_NOTICES", 3)
    inputs = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    first = pipeline.run([inputs], out, workers=2)
    tables = read_all(out)
    calls = []
    monkeypatch.setattr(batch, "_process_unit", lambda job: calls.append(job) or [])
    for workers in (1, 2, 1):
        again = pipeline.run([inputs], out, workers=workers)
        assert again.reused == len(list(inputs.iterdir())) and not calls
        assert again.counts == first.counts
        assert [e["source_path"] for e in again.errors] == [e["source_path"] for e in first.errors]
        assert_same_tables(tables, read_all(out))


def test_a_duplicate_whose_first_copy_is_removed_keeps_its_records(monkeypatch, tmp_path):
    """The first copy's chunk goes away; the later copy (reused from its own unit) must now carry the records."""
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 1)
    monkeypatch.setattr(parts, "UNIT_NOTICES", 2)
    inputs = write_seed_variants(tmp_path / "in", 6)
    for name in ("n001.txt", "n003.txt", "n005.txt"):
        shutil.copy(inputs / "n000.txt", inputs / name)  # copies in the same unit and in two others
    out = tmp_path / "out"
    pipeline.run([inputs], out, workers=2)
    (inputs / "n000.txt").unlink()
    again = pipeline.run([inputs], out, workers=1)
    assert again.reused == 5
    fresh = tmp_path / "fresh"
    pipeline.run([inputs], fresh)
    assert_same_tables(read_all(fresh), read_all(out))
    notices = read_all(out)["notices"]
    by_path = {p: d if isinstance(d, str) else None for p, d in zip(notices.source_path, notices.duplicate_of)}
    assert by_path[str(inputs / "n001.txt")] is None
    assert by_path[str(inputs / "n003.txt")] == by_path[str(inputs / "n005.txt")] == str(inputs / "n001.txt")
    metrics = read_all(out)["metrics"]
    assert (metrics.notice_id == notices.notice_id[notices.source_path == str(inputs / "n001.txt")].item()).any()


# --- bugs found in review, fixed with these tests ---------------------------------------------
def test_a_flush_of_over_a_million_rows_in_one_table_keeps_row_groups_aligned(tmp_path):
    """PartWriter.flush relies on one row group per table per flush, but ParquetWriter.write_table
    splits at 1,048,576 rows: the next chunk's slice then reads the tail of this one."""
    big = 1_050_000

    def process(path):
        n = big if path == "a" else 2
        return {"notices": {"notice_id": [path]}, "metrics": {"notice_id": [path] * n}}, None

    located = parts.write_unit([("k1", ["a"]), ("k2", ["b"])], tmp_path / "unit", process)
    merge_parts([c.slice for c in located], tmp_path / "merged")
    ids = pq.read_table(tmp_path / "merged" / "metrics.parquet").column("notice_id")
    counts = dict(zip(*np.unique(ids.to_numpy(zero_copy_only=False), return_counts=True)))
    assert counts == {"a": big, "b": 2}


def test_a_stated_count_too_big_for_int32_is_one_errors_row_not_a_crashed_batch(tmp_path):
    (tmp_path / "in").mkdir()
    write_seed_variants(tmp_path / "in", 2)
    (tmp_path / "in" / "big.txt").write_text(
        "关于巡视整改进展情况的通报\n建立规章制度77777777777项。\n一、整改情况\n", encoding="utf-8")
    summary = pipeline.run([tmp_path / "in"], tmp_path / "out")
    assert summary.counts["notices"] >= 2


def test_a_file_unreadable_once_is_processed_when_readable_again(tmp_path, monkeypatch):
    inputs = write_seed_variants(tmp_path / "in", 3)
    victim = inputs / "n001.txt"
    digest, load = manifest._digest, ingest.load
    with monkeypatch.context() as m:  # EACCES / EIO for one run
        m.setattr(manifest, "_digest", lambda p: (_ for _ in ()).throw(PermissionError(13, "denied"))
                  if Path(p) == victim else digest(p))
        m.setattr(ingest, "load", lambda p, **k: (_ for _ in ()).throw(ingest.IngestError(f"{p}: denied"))
                  if Path(p) == victim else load(p, **k))
        assert len(pipeline.run([inputs], tmp_path / "out").errors) == 1
    again = pipeline.run([inputs], tmp_path / "out")  # chmod back: size and mtime unchanged
    assert again.errors == ()


@pytest.mark.parametrize("damage", ["unlink", "truncate"])
def test_a_damaged_part_file_is_rebuilt_not_a_crash_on_every_run(tmp_path, damage):
    inputs = write_seed_variants(tmp_path / "in", 4)
    pipeline.run([inputs], tmp_path / "out")
    folder = next((tmp_path / "out" / ".zhenggai-cache" / "parts").iterdir())
    file = folder / "problems.parquet"
    file.unlink() if damage == "unlink" else file.write_bytes(file.read_bytes()[:50])
    pipeline.run([inputs], tmp_path / "out")
    pipeline.run([inputs], tmp_path / "fresh")
    assert_same_tables(read_all(tmp_path / "fresh"), read_all(tmp_path / "out"))


@pytest.mark.parametrize("values", [[np.True_, None], [np.True_, np.False_, None]])
def test_bool_column_reads_numpy_bools_the_same_with_and_without_nulls(values):
    assert column_array("bool", values).to_pylist() == pa.array(values, pa.bool_()).to_pylist()


def test_a_value_that_does_not_fit_its_column_fails_its_own_file(tmp_path, monkeypatch):
    """The generic guard behind the count bound: an errors row for the file, the batch goes on."""
    from pipeline.extract import metadata

    monkeypatch.setattr(metadata, "_MAX_COUNT", 10**15)  # let the misread count through to the tables
    write_seed_variants(tmp_path / "in", 2)
    (tmp_path / "in" / "big.txt").write_text(
        "关于巡视整改进展情况的通报\n建立规章制度77777777777项。\n一、整改情况\n", encoding="utf-8")
    with pytest.warns(pipeline.batch.NoticeFailed):
        summary = pipeline.run([tmp_path / "in"], tmp_path / "out")
    assert summary.counts["notices"] == 2
    assert [e["source_path"].endswith("big.txt") for e in summary.errors] == [True]
    assert "out of range" in summary.errors[0]["error"]


@pytest.mark.parametrize("columns", [{"nodes": {"ordinal": [1, 2**40]}}, {"notices": {"stated_rule_count": [-2**31 - 1]}},
                                     {"notices": {"text": ["a\ud800b"]}}])
def test_check_fits_names_what_cannot_be_stored(columns):
    from pipeline.columnar import check_fits

    with pytest.raises(ValueError, match=next(iter(columns))):
        check_fits(columns)
    check_fits({"nodes": {"ordinal": [1, None, 3]}, "notices": {"text": ["正常"]}})
