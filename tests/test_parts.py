"""Work units and part folders: balanced units, big part files, chunks reused from any part."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import manifest, parts, run
from pipeline.manifest import Chunk

from conftest import SEED, assert_same_tables, read_all, write_seed_variants


@given(sizes=st.lists(st.integers(1, 60), max_size=40), workers=st.integers(1, 8),
       unit=st.sampled_from([1, 7, 50, 1000]))
def test_units_are_consecutive_runs_of_about_the_target_size(sizes, workers, unit):
    chunks = [Chunk(key=str(i), paths=tuple(f"{i}/{j}" for j in range(n))) for i, n in enumerate(sizes)]
    original, parts.UNIT_NOTICES = parts.UNIT_NOTICES, unit
    try:
        units = parts.plan_units(chunks, workers)
    finally:
        parts.UNIT_NOTICES = original
    assert [c for u in units for c in u] == chunks
    target = max(1, min(unit, -(-sum(sizes) // workers)))
    for u in units[:-1]:
        files = sum(len(c.paths) for c in u)
        assert target <= files < target + max(len(c.paths) for c in u)


@given(sizes=st.lists(st.lists(st.integers(0, 10_000), min_size=1, max_size=5), max_size=30),
       workers=st.integers(1, 4))
def test_small_batches_make_one_unit_per_worker_of_about_equal_bytes(sizes, workers):
    chunks = [Chunk(key=str(i), paths=tuple(f"{i}/{j}" for j in range(len(s)))) for i, s in enumerate(sizes)]
    size = {f"{i}/{j}": b for i, s in enumerate(sizes) for j, b in enumerate(s)}.__getitem__
    units = parts.plan_units(chunks, workers, size=size)  # fewer than UNIT_NOTICES files: bytes decide
    assert [c for u in units for c in u] == chunks
    share = max(1.0, sum(map(sum, sizes)) / workers)
    weights = [[sum(map(size, c.paths)) for c in u] for u in units]
    for w in weights[:-1]:
        assert sum(w) >= share > sum(w) - w[-1]  # closed by the chunk that reached the share
    assert len(units) <= workers + 1


@pytest.fixture()
def small_units(monkeypatch):
    """Chunks of ~3 files and units of 10, so a small batch shows what a big one does."""
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 3)
    monkeypatch.setattr(parts, "UNIT_NOTICES", 10)


def test_each_part_file_holds_a_unit_of_notices(small_units, tmp_path):
    inputs = write_seed_variants(tmp_path / "in", 35)
    out = tmp_path / "out"
    run([inputs], out)
    folders = sorted((out / ".zhenggai-cache" / "parts").iterdir())
    notices = sorted(pq.ParquetFile(f / "notices.parquet").metadata.num_rows for f in folders)
    assert sum(notices) == 35 and len(folders) >= 3
    assert all(n >= 10 for n in notices[1:])  # all but the last unit (the smallest) reach the target


def test_a_duplicate_keeps_its_records_when_the_first_copy_changes(small_units, monkeypatch, tmp_path):
    """Records of a text are written in each chunk that holds it, so a reused chunk never lacks them."""
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 1)  # every file its own chunk
    inputs = write_seed_variants(tmp_path / "in", 12)
    (inputs / "n005.txt").write_text((inputs / "n000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    run([inputs], out)
    (inputs / "n000.txt").write_text(SEED.read_text(encoding="utf-8").replace("268起", "777起"), encoding="utf-8")
    again = run([inputs], out)
    assert again.reused == 11
    fresh = tmp_path / "fresh"
    run([inputs], fresh)
    assert_same_tables(read_all(out), read_all(fresh))
    metrics = read_all(out)["metrics"]
    assert (metrics["raw"] == "1起").sum() == 1  # n005's records (same unit), now the only copy of that text


def test_raising_the_size_limit_processes_a_file_refused_before(tmp_path):
    inputs = write_seed_variants(tmp_path / "in", 3)
    out = tmp_path / "out"
    small = run([inputs], out, max_bytes=1_000)
    assert len(small.errors) == 3
    again = run([inputs], out)  # the default limit: the cached errors must not be reused
    assert again.errors == () and again.counts["notices"] == 3



def _one_row(path: str):
    """A notice of one row, its id the path (the part machinery does not care what the columns hold)."""
    return {"notices": {"notice_id": [path]}}, None


@given(sizes=st.lists(st.integers(1, 12), min_size=1, max_size=12), unit=st.sampled_from([1, 5, 20]))
def test_dealt_chunks_fill_folders_of_a_unit_named_as_planned_units_are(sizes, unit, tmp_path_factory):
    root = tmp_path_factory.mktemp("parts")
    chunks = [(f"k{i}", [f"{i}/{j}" for j in range(n)]) for i, n in enumerate(sizes)]
    dealt = iter(chunks)
    sealed = []
    original, parts.UNIT_NOTICES = parts.UNIT_NOTICES, unit
    try:
        while located := parts.write_dealt_unit(dealt, root, _one_row):
            sealed.append(located)
    finally:
        parts.UNIT_NOTICES = original
    assert [c.key for s in sealed for c in s] == [k for k, _ in chunks]  # none skipped, none taken twice
    for index, located in enumerate(sealed):
        files = [len(c.file_paths()) for c in located]
        assert sum(files) - files[-1] < unit and (sum(files) >= unit or index == len(sealed) - 1)
        folder = located[0].folder
        assert folder == parts.unit_folder(root, [Chunk(c.key, ()) for c in located])
        assert parts.load_unit(folder) == {c.key: c for c in located}
    assert sorted(p.name for p in root.iterdir()) == sorted(s[0].folder.name for s in sealed)  # no temporaries


@given(sizes=st.lists(st.integers(1, 9), max_size=30), workers=st.integers(1, 4))
def test_chunks_are_dealt_in_input_order_but_the_last_ones_biggest_first(sizes, workers):
    from pipeline.batch import TAIL_CHUNKS, _deal_order

    chunks = [Chunk(key=str(i), paths=tuple(f"{i}/{j}" for j in range(n))) for i, n in enumerate(sizes)]
    dealt = _deal_order(chunks, workers, size=lambda path: 100)
    assert sorted(dealt) == sorted((c.key, c.paths) for c in chunks)
    head = max(0, len(chunks) - TAIL_CHUNKS * workers)
    assert dealt[:head] == [(c.key, c.paths) for c in chunks[:head]]
    tail = [len(paths) for _, paths in dealt[head:]]
    assert tail == sorted(tail, reverse=True)


def test_two_workers_leave_whole_folders_of_a_unit_and_the_same_tables(small_units, tmp_path):
    inputs = write_seed_variants(tmp_path / "in", 35)
    run([inputs], tmp_path / "one", workers=1)
    run([inputs], tmp_path / "two", workers=2)
    assert_same_tables(read_all(tmp_path / "one"), read_all(tmp_path / "two"))
    folders = list((tmp_path / "two" / ".zhenggai-cache" / "parts").iterdir())
    assert not [f for f in folders if f.name.startswith(".")]  # every temporary folder sealed or removed
    notices = sorted(pq.ParquetFile(f / "notices.parquet").metadata.num_rows for f in folders)
    assert sum(notices) == 35 and all(n >= 10 for n in notices[2:])  # each worker's last folder may be short
