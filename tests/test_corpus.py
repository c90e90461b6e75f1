"""The whole dev corpus: every file processes, and every record points into its notice's text."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline import run
from pipeline.schemas import SPAN_COLUMNS, TABLE_NAMES

from conftest import CORPUS, needs_corpus


@pytest.fixture(scope="module")
def corpus_tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus_out")
    summary = run([CORPUS], out)
    assert not summary.errors, summary.errors
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLE_NAMES}


@needs_corpus
def test_every_notice_file_is_processed(corpus_tables):
    names = {p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".html")}
    processed = set(corpus_tables["notices"]["source_path"].map(lambda p: p.rsplit("/", 1)[-1]))
    assert processed == names


@needs_corpus
@pytest.mark.parametrize("table", sorted(SPAN_COLUMNS))
def test_text_at_offsets_equals_raw(corpus_tables, table):
    texts = corpus_tables["notices"].drop_duplicates("notice_id").set_index("notice_id")["text"]
    start, end = SPAN_COLUMNS[table]
    df = corpus_tables[table]
    for row in df.itertuples():
        span = texts[row.notice_id][getattr(row, start):getattr(row, end)]
        if "raw" in df:
            assert span == row.raw, (table, row)
        elif table == "nodes":
            assert span.startswith(row.marker)
