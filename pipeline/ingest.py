"""ingest: file path → RawDoc.

The only module that reads input files. Bytes become text: a byte-order mark,
else the page's declared charset, else strict UTF-8, else detection among the
encodings Chinese text is published in (GB18030 ⊃ GBK ⊃ GB2312, Big5, UTF-16).
A web page becomes its article text, one paragraph a line, and the page
furniture's title, 发布日期, 来源 … go to ``RawDoc.metadata`` (labels and
furniture names are data: ``lexicon/page_metadata.yaml``). Otherwise the text
is returned as published: only newlines are normalised; a later stage cleans.
"""
from __future__ import annotations

import codecs
import datetime as dt
import functools
import re
from pathlib import Path

from .errors import DecodeError, EmptyInput, IngestError, TooLarge, UnsupportedFormat
from .types import RawDoc

SUPPORTED_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml", ".shtml"})
LEXICON_PATH = Path(__file__).parent / "lexicon" / "page_metadata.yaml"

_BOMS = ((codecs.BOM_UTF32_LE, "utf_32_le"), (codecs.BOM_UTF32_BE, "utf_32_be"),  # before UTF-16 LE
         (codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16_le"),
         (codecs.BOM_UTF16_BE, "utf_16_be"), (b"\x84\x31\x95\x33", "gb18030"))
_MAGIC = ((b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP (or .docx/.xlsx)"), (b"\xd0\xcf\x11\xe0", ".doc/.xls"),
          (b"{\\rtf", "RTF"))  # documents renamed .txt; other binary data fails to decode
_LEGACY_CODECS = ["gb18030", "big5", "cp950", "big5hkscs"]
_UTF16_CODECS = ["utf_16_le", "utf_16_be"]
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")  # the standard first, then its supersets
_GB_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030"}
_IMPLAUSIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ue000-\uf8ff\ufffd]")
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def load(path: Path, *, max_bytes: int = 50 * 1024 * 1024) -> RawDoc:
    """Read one input file into a RawDoc; raise an ``IngestError`` a user understands."""
    path = Path(path)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(_unsupported_msg(path, path.suffix))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"{path}: {size:,} bytes is over the limit of {max_bytes:,} bytes")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        reason = {FileNotFoundError: "no such file (moved or deleted?)", PermissionError:
                  "permission denied", IsADirectoryError: "is a folder, not a file"}.get(type(e))
        raise IngestError(f"{path}: {reason or f'cannot be read ({e.strerror or e})'}") from e
    if len(data) > max_bytes:
        raise TooLarge(f"{path}: grew over the limit of {max_bytes:,} bytes while being read")
    return load_bytes(data, source_path=str(path), suffix=path.suffix)


def load_bytes(data: bytes, *, source_path: str, suffix: str) -> RawDoc:
    """Decode the bytes of a file named with ``suffix`` (".txt", ".html" …) into a RawDoc."""
    suffix = "." + suffix.lower().lstrip(".")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(_unsupported_msg(source_path, suffix))
    if not data:
        raise EmptyInput(f"{source_path}: the file is empty")
    if suffix == ".txt":
        text, encoding = _decode(data, source_path)
        if not text.strip():
            raise EmptyInput(f"{source_path}: the file holds only whitespace")
        return RawDoc(source_path=source_path, text=_normalise_newlines(text),
                      encoding=encoding, format="txt")
    html, encoding = _decode(data, source_path, declared=_declared_charset(data))
    text, metadata = _html_to_text(html, source_path)
    if not text.strip():
        raise EmptyInput(f"{source_path}: no article text in the web page")
    return RawDoc(source_path=source_path, text=text, encoding=encoding, format="html",
                  metadata=metadata)


def _unsupported_msg(path, suffix: str) -> str:
    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"{path}: '{suffix or '(no extension)'}' files are not supported; zhenggai reads {kinds}"


