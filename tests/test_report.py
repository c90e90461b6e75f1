"""The review report without a browser: one highlight per record, links, escaping, nesting, atomic writes, the command.

The pages are parsed with lxml; ``test_report_browser.py`` opens the same pages in Chromium.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from pipeline.cli_report import report_command
from pipeline.report import MARKER, ReportError, mark_up, page_name, render, write_report
from pipeline.report.markup import _Span
from pipeline.schemas import TABLE_NAMES, arrow_schema
from pipeline.compare import compare_tables
from pipeline.stats import write_stats

KINDS = {"date": "dates", "metric": "metrics", "citation": "citations"}


@pytest.fixture(scope="module")
def seed_page(seed_report, seed_tables):
    notice_id = seed_tables["notices"].notice_id[0]
    return lxml_html.parse(str(seed_report / "notices" / page_name(notice_id))).getroot()


def _marks(page, kind: str) -> list:
    return page.xpath(f".//mark[contains(concat(' ', @class, ' '), ' hl-{kind} ')]")


def _write_out(folder: Path, **rows: list[dict]) -> Path:
    """An output folder holding ``rows`` per table (every other table empty)."""
    folder.mkdir(parents=True)
    for table in TABLE_NAMES:
        pq.write_table(pa.Table.from_pylist(rows.get(table, []), schema=arrow_schema(table)),
                       folder / f"{table}.parquet")
    return folder


# --- the sample's notice page ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_every_record_has_one_highlight_of_its_kind(seed_page, seed_tables, kind):
    records = seed_tables[KINDS[kind]]
    marks = _marks(seed_page, kind)
    assert len(marks) == len(records) > 0
    assert [m.get("id") for m in marks] == [f"{kind[0]}-{i}" for i in range(len(records))]
    assert {m.get("tabindex") for m in marks} == {"0"}
    assert all(" → " in m.get("aria-label") for m in marks)


@pytest.mark.parametrize("kind", KINDS)
def test_highlight_text_is_the_record_as_written(seed_page, seed_tables, kind):
    records = seed_tables[KINDS[kind]]
    by_id = {m.get("id"): m.text_content() for m in _marks(seed_page, kind)}
    assert [by_id[f"{kind[0]}-{i}"] for i in range(len(records))] == list(records.raw)


def test_page_text_is_the_cleaned_text(seed_page, seed_tables):
    """Highlights, headings, flags and anchors add markup, never characters."""
    (text,) = seed_page.xpath("//div[@id='text']")
    assert text.text_content() == seed_tables["notices"].text[0]


def test_date_tooltip_gives_the_normalised_value(seed_page):
    (mark,) = [m for m in _marks(seed_page, "date") if m.text_content() == "12月16日"]
    assert mark.get("aria-label") == "12月16日 → 2019-12-16, year inferred"


def test_no_native_tooltip_doubles_the_css_one(seed_page):
    """Highlights and flags carry their value in aria-label / data-tip for report.css, never in a title."""
    assert seed_page.xpath("//@title") == []
    flags = seed_page.xpath("//span[contains(concat(' ', @class, ' '), ' flag ')]")
    assert flags and all(f.get("data-tip") and f.get("aria-label") == f"Warning: {f.get('data-tip')}" for f in flags)


def test_a_date_inside_a_citation_nests(seed_page):
    (citation,) = [m for m in _marks(seed_page, "citation") if m.text_content() == "《2020年法院党建工作要点》"]
    assert [m.text_content() for m in _marks(citation, "date")] == ["2020年"]


def test_every_in_page_link_has_a_target(seed_page, seed_tables):
    ids = set(seed_page.xpath("//@id"))
    fragments = [href[1:] for href in seed_page.xpath("//a/@href") if href.startswith("#")]
    assert fragments and set(fragments) <= ids
    outline = seed_page.xpath("//nav[contains(@class, 'outline')]//a/@href")
    assert sorted(outline) == sorted(f"#n-{n}" for n in seed_tables["nodes"].node_id)
    headings = seed_page.xpath("//div[@id='text']//*[@role='heading']")
    assert len(headings) == len(seed_tables["nodes"])


def test_problems_list_every_measure_with_its_status(seed_page, seed_tables):
    (section,) = seed_page.xpath("//section[@aria-labelledby='problems-heading']")
    assert len(section.xpath(".//ol[@class='problems']/li")) == len(seed_tables["problems"])
    badges = [b.text_content() for b in section.xpath(".//ol[@class='measures']//span[contains(@class, 'status')]")]
    statuses = seed_tables["measures"].status.fillna("status unknown")
    assert sorted(badges) == sorted(statuses)


def test_warnings_are_listed_and_placed(seed_page, seed_tables):
    warnings = seed_tables["warnings"]
    (section,) = seed_page.xpath("//section[@aria-labelledby='warnings-heading']")
    assert len(section.xpath(".//li")) == len(warnings)
    assert "the notice states 100 measures, parsed 94" in section.text_content()
    placed = warnings.start.notna() | warnings.node_id.notna()
    assert len(seed_page.xpath("//div[@id='text']//span[@class='flag']")) == placed.sum() > 0


def test_page_structure_is_semantic(seed_page):
    assert seed_page.xpath("//nav[@aria-labelledby='outline-heading']//ul//li")
    assert len(seed_page.xpath("//main")) == 1 and len(seed_page.xpath("//h1")) == 1
    assert seed_page.xpath("//a[@class='skip']/@href") == ["#text"]


# --- the batch page and the site as a whole -----------------------------------------------------------

def test_batch_page_links_every_notice(seed_report, seed_tables):
    page = lxml_html.parse(str(seed_report / "index.html")).getroot()
    rows = json.loads(page.xpath("//script[@id='notices-data']")[0].text)
    assert [r["title"] for r in rows] == list(seed_tables["notices"].title)
    assert all((seed_report / r["href"]).is_file() for r in rows)
    assert rows[0]["problems"] == 28 and rows[0]["measures"] == 94 and rows[0]["measures_stated"] == 100
    assert page.xpath("//table[@id='notices-table']//th/@data-key")[:3] == ["title", "issuer", "kind"]
    assert len(page.xpath("//svg[contains(@class, 'chart')]")) == 3


def test_nothing_is_fetched_from_outside_the_site(seed_report):
    for path in seed_report.rglob("*.html"):
        page = lxml_html.parse(str(path)).getroot()
        for link in page.xpath("//@src | //@href"):
            assert link == "data:," or not re.match(r"[a-z][a-z0-9+.-]*:|//", link), (path.name, link)
            if not link.startswith(("#", "data:")):
                assert (path.parent / link.split("#")[0]).resolve().is_file(), (path.name, link)
    assert not re.search(r"url\(|@import", (seed_report / "assets" / "report.css").read_text(encoding="utf-8"))


# --- escaping and nesting on a made-up notice ------------------------------------------------------------

TEXT = "一、关于<b>整改</b>问题\n2020年3月印发了《2020年<script>alert(1)</script>工作要点》,完成率97.5%。\nA & B \"引号\""


@pytest.fixture()
def tricky_out(tmp_path) -> Path:
    """A notice whose text holds markup, a date inside a citation and a metric crossing the citation's end."""
    nid = "t1"
    cite = TEXT.index("《"), TEXT.index("》") + 1
    span = lambda part: (TEXT.index(part), TEXT.index(part) + len(part))  # noqa: E731
    return _write_out(
        tmp_path / "out",
        notices=[{"notice_id": nid, "source_path": "t.txt", "title": "<b>标题</b>", "text": TEXT}],
        nodes=[{"notice_id": nid, "node_id": "1", "depth": 1, "role": "section", "marker": "一、",
                "title": "关于<b>整改</b>问题", "start": 0, "end": len(TEXT)}],
        dates=[{"notice_id": nid, "raw": raw, "char_start": span(raw)[0], "char_end": span(raw)[1],
                "granularity": "month", "kind": "point"} for raw in ("2020年3月", "2020年<")][:1]
        + [{"notice_id": nid, "raw": "2020年", "char_start": cite[0] + 1, "char_end": cite[0] + 6,
            "granularity": "year", "kind": "point"}],
        citations=[{"notice_id": nid, "raw": TEXT[cite[0]:cite[1]], "start": cite[0], "end": cite[1],
                    "title": TEXT[cite[0] + 1:cite[1] - 1]}],
        metrics=[{"notice_id": nid, "raw": "97.5%", "start": span("97.5%")[0], "end": span("97.5%")[1],
                  "value": 97.5, "unit": "%", "kind": "percent"},
                 {"notice_id": nid, "raw": "要点》,完成", "start": span("要点》,完成")[0],
                  "end": span("要点》,完成")[1], "value": 1.0, "kind": "count"}],
        warnings=[{"notice_id": nid, "node_id": "1", "kind": "odd", "message": "a <warning> & more"}],
    )


