"""status: a measure's text → done / ongoing / planned, from cue words.

>>> measure_status("目前清查发放进度已完成97.57%,剩余部分正在继续查付")
'ongoing'
>>> measure_status("2020年3月,印发《公务用车加油卡使用管理暂行办法》")
'done'
>>> measure_status("下一步将根据责任清单落实监管职责")
'planned'
>>> measure_status("规范立审执节点管控") is None
True
"""
from __future__ import annotations

from functools import lru_cache

import re

from ..resources import load_yaml
from ..types import Status

_ORDER: tuple[Status, ...] = ("ongoing", "done", "planned")


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[Status, re.Pattern], ...]:
    data = load_yaml("status.yaml")
    return tuple((status, re.compile(data[status])) for status in _ORDER)


def measure_status(text: str) -> Status | None:
    """The first status class whose cues occur in ``text`` (ongoing, then done, then planned)."""
    for status, cue in _cues():
        if cue.search(text):
            return status
    return None
