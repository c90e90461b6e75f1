"""ingest_pdf: the bytes of a PDF with a text layer → its text, one paragraph a line.

Each page's characters are grouped into lines by position (top to bottom, left
to right, whatever order the content stream draws them in) by pdfplumber;
characters drawn twice for a bold effect count once, and letter-spaced text is
not split into single characters. Page furniture is dropped: page numbers at the
top or bottom of a page (``— 3 —``, ``第 3 页``, ``3/12``) and running headers
and footers (a line repeated at the top or bottom of most pages), as listed in
``lexicon/page_metadata.yaml``.

Lines are then re-joined across line and page breaks: a line is continued by
the next one when it runs to the right margin, does not end a sentence (or the
document indents its paragraphs and the next line is not indented), and the
next line does not open with a heading marker. Short lines (titles, dates,
signatures) and headings therefore keep their own lines.

A PDF whose pages hold no text (a scan) is refused: ``no text layer; OCR is not
supported``. Needs pdfplumber (``pip install zhenggai[pdf]``), imported when a PDF is read.
"""
from __future__ import annotations

import functools
import io
import re
import zlib
from dataclasses import dataclass

from .errors import IngestError, TooLarge, UnsupportedFormat
from .headings import find_headings
from .pattern_cache import cached_compile
from .resources import load_yaml

_X_TOLERANCE_RATIO = 0.5  # a gap over half a character starts a new word (letter-spaced Chinese stays whole)
_SENTENCE_END = cached_compile(r"[。！？；：!?;:…」』”）)]$")
_LATIN = cached_compile(r"[A-Za-z]")
_STREAM = cached_compile(rb"stream\r?\n")


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of one page, with the geometry the furniture and joining rules need (PDF points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the median character size
    height: float  # the page's height


def pdf_to_text(data: bytes, source_path: str, *, max_unpacked: int) -> str:
    """The text of a PDF, furniture dropped and wrapped lines joined; raise an ``IngestError`` when unreadable.

    Compressed streams (other than images, which are never unpacked here) may together inflate
    to at most ``max_unpacked`` bytes: a PDF "zip bomb" is refused before it is parsed.
    """
    if b"%PDF-" not in data[:1024]:
        raise UnsupportedFormat(f"{source_path}: not a PDF file (it does not start with %PDF)")
    _check_streams(data, source_path, max_unpacked)
    pages = _read_pages(data, source_path)
    if not any(line.text.strip() for page in pages for line in page):
        raise UnsupportedFormat(f"{source_path}: no text layer; OCR is not supported")
    body = _drop_furniture(pages)
    if not any(body):
        raise UnsupportedFormat(f"{source_path}: no text layer (only page numbers or headers); "
                                "OCR is not supported")
    return _join_lines(body)


def _check_streams(data: bytes, source_path: str, max_unpacked: int) -> None:
    """Refuse a PDF whose deflated streams inflate to more than ``max_unpacked`` bytes in all."""
    total = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 512):m.start()]
        if head.endswith(b"end") or b"/Image" in head[head.rfind(b"obj"):]:
            continue  # "endstream", or a picture: pdfplumber reads no image data
        total += _inflated_size(data, m.end(), max_unpacked - total)
        if total > max_unpacked:
            raise TooLarge(f"{source_path}: the PDF's compressed streams inflate to over {max_unpacked:,} "
                           "bytes; refused unread (a zip bomb?)")


def _inflated_size(data: bytes, start: int, cap: int) -> int:
    r"""How many bytes the zlib stream at ``start`` inflates to, counting no further than ``cap`` + 1.

    >>> import zlib; _inflated_size(b"stream\n" + zlib.compress(b" " * 5000) + b"endstream", 7, 10**6)
    5000
    >>> _inflated_size(b"BT (not deflated) Tj ET", 0, 100), _inflated_size(zlib.compress(b" " * 5000), 0, 99)
    (0, 100)
    """
    view, step = memoryview(data), 1 << 14
    inflater, size, pos = zlib.decompressobj(), 0, start
    pending = view[pos:pos + step]
    try:
        while size <= cap:
            size += len(inflater.decompress(pending, min(cap + 1 - size, 1 << 20)))
            if inflater.eof:
                break
            pending = inflater.unconsumed_tail
            if not pending:
                pos += step
                if pos >= len(data):
                    break
                pending = view[pos:pos + step]
    except zlib.error:
        pass  # not deflated (or damaged): pdfminer will say so if it matters
    return size


def _import_pdfplumber():
    try:
        import pdfplumber
    except ImportError:
        raise UnsupportedFormat("install zhenggai[pdf] to read PDF files (pip install 'zhenggai[pdf]')") from None
    return pdfplumber


