"""ingest_html: a decoded web page → (article text, page metadata).

The article becomes one paragraph a line (table rows: cells joined by a tab);
the page furniture's title, 发布日期, 来源 … become metadata. Labels and
furniture names are data: ``lexicon/page_metadata.yaml``. Internal DTD subsets
(entity definitions, the XML "billion laughs" bomb) are dropped unread and
external entities are never fetched.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

from .errors import IngestError
from .pattern_cache import cached_compile

LEXICON_PATH = Path(__file__).parent / "lexicon" / "page_metadata.yaml"

_CJK = cached_compile("[\u3400-\u9fff\uf900-\ufaff]")

_BLOCKS = frozenset("""p div br hr li ul ol dl dt dd tr table tbody thead tfoot caption h1 h2 h3
    h4 h5 h6 section article main header footer nav aside blockquote pre center address figure
    figcaption form fieldset legend title body html""".split())
_DOCTYPE_SUBSET = cached_compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.S | re.I)
_LINE_BREAK = cached_compile(r"[ \t\f\v]*\n\s*")
_WIDE = cached_compile("[\u2e80-\uffef]")
_EDGE_SPACE = " \t\n\r\f\v\xa0"


@functools.cache
def _lexicon() -> dict:
    """``lexicon/page_metadata.yaml`` with its patterns compiled (loaded once)."""
    import yaml

    lex = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    alternatives = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    all_labels = [label for labels in lex["labels"].values() for label in labels]
    # a label, not the tail of a longer word (日期 in 成文日期), a colon; a label of three characters
    # or more is no such tail, and may follow the last value with no space (…巡察办发布时间：)
    not_a_tail = r"(?<![\u3400-\u9fff])"
    lex["label_patterns"] = {
        field: [cached_compile((not_a_tail if len(label) <= 2 else "") + re.escape(label) + r"\s*[:：]\s*([^\n]*)")
                for label in labels] for field, labels in lex["labels"].items()}
    lex["value_end"] = cached_compile(  # two spaces, an ideographic space, a bracket, the next label
        rf"\s{{2,}}|[\u3000【\[|｜]|\s+\S{{1,6}}[:：]|(?:{alternatives(all_labels)})\s*[:：]")
    lex["furniture_line"] = cached_compile(
        rf"(?:[【\[［(（]?\s*(?:{alternatives(lex['furniture_words'])})\s*[】\]］)）]?[\s|｜/·•]*)+"
        rf"|[【\[［]?\s*(?:{alternatives(lex['furniture_line_starts'])})\s*[:：].*")
    return lex


def html_to_text(html: str, source_path: str) -> tuple[str, dict[str, str]]:
    """Page → (article text one paragraph a line, metadata from the page furniture)."""
    import lxml.etree
    import lxml.html

    lex = _lexicon()
    html = _drop_entity_definitions(html)
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
    lines = [ln for ln in _text_lines(container).split("\n") if not lex["furniture_line"].fullmatch(ln)]
    if title and container not in _title_ancestors(root, title) and _reads_like_a_notice(title) \
            and not any(title in line for line in lines[:3]):
        lines.insert(0, title)  # the article's title above its container (<h1 id="title">) is the notice's
    return "\n".join(lines), metadata


def _title_ancestors(root, title: str) -> set:
    """The elements that hold the heading element whose text is ``title``."""
    for el in root.iter("h1", "h2", "h3"):
        if _text_lines(el).replace("\n", " ") == title:
            return set(el.iterancestors())
    return set()


def _reads_like_a_notice(title: str) -> bool:
    """A notice's title (关于……的通报, ……整改情况的报告), not a site's name (某县巡察工作网) or a column (审计公告)."""
    lex = _lexicon()
    return len(title) >= 8 and ("关于" in title or title.endswith(tuple(lex["title_ends"])))


def _drop_entity_definitions(html: str) -> str:
    """Remove an internal DTD subset unread, and the references to the entities it defined.

    Real pages never define entities; an XML "billion laughs" bomb or an external-entity
    attack does. Their references would otherwise stay in the text as ``&lol9;``.

    >>> _drop_entity_definitions('<!DOCTYPE html [<!ENTITY a "x"><!ENTITY % b "y">]><p>正文&a;&amp;&b;</p>')
    '<p>正文&amp;</p>'
    """
    m = _DOCTYPE_SUBSET.search(html)
    if not m:
        return html
    names = re.findall(r"<!ENTITY\s+(?:%\s*)?([\w.:-]+)", m.group())
    html = html[:m.start()] + html[m.end():]
    return re.sub("|".join(rf"[&%]{re.escape(n)};" for n in names), "", html) if names else html


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
    """The article's h1: the first inside the container, else the last one before it; else the last
    <h2>/<h3> named …title before it (<h2 class="art-title">)."""
    order = {el: i for i, el in enumerate(root.iter())}
    h1s = [h for h in root.iter("h1") if _CJK.search(h.text_content())]
    inside = [h for h in h1s if container in h.iterancestors()]
    before = [h for h in h1s if order[h] < order[container]]
    named = [h for h in root.iter("h2", "h3") if order[h] < order[container] and _CJK.search(h.text_content())
             and any("title" in token for token in _class_tokens(h))]
    return _text_lines((inside[:1] or before[-1:] or named[-1:] or [None])[0]).replace("\n", " ")
