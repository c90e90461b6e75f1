"""What the commands say when the run itself cannot go on: a full or unwritable output folder, a
worker process that dies, an unreachable Dask scheduler. One line, exit 1, the previous tables intact,
nothing left behind that would make the next run fail."""
from __future__ import annotations

import errno
import faulthandler
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import batch, manifest, parts, store
from pipeline.cli import cli
from pipeline.forking import FORKS

from conftest import SEED


@pytest.fixture()
def runner():
    return CliRunner()


@pytest.fixture()
def inputs(tmp_path) -> Path:
    """The sample notice and a few empty files (errors rows: cheap), one chunk each."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    for i in range(6):
        (folder / f"n{i}.txt").write_bytes(b"")
    return folder


@pytest.fixture()
def one_chunk_per_file(monkeypatch):
    monkeypatch.setattr(manifest, "CHUNK_SPREAD", 1)
    faulthandler.dump_traceback_later(120, exit=True)  # a hang fails the suite instead of stalling it
    yield
    faulthandler.cancel_dump_traceback_later()


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.parquet"))}


def _parts_left(out: Path) -> set[str]:
    """The part folders in OUT's cache."""
    root = manifest.cache_dir(out) / "parts"
    return {p.name for p in root.iterdir()} if root.is_dir() else set()


def _last_line(result) -> str:
    lines = result.output.strip().splitlines()
    return lines[-1] if lines else ""


def _fails_cleanly(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # not an uncaught exception
    assert _last_line(result) == f"Error: {message}"
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------------- a full disk


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.skipif(not FORKS, reason="forks"))])
def test_a_full_disk_while_writing_parts_is_one_line_and_leaves_no_part_behind(
        runner, inputs, tmp_path, monkeypatch, one_chunk_per_file, workers):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["run", str(inputs), "-o", str(out), "-w", "1"]).exit_code == 1  # empty files
    before, parts_before = _snapshot(out), _parts_left(out)
    (inputs / "seed.txt").write_text(SEED.read_text(encoding="utf-8") + "\n附件：无\n", encoding="utf-8")
    flush = store.PartWriter.flush

    def full_disk(self):
        if any(self._buffered.values()):
            raise OSError(errno.ENOSPC, "No space left on device")
        return flush(self)

    monkeypatch.setattr(store.PartWriter, "flush", full_disk)  # before the workers are forked: theirs too
    result = runner.invoke(cli, ["run", str(inputs), "-o", str(out), "-w", str(workers)])
    _fails_cleanly(result, f"cannot write {out}: no space left on device")
    assert _snapshot(out) == before  # the previous tables
    assert _parts_left(out) == parts_before  # no .unit-* folder, nor a part the manifest does not name
    monkeypatch.setattr(store.PartWriter, "flush", flush)  # room again: the next run succeeds
    result = runner.invoke(cli, ["run", str(inputs), "-o", str(out), "-w", str(workers)])
    assert result.exit_code == 1 and "1 notices" in result.output, result.output  # (exit 1: the empty files)


def test_a_full_disk_while_merging_removes_the_parts_the_run_wrote(runner, inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["run", str(SEED), "-o", str(out), "-w", "1"]).exit_code == 0
    before, parts_before = _snapshot(out), _parts_left(out)

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "_merge_table", full_disk)
    result = runner.invoke(cli, ["run", str(inputs), "-o", str(out), "-w", "1"])
    _fails_cleanly(result, f"cannot write {out}: no space left on device")
    assert _snapshot(out) == before
    assert _parts_left(out) == parts_before  # the finished parts of the failed run are gone too
    assert not [p for p in out.rglob("*") if ".zhenggai-tmp-" in p.name or p.name.endswith(".tmp")]


