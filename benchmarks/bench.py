"""Benchmark zhenggai against the floor of its own job, in one process run.

    .venv/bin/python benchmarks/bench.py [--notices 2000] [--rounds 5] [--big 20000]

Builds a batch of synthetic notices of realistic size and variety from the
bundled sample and the dev corpus (numbers, dates and markers varied; half of
them in full-width punctuation), then reports, as median and min–max over
interleaved rounds:

- per-notice time of the pipeline without keywords (what a run does for each
  file: read, clean, parse, extract, tabulate into columns; and the same plus
  writing them to Parquet parts as a worker does), as a ratio to a floor measured in the same
  run (read + one regex pass over headings, dates, numbers and 《》); and with keywords (the same
  plus what `zhenggai stats` does for each notice: cut it once with the domain dictionary, count
  its words and its problems', weigh them against jieba's IDF table), as a ratio to jieba TF-IDF
  alone (``jieba.analyse.extract_tags`` on the file);
- whole-batch throughput (notices/s, MB/s) with 1 and 2 workers in interleaved
  rounds (``--batch-rounds``), and their ratio per round;
- peak memory of the parent and of each worker: RSS, and for workers also USS
  (the memory a worker does not share with the parent it was forked from, which
  is what each extra worker costs); the parent's peak for a batch of
  ``--notices`` against one of ``--big`` notices, both with 2 workers (with 1, the
  parent does the workers' job itself);
- cold start of `zhenggai --help` and of a one-file run (a first run into a new folder with the
  compiled-pattern cache warm, the same with it empty as right after install, and a rerun of
  the unchanged file), as ratios to a bare `python -c pass` and to
  `python -c "import pandas, pyarrow"`.

Nothing here is asserted: the numbers are for the README and the notes.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"})
_FLOOR = re.compile(
    r"^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.．、]|[(（]\d{1,2}[)）])"
    r"|\d{4}年|\d{1,2}月\d{0,2}日?|\d+(?:\.\d+)?%?|《[^》\n]*》",
    re.MULTILINE,
)


def make_batch(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` synthetic notices to ``folder`` and return their paths."""
    rng = random.Random(seed)
    bases = [(ROOT / "data" / "raw" / "seed.txt").read_text(encoding="utf-8")]
    if CORPUS.is_dir():
        bases += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")) if ".fw." not in p.name]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        # mostly full notices, like real batches; excerpts for variety
        base = bases[0] if rng.random() < 0.6 else "\n".join(rng.sample(bases[1:], 6)) if len(bases) > 6 else bases[0]
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 3)) if len(m.group()) < 4
                      else str(int(m.group()) + rng.choice((-1, 0, 1))), base)
        if i % 2:
            text = text.translate(_FULL)
            text = re.sub(r"^(\d{1,2})\.", r"\1．", text, flags=re.MULTILINE)
        path = folder / f"notice_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _per_notice(fn, paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        fn(p)
    return (time.perf_counter() - start) / len(paths) * 1000


