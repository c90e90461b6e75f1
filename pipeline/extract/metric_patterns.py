"""metric_patterns: the regular expressions of ``pipeline.extract.metrics``.

``_RE_QUANTITY`` reads a quantity (a number, its magnitude, an approximation word and a unit);
``_RE_CANDIDATE`` finds, in C, the few places where one can start. Both are built from the units
and cue words of ``lexicon/units.yaml``; the group positions are named for plain indexing.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..numerals import DIGITS, NUMERAL_CHARS
from ..pattern_cache import cached_compile
from ..resources import load_yaml
from .word_patterns import TRAD, alternation, by_first_character, unit_variants, variants

_LEX = load_yaml("units.yaml")
_KINDS = ("percent", "money", "duration", "count")
_UNIT_KIND: dict[str, str] = {u: kind for kind in _KINDS for u in _LEX[kind]}
_APPROX = _LEX["approx"]
_SOME = "".join(_APPROX["some"])  # 数十家: read as 十
_SOME_MAGNITUDES = "".join(_APPROX["some_magnitudes"])

_DIGIT = r"0-9\N{FULLWIDTH DIGIT ZERO}-\N{FULLWIDTH DIGIT NINE}"
_DOT = r".\N{FULLWIDTH FULL STOP}"
_PERCENT = r"%\N{FULLWIDTH PERCENT SIGN}"
_DASH = r"\N{EM DASH}\N{EN DASH}\N{FULLWIDTH HYPHEN-MINUS}~\N{FULLWIDTH TILDE}\N{WAVE DASH}\-"
_ARABIC = rf"[{_DIGIT}]{{1,3}}(?:,[0-9]{{3}}){{1,6}}(?:[{_DOT}][{_DIGIT}]+)?|[{_DIGIT}]+(?:[{_DOT}][{_DIGIT}]+)?"
_CN = f"[{NUMERAL_CHARS}]+"
_CN_DECIMAL = f"{_CN}(?:点[{''.join(DIGITS)}]+)?"  # 十八点六公里
# 百/千 read as a magnitude unless they open a unit (120千米, 50千瓦, 2万千瓦: not 120000米)
_MAG = "[十百千拾佰仟]?[万亿萬億]|[百千佰仟]" + (
    "(?!" + "|".join(re.escape(u[1:]) for u in sorted(_UNIT_KIND, key=len, reverse=True) if u[0] in "百千") + ")")
_SPACE = r"[ \t\N{IDEOGRAPHIC SPACE}\N{NO-BREAK SPACE}]{0,2}"


def _longer_unit_rests() -> str:
    """What turns a unit into a longer one (个 → 个工作日, 人 → 人次): after a range's repeated unit
    (100元至300元) none may follow, else the high end's unit is the longer one (5个至10个工作日).

    >>> "工作日" in _longer_unit_rests().split("|"), "次" in _longer_unit_rests().split("|")
    (True, True)
    """
    units = sorted(_UNIT_KIND)
    rests = {v[len(u):] for u in units for v in units if len(v) > len(u) and v.startswith(u)}
    return alternation(rests) or "(?!)"


_UNITS_ALT = by_first_character(_UNIT_KIND, unit_variants)
_LONGER_UNIT_RESTS = _longer_unit_rests()

_RE_QUANTITY = cached_compile(
    rf"""
    (?P<pre>{by_first_character(_APPROX["prefixes"])})?  # 近60%, 约3人
    (?:
        百分之(?P<pct>{_CN}(?:点[{"".join(DIGITS)}]+)?)  # 百分之三十, 百分之三十五点五
      | (?:(?P<hi>(?<![{_DIGIT}{_DOT}_/A-Za-z\-])[{_DIGIT}]{{1,4}})(?P<himag>[亿億万萬])(?=[{_DIGIT}]{{4}}(?![{_DIGIT}])|[{_DIGIT}]{{1,4}}[千仟万萬]))?  # 1亿2000万元, 3万5000元
        (?P<num>(?<![{_DIGIT}{_DOT}_/A-Za-z\-第+＋])(?:{_ARABIC})  # not the tail of a code or number, not 第3次, K12+300
            | (?:(?<![第之{_SOME}{NUMERAL_CHARS}])|(?<=[{_SOME}])(?=[{_SOME_MAGNITUDES}])){_CN_DECIMAL})  # not an ordinal, 三分之二; 数十
        (?:(?:(?P<pct1>[{_PERCENT}])|(?P<magl>{_MAG})?(?P<unitl>{_UNITS_ALT})?)?  # 3%—5%, 3万至5万元, 100元至300元
           (?P<sep>[{_DASH}]{{1,2}}|至|到)
           (?P<num2>{_ARABIC}|{_CN}))?                   # 3—4人, 5至7人
        {_SPACE}
        (?P<mag>{_MAG})?                                 # 66.57万元, 1.05亿元
        (?P<mid>{alternation(_APPROX["inner"])})?        # 20余份, 5380多亿元
        (?P<mag2>{_MAG})?                                # 3万余人 / 5380多亿元
        {_SPACE}
        (?!{by_first_character(_LEX["blocked_words"])})  # 十一期间, 四次全会, 元旦
        (?P<unit>(?(unitl)(?P=unitl)(?!{_LONGER_UNIT_RESTS})|(?:{_UNITS_ALT})))  # the low end's unit again
    )
    (?P<post>{alternation(_APPROX["suffixes"])}|(?<=[年天周時时])[多余餘])?  # 80%以上, 一年多
    """,
    re.VERBOSE,
)


def _candidate_pattern() -> str:
    """Where a match of _RE_QUANTITY can start: a superset of the positions, found in C.

    A quantity opens on a prefix word (近, 约 …) before a number or 百分之, on 百分之, or on
    the first character of a number (not inside a code or number, not an ordinal). From
    there the number's characters run up to the first character of what follows a number:
    a %, a range separator, a space, 万/亿, 余/多 or a unit. The pattern opens on one class of
    all those first characters, so ``re`` skips the rest of the text in C (``_quantities``);
    lookbehinds then tell which condition applies.
    """
    def first_of(words: Iterable[str]) -> str:  # first characters, simplified and traditional
        return "".join(sorted({ch for w in words for ch in (w[0], TRAD.get(w[0], w[0]))}))

    follow = re.escape("".join(sorted(set(
        first_of(_UNIT_KIND) + first_of(_APPROX["inner"]) + "十百千拾佰仟万亿萬億至到点" + " \t\u3000\xa0"))))
    follow = f"[{_PERCENT}{_DASH}{follow}]"
    # a number (the rest of _ARABIC or _CN after its first character), then what follows one
    digit = rf"(?<![{_DIGIT}{_DOT}_/A-Za-z\-].)(?=[{_DIGIT}]*(?:,[0-9]{{3}}){{0,6}}(?:[{_DOT}][{_DIGIT}]+)?{follow})"
    branches = [
        rf"(?<=[{NUMERAL_CHARS}])(?<![第之{NUMERAL_CHARS}].)(?<![{_SOME}][^{_SOME_MAGNITUDES}])(?=[{NUMERAL_CHARS}]*{follow})",
        "(?<=百)(?=分之)",
    ]
    for word in _APPROX["prefixes"]:  # 近 / 将近 / 约 … before a number
        branches.append(f"(?<={variants(word[0])})(?={variants(word[1:])}[{_DIGIT}{NUMERAL_CHARS}])")
    firsts = re.escape(first_of(_APPROX["prefixes"]) + "百")
    # Most hits are digits, most of them inside a number: a digit is decided by its own branch
    # and skips the others at once (they all open on a character that is not a digit).
    return (f"[{_DIGIT}{NUMERAL_CHARS}{firsts}]"
            f"(?:(?<=[{_DIGIT}]){digit}|(?<![{_DIGIT}])(?:{'|'.join(branches)}))")


_RE_CANDIDATE = cached_compile(_candidate_pattern())

_PRE, _PCT, _HI, _HIMAG, _NUM, _PCT1, _MAGL, _UNITL, _NUM2, _MAG, _MID, _MAG2, _UNIT, _POST = (  # in groups()
    _RE_QUANTITY.groupindex[name] - 1
    for name in ("pre", "pct", "hi", "himag", "num", "pct1", "magl", "unitl", "num2", "mag", "mid", "mag2", "unit",
                 "post"))