@pytest.mark.filterwarnings("ignore::pipeline.batch.NoticeFailed")
def test_the_unfinished_parts_of_a_killed_run_are_swept_before_the_run_starts(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    leftover = manifest.cache_dir(out) / "parts" / ".unit-killed"
    leftover.mkdir(parents=True)
    (leftover / "notices.parquet").write_bytes(b"\0" * 1000)  # the room a full disk lacks
    seen = []
    add = parts.UnitWriter.add

    def spy(self, key, paths):
        seen.append(leftover.exists())
        return add(self, key, paths)

    monkeypatch.setattr(parts.UnitWriter, "add", spy)
    batch.run([inputs], out, workers=1)
    assert seen and not any(seen)  # gone before the first part was written


# ------------------------------------------------------------------------- an unwritable folder


def test_run_into_a_folder_that_cannot_be_made(runner, tmp_path):
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    out = tmp_path / "file" / "out"
    result = runner.invoke(cli, ["run", str(SEED), "-o", str(out), "-w", "1"])
    _fails_cleanly(result, f"cannot write {out}: not a directory")


def test_stats_and_report_that_cannot_write_say_so_in_one_line(runner, seed_out, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    (out / "stats").write_text("in the way", encoding="utf-8")
    _fails_cleanly(runner.invoke(cli, ["stats", str(out), "-q", "-w", "1"]),
                   f"cannot write {out / 'stats'}: file exists")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    report = tmp_path / "file" / "report"
    _fails_cleanly(runner.invoke(cli, ["report", str(out), "-o", str(report)]),
                   f"cannot write {report}: file exists")  # (its parent is a file)


def test_the_message_names_the_reason_of_a_read_only_folder(runner, inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["run", str(SEED), "-o", str(out), "-w", "1"]).exit_code == 0
    before = _snapshot(out)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(out / ".zhenggai-cache"))

    monkeypatch.setattr(manifest.FileSpool, "__init__", read_only)
    result = runner.invoke(cli, ["run", str(inputs), "-o", str(out), "-w", "1"])
    _fails_cleanly(result, f"cannot write {out}: read-only file system")
    assert _snapshot(out) == before


# ------------------------------------------------------------------------ a worker that dies


def _killed_on_n3(path: str, max_bytes: int):
    """``batch._process_one``, but the worker dies (as the OOM killer kills it) on n3.txt."""
    if path.endswith("n3.txt"):
        os._exit(9)
    return _process_one(path, max_bytes)


_process_one = batch._process_one


@pytest.mark.skipif(not FORKS, reason="workers share the test module only where they are forked")
def test_a_worker_that_dies_is_one_line_and_nothing_is_written(runner, inputs, tmp_path, monkeypatch,
                                                                 one_chunk_per_file):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["run", str(SEED), "-o", str(out), "-w", "1"]).exit_code == 0
    before, parts_before = _snapshot(out), _parts_left(out)
    monkeypatch.setattr(batch, "_process_one", _killed_on_n3)
    result = runner.invoke(cli, ["run", str(inputs), "-o", str(out), "-w", "2"])
    _fails_cleanly(result, "a worker process died (out of memory?); nothing was written; "
                           "rerun, perhaps with fewer --workers")
    assert _snapshot(out) == before
    assert _parts_left(out) == parts_before


# ------------------------------------------------------------------------------------ Dask


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line(runner, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(batch, "SCHEDULER_TIMEOUT", 2, raising=False)
    address = f"tcp://127.0.0.1:{_unused_port()}"
    result = runner.invoke(cli, ["run", str(SEED), "-o", str(tmp_path / "out"), "--executor", "dask",
                                 "--scheduler", address])
    _fails_cleanly(result, f"cannot reach the Dask scheduler at {address}")
    assert not (tmp_path / "out" / "notices.parquet").exists()


def test_scheduler_without_the_dask_executor_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(cli, ["run", str(SEED), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2, result.output
    assert "--scheduler is for --executor dask" in result.output
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValueError, match="dask"):
        batch.run([SEED], tmp_path / "out", scheduler="tcp://127.0.0.1:1")
