"""ingest_docx: the bytes of a Word ``.docx`` file → its text, one paragraph a line.

Paragraphs and tables come in document order, content controls (``w:sdt``) and
tracked insertions included, tracked deletions, field codes and text boxes left
out. A table row becomes one line with its cells joined by a tab; a one-cell row
(a table used for layout) gives its paragraphs as lines.

Word's automatic list numbering is not text in the file: it is rendered here
and put in front of the paragraph, so that ``一、`` ``（一）`` ``1.`` headings
reach the parser as they were printed. The numbering is resolved as Word does
(ECMA-376 Part 1, §17.9): the paragraph's ``w:numPr``, else its style's (through
``w:basedOn``); ``w:num`` → ``w:abstractNum`` → ``w:lvl`` with ``w:start``,
``w:numFmt`` (the ST_NumberFormat values of §17.18.59 that Chinese documents
use; others fall back to decimal), ``w:lvlText`` (``（%1）``), ``w:lvlRestart``,
``w:isLgl`` and ``w:suff``. Lists that use the same abstract definition continue
one another's counters; a ``w:num`` with a ``w:lvlOverride`` (Word's "restart
numbering") counts on its own. Bullets are not markers and are left out.

The archive is checked before anything is unpacked: a member that declares more
than ``max_unpacked`` bytes in all, a part compressed over 200:1, or more than
10,000 members is refused (a zip bomb), and Python's ``zipfile`` never unpacks a
member past its declared size.

Needs python-docx (``pip install zhenggai[docx]``), imported when a .docx is read.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass, field

from .errors import IngestError, TooLarge, UnsupportedFormat
from .pattern_cache import cached_compile

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED = frozenset(_W + t for t in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "drawing",
                                      "pict", "object", "footnoteReference", "endnoteReference")) | {
    _MC + "AlternateContent"}
_CHARS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_WRAPPERS = frozenset(_W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"))
_MAX_MEMBERS = 10_000
_MAX_RATIO = 200
_PUNCT_END = cached_compile(r"[\W_]$")  # a marker that ends in punctuation needs no space after it


def docx_to_text(data: bytes, source_path: str, *, max_unpacked: int) -> str:
    """The text of a .docx file, numbering markers rendered; raise an ``IngestError`` when unreadable."""
    _check_archive(data, source_path, max_unpacked)
    docx = _import_docx()
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml and zipfile errors alike
        raise IngestError(f"{source_path}: not a readable Word .docx file ({type(e).__name__}: {e})") from e
    numbering = _numbering(_related(document, "numbering"), _related(document, "styles"))
    state = _State()
    return "\n".join(line for line in _block_lines(document.element.body, numbering, state) if line.strip())


def _import_docx():
    try:
        import docx
    except ImportError:
        raise UnsupportedFormat("install zhenggai[docx] to read Word .docx files "
                                "(pip install 'zhenggai[docx]')") from None
    return docx


def _related(document, kind: str):
    """The root element of the document's numbering or styles part, or None when it has none."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(getattr(RT, kind.upper())).element
    except KeyError:
        return None


# --- the archive ---------------------------------------------------------------------------------


