"""make_hostile: write the hostile input corpus (and the small .docx/.pdf builders the tests share).

    python tests/hostile/make_hostile.py OUT_DIR [--big-mb 50] [--seed data/raw/seed.txt]

Writes one file (or folder entry) per kind of bad input into OUT_DIR, plus a few good
notices, and ``manifest.json``: name → {"expect": "error" | "ok" | "warning" | "skipped",
"why": …}. Nothing here is checked in as a blob: every file is made from code. See README.md.

The builders (``docx_bytes``, ``pdf_bytes``, ``scan_pdf_bytes``) are imported by the tests.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "seed.txt"
MiB = 1024 * 1024

# --- .docx -------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def docx_bytes(body: str, numbering: str = "", styles: str = "") -> bytes:
    """A minimal .docx: ``body`` is the XML inside ``<w:body>``, ``numbering``/``styles`` the
    children of ``<w:numbering>``/``<w:styles>`` (prefix ``w:``)."""
    wrap = lambda tag, inner: (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'  # noqa: E731
                               f'<w:{tag} xmlns:w="{W_NS}">{inner}</w:{tag}>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        z.writestr("word/document.xml", wrap("document", f"<w:body>{body}</w:body>"))
        z.writestr("word/numbering.xml", wrap("numbering", numbering))
        z.writestr("word/styles.xml", wrap("styles", styles))
    return buf.getvalue()


def docx_paragraph(text: str, num_id: int | None = None, ilvl: int | None = None, style: str | None = None) -> str:
    """A ``<w:p>`` with one run, optionally numbered (numPr) and styled (pStyle)."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None:
        ppr += "<w:numPr>" + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + \
            f'<w:numId w:val="{num_id}"/></w:numPr>'
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx_bomb_bytes(gib: float = 2.0) -> bytes:
    """A .docx whose document.xml really inflates to ``gib`` GiB (a few MB on disk).

    The deflate stream is built from one compressed block of zeros repeated, so making
    it takes well under a second and never holds the inflated data.
    """
    chunk = b" " * MiB
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)  # independent of what came before
    repeats = int(gib * 1024)
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    stream = block * repeats + comp.flush(zlib.Z_FINISH)
    info = zipfile.ZipInfo("word/document.xml")
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size, info.compress_size, info.CRC = repeats * MiB, len(stream), crc
    small = zipfile.ZipFile(io.BytesIO(docx_bytes(docx_paragraph("正文"))))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
        for name in small.namelist():
            if name != "word/document.xml":
                z.writestr(name, small.read(name))
    return _append_raw_member(buf.getvalue(), info, stream)


def _append_raw_member(archive: bytes, info: zipfile.ZipInfo, compressed: bytes) -> bytes:
    """Add an already-compressed member to a ZIP (zipfile cannot write raw deflate data)."""
    import struct

    eocd = archive.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", archive, eocd + 12)
    count = struct.unpack_from("<H", archive, eocd + 10)[0]
    name = info.filename.encode()
    size = min(info.file_size, 0xFFFFFFFF)  # ZIP32 field: a bomb over 4 GiB declares 4 GiB
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, info.CRC, len(compressed), size,
                        len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, info.CRC, len(compressed),
                          size, len(name), 0, 0, 0, 0, 0, cd_offset) + name
    head = archive[:cd_offset]
    old_cd = archive[cd_offset:cd_offset + cd_size]
    new_cd_offset = len(head) + len(local) + len(compressed)
    new_cd = old_cd + central
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(new_cd), new_cd_offset, 0)
    return head + local + compressed + new_cd + end


# --- .pdf --------------------------------------------------------------------------------------

A4 = (595.27, 841.89)