def test_markup_in_the_text_is_escaped(tricky_out, tmp_path):
    write_report(tricky_out, tmp_path / "site")
    source = (tmp_path / "site" / "notices" / "t1.html").read_text(encoding="utf-8")
    assert "<script>alert" not in source and "<b>" not in source
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source and "&lt;b&gt;标题&lt;/b&gt;" in source
    page = lxml_html.fromstring(source)
    assert page.xpath("//div[@id='text']")[0].text_content() == TEXT
    assert len(page.xpath("//script")) == 1  # report.js, nothing from the text
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<b>标题" not in index and "\\u003cb\\u003e标题" in index


def test_overlapping_highlights_nest_one_element_per_record(tricky_out, tmp_path):
    write_report(tricky_out, tmp_path / "site")
    source = (tmp_path / "site" / "notices" / "t1.html").read_text(encoding="utf-8")
    fragment = re.search(r'<div class="notice-text"[^>]*>.*?</div>', source, re.S).group(0)
    text = etree.fromstring(fragment)  # strict XML: fails on tags that cross
    assert {kind: len(text.xpath(f"//mark[contains(@class, 'hl-{kind}')]")) for kind in KINDS} == \
        {"date": 2, "metric": 2, "citation": 1}
    (crossing,) = text.xpath("//mark[@data-clipped]")
    assert crossing.get("id") == "m-1" and "".join(crossing.itertext()) == "要点》"
    assert text.xpath("//mark[@id='c-0']/mark[@id='d-1']")


