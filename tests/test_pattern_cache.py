"""pattern_cache: a pattern built from the cache is the pattern re.compile builds, and a cache that is
missing, damaged, unwritable or switched off costs a recompile, never a wrong match or a failed run."""
from __future__ import annotations

import marshal
import re
import subprocess
import sys

import pytest

from pipeline import pattern_cache

from conftest import SEED

SAMPLES = [
    r"\d+元",
    r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月)?",
    r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]",
    r"(?i)abc(?=d)|(?<!x)[\u4e00-\u9fff]{2,}",
    r"^\s*(?:打印本页|关闭窗口)\s*$",
]


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    """A pattern cache in an empty folder, as a first run after install sees it."""
    monkeypatch.setenv("ZHENGGAI_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ZHENGGAI_PATTERN_CACHE", raising=False)
    monkeypatch.setattr(pattern_cache, "_cache", pattern_cache._Cache())
    return tmp_path


def _run_in_new_process(out) -> None:
    """``zhenggai run`` on the sample in a new process: one that compiles every pattern of the stages."""
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(SEED), "-o", str(out)], check=True,
                   capture_output=True)


def _entries_in(path) -> dict:
    return marshal.loads(path.read_bytes()[pattern_cache._DIGEST:])


def _write_entries(path, entries) -> None:
    import hashlib

    payload = marshal.dumps(entries)
    path.write_bytes(hashlib.blake2b(payload, digest_size=pattern_cache._DIGEST).digest() + payload)


def _reload_cache(monkeypatch) -> None:
    """Forget what this process holds, as a new process would."""
    monkeypatch.setattr(pattern_cache, "_cache", pattern_cache._Cache())


@pytest.mark.parametrize("source", SAMPLES)
@pytest.mark.parametrize("flags", [0, re.VERBOSE | re.MULTILINE])
def test_cached_pattern_equals_re_compile(fresh_cache, monkeypatch, source, flags):
    first = pattern_cache.cached_compile(source, flags)
    assert pattern_cache.save() is not None
    _reload_cache(monkeypatch)
    again = pattern_cache.cached_compile(source, flags)
    assert pattern_cache._cache.added is False  # read from the file, not compiled
    assert first == again == re.compile(source, flags)  # Pattern.__eq__ compares the SRE code
    assert again.groupindex == re.compile(source, flags).groupindex


def test_every_stage_pattern_from_the_cache_equals_re_compile(fresh_cache, monkeypatch):
    """The whole pipeline's patterns, after a run in a new process has filled the cache."""
    _run_in_new_process(fresh_cache / "out")
    entries = _entries_in(pattern_cache.cache_file())
    assert len(entries) > 60  # the stages compile ~90
    # the file holds digests, not sources: rebuild each stage pattern the way its module does
    _reload_cache(monkeypatch)
    for source, flags in _stage_patterns():
        assert pattern_cache.cached_compile(source, flags) == re.compile(source, flags), source[:60]
    assert pattern_cache._cache.added is False


def _stage_patterns() -> list[tuple[str, int]]:
    """(source, flags) of the compiled patterns the stage modules hold at module level."""
    import importlib

    found = []
    for name in ["pipeline.clean", "pipeline.clean_pages", "pipeline.headings", "pipeline.scan",
                 "pipeline.extract.date_patterns", "pipeline.extract.metric_patterns", "pipeline.extract.metric_checks",
                 "pipeline.extract.metric_context", "pipeline.clean_furniture", "pipeline.clean_repairs",
                 "pipeline.extract.citations"]:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.append((value.pattern, value.flags & ~re.UNICODE))
    assert len(found) > 30
    return found


def test_a_second_process_compiles_nothing_and_writes_the_same_tables(fresh_cache):
    import pandas as pd

    _run_in_new_process(fresh_cache / "first")
    written = pattern_cache.cache_file().stat().st_mtime_ns
    _run_in_new_process(fresh_cache / "second")
    assert pattern_cache.cache_file().stat().st_mtime_ns == written  # every pattern came from it: not rewritten
    for table in ["metrics", "dates", "nodes", "notices"]:
        pd.testing.assert_frame_equal(pd.read_parquet(fresh_cache / "first" / f"{table}.parquet"),
                                      pd.read_parquet(fresh_cache / "second" / f"{table}.parquet"))


@pytest.mark.parametrize("damage", [b"", b"not marshal", marshal.dumps([1, 2, 3])])
def test_a_damaged_file_is_ignored(fresh_cache, monkeypatch, damage):
    pattern_cache.cache_file().write_bytes(damage)
    assert pattern_cache.cached_compile(SAMPLES[1]) == re.compile(SAMPLES[1])


