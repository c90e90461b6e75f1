"""pattern_cache: compiled regular expressions kept between runs, as ``__pycache__`` keeps bytecode.

The stages compile ~90 patterns with ``re``, most of them built from the lexicons; parsing and
code generation run in pure Python and cost ~85 ms, a fifth of a one-file run. ``cached_compile``
keeps what the compiler produced (the SRE code, flags and group names) in the user's cache folder,
one file per Python build and pipeline version (its code and lexicons, ``manifest.pipeline_version``),
and hands it back to ``_sre.compile`` on later runs. The file opens with a checksum of its entries,
an entry is found by a digest of its pattern and ``_sre`` validates the code before use
(``RuntimeError`` on anything malformed), so a damaged file costs a recompile, not a wrong match. A pattern built from the cache equals
``re.compile``'s (``Pattern.__eq__`` compares the code).

``ZHENGGAI_CACHE_DIR`` moves the folder; ``ZHENGGAI_PATTERN_CACHE=off`` turns the cache off.
Any failure to read or write it falls back to ``re.compile``: it is a cache, nothing depends on it.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path

import _sre
from re import _compiler, _parser  # the stdlib's own compiler, whose output is cached

# flags, SRE code (unsigned ints as bytes: marshal reads bytes ~2× faster than a list), groups, index, names
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_CODE_TYPE = "I" if _sre.CODESIZE == 4 else "H"

_DIGEST = 16  # a checksum of the entries opens the file
_KEEP_OTHERS = 3  # files of other pipeline versions kept beside this one's

# Per Python build and engine: code from another version is never offered to _sre.
_TAG = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}"


class _Cache:
    """The entries read from the cache file, and whether this process added one."""

    def __init__(self) -> None:
        self.entries: dict[bytes, _Entry] | None = None  # None: not read yet
        self.added = False


_cache = _Cache()


def cache_dir() -> Path | None:
    """The folder the cache file lives in, or None when the cache is off or no folder can be named
    (no home directory, as for a container user missing from passwd)."""
    if os.environ.get("ZHENGGAI_PATTERN_CACHE", "").lower() in {"0", "off", "no", "false"}:
        return None
    if folder := os.environ.get("ZHENGGAI_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    try:
        return Path(base) / "zhenggai" if base else Path.home() / ".cache" / "zhenggai"
    except (RuntimeError, KeyError, OSError):
        return None


def cache_file() -> Path | None:
    """This build's and this pipeline version's file: another version's patterns are never read."""
    folder = cache_dir()
    if folder is None:
        return None
    from .manifest import pipeline_version

    try:
        version = pipeline_version()
    except OSError:  # the package's files could not be read: no version to key the cache on
        return None
    return folder / f"patterns-{_TAG}-{version.replace('+', '-')}.marshal"


def _key(pattern: str, flags: int) -> bytes:
    return hashlib.blake2b(pattern.encode("utf-8", "surrogatepass"), digest_size=16,
                           person=flags.to_bytes(8, "little")).digest()


def cached_compile(pattern: str | bytes, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the cache when this build compiled it before."""
    flags = int(flags)
    entries = _entries() if isinstance(pattern, str) and not flags & re.DEBUG else None
    if entries is None:
        return re.compile(pattern, flags)
    key = _key(pattern, flags)
    entry = entries.get(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except (RuntimeError, TypeError, ValueError, OverflowError):  # damaged: _sre refused the code
            del entries[key]
    entry = _compiled_entry(pattern, flags)
    entries[key] = entry
    _cache.added = True
    return _build(pattern, entry)


def _build(pattern: str, entry: _Entry) -> re.Pattern:
    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, array(_CODE_TYPE, code).tolist(), groups, groupindex, indexgroup)


def _compiled_entry(pattern: str, flags: int) -> _Entry:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for a str pattern (CPython 3.11–3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = array(_CODE_TYPE, _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _entries() -> dict[bytes, _Entry] | None:
    if _cache.entries is None:
        path = cache_file()
        if path is None:
            return None
        _cache.entries = _read(path)
    return _cache.entries


def _read(path: Path) -> dict[bytes, _Entry]:
    """The entries of a cache file whose checksum holds (a byte changed in place is no valid entry)."""
    try:
        data = path.read_bytes()
        digest, payload = data[:_DIGEST], data[_DIGEST:]
        if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != digest:
            return {}
        entries = marshal.loads(payload)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def save() -> Path | None:
    """Write the cache file if this process compiled a pattern it did not hold, and remove the files
    of other pipeline versions of this build (atomically; errors ignored)."""
    path = cache_file()
    if path is None or _cache.entries is None or not _cache.added:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".patterns-", dir=path.parent)
        try:
            payload = marshal.dumps(_cache.entries)
            with os.fdopen(fd, "wb") as handle:
                handle.write(hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        # other versions of this build: kept a while (checkouts or venvs that share the folder), then gone
        others = sorted((p for p in path.parent.glob(f"patterns-{_TAG}-*.marshal") if p != path),
                        key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[_KEEP_OTHERS:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError, RuntimeError):  # ValueError: unmarshallable, which bytes, ints, strings never are
        return None
    _cache.added = False
    return path
