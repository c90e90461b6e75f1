"""Snapshot the output of the date and metric extractors, to prove a rewrite changes nothing.

    .venv/bin/python benchmarks/snapshot_extractors.py write   [--path FILE]
    .venv/bin/python benchmarks/snapshot_extractors.py compare [--path FILE]
    .venv/bin/python benchmarks/snapshot_extractors.py bench   [--runs 50] [--repeat 5]

``write`` runs ``find_dates`` and ``find_metrics`` on every ``corpus/dev/*.txt``, on
``data/raw/seed.txt``, on the texts of the test tables, on a few hand-written edge
strings, and on deterministic random strings (date/number-heavy alphabets and mutated
slices of the corpus), and stores the inputs with every field of every row as JSON.
Each input is run several ways: dates with the notice's own published date, with none
and with a fixed one; metrics without ``exclude`` and with the date spans excluded (as
the pipeline does). ``compare`` re-runs the current code on the stored inputs and lists
every difference (exit status 1 when there is one). ``bench`` times both extractors on
the seed notice (median of ``--repeat`` rounds of ``--runs`` calls after a warm-up).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SEED = ROOT / "data" / "raw" / "seed.txt"
DEFAULT_PATH = Path("/tmp/zhenggai_extractors_snapshot.json")

from pipeline.extract.dates import find_dates  # noqa: E402
from pipeline.extract.published_date import find_published_date  # noqa: E402
from pipeline.extract.metrics import find_metrics  # noqa: E402

FIXED_PUBLISHED = dt.date(2020, 4, 29)

EDGE = [
    "",
    "2019年9月6日至11月28日，区委第三巡察组对区人民法院党组进行了巡察。12月16日，区委巡察组反馈。",
    "二〇二〇年四月二十九日\n2023-05-04 08:46:31\n２０２３－０５－０４\n2023/5/4\n2023.05.04",
    "截至2024年9月底，共整改问题金额5380多亿元，制定完善规章制度1300多项，追责问责2800多人。",
    "1、2月份；2018、2019年度；2018年、2019年；1-3月；3月5-7日；2017—2019年；2019年至2022年",
    "今年3月至5月，去年底，本年度，截至目前，至今，上半年，下半年，第一季度，前三季度，年底前",
    "新华社北京2月9日电 西藏3省(区)9日公开，1116日至18日，20211228日，202442日，112日，60日",
    "百分之三十五点五，1,200人，3%—5%，5至7人，3-5个，一个多月，两个维护，三会一课，“24小时法院”",
    "作为一项重大政治任务，在每一个司法案件中，探索提高一次开庭，每季度清缴一次，解决一个、销号一个",
    "最近3天，节约3万元，将近60%，超过24小时，为期３个工作日，100人左右，80%以上，一年多来",
    "富寧縣委巡察工作領導小組派出3個督查組，兩個維護，１２項，９７．５７％，１．１２项",
    "(1)调整\n１．重业务\n1 项目管理办法\n1.2020年\n（一）加强组织领导\n一、整改工作基本情况",
    "电话8455350；12368语音热线；(博中医委任〔2024〕4号)；索引号1234567890123456789个",
    "自2020年2月起，5月16日起，截至3月6日，截止2023年底，对2019年8月底前，2020年3月前往",
    "2019年12月19日以来，2016年以来，自3月开展带案走访以来，起草，前往，前期",
    "每组 5 至 7 人　，３３项　具体问题，237054.47 万元，0 次，1.05亿元，66.57万元",
]

_DATE_ALPHABET = list("0123456789０１２３.．/-－—～至到年月日号份上中下旬初底末季度半第前三一二十〇零、，。；\n 以来截止今去本目今起")
_METRIC_ALPHABET = list("0123456789０１２.．,%％—-至一二两三十百千万亿个件人次年月日天周元第余多近约以上“”，。、（）()\n 项目统维护同比增加减少降至达")


def _fuzz_texts(corpus: list[str]) -> list[str]:
    rng = random.Random(20240607)
    out = []
    for alphabet in (_DATE_ALPHABET, _METRIC_ALPHABET):
        for _ in range(1500):
            out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))))
    for _ in range(600):  # mutated slices of real notices
        base = rng.choice(corpus)
        i = rng.randrange(max(1, len(base) - 200))
        chars = list(base[i:i + rng.randint(20, 200)])
        for _ in range(rng.randint(0, 6)):
            if chars:
                chars[rng.randrange(len(chars))] = rng.choice(_DATE_ALPHABET + _METRIC_ALPHABET)
        out.append("".join(chars))
    return out


def _test_texts() -> list[str]:
    texts: list[str] = []
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import test_dates
        import test_metrics
    except Exception as exc:  # the tables are a bonus, not a requirement
        print(f"(test tables not loaded: {exc})", file=sys.stderr)
        return texts
    for name in dir(test_dates):
        value = getattr(test_dates, name)
        if name.isupper() and isinstance(value, list):
            texts += [case[0] for case in value if isinstance(case, tuple) and case and isinstance(case[0], str)]
    for name in ("SEED_CASES", "CORPUS_CASES", "EDGE_CASES"):
        texts += [ex.text for ex in getattr(test_metrics, name, [])]
    texts += list(getattr(test_metrics, "NEGATIVES", []))
    return texts


def _inputs() -> list[tuple[str, str]]:
    named: list[tuple[str, str]] = []
    if CORPUS.is_dir():
        named += [(f"corpus/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    named.append(("data/raw/seed.txt", SEED.read_text(encoding="utf-8")))
    corpus = [t for _, t in named]
    named += [(f"edge/{i}", t) for i, t in enumerate(EDGE)]
    named += [(f"tests/{i}", t) for i, t in enumerate(dict.fromkeys(_test_texts()))]
    named += [(f"fuzz/{i}", t) for i, t in enumerate(_fuzz_texts(corpus))]
    return named


def _value(v):
    if isinstance(v, (dt.date, Decimal)):
        return str(v)
    return v


def _row(record) -> dict:
    return {f.name: _value(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _run(text: str) -> dict:
    published = find_published_date(text)
    out = {"published": _value(published)}
    for label, pub in (("own", published), ("none", None), ("fixed", FIXED_PUBLISHED)):
        out[f"dates/{label}"] = [_row(d) for d in find_dates(text, published=pub)]
    spans = [(d["start"], d["end"]) for d in out["dates/own"]]
    out["metrics/plain"] = [_row(m) for m in find_metrics(text)]
    out["metrics/exclude_dates"] = [_row(m) for m in find_metrics(text, exclude=spans)]
    return out


def write(path: Path) -> None:
    inputs = _inputs()
    snap = {"inputs": [{"name": n, "text": t, "out": _run(t)} for n, t in inputs]}
    path.write_text(json.dumps(snap, ensure_ascii=False, indent=0), encoding="utf-8")
    rows = sum(len(v) for e in snap["inputs"] for k, v in e["out"].items() if k != "published")
    print(f"wrote {path}: {len(inputs)} inputs, {rows} rows")


def compare(path: Path) -> int:
    snap = json.loads(path.read_text(encoding="utf-8"))
    diffs = 0
    rows = 0
    for entry in snap["inputs"]:
        now = _run(entry["text"])
        for key, old in entry["out"].items():
            new = now.get(key)
            rows += len(old) if isinstance(old, list) else 0
            if new != old:
                diffs += 1
                print(f"DIFF {entry['name']} {key}")
                if isinstance(old, list) and isinstance(new, list):
                    old_set = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in old]
                    new_set = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in new]
                    for r in old_set:
                        if r not in new_set:
                            print(f"   - {r}")
                    for r in new_set:
                        if r not in old_set:
                            print(f"   + {r}")
                    if sorted(old_set) == sorted(new_set):
                        print("   (same rows, different order)")
                else:
                    print(f"   - {old!r}\n   + {new!r}")
    print(f"compared {len(snap['inputs'])} inputs, {rows} rows: "
          + ("identical" if not diffs else f"{diffs} differing outputs"))
    return 1 if diffs else 0


def bench(runs: int, repeat: int) -> None:
    text = SEED.read_text(encoding="utf-8")
    published = find_published_date(text)
    spans = [(d.start, d.end) for d in find_dates(text, published=published)]
    cases = {
        "find_dates": lambda: find_dates(text, published=published),
        "find_metrics": lambda: find_metrics(text, exclude=spans),
    }
    for name, fn in cases.items():
        fn()  # warm-up
        per_round = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            for _ in range(runs):
                fn()
            per_round.append((time.perf_counter() - t0) / runs * 1000)
        print(f"{name:13s} median {statistics.median(per_round):.3f} ms  "
              f"(min {min(per_round):.3f}, max {max(per_round):.3f}; {repeat}×{runs} runs, {len(text)} chars)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("write", "compare", "bench"))
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.mode == "write":
        write(args.path)
    elif args.mode == "compare":
        return compare(args.path)
    else:
        bench(args.runs, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