def _read_pages(data: bytes, source_path: str) -> list[list[_Line]]:
    """Every page's lines, in reading order."""
    pdfplumber = _import_pdfplumber()
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_page_lines(page) for page in pdf.pages]
    except PDFPasswordIncorrect as e:
        raise IngestError(f"{source_path}: the PDF is password-protected") from e
    except RecursionError as e:
        raise IngestError(f"{source_path}: the PDF's structure is nested too deeply to read") from e
    except Exception as e:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError, …) on damage
        if "password" in str(e).lower() or "PDFPasswordIncorrect" in repr(e):
            raise IngestError(f"{source_path}: the PDF is password-protected") from e
        raise IngestError(f"{source_path}: a damaged PDF that cannot be read ({type(e).__name__}: {e})") from e


def _page_lines(page) -> list[_Line]:
    lines = page.dedupe_chars().extract_text_lines(x_tolerance_ratio=_X_TOLERANCE_RATIO)
    found = []
    for line in lines:
        sizes = sorted(c.get("size") or 0 for c in line["chars"]) or [0]
        found.append(_Line(text=line["text"], x0=line["x0"], x1=line["x1"], top=line["top"],
                           bottom=line["bottom"], size=sizes[len(sizes) // 2] or 10.0, height=page.height))
    return found


# --- page furniture ------------------------------------------------------------------------------


@functools.cache
def _furniture_rules() -> tuple[re.Pattern, float]:
    lex = load_yaml("page_metadata.yaml")
    return cached_compile("|".join(f"(?:{p})" for p in lex["pdf_page_numbers"])), float(lex["pdf_running_share"])


def _squeeze(text: str) -> str:
    """A line with its spaces removed, as compared with the page-number patterns."""
    return re.sub(r"\s+", "", text)


def _margin_lines(page: list[_Line]) -> list[int]:
    """Indexes of the first two and last two lines, when they sit in the top or bottom fifth of the page."""
    top = [i for i in range(min(2, len(page))) if page[i].top < 0.2 * page[i].height]
    bottom = [i for i in range(max(0, len(page) - 2), len(page)) if page[i].bottom > 0.8 * page[i].height]
    return sorted(set(top + bottom))


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without page numbers and running headers or footers."""
    page_number, share = _furniture_rules()
    key = lambda line: re.sub(r"\d+", "#", _squeeze(line.text))  # noqa: E731  # 第 3 页 ~ 第 4 页
    seen: dict[str, int] = {}
    for page in pages:
        for k in {key(page[i]) for i in _margin_lines(page)}:
            seen[k] = seen.get(k, 0) + 1
    running = {k for k, n in seen.items() if len(pages) >= 2 and n >= max(2, share * len(pages))}
    kept = []
    for page in pages:
        margin = set(_margin_lines(page))
        kept.append([line for i, line in enumerate(page) if line.text.strip() and not (
            i in margin and (page_number.fullmatch(_squeeze(line.text)) or key(line) in running))])
    return kept


# --- joining wrapped lines -----------------------------------------------------------------------


def _starts_heading(text: str) -> bool:
    """True when a heading marker opens the line.

    >>> _starts_heading("（二）整改措施"), _starts_heading("1.5亿元的项目"), _starts_heading("二是加强")
    (True, False, True)
    """
    indent = len(text) - len(text.lstrip(" \t\u3000"))
    return any(h.start == indent for h in find_headings(text[:80]))


def _join_lines(pages: list[list[_Line]]) -> str:
    """One paragraph a line: a wrapped line is continued by the next, across pages too."""
    lines = [line for page in pages for line in page]
    rights = sorted(line.x1 for line in lines)
    lefts = sorted(line.x0 for line in lines)
    right, left = rights[int(0.9 * (len(rights) - 1))], lefts[int(0.1 * (len(lefts) - 1))]
    indented = [line.x0 > left + 1.0 * line.size for line in lines]
    indents_paragraphs = sum(indented) >= 0.05 * len(lines)
    out = [lines[0].text.strip()]
    for prev, line, line_indented in zip(lines, lines[1:], indented[1:]):
        text = line.text.strip()
        wraps = (prev.x1 >= right - 2.0 * prev.size and not line_indented and not _starts_heading(line.text)
                 and (indents_paragraphs or not _SENTENCE_END.search(out[-1])))
        if wraps:
            space = " " if _LATIN.match(out[-1][-1:]) and _LATIN.match(text[:1]) else ""
            out[-1] += space + text
        else:
            out.append(text)
    return "\n".join(out) + "\n"
