"""regions: an issuer's name → province, city, county and administrative code.

Matches full and short names (威海市 / 威海, 文登区 / 文登) from the packaged
division table (``lexicon/regions.tsv``), then keeps the chain of divisions
that agree with each other: a county named after its city wins over a
namesake elsewhere. Applied to issuer names only: on whole texts, place
names hide in ordinary words.

>>> locate("中共威海市文登区人民法院党组")
('山东省', '威海市', '文登区', '371003')
>>> locate("瑞金市审计局")
('江西省', '赣州市', '瑞金市', '360781')
>>> locate("揭阳市公安局党委")
('广东省', '揭阳市', None, '445200')
>>> locate("北京市海淀区人民检察院")
('北京市', '北京市', '海淀区', '110108')
>>> locate("中共成都空港城市发展集团有限公司委员会")
('四川省', '成都市', None, '510100')
>>> locate("武汉大学党委巡视办")
('湖北省', '武汉市', None, '420100')
>>> locate("鼓楼区人民法院")  # several 鼓楼区, nothing says which
(None, None, None, None)
>>> locate("中共东营市公安局东营经济技术开发区分局委员会")
('山东省', '东营市', None, '370500')
>>> locate("某某单位")
(None, None, None, None)
>>> locate("中共丰宁县农业农村局党组")  # 丰宁满族自治县, as it is called
('河北省', '承德市', '丰宁满族自治县', '130826')
>>> locate("中共青岚县委")  # a county the table does not hold: not 岚县 of 吕梁市
(None, None, None, None)
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..resources import load_lines

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "地区",
             "新区", "省", "市", "区", "县", "旗", "盟")
_MUNICIPALITIES = ("11", "12", "31", "50")


def _short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def _autonomous() -> re.Pattern:
    """An autonomous division's name: its place name, the groups it is named for, 自治 and its level."""
    groups = "|".join(sorted(load_lines("ethnic_groups.txt"), key=len, reverse=True))
    return re.compile(f"(?P<base>.{{2,}}?)(?:(?:{groups})族?)+自治(?P<level>[县州旗])")


def _names_in_use(name: str) -> tuple[set[str], set[str]]:
    """What an issuer calls a division: the names that carry its level word (the full name; for an
    autonomous division also its place name with the level: 丰宁满族自治县 → 丰宁县, 恩施土家族苗族自治州 →
    恩施州), and its short names (丰宁, 恩施; 威海 of 威海市)."""
    levelled, short = {name}, {_short(name)} - {None}
    if (m := _autonomous().fullmatch(name)) is not None:
        levelled.add(m["base"] + m["level"])
        short.add(m["base"])
    return levelled, short - levelled  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, list[str]], frozenset[tuple[str, str]], int]:
    """Names by code, codes by alias, the (alias, code) pairs whose alias carries the level word, and
    the longest alias."""
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    levelled: set[tuple[str, str]] = set()
    for line in load_lines("regions.tsv"):
        code, name = line.split("\t")
        names[code] = name
        full, short = _names_in_use(name)
        for alias in full | short:
            aliases.setdefault(alias, []).append(code)
        levelled.update((alias, code) for alias in full)
    return names, aliases, frozenset(levelled), max(map(len, aliases))


# after these a place name may start: a division's level word (吕梁市岚县), 中共 (中共岚县县委), the end of an
# organ's name (国家税务总局单县税务局, 农业银行单县支行)
_LEVEL_WORDS = frozenset("省市州盟区县旗")
_OPENS_A_NAME = _LEVEL_WORDS | frozenset("共局行司委会院厅部办")


def _find_aliases(issuer: str, aliases: dict[str, list[str]], longest: int) -> list[tuple[str, bool]]:
    """Leftmost-longest, non-overlapping division names in ``issuer`` (a short string: a dict scan
    beats compiling a 6,000-branch pattern), each with whether it is glued: a name of one character and
    its level (岚县, 宁县) right after a Han character that ends no division, 中共 or organ, so perhaps
    the tail of a longer name the table does not hold (青岚县, 丰宁县 before its alias was known)."""
    found: list[tuple[str, bool]] = []
    i = end = 0
    while i < len(issuer):
        for size in range(min(longest, len(issuer) - i), 1, -1):
            if issuer[i:i + size] in aliases:
                before = issuer[i - 1] if i > end else ""
                glued = size == 2 and issuer[i + 1] in _LEVEL_WORDS and "\u4e00" <= before <= "\u9fff" \
                    and before not in _OPENS_A_NAME
                found.append((issuer[i:i + size], glued))
                i = end = i + size
                break
        else:
            i += 1
    return found


def _level(code: str) -> int:
    """0 province, 1 prefecture, 2 county."""
    return 0 if code[2:] == "0000" else 1 if code[4:] == "00" else 2


def _agrees(code: str, others: list[str]) -> int:
    return sum(1 for o in others if o != code and (code.startswith(o[: 2 * (_level(o) + 1)])
                                                     or o.startswith(code[: 2 * (_level(code) + 1)])))


@lru_cache(maxsize=4096)
def locate(issuer: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(province, city, county, adcode) of the most specific division named in ``issuer``."""
    names, aliases, levelled, longest = _table()
    matches = [(alias, glued, aliases[alias]) for alias, glued in _find_aliases(issuer, aliases, longest)]
    flat = [code for _, _, codes in matches for code in codes]
    found = []
    for alias, glued, codes in matches:
        # a county's short name (公安 of 公安县), or a glued one (青岚县's 岚县), counts only beside a division
        # it belongs to
        kept = [c for c in codes if _agrees(c, flat)] if glued else \
            [c for c in codes if (alias, c) in levelled or _level(c) < 2 or _agrees(c, flat)]
        if any(_level(c) == 1 and (alias, c) not in levelled for c in kept):  # 东营: the city, not 东营区
            kept = [c for c in kept if _level(c) < 2]
        ranked = sorted(kept, key=lambda c: (_agrees(c, flat), _level(c) == 0), reverse=True)
        if len(ranked) > 1 and (_agrees(ranked[0], flat), _level(ranked[0])) == (
                _agrees(ranked[1], flat), _level(ranked[1])):
            continue  # 鼓楼区 alone: several places share the name, none is implied
        if ranked:
            found.append(ranked[0])
    if not found:
        return None, None, None, None
    chosen = found
    best = max(chosen, key=lambda c: (_level(c), _agrees(c, chosen)))
    province_code = best[:2] + "0000"
    city_code = best[:4] + "00"
    province = names.get(province_code)
    if best[:2] in _MUNICIPALITIES:
        city = province
    else:
        city = names.get(city_code) if _level(best) >= 1 else None  # None: county directly under the province
    county = names.get(best) if _level(best) == 2 else None
    return province, city, county, best
