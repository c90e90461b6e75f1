"""Hostile batches: the run finishes, accounts for every file, and says what failed and why.

The corpus is written by tests/hostile/make_hostile.py (see tests/hostile/README.md) into
tmp_path, with ``manifest.json`` naming what each entry must become: ``error`` (an errors row
whose message matches the entry's ``reason``), ``ok`` (a notices row), ``warning`` (a notices
row and at least one warnings row), ``ok|warning``, or ``skipped`` (counted by extension).

- ``test_hostile_batch_in_process``: small sizes; the unreadable file and the file that vanishes
  between discovery and reading are simulated with monkeypatch (tests run as root, and root
  reads a chmod 000 file).
- ``test_hostile_batch_through_the_cli``: full sizes (a 50 MB text refused by its size, an 8 MB
  notice and a 5 MB line processed, a 2 GiB zip bomb), ``zhenggai run`` in a subprocess; its
  timeout only catches hangs, and the child's peak RSS is checked against a generous bound.

Three cases the runner once got wrong keep their own tests: a named pipe (it hung), a file
name that is not UTF-8 (it stopped the run), a folder that cannot be listed (it vanished).
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import pipeline
from pipeline import batch

pd = pytest.importorskip("pandas")
pytest.importorskip("docx", reason="the docx extra (python-docx) is not installed")
pytest.importorskip("pdfplumber", reason="the pdf extra (pdfplumber) is not installed")
_SPEC = importlib.util.spec_from_file_location("make_hostile", Path(__file__).parent / "hostile" / "make_hostile.py")
mh = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(mh)
MiB = 1024 * 1024


def _accounts(out: Path, root: Path, manifest: dict, skipped) -> dict[str, str]:
    """Check every manifest entry against the tables; return {name: what it became}."""
    errors = pd.read_parquet(out / "errors.parquet")
    notices = pd.read_parquet(out / "notices.parquet")
    warned = set(pd.read_parquet(out / "warnings.parquet").notice_id)
    rel = lambda p: os.path.relpath(p, root)  # noqa: E731
    failed = {rel(p): (stage, msg) for p, stage, msg in zip(errors.source_path, errors.stage, errors.error)}
    done = {rel(p): nid for p, nid in zip(notices.source_path, notices.notice_id)}
    skipped = {rel(p) for p in skipped}
    became = {}
    for name, entry in manifest.items():
        expect = entry["expect"].split("|")
        if name in failed:
            stage, message = failed[name]
            became[name] = "error"
            assert "error" in expect, f"{name} ({entry['why']}) failed: {message}"
            assert stage == "ingest" and re.search(entry["reason"], message), (name, stage, message)
        elif name in done:
            became[name] = "warning" if done[name] in warned else "ok"
            assert became[name] in expect or (became[name] == "warning" and "ok" in expect), (name, became[name])
        else:
            became[name] = "skipped" if name in skipped else "lost"
            assert became[name] in expect, f"{name} ({entry['why']}) is in no table and was not skipped"
    assert not [m for _, m in failed.values() if "Traceback" in m or "Error:" in m]
    return became


def _run_quietly(inputs, out: Path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", batch.NoticeFailed)
        return pipeline.run(inputs, out, **options)


def test_hostile_batch_in_process(tmp_path, monkeypatch):
    root = tmp_path / "in"
    manifest = mh.make_corpus(root, big_mb=2, large_mb=0.5, line_mb=0.5, bomb_gib=0.5, fifo=False, odd_name=False)
    seed = (root / "good" / "seed.txt").read_text(encoding="utf-8")
    (root / "vanishing.txt").write_text(seed.replace("\n", "\n（将被删除）\n", 1), encoding="utf-8")
    manifest["vanishing.txt"] = {"expect": "error", "why": "deleted after discovery",
                                 "reason": r"no such file \(moved or deleted\?\)"}
    manifest["locked.txt"] = {"expect": "error", "why": "unreadable", "reason": "permission denied"}

    real_open, real_discover = Path.open, batch._discover

    def locked_open(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    def discover_then_delete(inputs):
        found = real_discover(inputs)
        (root / "vanishing.txt").unlink()
        return found

    monkeypatch.setattr(Path, "open", locked_open)
    monkeypatch.setattr(batch, "_discover", discover_then_delete)  # what run() calls
    out = tmp_path / "out"
    summary = _run_quietly([root], out, max_bytes=1 * MiB)

    became = _accounts(out, root, manifest, summary.skipped)
    assert summary.failed and len(summary.errors) == sum(v == "error" for v in became.values())
    assert [n for n, v in became.items() if n.startswith("good/")] and all(
        v in ("ok", "warning") for n, v in became.items() if n.startswith("good/"))
    from pipeline.validate import validate_output

    assert validate_output(out) == []


def test_hostile_batch_through_the_cli(tmp_path):
    root = tmp_path / "in"
    manifest = mh.make_corpus(root, fifo=False, odd_name=False)  # full sizes
    assert (root / "big.txt").stat().st_size > 50 * MiB
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(root), "-o", str(out), "--max-mb", "10"],
                          capture_output=True, text=True, timeout=900)  # a hang guard, not a benchmark
    peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # the largest child so far
    assert done.returncode == 1, done.stderr[-3000:]
    skipped = [line for line in done.stderr.splitlines() if line.startswith("skipped")]
    became = _accounts(out, root, manifest, [root / n for n, e in manifest.items() if e["expect"] == "skipped"]
                       if skipped else [])
    for name, what in became.items():
        if what == "error":
            assert f"error: {root / name}: " in done.stderr
    assert became["large.txt"] in ("ok", "warning") and became["one-line.txt"] in ("ok", "warning")
    assert peak_rss < 3 * 1024 * MiB, f"peak RSS {peak_rss / MiB:.0f} MiB"


def test_named_pipe_does_not_hang_the_run(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "seed.txt").write_text(mh.SEED.read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(root / "pipe.txt")
    try:
        done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(root), "-o", str(tmp_path / "out")],
                              capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the run hung on a named pipe")
    assert done.returncode == 1 and "pipe.txt: not a regular file" in done.stderr


def test_file_name_that_is_not_utf8(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    name = os.fsdecode(b"bad-\xff.txt")
    (root / name).write_text(mh.SEED.read_text(encoding="utf-8"), encoding="utf-8")
    summary = _run_quietly([root], tmp_path / "out")
    notices = pd.read_parquet(tmp_path / "out" / "notices.parquet")
    assert not summary.failed and len(notices) == 1


def test_unlistable_folder_is_an_error_row(tmp_path, monkeypatch):
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "a.txt").write_text(mh.SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "b.txt").write_text(mh.SEED.read_text(encoding="utf-8"), encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if not isinstance(path, int) and os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = _run_quietly([root], tmp_path / "out")
    assert summary.failed
    assert [e["source_path"] for e in summary.errors] == [str(root / "locked")]
    assert "permission denied" in summary.errors[0]["error"].lower()


def test_manifest_names_every_entry(tmp_path):
    manifest = mh.make_corpus(tmp_path, big_mb=0.01, large_mb=0.01, line_mb=0.01, bomb_gib=0.01)
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == manifest
    on_disk = {os.path.relpath(os.path.join(d, f), tmp_path) for d, _, files in os.walk(tmp_path) for f in files}
    assert on_disk - {"manifest.json", "loop/self"} == set(manifest)
    assert all(e["reason"] for e in manifest.values() if e["expect"] == "error")
