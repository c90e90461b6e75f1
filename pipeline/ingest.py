"""ingest: file path → RawDoc.

The only stage that reads input files; one reader per format, chosen by the
file's extension (``_READERS``):

- ``.txt``: bytes become text: a byte-order mark, else strict UTF-8, else
  detection among the encodings Chinese text is published in (GB18030 ⊃ GBK ⊃
  GB2312, Big5, UTF-16). Only newlines are normalised; a later stage cleans.
- web pages (``ingest_html``): decoded the same way, or by their declared
  charset, then reduced to the article text; the page furniture's title,
  发布日期, 来源 … go to ``RawDoc.metadata``.
- ``.docx`` (``ingest_docx``, extra ``zhenggai[docx]``) and ``.pdf``
  (``ingest_pdf``, extra ``zhenggai[pdf]``): their text, one paragraph a line.

Every failure is an ``IngestError`` whose message starts with the path and
says what is wrong in words a user understands.
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from .errors import DecodeError, EmptyInput, IngestError, TooLarge, UnsupportedFormat
from .pattern_cache import cached_compile
from .types import RawDoc

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
            ".docx": "docx", ".pdf": "pdf"}
SUPPORTED_SUFFIXES = frozenset(_FORMATS)

_BOMS = ((codecs.BOM_UTF32_LE, "utf_32_le"), (codecs.BOM_UTF32_BE, "utf_32_be"),  # before UTF-16 LE
         (codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16_le"),
         (codecs.BOM_UTF16_BE, "utf_16_be"), (b"\x84\x31\x95\x33", "gb18030"))
# files of other kinds renamed .txt, by their first bytes; other binary data fails to decode
_MAGIC = ((b"%PDF", "a PDF file, not text; name it .pdf"),
          (b"PK\x03\x04", "a ZIP archive (a .docx? then name it .docx), not text"),
          (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls), not text; save it as .docx"),
          (b"{\\rtf", "an RTF file, not text; save it as .docx"),
          (b"\x89PNG", "a PNG image, not text"), (b"\xff\xd8\xff", "a JPEG image, not text"),
          (b"GIF8", "a GIF image, not text"), (b"\x1f\x8b", "a gzip archive, not text"),
          (b"Rar!", "a RAR archive, not text"), (b"7z\xbc\xaf", "a 7-Zip archive, not text"))
_LEGACY_CODECS = ["gb18030", "big5", "cp950", "big5hkscs"]
_UTF16_CODECS = ["utf_16_le", "utf_16_be"]
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")  # the standard first, then its supersets
_GB_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030"}
_IMPLAUSIBLE = cached_compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ue000-\uf8ff\ufffd]")
_OS_REASONS = {FileNotFoundError: "no such file (moved or deleted?)", PermissionError: "permission denied",
               IsADirectoryError: "is a folder, not a file"}


def load(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDoc:
    """Read one input file into a RawDoc; raise an ``IngestError`` a user understands.

    The size limit is checked on the file's size before anything is read, and
    again while reading (a file that grows); pipes and devices are refused
    unread, so a FIFO named ``x.txt`` cannot hang the run. A file name whose
    bytes are not UTF-8 is shown (in messages and ``source_path``) with ``\\xNN``.
    """
    path = Path(path)
    shown = os.fsencode(path).decode("utf-8", "backslashreplace")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(_unsupported_msg(shown, path.suffix))
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(f"{shown}: not a regular file (a pipe, socket or device); it is not read")
        if info.st_size > max_bytes:
            raise TooLarge(f"{shown}: {info.st_size:,} bytes is over the limit of {max_bytes:,} bytes")
        with path.open("rb") as f:  # read(n) allocates n bytes up front: ask for the file's size
            data = f.read(min(info.st_size, max_bytes) + 1)
            if len(data) > info.st_size:  # the file grew since stat: read on, up to the limit
                data += f.read(max_bytes + 1 - len(data))
    except OSError as e:
        raise IngestError(f"{shown}: {_os_reason(path, e)}") from e
    if len(data) > max_bytes:
        raise TooLarge(f"{shown}: grew over the limit of {max_bytes:,} bytes while being read")
    return load_bytes(data, source_path=shown, suffix=path.suffix, max_bytes=max_bytes)


def load_bytes(data: bytes, *, source_path: str, suffix: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDoc:
    """Read the bytes of a file named with ``suffix`` (".txt", ".html", ".docx", ".pdf" …) into a RawDoc.

    ``max_bytes`` also bounds what a compressed file (.docx, .pdf) may unpack to: 4 × ``max_bytes``.
    """
    suffix = "." + suffix.lower().lstrip(".")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(_unsupported_msg(source_path, suffix))
    if not data:
        raise EmptyInput(f"{source_path}: the file is empty")
    fmt = _FORMATS[suffix]
    text, encoding, metadata = _READERS[fmt](data, source_path, max_bytes)
    text = _normalise_newlines(text)  # (a page's or a document's text may hold the rarer breaks too)
    if not text.strip():
        raise EmptyInput(f"{source_path}: {_NOTHING[fmt]}")
    return RawDoc(source_path=source_path, text=text, encoding=encoding, format=fmt, metadata=metadata)


def _read_txt(data: bytes, source_path: str, max_bytes: int) -> tuple[str, str, dict[str, str]]:
    text, encoding = _decode(data, source_path)
    return text, encoding, {}


def _read_html(data: bytes, source_path: str, max_bytes: int) -> tuple[str, str, dict[str, str]]:
    from .ingest_html import html_to_text

    html, encoding = _decode(data, source_path, declared=_declared_charset(data))
    text, metadata = html_to_text(html, source_path)
    return text, encoding, metadata


def _read_docx(data: bytes, source_path: str, max_bytes: int) -> tuple[str, str, dict[str, str]]:
    from .ingest_docx import docx_to_text

    return docx_to_text(data, source_path, max_unpacked=4 * max_bytes), "utf_8", {}


def _read_pdf(data: bytes, source_path: str, max_bytes: int) -> tuple[str, str, dict[str, str]]:
    from .ingest_pdf import pdf_to_text

    return pdf_to_text(data, source_path, max_unpacked=4 * max_bytes), "pdf", {}


_READERS = {"txt": _read_txt, "html": _read_html, "docx": _read_docx, "pdf": _read_pdf}
_NOTHING = {"txt": "the file holds only whitespace", "html": "no article text in the web page",
            "docx": "the Word document holds no text", "pdf": "the PDF holds no text"}


def _os_reason(path: Path, error: OSError) -> str:
    """Why a file could not be opened, in a user's words."""
    if error.errno == errno.ELOOP:
        return "a symbolic link that loops (it leads back to itself)"
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        return "a broken symbolic link (what it points to does not exist)"
    return _OS_REASONS.get(type(error)) or f"cannot be read ({error.strerror or error})"