def _check_archive(data: bytes, source_path: str, max_unpacked: int) -> None:
    """Refuse what is not a ZIP archive, and a ZIP that would unpack to too much, before unpacking."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat(f"{source_path}: this is an old Word .doc file or a password-protected "
                                ".docx; save it as an unprotected .docx")
    if not data.startswith(b"PK\x03\x04"):
        raise UnsupportedFormat(f"{source_path}: not a Word .docx file (a .docx is a ZIP archive)")
    if _declared_members(data) > _MAX_MEMBERS:
        raise IngestError(f"{source_path}: the archive holds over {_MAX_MEMBERS:,} parts; refused "
                          "(a zip bomb?)")
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise IngestError(f"{source_path}: a damaged .docx archive ({e})") from e
    total = sum(m.file_size for m in members)
    if total > max_unpacked:
        raise TooLarge(f"{source_path}: the .docx would unpack to {total:,} bytes, over the limit of "
                       f"{max_unpacked:,} bytes; refused unread (a zip bomb?)")
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > _MAX_RATIO * max(m.compress_size, 1):
            raise TooLarge(f"{source_path}: {m.filename} is compressed {m.file_size // max(m.compress_size, 1):,}"
                           f":1 (over {_MAX_RATIO}:1); refused unread (a zip bomb?)")


def _declared_members(data: bytes) -> int:
    """Member count in the ZIP's end-of-central-directory record (0 when there is none to read).

    >>> _declared_members(b"PK\\x05\\x06" + bytes(6) + (7).to_bytes(2, "little") + bytes(10))
    7
    """
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        return 0
    return struct.unpack_from("<H", data, at + 10)[0]


# --- paragraphs and tables -----------------------------------------------------------------------


def _block_lines(container, numbering: _Numbering, state: _State):
    """Lines of the paragraphs and tables directly in ``container`` (body, cell, content control)."""
    for child in container:
        if child.tag == _W + "p":
            yield _marker(child, numbering, state) + _inline_text(child)
        elif child.tag == _W + "tbl":
            yield from _table_lines(child, numbering, state)
        elif child.tag in _WRAPPERS:
            yield from _block_lines(child, numbering, state)


def _table_lines(table, numbering: _Numbering, state: _State):
    """A row a line, cells joined by a tab; a one-cell row gives its paragraphs as lines."""
    for row in table.iter(_W + "tr"):
        if next(row.iterancestors(_W + "tbl")) is not table:
            continue  # a row of a nested table: part of its cell's text
        cells = [[ln for ln in _block_lines(tc, numbering, state) if ln.strip()]
                 for tc in row.iter(_W + "tc") if next(tc.iterancestors(_W + "tr")) is row]
        if len(cells) == 1:
            yield from cells[0]
        elif any(cells):
            yield "\t".join(" ".join(lines).replace("\n", " ") for lines in cells)


def _inline_text(paragraph) -> str:
    """A paragraph's visible text: runs, hyperlinks, fields' results; tabs and line breaks kept."""
    import lxml.etree

    parts: list[str] = []
    walker = lxml.etree.iterwalk(paragraph, events=("start",))
    for _, el in walker:
        if el.tag in _SKIPPED:
            walker.skip_subtree()
        elif el.tag == _W + "t":
            parts.append(el.text or "")
        elif el.tag in _CHARS:
            parts.append(_CHARS[el.tag])
    return "".join(parts)


# --- numbering -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Level:
    """One level of a list definition (``w:lvl``)."""

    start: int = 1
    fmt: str = "decimal"  # w:numFmt
    text: str = ""  # w:lvlText, "%1、"
    restart: int | None = None  # w:lvlRestart: None restarts after any shallower level, 0 never
    legal: bool = False  # w:isLgl: every %n shown as a decimal
    suffix: str = "tab"  # w:suff: tab, space or nothing
    style: str | None = None  # w:pStyle: the paragraph style that selects this level


@dataclass(frozen=True, slots=True)
class _Numbering:
    """The numbering and style definitions a document's paragraphs refer to."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → levels
    nums: dict[str, tuple[str, dict[int, _Level]]] = field(default_factory=dict)  # numId → (abstract, overrides)
    styles: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)  # id → (numId, ilvl, basedOn)
    default_style: str | None = None


@dataclass(slots=True)
class _State:
    """Counters while walking a document: list key → {level: current number}."""

    counters: dict = field(default_factory=dict)


def _val(el, path: str) -> str | None:
    found = el.find(path.replace("w:", _W)) if el is not None else None
    return found.get(_W + "val") if found is not None else None


