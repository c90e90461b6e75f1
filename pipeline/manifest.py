"""manifest: input files → content-defined chunks, and the cache that lets reruns skip them.

Inputs are split into chunks at content-defined boundaries (a file whose name
hashes to 0 modulo CHUNK_SPREAD ends a chunk), so adding or removing a file
changes only its own chunk. A chunk's key hashes the pipeline version and the
(path, content hash) of its files; the manifest names the part folder under
``OUT/.zhenggai-cache/parts/`` that holds each chunk's rows (``parts``). A rerun reuses every chunk whose key
it already has, processes the rest, and drops the parts of inputs that are gone.
Because a run always merges the same chunks in the same order, an incremental
run's tables equal a fresh run's.
"""
from __future__ import annotations

import hashlib
import json
import os
from stat import S_ISREG
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

CACHE_DIR = ".zhenggai-cache"
MANIFEST = "manifest.json"
#: a path ends a chunk when its hash is 0 modulo this: chunks average this many files
CHUNK_SPREAD = 32
#: never more files than this in one chunk
CHUNK_MAX = 1_000


@dataclass(frozen=True, slots=True)
class FileState:
    """What the manifest remembers of an input file."""

    size: int
    mtime_ns: int
    digest: str


@dataclass(frozen=True, slots=True)
class Chunk:
    """A run of consecutive inputs processed together into one part."""

    key: str
    paths: tuple[str, ...]


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """The package version plus a digest of its code and lexicons: any change invalidates the cache."""
    from . import __version__ as release  # not importlib.metadata: ~15 ms to import, on every run

    digest = hashlib.blake2b(digest_size=8)
    root = resources.files("pipeline")
    for entry in sorted(_package_files(root), key=str):
        digest.update(str(entry).encode())
        digest.update(entry.read_bytes())
    return f"{release}+{digest.hexdigest()}"


def _package_files(root):
    for entry in root.iterdir():
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _package_files(entry)
        elif entry.is_file() and entry.name.endswith((".py", ".yaml", ".txt", ".tsv")):
            yield entry


#: digests that stand for a file that could not be read: never reused (a chmod does not change mtime)
_UNREAD = frozenset({"unreadable", "not-a-file"})


def file_states(paths: list[str | Path], known: dict[str, FileState]) -> dict[str, FileState]:
    """Content digests of ``paths``, re-read only when size or mtime changed since ``known``."""
    return dict(iter_states(paths, known))


def iter_states(paths: Iterable[str | Path], known: dict[str, FileState]) -> Iterator[tuple[str, FileState]]:
    """``file_states`` one path at a time, as ``(path, state)``."""
    for path in paths:
        key = os.fspath(path)
        try:
            stat = os.stat(key)
        except OSError:
            yield key, FileState(-1, -1, "unreadable")
            continue
        if not S_ISREG(stat.st_mode):  # a FIFO or device: opening it may block for ever (ingest refuses it)
            yield key, FileState(-1, -1, "not-a-file")
            continue
        old = known.get(key)
        if old and old.size == stat.st_size and old.mtime_ns == stat.st_mtime_ns and old.digest not in _UNREAD:
            yield key, old
            continue
        try:
            digest = _digest(path)
        except OSError:
            digest = "unreadable"
        yield key, FileState(stat.st_size, stat.st_mtime_ns, digest)


