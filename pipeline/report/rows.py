"""rows: table rows → the plain Python values the pages show, with None for every missing one."""
from __future__ import annotations


def to_records(frame) -> list[dict]:
    """Rows as dicts of Python values, with None for every missing one (NaN included)."""
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False).to_pylist()


def region(notice: dict) -> str | None:
    """Province, city and county, those given, in one string.

    >>> region({"province": "山东省", "city": "威海市", "county": None}), region({"province": None, "city": None, "county": None})
    ('山东省 威海市', None)
    """
    return " ".join(notice[k] for k in ("province", "city", "county") if notice[k]) or None


def inspection_period(notice: dict) -> str:
    """The inspection's start – end, those given ("" when neither is)."""
    return " – ".join(str(notice[k]) for k in ("inspection_start", "inspection_end") if notice[k] is not None)


def text_or_none(value) -> str | None:
    return None if value is None else str(value)


def int_or_none(value) -> int | None:
    return None if value is None else int(value)