def _floor(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    for _ in _FLOOR.finditer(text):
        pass


def _summary(values: list[float]) -> dict:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def per_notice_times(paths: list[Path], rounds: int) -> dict:
    """Interleaved rounds of floor, pipeline, jieba alone and pipeline + keywords, in ms per notice."""
    import jieba
    import jieba.analyse

    from pipeline.batch import DEFAULT_MAX_BYTES, _process_unit, analyse
    from pipeline.ingest import load
    from pipeline.tabulate import notice_columns
    from pipeline.words import NoticeText, count_notices, jieba_idf, segmenter, top_terms

    def pipeline(path: Path):  # what a run does for each file before its rows are buffered for Parquet
        result = analyse(load(path))
        return result, notice_columns(result)

    part = Path(tempfile.mkdtemp(prefix="zhenggai-bench-part-")) / "part"

    def to_parquet(paths: list[Path]) -> float:  # … and written to Parquet parts, as a worker does
        start = time.perf_counter()
        _process_unit(([("bench", [str(p) for p in paths])], str(part), DEFAULT_MAX_BYTES))
        return (time.perf_counter() - start) / len(paths) * 1000

    segmenter()  # built once, as a big batch's stats builds it
    idf, median_idf = jieba_idf()

    def keywords(result, columns):  # what `zhenggai stats` does for each notice (stats.word_counts, keywords)
        nodes = columns["nodes"]
        spans = dict(zip(nodes["node_id"], zip(nodes["start"], nodes["end"])))
        notice = NoticeText("bench", result.document.text, False,
                            [(p.problem_id, *spans[p.problem_id]) for p in result.problems])
        (counted,), _ = count_notices([notice], fast=True)
        return [top_terms(terms, idf, median_idf, None) for terms in (counted.terms, *(t for _, t in counted.problems))]

    jieba.initialize()
    jieba_alone = lambda p: jieba.analyse.extract_tags(p.read_text(encoding="utf-8"), topK=20)  # noqa: E731
    both = lambda p: keywords(*pipeline(p))  # noqa: E731
    for fn in (_floor, pipeline, jieba_alone, both):  # warm-up
        fn(paths[0])
    to_parquet(paths[:8])
    times: dict[str, list[float]] = {"floor": [], "pipeline": [], "pipeline_to_parquet": [], "jieba_tfidf": [],
                                     "pipeline_with_keywords": []}
    for _ in range(rounds):
        times["floor"].append(_per_notice(_floor, paths))
        times["pipeline"].append(_per_notice(pipeline, paths))
        times["pipeline_to_parquet"].append(to_parquet(paths))
        times["jieba_tfidf"].append(_per_notice(jieba_alone, paths))
        times["pipeline_with_keywords"].append(_per_notice(both, paths))
    ratio = {
        "pipeline/floor": [p / f for p, f in zip(times["pipeline"], times["floor"])],
        "pipeline_to_parquet/floor": [p / f for p, f in zip(times["pipeline_to_parquet"], times["floor"])],
        "pipeline_with_keywords/jieba_tfidf": [p / j for p, j in zip(times["pipeline_with_keywords"],
                                                                    times["jieba_tfidf"])],
    }
    shutil.rmtree(part.parent, ignore_errors=True)
    return {"ms_per_notice": {k: _summary(v) for k, v in times.items()},
            "ratios": {k: _summary(v) for k, v in ratio.items()}}


_RUN_SCRIPT = """
import json, os, resource, sys, time, threading
import psutil
from pipeline.cli import process_defaults
process_defaults()  # the allocator settings of the zhenggai command
from pipeline import run
me = psutil.Process()
peaks = {}
stop = False
def peak(key, value):
    peaks[key] = max(peaks.get(key, 0), value)
def sample():
    # RSS (cheap: /proc/PID/statm) every 20 ms; the list of workers (a walk of /proc) and their USS
    # (a read of /proc/PID/smaps, ~1 ms each) every 200 ms, so that sampling takes ~1% of a core,
    # not the ~12% that would slow the workers it measures
    children, tick = [], 0
    while not stop:
        try:
            peak('parent', me.memory_info().rss)
            if tick % 10 == 0:
                children = me.children(recursive=True)
            for child in children:
                if tick % 10 == 0:
                    peak(f'worker-uss-{child.pid}', child.memory_full_info().uss)
                peak(f'worker-rss-{child.pid}', child.memory_info().rss)
        except psutil.Error:
            pass
        tick += 1
        time.sleep(0.02)
thread = threading.Thread(target=sample, daemon=True); thread.start()
start = time.perf_counter()
summary = run([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]))
elapsed = time.perf_counter() - start
stop = True; thread.join()
print(json.dumps({"seconds": elapsed, "notices": summary.counts["notices"], "peaks": peaks}))
"""


def batch_run(folder: Path, workers: int) -> dict:
    """Run the whole batch in a fresh process; time it and sample the RSS of it and its workers."""
    out = Path(tempfile.mkdtemp(prefix="zhenggai-bench-out-"))
    try:
        done = subprocess.run([sys.executable, "-c", _RUN_SCRIPT, str(folder), str(out), str(workers)],
                              check=True, capture_output=True, text=True, cwd=ROOT)
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(out, ignore_errors=True)
    megabytes = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
    peaks = result["peaks"]
    return {
        "workers": workers,
        "seconds": round(result["seconds"], 2),
        "notices_per_s": round(result["notices"] / result["seconds"], 1),
        "mb_per_s": round(megabytes / result["seconds"], 2),
        "parent_peak_mib": round(peaks.get("parent", 0) / 2**20, 1),
        "worker_peak_rss_mib": sorted(round(v / 2**20, 1) for k, v in peaks.items() if k.startswith("worker-rss")),
        "worker_peak_uss_mib": sorted(round(v / 2**20, 1) for k, v in peaks.items() if k.startswith("worker-uss")),
    }


def throughput(folder: Path, rounds: int) -> dict:
    """Interleaved whole-batch runs with 1 and 2 workers: medians (min–max) and the speedup per round."""
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(rounds):
        for workers in (1, 2):
            runs[workers].append(batch_run(folder, workers))
    report = {}
    for workers, results in runs.items():
        report[f"{workers}_worker{'s' if workers > 1 else ''}"] = {
            "workers": workers,
            **{key: _summary([r[key] for r in results]) for key in ("seconds", "notices_per_s", "mb_per_s")},
            "parent_peak_mib": max(r["parent_peak_mib"] for r in results),
            "worker_peak_rss_mib": max((max(r["worker_peak_rss_mib"], default=0) for r in results), default=0),
            "worker_peak_uss_mib": max((max(r["worker_peak_uss_mib"], default=0) for r in results), default=0),
        }
    report["speedup_2_over_1"] = _summary([two["notices_per_s"] / one["notices_per_s"]
                                           for one, two in zip(runs[1], runs[2])])
    return report


def _command_time(args: list[str], repeat: int = 7, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start(one_file: Path) -> dict:
    python = sys.executable
    zhenggai = str(Path(python).with_name("zhenggai"))
    bare = _command_time([python, "-c", "pass"])
    heavy = _command_time([python, "-c", "import pandas, pyarrow"])
    out = Path(tempfile.mkdtemp(prefix="zhenggai-bench-one-"))
    cache = dict(os.environ, ZHENGGAI_CACHE_DIR=str(out / "pattern-cache"))  # never the user's cache

    def first_runs(env_of) -> float:
        """A first run: a new output folder each time, so every run analyses the file."""
        return statistics.median(_command_time([zhenggai, "run", str(one_file), "-o", str(out / f"run{next(n)}")],
                                               1, env_of()) for _ in range(7))

    n = itertools.count()
    # bytecode as a wheel install leaves it (pip compiles site-packages, whose pandas and pyarrow the
    # reference imports); an editable install under PYTHONDONTWRITEBYTECODE would compile the source each run
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "pipeline")], check=True, capture_output=True)
    try:
        help_ = _command_time([zhenggai, "--help"])
        # the first run after install: the compiled-pattern cache is empty (a new folder each time)
        cold = first_runs(lambda: dict(os.environ, ZHENGGAI_CACHE_DIR=str(out / f"cold-cache{next(n)}")))
        # every later first run: the patterns come from the cache the first one wrote
        subprocess.run([zhenggai, "run", str(one_file), "-o", str(out / "warm-up")], check=True,
                       capture_output=True, env=cache)
        fresh = first_runs(lambda: cache)
        # a rerun into the same folder, the file unchanged: its parts are reused, nothing is analysed
        rerun = _command_time([zhenggai, "run", str(one_file), "-o", str(out / "warm-up")], env=cache)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {
        "python_pass_s": round(bare, 3), "import_pandas_pyarrow_s": round(heavy, 3),
        "help_s": round(help_, 3), "one_file_run_s": round(fresh, 3), "one_file_run_cold_cache_s": round(cold, 3),
        "one_file_rerun_s": round(rerun, 3),
        "help/python_pass": round(help_ / bare, 2), "one_file_run/import_pandas_pyarrow": round(fresh / heavy, 2),
        "one_file_run_cold_cache/import_pandas_pyarrow": round(cold / heavy, 2),
        "one_file_rerun/import_pandas_pyarrow": round(rerun / heavy, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=2000, help="batch size for throughput")
    parser.add_argument("--sample", type=int, default=200, help="notices timed per round")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the per-notice timings")
    parser.add_argument("--batch-rounds", type=int, default=3, help="interleaved rounds of the 1- and 2-worker runs")
    parser.add_argument("--big", type=int, default=0, help="also run a batch this big for parent memory")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zhenggai-bench-"))
    try:
        paths = make_batch(work / "batch", args.notices)
        report = {"batch": {"notices": len(paths),
                            "mb": round(sum(p.stat().st_size for p in paths) / 1e6, 1)}}
        report["per_notice"] = per_notice_times(paths[: args.sample], args.rounds)
        report["throughput"] = throughput(work / "batch", args.batch_rounds)
        two = report["throughput"]["2_workers"]
        if args.big:  # with 2 workers the parent only plans, merges and keeps each file's bookkeeping
            make_batch(work / "big", args.big)
            report["parent_memory"] = {f"{args.notices}_notices_mib": two["parent_peak_mib"],
                                       f"{args.big}_notices_mib": batch_run(work / "big", 2)["parent_peak_mib"]}
        report["cold_start"] = cold_start(paths[0])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
