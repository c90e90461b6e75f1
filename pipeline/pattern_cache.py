"""pattern_cache: compiled regular expressions kept between runs, as ``__pycache__`` keeps bytecode.

The stages compile ~150 patterns with ``re``, most of them built from the lexicons; parsing and
code generation run in pure Python and cost ~85 ms, a fifth of a one-file run. ``compile`` keeps
what the compiler produced (the SRE code, flags and group names) in one file per Python build in
the user's cache folder and hands it back to ``_sre.compile`` on later runs, which validates the
code before use (``RuntimeError`` on anything malformed), so a damaged file costs a recompile,
never a wrong match. A pattern built from the cache equals ``re.compile``'s (``Pattern.__eq__``
compares the code).

``ZHENGGAI_CACHE_DIR`` moves the folder; ``ZHENGGAI_PATTERN_CACHE=off`` turns the cache off.
Any failure to read or write it falls back to ``re.compile``: it is a cache, nothing depends on it.
"""
from __future__ import annotations

import marshal
import os
import re
import sys
import tempfile
from pathlib import Path

import _sre
from re import _compiler, _parser  # the stdlib's own compiler, whose output is cached

_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]  # flags, code, groups, index, names

# The file is per Python build and engine: code from another version is never offered to _sre.
_TAG = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"
_MAX_STALE = 4  # rewrite the file with only this run's patterns when it holds 4× as many


class _Cache:
    """The entries read from the cache file, and the keys this process used."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], _Entry] | None = None  # None: not read yet
        self.used: set[tuple[str, int]] = set()
        self.added = False


_cache = _Cache()


def cache_dir() -> Path | None:
    """The folder the cache file lives in, or None when the cache is off."""
    if os.environ.get("ZHENGGAI_PATTERN_CACHE", "").lower() in {"0", "off", "no", "false"}:
        return None
    if folder := os.environ.get("ZHENGGAI_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return Path(base) / "zhenggai" if base else Path.home() / ".cache" / "zhenggai"


def cache_file() -> Path | None:
    folder = cache_dir()
    return folder / f"patterns-{_TAG}.marshal" if folder else None


def cached_compile(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the cache when this build compiled it before."""
    flags = int(flags)
    entries = _entries() if isinstance(pattern, str) and not flags & re.DEBUG else None
    if entries is None:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    _cache.used.add(key)
    entry = entries.get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)
        except (RuntimeError, TypeError, ValueError):  # damaged entry: _sre refused the code
            del entries[key]
    entry = _compiled_entry(pattern, flags)
    entries[key] = entry
    _cache.added = True
    return _sre.compile(pattern, *entry)


def _compiled_entry(pattern: str, flags: int) -> _Entry:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for a str pattern (CPython 3.11–3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses: plain ints marshal
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _entries() -> dict[tuple[str, int], _Entry] | None:
    if _cache.entries is None:
        path = cache_file()
        if path is None:
            return None
        _cache.entries = _read(path)
    return _cache.entries


def _read(path: Path) -> dict[tuple[str, int], _Entry]:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def save() -> Path | None:
    """Write the cache file if this process compiled a pattern it did not hold (atomically; errors ignored)."""
    path = cache_file()
    if path is None or _cache.entries is None or not _cache.added:
        return None
    entries = _cache.entries
    if len(entries) > _MAX_STALE * max(len(_cache.used), 1):  # patterns of older lexicons pile up
        entries = {key: entries[key] for key in _cache.used if key in entries}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".patterns-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(marshal.dumps(entries))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):  # ValueError: unmarshallable, which plain ints and strings never are
        return None
    _cache.added = False
    return path
