"""Shared fixtures: the bundled sample, the dev corpus in ../shared, a processed seed output."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "seed.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    """The tables `zhenggai run` writes for the sample notice."""
    from pipeline import run

    out = tmp_path_factory.mktemp("seed_out")
    run([SEED], out)
    return out


def corpus_files(pattern: str = "*.txt") -> list[Path]:
    return sorted(CORPUS.glob(pattern))


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/dev is not beside the repo")