def _normalise_newlines(text: str) -> str:
    r"""Turn Windows and old-Mac line ends into ``\n``.

    >>> _normalise_newlines("一、\r\n(一)\r二\n")
    '一、\n(一)\n二\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    return len(_IMPLAUSIBLE.findall(text)) <= 0.02 * len(text)


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _decode(data: bytes, source_path: str, declared: str | None = None) -> tuple[str, str]:
    """Bytes → (text, codec name): BOM, declared charset, strict UTF-8, then detection."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if (text := _try_decode(data[len(bom):], codec)) is None:
                raise DecodeError(f"{source_path}: starts with a {codec} byte-order mark "
                                  f"but is not {codec} text")
            return text, codec
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormat(f"{source_path}: this is a {kind} file, not text")
    if declared and declared != "utf_8" and not data.isascii() and _try_decode(data, "utf_8"):
        declared = None  # mis-declared: real GB or Big5 text is almost never valid UTF-8
    for codec in dict.fromkeys(_candidate_codecs(data, declared)):  # lazily, without repeats
        text = _try_decode(data, codec)
        if text is not None and _plausible(text):
            return text, codec
    if decoded := _decode_damaged(data, declared):
        return decoded
    raise DecodeError(f"{source_path}: not text in any encoding zhenggai knows "
                      "(UTF-8, UTF-16, GB18030/GBK, Big5); is it a binary file?")


def _candidate_codecs(data: bytes, declared: str | None):
    """Codecs to try, most likely first; detection only runs when reached."""
    if declared:
        yield declared
    nuls = data.count(0)
    if nuls <= len(data) // 100:
        yield "utf_8"
    yield from _detect(data, _LEGACY_CODECS + (_UTF16_CODECS if nuls else []))
    if not nuls:  # UTF-16 without BOM and without any ASCII (so without NUL bytes)
        yield from _detect(data, _UTF16_CODECS)
    yield from _LEGACY_CODECS + _UTF16_CODECS  # too short to detect: plain strict decodes


def _decode_damaged(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """Text with a few undecodable bytes (a file cut mid-character, a stray byte), U+FFFD for each.

    A codec qualifies when at most 0.5% of the text is lost and the rest looks like that codec
    (UTF-8 and a declared charset need no detection: random bytes are rarely valid there).
    """
    for codec in dict.fromkeys(filter(None, (declared, "utf_8", "gb18030", "big5", "cp950"))):
        text = data.decode(codec, "replace")
        rest = text.replace("\ufffd", "").encode(codec)
        if text.count("\ufffd") <= max(8, len(text) // 200) and _plausible(text) and (
                codec in ("utf_8", declared) or _detect(rest, _LEGACY_CODECS, 1.0)[:1] == [codec]):
            return text, codec
    return None


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


# --- web pages ------------------------------------------------------------------------------

_BLOCKS = frozenset("""p div br hr li ul ol dl dt dd tr table tbody thead tfoot caption h1 h2 h3
    h4 h5 h6 section article main header footer nav aside blockquote pre center address figure
    figcaption form fieldset legend title body html""".split())
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.S | re.I)
_LINE_BREAK = re.compile(r"[ \t\f\v]*\n\s*")
_WIDE = re.compile("[\u2e80-\uffef]")
_EDGE_SPACE = " \t\n\r\f\v\xa0"


@functools.cache
def _lexicon() -> dict:
    """``lexicon/page_metadata.yaml`` with its patterns compiled (loaded once)."""
    import yaml

    lex = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    alternatives = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    all_labels = [label for labels in lex["labels"].values() for label in labels]
    lex["label_patterns"] = {  # a label, not the tail of a longer word (日期 in 成文日期), a colon
        field: [re.compile(rf"(?<![\u3400-\u9fff]){re.escape(label)}\s*[:：]\s*([^\n]*)")
                for label in labels] for field, labels in lex["labels"].items()}
    lex["value_end"] = re.compile(  # two spaces, an ideographic space, a bracket, the next label
        rf"\s{{2,}}|[\u3000【\[|｜]|\s+\S{{1,6}}[:：]|(?:{alternatives(all_labels)})\s*[:：]")
    lex["furniture_line"] = re.compile(
        rf"(?:[【\[［(（]?\s*(?:{alternatives(lex['furniture_words'])})\s*[】\]］)）]?[\s|｜/·•]*)+"
        rf"|[【\[［]?\s*(?:{alternatives(lex['furniture_line_starts'])})\s*[:：].*")
    return lex


