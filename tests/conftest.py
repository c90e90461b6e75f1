"""Shared fixtures: the bundled sample, the dev corpus in ../shared, a processed seed output."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# the compiled-pattern cache of this test session: never the user's, and exercised by every run
os.environ["ZHENGGAI_CACHE_DIR"] = tempfile.mkdtemp(prefix="zhenggai-cache-")

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

    from pipeline.validate import validate_output

    out = tmp_path_factory.mktemp("seed_out")
    run([SEED], out)
    assert validate_output(out) == []
    return out


@pytest.fixture(autouse=True)
def validate_every_output(monkeypatch):
    """Every output folder a test writes through pipeline.run (or the CLI) must pass `validate`."""
    import pipeline.batch as batch
    from pipeline.validate import validate_output

    original = batch._run_locked

    def checked(inputs, out_dir, **options):
        summary = original(inputs, out_dir, **options)
        problems = validate_output(out_dir)
        assert problems == [], [str(p) for p in problems]
        return summary

    monkeypatch.setattr(batch, "_run_locked", checked)


@pytest.fixture(scope="session")
def seed_tables(seed_out):
    """The sample's tables as the analysis stages read them."""
    from pipeline.stats import read_tables

    return read_tables(seed_out)


@pytest.fixture(scope="session")
def seed_report(seed_out, tmp_path_factory) -> Path:
    """The review site `zhenggai report` writes for the sample."""
    from pipeline.report import write_report

    site = tmp_path_factory.mktemp("report") / "site"
    write_report(seed_out, site)
    return site


def corpus_files(pattern: str = "*.txt") -> list[Path]:
    return sorted(CORPUS.glob(pattern))


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/dev is not beside the repo")


def write_seed_variants(folder: Path, count: int) -> Path:
    """``count`` distinct notices in ``folder``: the sample with one count varied per file."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"n{i:03d}.txt").write_text(text.replace("268起", f"{i + 1}起"), encoding="utf-8")
    return folder


def read_all(out: Path) -> dict:
    """Every table of an output folder (single files or partitioned), as DataFrames."""
    from pipeline.schemas import TABLE_NAMES
    from pipeline.store import read_table

    return {t: read_table(out, t) for t in TABLE_NAMES}


def assert_same_tables(a: dict, b: dict) -> None:
    """Two outputs hold identical tables, row for row."""
    import pandas as pd

    for table in a:
        pd.testing.assert_frame_equal(a[table], b[table], check_dtype=True)