def _parse_level(lvl, base: _Level | None = None) -> _Level:
    base = base or _Level()
    restart = _val(lvl, "w:lvlRestart")
    legal = lvl.find(_W + "isLgl")
    return _Level(
        start=int(_val(lvl, "w:start") or base.start),
        fmt=_val(lvl, "w:numFmt") or base.fmt,
        text=_val(lvl, "w:lvlText") if _val(lvl, "w:lvlText") is not None else base.text,
        restart=int(restart) if restart is not None else base.restart,
        legal=legal is not None and legal.get(_W + "val", "true") not in ("0", "false", "off"),
        suffix=_val(lvl, "w:suff") or base.suffix,
        style=_val(lvl, "w:pStyle") or base.style,
    )


def _numbering(numbering_xml, styles_xml) -> _Numbering:
    """Read numbering.xml and styles.xml into plain lookups (missing parts give empty ones)."""
    styles, default_style = {}, None
    for st in styles_xml.iter(_W + "style") if styles_xml is not None else ():
        if st.get(_W + "type") == "paragraph":
            sid = st.get(_W + "styleId")
            styles[sid] = (_val(st, "w:pPr/w:numPr/w:numId"), _val(st, "w:pPr/w:numPr/w:ilvl"), _val(st, "w:basedOn"))
            if st.get(_W + "default") in ("1", "true", "on"):
                default_style = sid
    if numbering_xml is None:
        return _Numbering(styles=styles, default_style=default_style)
    abstract = {a.get(_W + "abstractNumId"): {int(lvl.get(_W + "ilvl", 0)): _parse_level(lvl)
                                              for lvl in a.iter(_W + "lvl")}
                for a in numbering_xml.iter(_W + "abstractNum")}
    links = {a.get(_W + "abstractNumId"): _val(a, "w:numStyleLink") for a in numbering_xml.iter(_W + "abstractNum")}
    nums = {}
    for num in numbering_xml.iter(_W + "num"):
        abstract_id = _val(num, "w:abstractNumId")
        overrides = {}
        for override in num.iter(_W + "lvlOverride"):
            ilvl = int(override.get(_W + "ilvl", 0))
            base = abstract.get(abstract_id, {}).get(ilvl)
            lvl = override.find(_W + "lvl")
            level = _parse_level(lvl, base) if lvl is not None else base or _Level()
            if (start := _val(override, "w:startOverride")) is not None:
                level = _Level(**{**_fields(level), "start": int(start)})
            overrides[ilvl] = level
        nums[num.get(_W + "numId")] = (abstract_id, overrides)
    for abstract_id, style_id in links.items():  # numStyleLink: the levels live in the style's list
        target = nums.get(styles.get(style_id, (None,))[0] or "")
        if style_id and target and target[0] in abstract and target[0] != abstract_id:
            abstract[abstract_id] = abstract[target[0]]
    return _Numbering(abstract=abstract, nums=nums, styles=styles, default_style=default_style)


def _fields(level: _Level) -> dict:
    return {name: getattr(level, name) for name in _Level.__slots__}


def _num_ref(paragraph, numbering: _Numbering) -> tuple[str | None, int | None, str | None]:
    """(numId, ilvl, style) of a paragraph: its own numPr, completed from its style chain."""
    ppr = paragraph.find(_W + "pPr")
    num_id, ilvl = _val(ppr, "w:numPr/w:numId"), _val(ppr, "w:numPr/w:ilvl")
    style = _val(ppr, "w:pStyle") or numbering.default_style
    current, seen = style, set()
    while current and current not in seen and (num_id is None or ilvl is None):
        seen.add(current)
        style_num, style_lvl, based_on = numbering.styles.get(current, (None, None, None))
        num_id = num_id if num_id is not None else style_num
        ilvl = ilvl if ilvl is not None else style_lvl
        current = based_on
    return num_id, int(ilvl) if ilvl is not None and ilvl.isdigit() else None, style


