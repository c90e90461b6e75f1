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
"""
from __future__ import annotations

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
def _table() -> tuple[dict[str, str], dict[str, list[str]], int]:
    names: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for line in load_lines("regions.tsv"):
        code, name = line.split("\t")
        names[code] = name
        for alias in {name, _short(name)} - {None}:
            aliases.setdefault(alias, []).append(code)  # type: ignore[arg-type]
    return names, aliases, max(map(len, aliases))


def _find_aliases(issuer: str, aliases: dict[str, list[str]], longest: int) -> list[str]:
    """Leftmost-longest, non-overlapping division names in ``issuer`` (a short string: a dict scan
    beats compiling a 6,000-branch pattern)."""
    found, i = [], 0
    while i < len(issuer):
        for size in range(min(longest, len(issuer) - i), 1, -1):
            if issuer[i:i + size] in aliases:
                found.append(issuer[i:i + size])
                i += size
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
    names, aliases, longest = _table()
    matches = [(alias, aliases[alias]) for alias in _find_aliases(issuer, aliases, longest)]
    flat = [code for _, codes in matches for code in codes]
    found = []
    for alias, codes in matches:
        # a county's short name (公安 of 公安县) counts only beside a division it belongs to
        kept = [c for c in codes if names[c] == alias or _level(c) < 2 or _agrees(c, flat)]
        if any(_level(c) == 1 and names[c] != alias for c in kept):  # 东营: the city, not 东营区
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
