"""Fuzz ingest + clean + parse + extract with random bytes and notice-like text.

Run:  .venv/bin/python fuzz/fuzz_pipeline.py --seconds 300

Uses hypothesis as the engine (no compiler needed). Any exception other than
a named ZhenggaiError is a bug: the failing input is printed and saved under
fuzz/crashes/.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.errors import ZhenggaiError  # noqa: E402
from pipeline.ingest import load_bytes  # noqa: E402
from pipeline.batch import analyse  # noqa: E402

_WORDS = ["一、", "(一)", "（二）", "1.", "(1)", "①", "一是", "第一，", "2019年9月6日至11月28日", "97.57%",
          "66.57万元", "《办法》", "同比减少", "<p>", "</p>", "<script>", "&amp;", "\ufeff", "\x00", "\r\n",
          "根據(jù)", "(下转第七版)", "打印本页", "20211228日", "年底", "上半年", "两个维护"]
_TEXT = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=8)), max_size=120).map("".join)
_INPUT = st.one_of(st.binary(max_size=2000), _TEXT.map(lambda t: t.encode("utf-8")),
                   _TEXT.map(lambda t: t.encode("gb18030", errors="replace")))


def _one(data: bytes, suffix: str) -> None:
    try:
        analyse(load_bytes(data, source_path=f"fuzz{suffix}", suffix=suffix))
    except ZhenggaiError:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.seconds
    runs = 0

    @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(_INPUT, st.sampled_from([".txt", ".html"]))
    def target(data: bytes, suffix: str) -> None:
        nonlocal runs
        runs += 1
        try:
            _one(data, suffix)
        except Exception:
            crashes = Path(__file__).parent / "crashes"
            crashes.mkdir(exist_ok=True)
            (crashes / f"crash-{runs}{suffix}").write_bytes(data)
            raise

    while time.monotonic() < deadline:  # rounds of 500 fresh examples until the time is spent
        target()
    print(f"fuzzed {runs} inputs in {args.seconds:.0f} s: no crash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
