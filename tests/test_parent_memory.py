"""What keeps the parent's memory flat with the batch: compact per-chunk records, a streamed manifest,
files discovered as text."""
from __future__ import annotations

import json

import pytest

from pipeline import batch, manifest, parts, run
from pipeline.manifest import FileState
from pipeline.parts import ChunkPart, Entry

from conftest import write_seed_variants


def test_a_chunk_part_gives_back_each_files_entry():
    entries = [Entry("a/1.txt", "0123456789abcdef", None),
               Entry("a/2 with space.txt", None, {"source_path": "a/2 with space.txt", "stage": "ingest",
                                                  "error": "empty"}),
               Entry("a/3\n.txt", "fedcba9876543210", None)]
    part = ChunkPart.of("key", parts.Path("folder"), 2, 3, entries)
    assert part.entries == tuple(entries)
    assert part.file_paths() == [e.path for e in entries]
    assert part.file_notices() == [("0123456789abcdef", "a/1.txt"), ("fedcba9876543210", "a/3\n.txt")]
    assert part.errors == ((1, entries[1].error),)
    empty = ChunkPart.of("key", parts.Path("folder"), 0, 0, [])
    assert empty.entries == () and empty.file_notices() == []


def test_a_part_index_with_a_separator_in_a_path_is_processed_again(tmp_path):
    located = parts.write_unit([("k", ["p"])], tmp_path / "unit",
                               lambda path: ({"notices": {"notice_id": ["id"]}}, None))
    assert parts.load_unit(tmp_path / "unit") == {"k": located[0]}
    index = json.loads((tmp_path / "unit" / parts.INDEX).read_text(encoding="utf-8"))
    index[0]["entries"][0]["path"] = "p\0q"
    (tmp_path / "unit" / parts.INDEX).write_text(json.dumps(index), encoding="utf-8")
    assert parts.load_unit(tmp_path / "unit") == {}


@pytest.mark.parametrize("inside, top", [(True, "."), (True, "./"), (True, "sub/.."), (False, "in"), (False, "./in/"),
                                         (False, "in/../in")])
def test_files_are_spelled_as_path_spells_them(inside, top, tmp_path, monkeypatch):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.", ".hidden.txt", "sub/c.TXT", "sub/d.json"):
        (root / name).write_text("x", encoding="utf-8")
    monkeypatch.chdir(root if inside else tmp_path)
    files, skipped, _ = batch._discover([top])
    walked = [p for p in parts.Path(top).rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert walked
    assert files == sorted(str(p) for p in walked if p.suffix.lower() == ".txt")
    assert sorted(skipped) == sorted(str(p) for p in walked if p.suffix.lower() != ".txt")
    assert [str(p) for p in batch.discover([top])[0]] == files


def test_the_manifest_is_written_a_file_a_line_and_reads_back(tmp_path):
    files = {"b": FileState(3, 4, "d2"), 'a "quoted"\n': FileState(1, 2, "d1"), "\udcff": FileState(-1, -1, "unreadable")}
    manifest.save_manifest(tmp_path, manifest.Manifest("v1", files, {"k2": "f2", "k1": "f1"}))
    text = (manifest.cache_dir(tmp_path) / manifest.MANIFEST).read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(files) + 2
    assert manifest.load_manifest(tmp_path) == manifest.Manifest("v1", files, {"k1": "f1", "k2": "f2"})
    spool = manifest.FileSpool(tmp_path)
    for path, state in sorted(files.items()):
        spool.add(path, state)
    spool.close()
    manifest.save_manifest(tmp_path, manifest.Manifest("v1", spool.path, {"k1": "f1", "k2": "f2"}))
    assert (manifest.cache_dir(tmp_path) / manifest.MANIFEST).read_text(encoding="utf-8") == text
    spool.discard()
    assert not spool.path.exists()


def test_a_run_leaves_no_spool_and_removes_a_killed_runs(tmp_path):
    inputs = write_seed_variants(tmp_path / "in", 3)
    out = tmp_path / "out"
    run([inputs], out)
    cache = manifest.cache_dir(out)
    stale = cache / f"{manifest.SPOOL_PREFIX}999999.tmp"
    stale.write_text("left by a killed run", encoding="utf-8")
    again = run([inputs], out)
    assert again.reused == 3
    assert not list(cache.glob(f"{manifest.SPOOL_PREFIX}*"))
    assert set(json.loads((cache / manifest.MANIFEST).read_text(encoding="utf-8"))["files"]) == {
        str(p) for p in inputs.iterdir()}