def _unsupported_msg(path, suffix: str) -> str:
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"{path}: '{suffix or '(no extension)'}' files are not supported; zhenggai reads {kinds}"


def _normalise_newlines(text: str) -> str:
    r"""Turn Windows and old-Mac line ends into ``\n``, and the rarer line breaks too: a vertical tab (Word's
    manual line break), a form feed (a page break), NEL, and the Unicode line and paragraph separators
    (copies out of layout tools and JSON), which would otherwise run every heading into one line.

    >>> _normalise_newlines("一、\r\n(一)\r二\n"), _normalise_newlines("一、\u2029(一)\x0b二")
    ('一、\n(一)\n二\n', '一、\n(一)\n二')
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _OTHER_BREAKS.sub("\n", text) if _OTHER_BREAKS.search(text) else text


_OTHER_BREAKS = cached_compile("[\x0b\x0c\x85\u2028\u2029]")


def _codec_name(label: str) -> str | None:
    """Python's codec name for a charset label; GB labels widen to their superset GB18030.

    >>> _codec_name("GB2312"), _codec_name("utf-8"), _codec_name("x-unknown")
    ('gb18030', 'utf_8', None)
    """
    try:
        name = codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None
    return _GB_SUPERSET.get(name, name)


def _declared_charset(data: bytes) -> str | None:
    """The codec a page declares in ``<meta … charset=…>`` or its XML declaration.

    >>> _declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    >>> _declared_charset(b"<p>none</p>") is None
    True
    """
    m = re.search(rb"""<meta[^>]*?charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]*encoding=["']([\w.:-]+)""",
                  data[:8192], re.I)
    return _codec_name((m.group(1) or m.group(2)).decode("ascii")) if m else None