def test_an_entry_whose_code_sre_refuses_is_compiled_again(fresh_cache, monkeypatch):
    pattern_cache.cached_compile(SAMPLES[1])
    pattern_cache.save()
    entries = _entries_in(pattern_cache.cache_file())
    key = pattern_cache._key(SAMPLES[1], 0)
    flags, code, groups, index, names = entries[key]
    entries[key] = (flags, b"\xff\xff\x00\x00" + code[4:], groups, index, names)  # no such opcode
    _write_entries(pattern_cache.cache_file(), entries)  # a valid checksum over code _sre refuses
    _reload_cache(monkeypatch)
    assert pattern_cache.cached_compile(SAMPLES[1]) == re.compile(SAMPLES[1])
    assert pattern_cache._cache.added is True  # so the next save mends the file


def test_a_byte_changed_in_place_fails_the_checksum(fresh_cache, monkeypatch):
    """元 turned into 角 inside the stored code would load and match 12角: the checksum refuses the file."""
    pattern_cache.cached_compile(r"\d+元")
    path = pattern_cache.save()
    data = bytearray(path.read_bytes())
    code_at = data.find("元".encode("utf-16-le")[:2] + b"\x00\x00")
    data[code_at if code_at > 0 else -5] ^= 0x01
    path.write_bytes(bytes(data))
    _reload_cache(monkeypatch)
    pattern = pattern_cache.cached_compile(r"\d+元")
    assert pattern == re.compile(r"\d+元") and pattern_cache._cache.added is True


def test_no_home_directory_turns_the_cache_off(monkeypatch):
    """A container user missing from passwd: Path.home() raises; the package still imports and compiles."""
    from pathlib import Path

    for name in ("ZHENGGAI_CACHE_DIR", "XDG_CACHE_HOME", "LOCALAPPDATA", "ZHENGGAI_PATTERN_CACHE"):
        monkeypatch.delenv(name, raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    _reload_cache(monkeypatch)
    assert pattern_cache.cache_dir() is None
    assert pattern_cache.cached_compile(SAMPLES[0]) == re.compile(SAMPLES[0])
    assert pattern_cache.save() is None


def test_switched_off_writes_nothing(fresh_cache, monkeypatch):
    monkeypatch.setenv("ZHENGGAI_PATTERN_CACHE", "off")
    assert pattern_cache.cached_compile(SAMPLES[0]) == re.compile(SAMPLES[0])
    assert pattern_cache.save() is None
    assert list(fresh_cache.iterdir()) == []


def test_an_unwritable_folder_does_not_fail_the_run(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("ZHENGGAI_CACHE_DIR", str(blocker / "cache"))
    _reload_cache(monkeypatch)
    assert pattern_cache.cached_compile(SAMPLES[2]) == re.compile(SAMPLES[2])
    assert pattern_cache.save() is None


def test_bytes_patterns_and_debug_go_straight_to_re(fresh_cache):
    assert pattern_cache.cached_compile(rb"[\x00-\x08]") == re.compile(rb"[\x00-\x08]")
    assert pattern_cache.save() is None  # nothing cached


def test_another_pipeline_version_reads_nothing_and_old_files_go(fresh_cache, monkeypatch):
    """Code or lexicons changed: the patterns are compiled afresh, and the old version's file is removed."""
    from pipeline import manifest

    pattern_cache.cached_compile(SAMPLES[0])
    old = pattern_cache.save()
    monkeypatch.setattr(manifest, "pipeline_version", lambda: "0.1.0+0123456789abcdef")
    _reload_cache(monkeypatch)
    assert pattern_cache.cached_compile(SAMPLES[0]) == re.compile(SAMPLES[0])
    assert pattern_cache._cache.added is True  # not read from the old version's file
    new = pattern_cache.save()
    assert new != old and new.is_file() and old.exists()  # another checkout may still use it
    for i in range(pattern_cache._KEEP_OTHERS + 1):  # …until more versions than that have come after it
        monkeypatch.setattr(manifest, "pipeline_version", lambda i=i: f"0.1.0+{i:016x}")
        _reload_cache(monkeypatch)
        pattern_cache.cached_compile(SAMPLES[0])
        pattern_cache.save()
    assert not old.exists() and len(list(fresh_cache.glob("patterns-*.marshal"))) == pattern_cache._KEEP_OTHERS + 1