def _digest(path: str | Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def split_chunks(paths: list[str | Path], states: dict[str, FileState], version: str) -> list[Chunk]:
    """Content-defined chunks of the sorted ``paths``."""
    return chunk_states(((os.fspath(p), states[os.fspath(p)]) for p in paths), version)


def chunk_states(items: Iterable[tuple[str, FileState]], version: str) -> list[Chunk]:
    """``split_chunks`` of ``(path, state)`` pairs in path order, taken one at a time (see ``iter_states``)."""
    chunks: list[Chunk] = []
    current: list[str] = []
    h = hashlib.blake2b(version.encode(), digest_size=12)
    for path, state in items:
        current.append(path)
        h.update(f"\0{path}\0{state.digest}".encode("utf-8", "surrogateescape"))
        name = os.path.basename(path)
        boundary = int(hashlib.blake2b(os.fsencode(name), digest_size=4).hexdigest(), 16) % CHUNK_SPREAD == 0
        if boundary or len(current) >= CHUNK_MAX:
            chunks.append(Chunk(key=h.hexdigest(), paths=tuple(current)))
            current, h = [], hashlib.blake2b(version.encode(), digest_size=12)
    if current:
        chunks.append(Chunk(key=h.hexdigest(), paths=tuple(current)))
    return chunks


@dataclass(frozen=True, slots=True)
class Manifest:
    """The cache of one output folder: file states, and the part folder of each chunk (by key).

    ``files`` is either the states by path, or the temporary file a ``FileSpool`` wrote them to.
    """

    version: str
    files: dict[str, FileState] | Path
    parts: dict[str, str]

    @property
    def empty(self) -> bool:
        return not self.parts


def cache_dir(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE_DIR


def load_manifest(out_dir: Path) -> Manifest:
    """The manifest of ``out_dir``, or an empty one when there is none (or it is unreadable)."""
    try:
        data = json.loads((cache_dir(out_dir) / MANIFEST).read_text(encoding="utf-8"))
        files = {p: FileState(**s) for p, s in data["files"].items()}
        parts = {str(key): str(folder) for key, folder in data["parts"].items()}
        return Manifest(version=data["version"], files=files, parts=parts)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # missing, damaged, or an older layout
        return Manifest(version="", files={}, parts={})


SPOOL_PREFIX = ".files."


class FileSpool:
    """The file states of a run (the manifest's ``files``), written to a temporary file in the
    cache as they are found, in path order: the run does not hold them in memory while it processes
    and merges (a few hundred bytes per file). ``save_manifest`` copies them into the manifest
    (pass ``path`` as its ``files``); ``discard`` removes the file."""

    def __init__(self, out_dir: Path):
        folder = cache_dir(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(f"{SPOOL_PREFIX}*.tmp"):  # left by a killed run (runs into a folder are locked)
            stale.unlink(missing_ok=True)
        self.path = folder / f"{SPOOL_PREFIX}{os.getpid()}.tmp"
        self._handle = open(self.path, "w", encoding="utf-8")
        self._count = 0

    def add(self, path: str, state: FileState) -> None:
        _write_file(self._handle, path, state, self._count)
        self._count += 1

    def close(self) -> None:
        self._handle.close()

    def discard(self) -> None:
        self._handle.close()
        self.path.unlink(missing_ok=True)


def _write_file(handle, path: str, state: FileState, n: int) -> None:
    """The ``n``-th member of the manifest's ``files`` object, on a line of its own."""
    entry = json.dumps({"size": state.size, "mtime_ns": state.mtime_ns, "digest": state.digest})
    handle.write(f"{',' if n else ''}\n{json.dumps(path)}: {entry}")


def save_manifest(out_dir: Path, manifest: Manifest) -> None:
    """Write the manifest atomically, streamed: one file a line, never the whole document in memory."""
    import shutil

    folder = cache_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{MANIFEST}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(f'{{"version": {json.dumps(manifest.version)}, "files": {{')
            if isinstance(manifest.files, dict):
                for n, (path, state) in enumerate(sorted(manifest.files.items())):
                    _write_file(handle, path, state, n)
            else:
                with open(manifest.files, encoding="utf-8") as spool:
                    shutil.copyfileobj(spool, handle)
            handle.write(f'\n}}, "parts": {json.dumps(dict(sorted(manifest.parts.items())))}}}')
        os.replace(tmp, folder / MANIFEST)
    except BaseException:  # a full disk: the old manifest stays, and no half-written copy beside it
        tmp.unlink(missing_ok=True)
        raise