def _html_to_text(html: str, source_path: str) -> tuple[str, dict[str, str]]:
    """Page → (article text one paragraph a line, metadata from the page furniture)."""
    import lxml.etree
    import lxml.html

    lex = _lexicon()
    html = _DOCTYPE_SUBSET.sub("", html, count=1)  # internal DTD subsets (entities): never read
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False,
                                  remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(html.encode("utf-8"), parser=parser)
    except lxml.etree.LxmlError:
        root = None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise IngestError(f"{source_path}: the page is nested over 256 levels deep or holds a text "
                          "block over 10 MB; it is refused rather than read in part")
    if root is None:
        return "", {}
    page_title = _text_lines(root.find(".//title"))
    meta = {m.get("name") or m.get("property"): m.get("content") or "" for m in root.iter("meta")}
    lxml.etree.strip_elements(root, *lex["never_text_tags"], with_tail=False)
    for el in root.xpath("//*[@hidden or contains(translate(@style,' ',''),'display:none')]"):
        if el.getparent() is not None:
            el.drop_tree()
    container = _find_container(root)
    metadata = _metadata(_text_lines(root, skip=container), meta)
    title = _article_title(root, container) or metadata.pop("title", "") or page_title
    if title:
        metadata["title"] = title
    _prune_furniture(container)
    lines = _text_lines(container).split("\n")
    return "\n".join(ln for ln in lines if not lex["furniture_line"].fullmatch(ln)), metadata


def _text_lines(root, skip=None) -> str:
    """Visible text under ``root``: a line per block (p, div, br, li, tr …), inline parts joined as is."""
    import lxml.etree

    lines: list[str] = []
    parts: list[str] = []

    def flush():
        line = _join_wrapped("".join(parts)).strip(_EDGE_SPACE)
        parts.clear()
        if line.strip():
            lines.append(line)

    walker = lxml.etree.iterwalk(root, events=("start", "end")) if root is not None else ()
    for event, el in walker:
        if el is skip or el.tag in _BLOCKS:
            flush()
        if event == "start" and el is skip:
            walker.skip_subtree()
        elif event == "start":
            parts.append("\t" if el.tag in ("td", "th") and parts else "")
            parts.append(el.text or "")
        elif el is not root:
            parts.append(el.tail or "")
    flush()
    return "\n".join(lines)


def _join_wrapped(text: str) -> str:
    """Join the source's line breaks inside a paragraph: nothing between wide characters, else a space.

    >>> _join_wrapped("整改\\n    工作 and\\n more  than")
    '整改工作 and more  than'
    """
    def joiner(m: re.Match) -> str:
        before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
        return "" if _WIDE.match(before) and _WIDE.match(after) else " "

    return _LINE_BREAK.sub(joiner, text)


def _cjk_counts(root) -> tuple[dict, dict]:
    """Chinese characters under each element: (all of them, those outside links)."""
    import lxml.etree

    total, nonlink = {}, {}
    for _, el in lxml.etree.iterwalk(root, events=("end",)):
        own = len(_CJK.findall(el.text or "")) + sum(len(_CJK.findall(c.tail or "")) for c in el)
        total[el] = own + sum(total[c] for c in el)
        nonlink[el] = 0 if el.tag == "a" else own + sum(nonlink[c] for c in el)
    return total, nonlink


def _class_tokens(el) -> list[str]:
    return f"{el.get('id', '')} {el.get('class', '')}".lower().split()