@pytest.mark.parametrize("spans, expected", [
    pytest.param([(0, 2), (2, 4)], "<0>ab</0><1>cd</1>ef", id="adjacent"),
    pytest.param([(0, 6), (1, 3), (3, 5)], "<0>a<1>bc</1><2>de</2>f</0>", id="two inside one"),
    pytest.param([(1, 3), (0, 6)], "<1>a<0>bc</0>def</1>", id="outer given second"),
    pytest.param([(0, 3), (0, 3)], "<0><1>abc</1></0>def", id="same span twice"),
    pytest.param([(2, 2), (2, 4)], "ab<0></0><1>cd</1>ef", id="empty element before a span at its start"),
])
def test_mark_up_nests(spans, expected):
    tags = [_Span(s, e, f"<{i}>", f"</{i}>") for i, (s, e) in enumerate(spans)]
    assert mark_up("abcdef", tags) == expected


# --- writing ------------------------------------------------------------------------------------------

def test_an_earlier_report_is_replaced_and_other_folders_are_refused(seed_out, tmp_path):
    site = tmp_path / "site"
    write_report(seed_out, site)
    (site / "stale.html").write_text("old", encoding="utf-8")
    write_report(seed_out, site)
    assert not (site / "stale.html").exists() and (site / MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ReportError, match="not empty"):
        write_report(seed_out, other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(ReportError, match="holds the tables"):
        write_report(seed_out, seed_out.parent)


def test_a_failed_run_leaves_the_earlier_report(seed_out, tmp_path, monkeypatch):
    site = tmp_path / "site"
    write_report(seed_out, site)
    before = (site / "index.html").read_text(encoding="utf-8")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(render, "notice_page", broken)
    with pytest.raises(RuntimeError):
        write_report(seed_out, site)
    assert (site / "index.html").read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_batch_without_notices_still_gets_a_page(tmp_path):
    out = _write_out(tmp_path / "out", errors=[{"source_path": "bad.txt", "stage": "ingest", "error": "empty <file>"}])
    summary = write_report(out, tmp_path / "site")
    assert summary.notice_pages == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "0 notices" in index and "empty &lt;file&gt;" in index


def test_stats_written_after_the_tables_are_reused(seed_out, seed_tables, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    compared = compare_tables(seed_tables, "inspection_kind")
    compared["compare_inspection_kind_themes"]["theme"] = "由统计表给出"
    write_stats(compared, out)
    summary = write_report(out, tmp_path / "site")
    assert "compare_inspection_kind_themes" in summary.stats_reused
    assert "由统计表给出" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    later = (out / "stats" / "compare_inspection_kind_themes.parquet").stat().st_mtime + 10
    os.utime(out / "notices.parquet", (later, later))  # the tables were rewritten: the stats are stale
    assert write_report(out, tmp_path / "site").stats_reused == ()
    assert "由统计表给出" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_report_command(seed_out, tmp_path):
    result = CliRunner().invoke(report_command, [str(seed_out), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert result.output == f"1 notice page → {tmp_path / 'site' / 'index.html'}\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(report_command, [str(empty), "-o", str(tmp_path / "site2")])
    assert result.exit_code == 1 and "has no notices.parquet" in result.output
    assert report_command.help and "Example" in report_command.help


# ------------------------------------------------------------------ a batch read a chunk of notices at a time


def _site(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus_with_copies(tmp_path_factory) -> Path:
    """The dev corpus with a copy of one notice far from it (a duplicate-notice warning at the end)."""
    from conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("needs ../shared/corpus/dev")
    folder = tmp_path_factory.mktemp("chunked")
    inputs = folder / "in"
    shutil.copytree(CORPUS, inputs)
    shutil.copy(inputs / "seed.txt", inputs / "zz_copy_of_seed.txt")
    import warnings

    from pipeline import run

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run([inputs], folder / "out")
    return folder / "out"


@pytest.mark.parametrize("chunk", [1, 4])
def test_a_big_batch_read_in_chunks_gives_the_same_site(corpus_with_copies, chunk, tmp_path):
    """With stats and without: every file of the site is the same whether the tables are read whole or a
    chunk of notices at a time (2,000 bench notices: 1.6 GB → 0.7 GB; 20,000: ~16 GB → 2 GB)."""
    out = tmp_path / "out"
    shutil.copytree(corpus_with_copies, out)
    for with_stats in (False, True):
        if with_stats:
            from pipeline.stats import compute_stats, read_tables

            write_stats(compute_stats(read_tables(out)), out)
        whole = write_report(out, tmp_path / "whole", notices_per_chunk=10**9)
        chunked = write_report(out, tmp_path / "chunked", notices_per_chunk=chunk)
        assert whole.notice_pages == chunked.notice_pages > 30
        assert _site(tmp_path / "whole") == _site(tmp_path / "chunked")


def test_warnings_out_of_the_notices_order_read_the_batch_whole(corpus_with_copies, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(corpus_with_copies, out)
    warnings_table = pq.read_table(out / "warnings.parquet")
    pq.write_table(warnings_table.take(list(range(warnings_table.num_rows))[::-1]), out / "warnings.parquet")
    write_report(out, tmp_path / "whole", notices_per_chunk=10**9)
    write_report(out, tmp_path / "chunked", notices_per_chunk=3)
    assert _site(tmp_path / "whole") == _site(tmp_path / "chunked")


def test_the_last_notice_with_a_copy_gets_its_duplicate_warning_once(tmp_path):
    """The copy's warning is stored after the last notice's own rows, with its id: read along with them."""
    import warnings

    from conftest import CORPUS
    from pipeline import run

    if not CORPUS.is_dir():
        pytest.skip("needs ../shared/corpus/dev")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, source in enumerate(sorted(CORPUS.glob("0[0-9]*.txt"))[:5]):
        shutil.copy(source, inputs / f"a{i}.txt")
    shutil.copy(inputs / "a4.txt", inputs / "b_copy.txt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run([inputs], tmp_path / "out")
    write_report(tmp_path / "out", tmp_path / "whole", notices_per_chunk=10**9)
    write_report(tmp_path / "out", tmp_path / "chunked", notices_per_chunk=2)
    assert _site(tmp_path / "whole") == _site(tmp_path / "chunked")


def test_chunks_with_ranked_metrics_but_no_comparison_give_the_same_site(corpus_with_copies):
    """Key metrics ranked for the batch serve every chunk and, once, the comparison built on the way."""
    from pipeline.report.write import _files
    from pipeline.stats import compute_stats, read_tables

    ranked = compute_stats(read_tables(corpus_with_copies))["key_metrics"]
    whole = dict(_files(corpus_with_copies, "inspection_kind", {"key_metrics": ranked}, False, 10**9))
    chunked = dict(_files(corpus_with_copies, "inspection_kind", {"key_metrics": ranked}, True, 3))
    assert len(whole) > 30 and whole == chunked


def test_the_batch_charts_count_a_copy_in_other_widths_once(tmp_path):
    """QA H2: a notice published twice (once full-width) adds no measures to the batch's charts."""
    import re
    import warnings

    from conftest import CORPUS
    from pipeline import run

    if not (CORPUS / "002.fw.txt").is_file():
        pytest.skip("needs ../shared/corpus/dev")
    counts = {}
    for name, files in (("one", ["002.txt", "044.txt"]), ("copied", ["002.txt", "002.fw.txt", "044.txt"])):
        inputs = tmp_path / name / "in"
        inputs.mkdir(parents=True)
        for f in files:
            shutil.copy(CORPUS / f, inputs / f)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run([inputs], tmp_path / name / "out")
        write_report(tmp_path / name / "out", tmp_path / name / "site")
        page = (tmp_path / name / "site" / "index.html").read_text(encoding="utf-8")
        counts[name] = sorted(re.findall(r"<title>([^<]*: [\d.]+ measures)</title>", page))
    assert counts["one"] and counts["copied"] == counts["one"]
