"""Tests for pipeline.ingest_pdf: PDFs with a text layer → one paragraph a line, furniture dropped.

The PDFs are made in code (tests/hostile/make_hostile.py ``pdf_bytes``: reportlab's built-in
STSong-Light CID font, so no font file is needed) from data/raw/seed.txt, laid out like a 公文:
centred title, paragraphs wrapped by width with a two-character indent, right-aligned signature
and date, a running header, page numbers, and each page's lines drawn bottom to top so that
reading order must come from positions. Groups: round trips (the seed comes back line for line
under each page-number style), layouts without indentation (headings still start lines), and
bad input (scans, non-PDFs, damage, passwords, the missing extra).
"""
from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import IngestError, TooLarge, UnsupportedFormat

pytest.importorskip("pdfplumber", reason="the pdf extra (pdfplumber) is not installed")
pytest.importorskip("reportlab", reason="reportlab (test extra) builds the test PDFs")

_SPEC = importlib.util.spec_from_file_location("make_hostile", Path(__file__).parent / "hostile" / "make_hostile.py")
mh = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(mh)
SEED = Path(__file__).resolve().parents[1] / "data" / "raw" / "seed.txt"
LINES = [ln.strip() for ln in SEED.read_text(encoding="utf-8").split("\n") if ln.strip()]
HEADER = "中共威海市文登区人民法院党组"


def _seed_pdf(lines: list[str] = LINES, **layout) -> bytes:
    return mh.pdf_bytes(lines[1:-2], title=lines[0], closing=tuple(lines[-2:]), **layout)


def _text(data: bytes) -> str:
    return ingest.load_bytes(data, source_path="n.pdf", suffix=".pdf").text


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return _seed_pdf(header=HEADER)


def test_seed_round_trips_line_for_line(seed_pdf):
    doc = ingest.load_bytes(seed_pdf, source_path="n.pdf", suffix=".pdf")
    assert doc.text.split("\n")[:-1] == LINES
    assert (doc.format, doc.encoding, doc.metadata) == ("pdf", "pdf", {})


@pytest.mark.parametrize("page_number", ["- {n} -", "第 {n} 页", "第{n}页 共{total}页", "共{total}页 第{n}页",
                                         "{n}/{total}", "{n}", "Page {n} of {total}", None])
def test_page_numbers_and_running_header_are_dropped(page_number):
    lines = LINES[:30] + LINES[-2:]  # about five pages
    text = _text(_seed_pdf(lines, header=HEADER if page_number else None, page_number=page_number,
                           scramble=False))
    assert text.split("\n")[:-1] == lines


def test_seed_from_pdf_has_the_same_outline(seed_pdf):
    from pipeline import analyse, process_text
    from pipeline.tabulate import notice_rows

    raw = ingest.load_bytes(seed_pdf, source_path="seed.pdf", suffix=".pdf")
    nodes = lambda rows: [(n["node_id"], n["role"], n["ordinal"], n["title"]) for n in rows["nodes"]]  # noqa: E731
    assert nodes(notice_rows(analyse(raw))) == nodes(process_text(SEED.read_text(encoding="utf-8")))


def test_without_paragraph_indent_headings_still_start_lines():
    text = _text(_seed_pdf(header=HEADER, indent=False))
    lines = text.split("\n")[:-1]
    assert set(LINES) - set(lines) <= {ln for ln in LINES if "。" in ln[:-1]}  # only lines broken after a 。
    starts = {ln[:12] for ln in lines}
    assert all(ln[:12] in starts for ln in LINES)  # every paragraph (so every heading) opens a line
    assert "".join(lines) == "".join(LINES)  # nothing lost, nothing added


def test_a_heading_that_wraps_is_one_line_and_the_next_heading_is_not_joined():
    long_heading = "（一）关于" + "落实整改主体责任不到位" * 4 + "的问题"
    text = _text(mh.pdf_bytes([long_heading, "1.加强领导", "根据统一部署开展整改"], indent=False))
    assert text.split("\n")[:-1] == [long_heading, "1.加强领导", "根据统一部署开展整改"]


def test_letter_spaced_and_double_drawn_text_reads_normally():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    t = c.beginText(72, 700)
    t.setFont("STSong-Light", 16)
    t.setCharSpace(6)
    t.textLine("组织开展整改")
    c.drawText(t)
    c.setFont("STSong-Light", 16)
    for dx in (0, 0.3):  # a bold effect: the same text drawn twice, a little apart
        c.drawString(72 + dx, 650, "二、存在问题")
    c.save()
    assert _text(buf.getvalue()).split("\n")[:-1] == ["组织开展整改", "二、存在问题"]


# --- bad input -----------------------------------------------------------------------------------


def test_scan_without_text_layer_is_refused():
    with pytest.raises(UnsupportedFormat, match="^scan.pdf: no text layer; OCR is not supported$"):
        ingest.load_bytes(mh.scan_pdf_bytes(), source_path="scan.pdf", suffix=".pdf")


def test_scan_with_only_page_numbers_is_refused():
    with pytest.raises(UnsupportedFormat, match="no text layer .*OCR is not supported"):
        _text(mh.pdf_bytes(["", "", ""], header=None, lines_per_page=1))


def test_not_a_pdf():
    with pytest.raises(UnsupportedFormat, match="n.pdf: not a PDF file"):
        _text("整改情况".encode())


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_an_ingest_error_or_what_could_be_read(seed_pdf, cut):
    try:
        text = _text(seed_pdf[:int(len(seed_pdf) * cut)])
    except IngestError as e:
        assert str(e).startswith("n.pdf: ")
    else:
        assert text.strip()


def test_garbage_after_the_header_is_an_ingest_error():
    with pytest.raises(IngestError, match="n.pdf: "):
        _text(b"%PDF-1.7\n" + bytes(range(256)) * 40)


def test_pdf_zip_bomb_is_refused_before_parsing():
    bomb = mh.pdf_bomb_bytes(mib=64)  # 64 KB on disk
    with pytest.raises(TooLarge, match="n.pdf: the PDF's compressed streams inflate to over 33,554,432 bytes"):
        ingest.load_bytes(bomb, source_path="n.pdf", suffix=".pdf", max_bytes=8 * 1024 * 1024)
    assert _text(mh.pdf_bomb_bytes(mib=1)) == "bomb\n"  # under the limit: read


def test_password_protected_pdf():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(72, 700, "hidden")
    c.save()
    with pytest.raises(IngestError, match="n.pdf: the PDF is password-protected"):
        _text(buf.getvalue())


def test_missing_extra_names_it(monkeypatch, seed_pdf):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber now raises ImportError
    with pytest.raises(UnsupportedFormat, match=r"install zhenggai\[pdf\] to read PDF files"):
        _text(seed_pdf)
