"""clean: RawDoc → Document (clean text + OffsetMap back to the raw text).

An ordered tuple of named cleaners, each ``str -> Cleaned`` (the edits it
wants plus any issues it noticed): page furniture (``clean_furniture``), page
numbers and hard-wrapped lines (``clean_pages``), repairs of damaged or converted
copies (``clean_repairs``), then control characters and whitespace (here). Every edit is recorded in the OffsetMap so
that any span of the clean text can be traced to the raw file, and
``Document.steps`` names the cleaners that changed something.

Cleaning removes furniture; it never rewrites what was published: full-width
punctuation stays full-width (the patterns downstream match both widths).
"""
from __future__ import annotations

import hashlib
from typing import Callable, NamedTuple

from .clean_furniture import _STRIP, remove_boilerplate, remove_page_markers
from .clean_pages import join_wrapped_lines, remove_page_numbers
from .clean_repairs import (
    convert_traditional, fix_doubled_punctuation, flag_damage, remove_stray_spaces, strip_pinyin_annotations,
)
from .errors import EmptyInput
from .offsets import Cleaned, Edit, apply_edits, compose, forward
from .pattern_cache import cached_compile
from .types import Document, Issue, OffsetMap, RawDoc

_ASCII_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # a character class body
_WIDE_CONTROLS = "\ufeff\u200b\u200c\u200d\u2060\ufffe"
_CONTROL = cached_compile(f"[{_ASCII_CONTROLS}{_WIDE_CONTROLS}]+")
_ASCII_CONTROL = cached_compile(f"[{_ASCII_CONTROLS}]".encode())


class CleanConfig(NamedTuple):
    """One switch per cleaner, named after it."""

    remove_control_chars: bool = True
    remove_boilerplate: bool = True
    remove_page_markers: bool = True
    remove_page_numbers: bool = True
    join_wrapped_lines: bool = True
    strip_pinyin_annotations: bool = True
    convert_traditional: bool = True
    fix_doubled_punctuation: bool = True
    remove_stray_spaces: bool = True
    flag_damage: bool = True
    tidy_whitespace: bool = True


def remove_control_chars(text: str) -> Cleaned:
    """Drop NUL and other control characters, BOMs and zero-width characters."""
    # Almost no notice has any: test cheaply first. The ASCII subset of a Chinese text is
    # short, and a one-character ``in`` runs at memchr speed; the charset scan costs ~10x both.
    if (_ASCII_CONTROL.search(text.encode("ascii", "ignore")) is None
            and not any(char in text for char in _WIDE_CONTROLS)):
        return Cleaned()
    return Cleaned([Edit(m.start(), m.end()) for m in _CONTROL.finditer(text)])


def tidy_whitespace(text: str) -> Cleaned:
    """Strip spaces at line edges and drop empty lines (paragraphs are lines)."""
    edits: list[Edit] = []
    offset = 0
    kept_any = False
    strip = _STRIP
    for line in text.split("\n"):
        end = offset + len(line)
        if line and line[0] not in strip and line[-1] not in strip:  # the usual line: nothing to do
            kept_any = True
            offset = end + 1
            continue
        body = line.strip(strip)
        if not body:  # an empty line goes with its newline (the last one with the one before it)
            if end < len(text):
                edits.append(Edit(offset, end + 1))
            elif offset:
                edits.append(Edit(offset - 1, end))
        else:
            lead = len(line) - len(line.lstrip(_STRIP))
            trail = len(line) - len(line.rstrip(_STRIP))
            if lead:
                edits.append(Edit(offset, offset + lead))
            if trail:
                edits.append(Edit(end - trail, end))
            kept_any = True
        offset = end + 1
    if not kept_any:
        return Cleaned([Edit(0, len(text))]) if text else Cleaned()
    return Cleaned(_merge_adjacent(edits))


def _merge_adjacent(edits: list[Edit]) -> list[Edit]:
    merged: list[Edit] = []
    for edit in edits:
        if merged and merged[-1].end >= edit.start:
            merged[-1] = Edit(merged[-1].start, max(edit.end, merged[-1].end))
        else:
            merged.append(edit)
    return merged


Cleaner = Callable[[str], Cleaned]
CLEANERS: tuple[tuple[str, Cleaner], ...] = (
    ("remove_control_chars", remove_control_chars),
    ("remove_boilerplate", remove_boilerplate),
    ("remove_page_markers", remove_page_markers),
    ("remove_page_numbers", remove_page_numbers),
    ("join_wrapped_lines", join_wrapped_lines),
    ("strip_pinyin_annotations", strip_pinyin_annotations),
    ("convert_traditional", convert_traditional),
    ("fix_doubled_punctuation", fix_doubled_punctuation),
    ("remove_stray_spaces", remove_stray_spaces),
    ("flag_damage", flag_damage),
    ("tidy_whitespace", tidy_whitespace),
)


def notice_id_for(text: str) -> str:
    """A stable id from the cleaned text: same text, same id, whatever the file is called.

    >>> notice_id_for("abc") == notice_id_for("abc"), len(notice_id_for("abc"))
    (True, 16)
    """
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def clean(raw: RawDoc, config: CleanConfig = CleanConfig()) -> Document:
    """Run the enabled cleaners in order; raise EmptyInput when nothing is left."""
    text, offsets = raw.text, OffsetMap()
    published = None  # the text as published, kept once a cleaner converts the script
    steps: list[str] = []
    issues: list[Issue] = []
    for name, cleaner in CLEANERS:
        if not getattr(config, name):
            continue
        result = cleaner(text)
        if not result.edits:
            issues.extend(result.issues)
            continue
        if name == "convert_traditional":
            published = text  # same length as the converted text: later edits apply to both
        elif published is not None:
            published = apply_edits(published, result.edits)[0]
        text, step_map = apply_edits(text, result.edits)
        issues = [_moved(i, step_map) for i in issues] + [_moved(i, step_map) for i in result.issues]
        offsets = compose(offsets, step_map)
        steps.append(name)
    if not text or text.isspace():  # what strip() would leave empty, without copying the text
        raise EmptyInput("no text left after removing page furniture")
    if "+" in raw.encoding:  # decoded part by part (ingest): say so
        issues.append(Issue(kind="mixed_encoding",
                            message=f"the file mixes encodings ({raw.encoding}); each part was decoded on its own"))
    return Document(
        notice_id=notice_id_for(text),
        source_path=raw.source_path,
        text=text,
        offsets=offsets,
        raw=raw,
        steps=tuple(steps),
        issues=tuple(issues),
        published=published if published is not None and len(published) == len(text) else None,
    )


def _moved(issue: Issue, step_map: OffsetMap) -> Issue:
    if issue.start is None:
        return issue
    return Issue(kind=issue.kind, message=issue.message, start=forward(step_map, issue.start), node_id=issue.node_id)