def _plausible(text: str) -> bool:
    """True when at most 2% of the characters are controls, private-use or U+FFFD.

    >>> _plausible("整改情况"), _plausible("\\x01\\x02ab")
    (True, False)
    """
    first = _IMPLAUSIBLE.search(text)  # the common case, none at all: one scan that builds no list
    return first is None or 1 + len(_IMPLAUSIBLE.findall(text, first.end())) <= 0.02 * len(text)


def _plausible_decoded(text: str) -> bool:
    """``_plausible`` for a text decoded without error: a U+FFFD there is in the file (a copy that lost
    characters before it was saved), flagged by cleaning, so only controls and private-use characters
    count, and U+FFFD only when it is more than a fifth of the text.

    >>> _plausible_decoded("整改" * 16 + "\\ufffd"), _plausible_decoded("\\ufffd" * 3 + "整改")
    (True, False)
    """
    if _plausible(text):
        return True
    lost = text.count("\ufffd")
    return lost <= 0.2 * len(text) and _plausible(text.replace("\ufffd", ""))


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode(data: bytes, source_path: str, declared: str | None = None) -> tuple[str, str]:
    """Bytes → (text, codec name): BOM, declared charset, strict UTF-8, then detection."""
    for bom, codec in _BOMS:
        if data.startswith(bom):  # the same checks as without one: plausible, or a few bytes damaged
            body = data[len(bom):]
            if (text := _try_decode(body, codec)) is not None and _plausible_decoded(text):
                return text, codec
            if text is None and (damaged := _decode_damaged(body, codec, only=True)):
                return damaged
            raise DecodeError(f"{source_path}: starts with a {codec} byte-order mark "
                              f"but is not {codec} text")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormat(f"{source_path}: this is {kind}")
    if declared and declared != "utf_8" and not data.isascii() and _try_decode(data, "utf_8"):
        declared = None  # mis-declared: real GB or Big5 text is almost never valid UTF-8
    tried: set[str] = set()
    for codec in _candidate_codecs(data, declared):  # lazily: detection runs only when reached
        if codec in tried:
            continue
        tried.add(codec)
        text = _try_decode(data, codec)
        if text is not None and (_plausible(text) or codec == "utf_8" and _plausible_decoded(text)):
            return text, codec  # (valid UTF-8 is text even when it holds many U+FFFD: random bytes rarely are)
    if decoded := _decode_damaged(data, declared) or _decode_mixed(data):
        return decoded
    raise DecodeError(f"{source_path}: not text in any encoding zhenggai knows "
                      "(UTF-8, UTF-16, GB18030/GBK, Big5); is it a binary file?")


def _candidate_codecs(data: bytes, declared: str | None):
    """Codecs to try, most likely first; detection only runs when reached."""
    if declared:
        yield declared
    nuls = data.count(0) if 0 in data else 0  # "in" is a memchr: most files have no NUL
    if nuls <= len(data) // 100:
        yield "utf_8"
    yield from _detect(data, _LEGACY_CODECS + (_UTF16_CODECS if nuls else []))
    if not nuls:  # UTF-16 without BOM and without any ASCII (so without NUL bytes)
        yield from _detect(data, _UTF16_CODECS)
    yield from _LEGACY_CODECS + _UTF16_CODECS  # too short to detect: plain strict decodes