def pdf_bytes(paragraphs: list[str], *, title: str | None = None, closing: tuple[str, ...] = (),
              header: str | None = None, page_number: str | None = "— {n} —", size: float = 14,
              indent: bool = True, lines_per_page: int = 24, scramble: bool = True) -> bytes:
    """A text PDF laid out like a 公文: centred title, paragraphs wrapped by width with a
    two-character first-line indent, right-aligned closing lines, a running header and page
    numbers in the margins. Uses reportlab's built-in CID font STSong-Light (no font file).
    With ``scramble`` each page's lines are drawn bottom to top, so reading order must come
    from positions, not from the content stream."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    width = lambda s: pdfmetrics.stringWidth(s, font, size)  # noqa: E731
    left, right = 80.0, A4[0] - 80.0
    placed: list[tuple[str, str]] = []  # (align, text)
    if title:
        placed.append(("center", title))
    for par in paragraphs:
        first, avail = True, right - left - (2 * size if indent else 0)
        line = ""
        for ch in par:
            if width(line + ch) > avail:
                placed.append(("indent" if first and indent else "left", line))
                first, avail, line = False, right - left, ""
            line += ch
        placed.append(("indent" if first and indent else "left", line))
    placed += [("right", c) for c in closing]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    pages = [placed[i:i + lines_per_page] for i in range(0, len(placed), lines_per_page)] or [[]]
    for n, page in enumerate(pages, 1):
        ops = []
        for i, (align, text) in enumerate(page):
            y = A4[1] - 100 - i * size * 1.8
            x = {"center": (A4[0] - width(text)) / 2, "right": right - width(text),
                 "indent": left + 2 * size}.get(align, left)
            ops.append((x, y, text))
        for x, y, text in reversed(ops) if scramble else ops:
            c.setFont(font, size)
            c.drawString(x, y, text)
        c.setFont(font, 9)
        if header:
            c.drawCentredString(A4[0] / 2, A4[1] - 50, header)
        if page_number:
            c.drawCentredString(A4[0] / 2, 40, page_number.format(n=n, total=len(pages)))
        c.showPage()
    c.save()
    return buf.getvalue()


def pdf_bomb_bytes(mib: int = 1024) -> bytes:
    """A one-page PDF whose content stream inflates to ``mib`` MiB of blanks (a PDF "zip bomb").

    Written by hand (no reportlab): five objects, a cross-reference table and a trailer.
    """
    chunk, tail = b" " * MiB, b"BT /F1 12 Tf 72 700 Td (bomb) Tj ET"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the zlib header and checksum added below
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(mib):
        checksum = zlib.adler32(chunk, checksum)
    body = (b"\x78\xda" + block * mib + comp.compress(tail) + comp.flush()
            + zlib.adler32(tail, checksum).to_bytes(4, "big"))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def scan_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF like a scan: every page is a picture (drawn shapes), with no text layer."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    rng = random.Random(1)
    for _ in range(pages):
        c.setFillGray(0.9)
        c.rect(40, 40, A4[0] - 80, A4[1] - 80, fill=1, stroke=0)
        c.setFillGray(0.2)
        for row in range(40):  # strokes where the lines of text would be
            y = A4[1] - 100 - row * 18
            c.rect(80, y, rng.uniform(200, A4[0] - 160), 9, fill=1, stroke=0)
        c.showPage()
    c.save()
    return buf.getvalue()


# --- the corpus --------------------------------------------------------------------------------


def _seed_variant(seed: str, n: int) -> str:
    """The seed notice made distinct (its own notice_id) by a line under the title."""
    title, _, rest = seed.partition("\n")
    return f"{title}\n（第{n}份）\n{rest}"


def _headings_10000() -> str:
    cn = "一二三四五六七八九十"
    lines = ["关于一万个标题的整改情况通报"]
    for a in range(1, 21):
        lines.append(f"{_cn(a)}、第{a}部分")
        for b in range(1, 11):
            lines.append(f"（{cn[b - 1]}）第{a}.{b}类问题")
            for c in range(1, 11):
                lines.append(f"{c}.第{a}.{b}.{c}个问题")
                lines += [f"（{d}）整改措施{a}.{b}.{c}.{d}。已完成。" for d in range(1, 6)]
    return "\n".join(lines) + "\n"


def _cn(n: int) -> str:
    cn = "一二三四五六七八九"
    return (("" if n < 20 else cn[n // 10 - 1]) + "十" if n >= 10 else "") + (cn[n % 10 - 1] if n % 10 else "")


_STYLES_20 = ["{c}、", "（{c}）", "{n}.", "（{n}）", "{circled}", "{n}、", "({n})", "{paren}", "{dot}", "({c})",
              "第{c}，", "{c}是", "{n}）", "{c}.", "（{c}）、", "{n}．", "【{c}】", "[{n}]", "{n})", "{c}）"]


def _nested_20() -> str:
    lines = ["关于标记嵌套二十层的通报"]
    for depth, style in enumerate(_STYLES_20):
        for i in (1, 2):
            marker = style.format(c=_cn(i), n=i, circled="①②"[i - 1], paren="⑴⑵"[i - 1], dot="⒈⒉"[i - 1])
            lines.append("\u3000" * depth + f"{marker}第{depth + 1}层第{i}项。")
    return "\n".join(lines) + "\n"


def _numbering_chaos() -> str:
    return ("关于编号混乱的整改情况通报\n一、开头\n三、跳过了二\n三、重复的三\n二、倒回去\n（一）子项\n（三）跳号\n"
            "1.甲\n2.乙\n1.重新开始\n5.跳到五\n（1）细项\n（1）重复细项\n十、最后\n（一）又从一开始。\n")


def _entity_bomb_xhtml() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE html [{entities}]>'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;&lol9;&lol9;</p></body></html>').encode()


def make_corpus(out: Path, *, big_mb: float = 50, large_mb: float = 8, line_mb: float = 5,
                bomb_gib: float = 2, seed_path: Path = SEED, fifo: bool = True, odd_name: bool = True) -> dict[str, dict]:
    """Write the hostile corpus into ``out``; return the manifest (also written as manifest.json).

    ``fifo=False`` leaves out the named pipe (a reader that opens it blocks for ever) and
    ``odd_name=False`` the file whose name is not valid UTF-8.
    """
    out.mkdir(parents=True, exist_ok=True)
    seed = seed_path.read_text(encoding="utf-8")
    rng = random.Random(5)
    manifest: dict[str, dict] = {}

    def put(name: str, data: bytes | str, expect: str, why: str, reason: str = "", encoding: str = "utf-8") -> None:
        """Write one entry; ``reason`` is a regex the errors-table message must contain."""
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
        manifest[name] = {"expect": expect, "why": why, "reason": reason}

    # good notices: each must be processed
    put("good/seed.txt", seed, "ok", "a real notice")
    put("good/seed-gbk.txt", _seed_variant(seed, 2), "ok", "a real notice in GBK", encoding="gbk")
    put("good/seed-utf16.txt", _seed_variant(seed, 3), "ok", "a real notice in UTF-16", encoding="utf-16")
    body = "".join(docx_paragraph(line) for line in _seed_variant(seed, 4).split("\n") if line.strip())
    put("good/seed.docx", docx_bytes(body), "ok", "a real notice as a Word file")
    try:
        lines = [ln.strip() for ln in _seed_variant(seed, 5).split("\n") if ln.strip()]
        put("good/seed.pdf", pdf_bytes(lines[1:-2], title=lines[0], closing=tuple(lines[-2:]), header="文登区法院"),
            "ok", "a real notice as a PDF")
    except ImportError:  # reportlab (test extra) missing: no PDFs
        pass
    # unusable files: each must be an errors row
    put("empty.txt", b"", "error", "empty file", reason="the file is empty")
    put("whitespace.txt", " \n\t\r\n\u3000\n", "error", "whitespace only", reason="only whitespace")
    put("binary-renamed.txt", rng.randbytes(64 * 1024), "error", "random bytes named .txt",
        reason="not text in any encoding")
    put("png-renamed.txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(4096), "error", "an image named .txt",
        reason="a PNG image, not text")
    put("nul-bytes.txt", b"\x00" * 10_000, "error", "only NUL bytes", reason="not text in any encoding")
    put("docx-renamed.txt", docx_bytes(docx_paragraph("整改")), "error", "a Word file named .txt",
        reason=r"ZIP archive \(a \.docx\? then name it \.docx\)")
    put("pdf-renamed.txt", b"%PDF-1.4\n" + rng.randbytes(2000), "error", "a PDF named .txt",
        reason=r"a PDF file, not text; name it \.pdf")
    put("text-named.pdf", seed[:500], "error", "text named .pdf", reason="not a PDF file")
    put("text-named.docx", seed[:500], "error", "text named .docx", reason=r"not a Word \.docx file")
    put("big.txt", b"", "error", f"{big_mb} MB: over the size limit",
        reason="over the limit of")  # filled below
    with (out / "big.txt").open("wb") as f:  # written in slices: never all in memory
        block = (seed * 8).encode()
        left = int(big_mb * MiB) + 1024
        while left > 0:
            f.write(block[:left])
            left -= len(block)
    put("scripts-only.html", "<html><head><style>p{color:red}</style><script>var s='正文';</script></head><body>"
        "<script>document.write('整改')</script><iframe src='x.html'></iframe><style>.a{}</style></body></html>",
        "error", "a page of scripts, styles and iframes", reason="no article text in the web page")
    put("entity-bomb.xhtml", _entity_bomb_xhtml(), "error", "XML billion laughs",
        reason="no article text in the web page")
    put("deep-nesting.html", "<div>" * 5000 + "<p>正文</p>", "error", "HTML nested 5,000 deep",
        reason="nested over 256 levels deep")
    put("zip-bomb.docx", docx_bomb_bytes(bomb_gib), "error", f"document.xml inflates to {bomb_gib} GiB",
        reason="would unpack to .* zip bomb")
    put("damaged.docx", docx_bytes(docx_paragraph("整改"))[:300], "error", "a cut-off .docx",
        reason=r"damaged \.docx archive")
    put("old-word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), "error", "an old .doc named .docx",
        reason=r"old Word \.doc file")
    try:
        put("scan.pdf", scan_pdf_bytes(), "error", "a PDF without a text layer",
            reason="^no text layer; OCR is not supported$")
    except ImportError:
        pass
    put("pdf-bomb.pdf", pdf_bomb_bytes(int(bomb_gib * 1024)), "error", f"a content stream of {bomb_gib} GiB",
        reason="compressed streams inflate to over .* zip bomb")
    put("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", "error",
        "a PDF cut off after its first object", reason="damaged PDF")
    # partly usable: processed, with a warning
    put("truncated-utf8.txt", (_seed_variant(seed, 6).rstrip() + "整改").encode()[:-1], "warning",
        "cut inside a character")
    put("stray-nuls.txt", _seed_variant(seed, 7).replace("。", "。\x00", 5), "ok|warning", "a few NUL bytes")
    mixed = _seed_variant(seed, 8)
    half = mixed.index("。", len(mixed) // 2) + 1  # pasted together in the middle of a line
    put("mixed-encodings.txt", mixed[:half].encode() + mixed[half:].encode("gb18030"), "ok|warning",
        "first half UTF-8, second half GB18030, meeting mid-line: each part decoded in its own "
        "(notices.encoding utf_8+gb18030)")
    # valid but extreme: processed
    put("large.txt", "".join(_seed_variant(seed, 100 + i) for i in range(int(large_mb * MiB // len(seed.encode())))),
        "ok|warning", f"a {large_mb} MB notice")
    line = seed.replace("\n", "")
    put("one-line.txt", line * int(line_mb * MiB // len(line.encode()) + 1), "ok|warning",
        f"one {line_mb} MB line")
    put("headings-10000.txt", _headings_10000(), "ok|warning", "10,000 headings")
    put("nested-20.txt", _nested_20(), "ok|warning", "markers nested 20 deep")
    put("numbering-chaos.txt", _numbering_chaos(), "ok|warning", "numbering that jumps, repeats and restarts")
    # not notices by their extension: skipped, counted
    put("old-word.doc", b"\xd0\xcf\x11\xe0" + bytes(512), "skipped", "an extension zhenggai does not read")
    # the file system
    if odd_name:
        name = os.fsdecode(b"bad-name-\xff\xfe.txt")  # not UTF-8: a str with surrogate escapes
        (out / name).write_text(_seed_variant(seed, 10), encoding="utf-8")
        manifest[name] = {"expect": "ok", "why": "a file name that is not UTF-8", "reason": ""}
    if fifo:
        os.mkfifo(out / "pipe.txt")
        manifest["pipe.txt"] = {"expect": "error", "why": "a named pipe: reading it would block forever",
                                "reason": "not a regular file"}
    (out / "loop").mkdir()
    (out / "loop" / "self").symlink_to(".", target_is_directory=True)
    (out / "loop" / "a.txt").symlink_to("b.txt")
    (out / "loop" / "b.txt").symlink_to("a.txt")
    for name in ("loop/a.txt", "loop/b.txt"):
        manifest[name] = {"expect": "error", "why": "a symlink loop", "reason": "a symbolic link that loops"}
    (out / "dangling.txt").symlink_to("no-such-target.txt")
    manifest["dangling.txt"] = {"expect": "error", "why": "a broken symlink", "reason": "a broken symbolic link"}
    put("locked.txt", _seed_variant(seed, 9), "error" if os.geteuid() != 0 else "ok",
        "chmod 000 (root reads it anyway)")
    os.chmod(out / "locked.txt", 0)
    # ASCII JSON: a name with surrogate escapes (not UTF-8 on disk) survives as \\udcXX
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus into (created)")
    parser.add_argument("--big-mb", type=float, default=50, help="size of the over-the-limit text file")
    parser.add_argument("--large-mb", type=float, default=8, help="size of the large valid notice")
    parser.add_argument("--line-mb", type=float, default=5, help="length of the one-line file")
    parser.add_argument("--bomb-gib", type=float, default=2, help="what the .docx zip bomb inflates to")
    parser.add_argument("--seed", type=Path, default=SEED, help="the real notice the good files are made from")
    parser.add_argument("--no-fifo", action="store_true", help="leave out the named pipe")
    parser.add_argument("--no-odd-name", action="store_true", help="leave out the file named in bytes that are not UTF-8")
    args = parser.parse_args()
    manifest = make_corpus(args.out, big_mb=args.big_mb, large_mb=args.large_mb, line_mb=args.line_mb,
                           bomb_gib=args.bomb_gib, seed_path=args.seed, fifo=not args.no_fifo,
                           odd_name=not args.no_odd_name)
    print(f"{len(manifest)} entries → {args.out}")


if __name__ == "__main__":
    main()