def _marker(paragraph, numbering: _Numbering, state: _State) -> str:
    """The number Word shows in front of ``paragraph`` ('' when it has none), counting it."""
    num_id, ilvl, style = _num_ref(paragraph, numbering)
    if not num_id or num_id == "0" or num_id not in numbering.nums:
        return ""
    abstract_id, overrides = numbering.nums[num_id]
    levels = {**numbering.abstract.get(abstract_id, {}), **overrides}
    if ilvl is None:
        ilvl = next((i for i, lv in levels.items() if style and lv.style == style), 0)
    if ilvl not in levels:
        return ""
    counters = state.counters.setdefault(num_id if overrides else ("abstract", abstract_id), {})
    counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else levels[ilvl].start
    for deeper in [d for d in counters if d > ilvl]:
        restart = levels[deeper].restart if deeper in levels else None
        if restart is None or (restart != 0 and ilvl < restart):
            del counters[deeper]
    level = levels[ilvl]
    if level.fmt == "bullet":
        return ""
    marker = re.sub(r"%([1-9])", lambda m: _format_number(
        counters.get(int(m[1]) - 1, levels.get(int(m[1]) - 1, _Level()).start),
        "decimal" if level.legal else levels.get(int(m[1]) - 1, _Level()).fmt), level.text)
    if not marker:
        return ""
    return marker + {"space": " ", "nothing": ""}.get(level.suffix, "" if _PUNCT_END.search(marker) else " ")


_CN_DIGITS = "零一二三四五六七八九十百千"  # 0–9, then 10, 100, 1000
_LEGAL = {"chineseLegalSimplified": "零壹贰叁肆伍陆柒捌玖拾佰仟", "ideographLegalTraditional": "零壹貳參肆伍陸柒捌玖拾佰仟"}
_CYCLES = {"ideographTraditional": "甲乙丙丁戊己庚辛壬癸", "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥"}
_ENCLOSED = {"decimalEnclosedCircle": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
             "decimalEnclosedCircleChinese": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
             "decimalEnclosedParen": "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇",
             "decimalEnclosedFullstop": "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format_number(n: int, fmt: str) -> str:
    """``n`` written in a Word number format (``w:numFmt``); unknown formats fall back to decimal.

    >>> [_format_number(n, "chineseCounting") for n in (1, 10, 12, 20, 35, 101)]
    ['一', '十', '十二', '二十', '三十五', '一百零一']
    >>> _format_number(3, "decimalEnclosedCircle"), _format_number(2, "upperRoman"), _format_number(28, "lowerLetter")
    ('③', 'II', 'bb')
    >>> _format_number(4, "decimalFullWidth"), _format_number(2, "ideographTraditional"), _format_number(7, "bogus")
    ('４', '乙', '7')
    """
    if fmt in ("none", "bullet"):
        return ""
    if fmt.startswith(("chineseCounting", "taiwaneseCounting", "japaneseCounting")) and 0 < n < 10_000:
        return _chinese(n, _CN_DIGITS)
    if fmt in _LEGAL and 0 < n < 10_000:
        return _chinese(n, _LEGAL[fmt], short_ten=False)
    if fmt in _CYCLES and n > 0:
        return _CYCLES[fmt][(n - 1) % len(_CYCLES[fmt])]
    if fmt in _ENCLOSED and 0 < n <= 20:
        return _ENCLOSED[fmt][n - 1]
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        roman = _roman(n)
        return roman if fmt == "lowerRoman" else roman.upper()
    if fmt.startswith("decimalFullWidth"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def _chinese(n: int, digits: str, *, short_ten: bool = True) -> str:
    """1–9999 in Chinese numerals; ``digits`` is 0–9 then the characters for 10, 100, 1000."""
    out, zero = [], False
    for value, unit in ((1000, digits[12]), (100, digits[11]), (10, digits[10]), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out.append(digits[0])
            out.append(("" if short_ten and value == 10 and d == 1 and not out else digits[d]) + unit)
            zero = False
        else:
            zero = True
    return "".join(out)