def _decode_damaged(data: bytes, declared: str | None, only: bool = False) -> tuple[str, str] | None:
    """Text with a few undecodable bytes (a file cut mid-character, a stray byte), U+FFFD for each.

    A codec qualifies when at most 0.5% of the text is lost and the rest looks like that codec
    (UTF-8 and a declared charset need no detection: random bytes are rarely valid there). With
    ``only``, the declared codec alone is tried (a byte-order mark names it).
    """
    codecs_tried = (declared,) if only else (declared, "utf_8", "gb18030", "big5", "cp950")
    for codec in dict.fromkeys(filter(None, codecs_tried)):
        text = data.decode(codec, "replace")
        rest = text.replace("\ufffd", "").encode(codec)
        if text.count("\ufffd") <= max(8, len(text) // 200) and _plausible(text) and (
                codec in ("utf_8", declared) or _detect(rest, _LEGACY_CODECS, 1.0)[:1] == [codec]):
            return text, codec
    return None


def _decode_mixed(data: bytes) -> tuple[str, str] | None:
    r"""Text pasted together from files in two encodings: UTF-8 lines and lines in one legacy codec.

    The encoding is named ``utf_8+<codec>`` (e.g. ``utf_8+gb18030``) so the mix stays visible.
    Splitting at ``\n`` is safe: no UTF-8, GB18030 or Big5 character contains that byte. A line
    in neither (where two files were pasted together mid-line) keeps U+FFFD for its bad bytes,
    so the cleaning stage warns that characters were lost; more than 1% of such lines: no mix.

    >>> _decode_mixed("一、整改\n".encode() + "（一）加强领导，落实责任\n".encode("gbk") * 3)
    ('一、整改\n（一）加强领导，落实责任\n（一）加强领导，落实责任\n（一）加强领导，落实责任\n', 'utf_8+gb18030')
    >>> _decode_mixed("只有一种编码".encode("gbk")) is None
    True
    """
    lines = data.split(b"\n")
    utf8 = [_try_decode(line, "utf_8") for line in lines]
    if data.count(0) or all(t is None or t.isascii() for t in utf8):
        return None  # no UTF-8 beyond ASCII: not a mix (UTF-16 and binary data have NUL bytes)
    rest = b"\n".join(line for line, text in zip(lines, utf8) if text is None)
    for codec in dict.fromkeys(_detect(rest, _LEGACY_CODECS, 1.0) + _LEGACY_CODECS):
        decoded = [t if t is not None else _try_decode(line, codec) for line, t in zip(lines, utf8)]
        if decoded.count(None) > len(lines) // 100:
            continue
        text = "\n".join(t if t is not None else _decode_seam(line, codec) for line, t in zip(lines, decoded))
        if _plausible(text):
            return text, f"utf_8+{codec}"
    return None


def _decode_seam(line: bytes, codec: str) -> str:
    """A line where UTF-8 text runs into ``codec`` text: the UTF-8 part, then the rest (U+FFFD where lost).

    >>> _decode_seam("整改".encode() + "工作".encode("gbk")[:-1], "gb18030")
    '整改工\ufffd'
    """
    try:
        return line.decode("utf_8")
    except UnicodeDecodeError as e:
        return line[:e.start].decode("utf_8") + line[e.start:].decode(codec, "replace")


def _detect(data: bytes, allowed: list[str], threshold: float = 0.2) -> list[str]:
    """Codecs charset-normalizer finds plausible for ``data`` among ``allowed``, best first."""
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data, cp_isolation=allowed, threshold=threshold)
    # on a tie (short texts) prefer GB18030: most notices come from the mainland
    ranked = sorted(matches, key=lambda m: (round(m.chaos, 2), -round(m.coherence, 2),
                                            m.encoding != "gb18030"))
    found = []
    for match in ranked:
        codec = _codec_name(match.encoding)
        found += _BIG5_FAMILY if codec in _BIG5_FAMILY else [codec]
    return found
