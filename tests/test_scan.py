"""scan: the fast scans find exactly what finditer finds, for every packaged pattern they serve.

``first_chars`` and ``required_chars`` read ``re``'s private parse tree; if a future
Python changed it without raising, these tests are what would notice.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean_furniture import _boilerplate
from pipeline.scan import first_chars, literal_anchored_matches, required_chars


def _packaged_patterns() -> list[re.Pattern]:
    _, fragments, (markers, _, _) = _boilerplate()
    return [pattern for pattern, *_ in fragments] + [markers]


PATTERNS = _packaged_patterns()
FILLER = st.text(alphabet="版第下转上接共页字号大中小打印本页关闭窗口【】[]()（）|：:一二三123 \n", max_size=30)


def _spans(pattern: re.Pattern, text: str, fast: bool) -> list[tuple[int, int]]:
    if not fast:
        return [m.span() for m in pattern.finditer(text)]
    found = literal_anchored_matches(pattern, first_chars(pattern), text, required_chars(pattern))
    return [m.span() for m in found]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_scan_equals_finditer(pattern, data):
    pieces = data.draw(st.lists(st.one_of(FILLER, st.from_regex(pattern, fullmatch=True)), max_size=6))
    text = "".join(pieces)
    assert _spans(pattern, text, fast=True) == _spans(pattern, text, fast=False)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_starts_with_a_first_char_and_holds_the_required_ones(pattern, data):
    sample = data.draw(st.from_regex(pattern, fullmatch=True))
    chars = first_chars(pattern)
    if chars is not None:
        assert sample[0] in chars
    assert all(c in sample for c in required_chars(pattern))


@pytest.mark.parametrize("source, first, required", [
    (r"abc", {"a"}, "abc"),
    (r"(?:x|y)z", {"x", "y"}, "z"),
    (r"[a-c]+d?e", {"a", "b", "c"}, "e"),
    (r"\d+元", None, "元"),
    (r"(?i)abc", None, ""),
    (r"a?b", None, "b"),
    (r"(?=a)ab", None, "ab"),
])
def test_what_the_parse_tree_says(source, first, required):
    pattern = re.compile(source)
    assert first_chars(pattern) == (None if first is None else frozenset(first))
    assert required_chars(pattern) == required