def _furniture(root, total: dict) -> list:
    """Navigation, share bars … under ``root`` (by tag or id/class word) holding under half its text."""
    lex = _lexicon()
    words = lex["furniture_class_words"]
    return [el for el in root.iter() if el is not root and isinstance(el.tag, str)
            and total[el] < 0.5 * total[root]
            and (el.tag in lex["furniture_tags"] or any(
                t.startswith(w) or f"-{w}" in t or f"_{w}" in t for t in _class_tokens(el) for w in words))]


def _find_container(root):
    """The article's element: the innermost known container name, else the densest text block."""
    body = root.find("body") if root.find("body") is not None else root
    total, nonlink = _cjk_counts(body)
    outside = {d for f in _furniture(body, total) for d in f.iter()}
    names = {n.lower() for n in _lexicon()["article_names"]}
    scores: dict = {}
    for el in body.iter(*_BLOCKS - {"br", "hr"}):  # paragraphs score their parent (readability)
        if el in outside or el is body:
            continue
        leaf = not any(c.tag in _BLOCKS - {"br"} for c in el)
        own = nonlink[el] if leaf else len(_CJK.findall(el.text or "")) + sum(
            len(_CJK.findall(c.tail or "")) for c in el)
        target = el.getparent() if leaf else el
        for weight, node in ((1.0, target), (0.5, target.getparent())):
            if node in total:
                scores[node] = scores.get(node, 0) + weight * own
    densest = max(scores, key=lambda e: scores[e] * nonlink[e] / max(total[e], 1), default=body)
    named = [el for el in body.iter() if el not in outside and nonlink.get(el, 0) >= 10
             and nonlink[el] >= 0.5 * total[el] and names.intersection(_class_tokens(el))]
    if named:
        most = max(nonlink[el] for el in named)
        innermost = max((el for el in named if nonlink[el] >= 0.85 * most),
                        key=lambda el: sum(1 for _ in el.iterancestors()))
        if nonlink[innermost] >= 0.5 * nonlink[densest]:
            return innermost
    return densest


def _prune_furniture(container) -> None:
    """Drop share bars, navigation and link lists left inside the article container."""
    total, nonlink = _cjk_counts(container)
    link_lists = [el for el in container.iter("div", "ul", "ol", "dl", "table", "p")
                  if el is not container and len(el.findall(".//a")) >= 2
                  and nonlink[el] < 0.5 * total[el] and total[el] < 0.5 * total[container]]
    for el in _furniture(container, total) + link_lists:
        if el.getparent() is not None:
            el.drop_tree()


def _metadata(furniture: str, meta: dict[str, str]) -> dict[str, str]:
    """Labelled values (发布日期：…) in the text outside the article, else <meta> values."""
    lex = _lexicon()
    found: dict[str, str] = {}
    for field, patterns in lex["label_patterns"].items():
        for m in filter(None, (p.search(furniture) for p in patterns)):
            if value := lex["value_end"].split(m.group(1), maxsplit=1)[0].strip():
                found[field] = value
                break
    for field, names in lex["meta_names"].items():
        value = next((meta[n].strip() for n in names if (meta.get(n) or "").strip()), "")
        found.setdefault(field, value) if value else None
    if "published" in found:
        found["published"] = _iso_date(found["published"])
    return found


def _iso_date(value: str) -> str:
    """``YYYY-MM-DD`` for a date written with - / . or 年月日; else the value unchanged.

    >>> _iso_date("2025-12-29 10:30"), _iso_date("2014年3月5日"), _iso_date("2025-13-01"), _iso_date("近日")
    ('2025-12-29', '2014-03-05', '2025-13-01', '近日')
    """
    m = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", value)
    try:
        return dt.date(*map(int, m.groups())).isoformat() if m else value
    except ValueError:
        return value


def _article_title(root, container) -> str:
    """The article's h1: the first inside the container, else the last one before it."""
    order = {el: i for i, el in enumerate(root.iter())}
    h1s = [h for h in root.iter("h1") if _CJK.search(h.text_content())]
    inside = [h for h in h1s if container in h.iterancestors()]
    before = [h for h in h1s if order[h] < order[container]]
    return _text_lines((inside[:1] or before[-1:] or [None])[0]).replace("\n", " ")
