"""pipeline.stats and pipeline.compare, and the `stats` / `compare` commands.

Golden expectations on the sample (data/raw/seed.txt): its key metrics, measures per status and
problems per theme. They change only when an extractor or the taxonomy changes; update them
deliberately, with the diff reviewed. ``READER`` records where a reader puts each of the 28
problems, which the themes stage is measured against.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import run
from pipeline.cli_stats import compare_command, stats_command
from pipeline.compare import compare_tables
from pipeline.stats import (STATS_TABLES, StatsError, compute_stats, key_metrics, keywords, read_tables, themes,
                            word_counts, write_stats)
from pipeline import words
from pipeline.words import tokenizer

from conftest import CORPUS, needs_corpus


@pytest.fixture(scope="module")
def seed_copy(seed_out, tmp_path_factory) -> Path:
    """The sample's tables in a folder of this module's own (the stats commands write into it)."""
    out = tmp_path_factory.mktemp("seed_stats") / "out"
    shutil.copytree(seed_out, out)
    return out


@pytest.fixture(scope="module")
def seed_stats(seed_copy) -> dict:
    return compute_stats(read_tables(seed_copy))


# --- key metrics -------------------------------------------------------------------------------------

def _one(frame: pd.DataFrame, raw: str) -> pd.Series:
    rows = frame[frame.raw == raw]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_key_metrics_surface_the_figures_an_analyst_quotes(seed_stats):
    key = seed_stats["key_metrics"]
    drop = _one(key, "27.7%")  # the notice says it twice (服务发展, 发改率): one row, two mentions
    assert (drop["rank"], drop.tier, drop.signed_value, drop.comparison, drop.direction, drop.mentions) == (
        1, "change", -27.7, "同比", "decrease", 2)
    assert "收案" in drop.subject
    cases = _one(key, "97.57%")
    assert "发放" in cases.subject and "案款" in cases.context and cases.tier == "percent"
    enforcement = _one(key, "97.81%")
    assert "执行款" in enforcement.context and enforcement.tier == "percent"
    assert _one(key, "40.6%").value == 40.6
    tiers = key.tier.tolist()
    assert tiers == sorted(tiers, key=["change", "percent", "money", "count"].index)
    assert "duration" not in set(key.kind)


def test_key_metrics_merge_a_repeated_figure_but_not_figures_without_subject():
    metrics = pd.DataFrame([
        # notice, node, raw, start, value, unit, kind, subject, comparison, direction
        ("n", "1.1", "27.7%", 10, 27.7, "%", "percent", "诉讼收案", "同比", "decrease"),
        ("n", "1.2", "27.7%", 90, 27.7, "%", "percent", " 诉讼收案", "同比", "decrease"),
        ("n", "1.1", "3次", 30, 3.0, "次", "count", None, None, None),
        ("n", "1.2", "3次", 60, 3.0, "次", "count", None, None, None),
        ("n", "1.2", "10天", 70, 10.0, "天", "duration", "审限", None, None),
    ], columns=["notice_id", "node_id", "raw", "start", "value", "unit", "kind", "subject", "comparison",
                "direction"]).assign(end=lambda f: f.start + 3, approx=False, value_max=None)
    nodes = pd.DataFrame({"notice_id": ["n", "n"], "node_id": ["1.1", "1.2"], "title": ["甲", "乙"]})
    problems = pd.DataFrame({"notice_id": ["n"], "problem_id": ["1"], "title": ["问题"]})
    key = key_metrics(metrics, nodes, problems)
    assert key.raw.tolist() == ["27.7%", "3次", "3次"]
    assert key.mentions.tolist() == [2, 1, 1]
    assert key.context.tolist() == ["问题", "问题", "问题"]


# --- notice summary and timeline ---------------------------------------------------------------------

def test_notice_summary_golden_counts(seed_stats):
    row = seed_stats["notice_summary"].iloc[0]
    assert (row.problems, row.measures, row.measures_numbered, row.measures_unnumbered) == (28, 94, 92, 2)
    assert (row.measures_done, row.measures_ongoing, row.measures_planned, row.measures_unknown_status) == (
        81, 6, 7, 0)  # 57 done by their words, 5 by a date passed, 19 as narrated in a report
    assert (row.problems_stated, row.problems_diff, row.measures_stated, row.measures_diff) == (28, 0, 100, -6)
    assert row.measures_per_problem == 3.36
    assert (str(row.first_measure_date), str(row.last_measure_date)) == ("2019-08-01", "2020-04-15")
    assert row.documents_issued == 40 and row.rules_issued <= row.documents_issued


def test_timeline_counts_measures_and_issued_documents_per_month(seed_stats):
    timeline = seed_stats["timeline"].set_index("month")
    assert {"2019-12", "2020-01", "2020-02", "2020-03", "2020-04"} <= set(timeline.index)
    assert timeline.index.is_monotonic_increasing
    march = timeline.loc["2020-03"]  # the busiest month of this notice
    assert march.measures == timeline.measures.max() and march.documents_issued == timeline.documents_issued.max()
    assert "2020年法院党建工作要点" in march.documents
    assert "关于调整党的建设工作领导小组成员的通知" in timeline.loc["2020-01"].documents


# --- themes and keywords -----------------------------------------------------------------------------

#: where a reader puts each problem of the sample: the first theme, or one of the others listed
READER = {
    "重业务轻党建思想仍未转变": ("组织建设", "政治建设"),
    "服务发展措施不严实": ("业务履职",),
    "自查自纠不够深入": ("整改落实",),
    "意识形态主导权抓得不牢": ("政治建设",),
    "理论学习中心组学习流于形式": ("政治建设",),
    "党支部政治理论学习抓得不严": ("政治建设", "组织建设"),
    "党组成员示范带头作用发挥不明显": ("审判质效", "作风纪律"),  # the measures are about leaders hearing cases
    "案件上诉率、发改率指标不理想": ("审判质效",),
    "案件超审限": ("审判质效",),
    "案款清查发放不及时": ("财务管理", "执行"),
    "基层法庭作息制度执行不严": ("作风纪律",),
    "执行信访工作压力较大": ("执行",),
    "罚没款案件、行政案件执行力度不够": ("执行",),
    "执行款发放不够及时": ("执行", "财务管理"),
    "执行案件收费管理不严格": ("执行", "财务管理"),
    "法律文书制作使用不规范": ("审判质效", "业务履职"),
    "查封扣押资产管理处置机制不健全": ("执行",),
    "卷宗存在超期未归档现象": ("审判质效",),
    "管党治党意识不强": ("全面从严治党与廉政",),
    "监督执纪缺乏力度": ("全面从严治党与廉政",),
    "公务接待不规范": ("作风纪律", "财务管理"),  # 八项规定 first
    "出差补助报销手续不合规": ("财务管理",),
    "通讯费管理使用不规范": ("财务管理",),
    "政法补贴、罚金、违法所得等上缴财政不够及时": ("财务管理",),
    "案件标的款管理不规范": ("财务管理",),
    "报销审批手续不完善": ("财务管理",),
    "“三会一课”制度未能有效落实": ("组织建设",),
    "组织生活会开展不规范": ("组织建设",),
}


def test_themes_agree_with_a_reader(seed_stats):
    got = dict(zip(seed_stats["themes"].title, seed_stats["themes"].theme))
    assert set(got) == set(READER)
    first_choice = sum(got[title] == choices[0] for title, choices in READER.items())
    acceptable = sum(got[title] in choices for title, choices in READER.items())
    assert (first_choice, acceptable) == (27, 28)  # 党支部政治理论学习抓得不严 goes to 组织建设


def test_themes_golden_counts_and_deciding_words(seed_stats):
    table = seed_stats["themes"]
    assert table.theme.value_counts().to_dict() == {
        "财务管理": 6, "审判质效": 5, "执行": 5, "组织建设": 4, "作风纪律": 2, "政治建设": 2,
        "全面从严治党与廉政": 2, "业务履职": 1, "整改落实": 1}
    row = table.set_index("title").loc["“三会一课”制度未能有效落实"]
    assert row.words.startswith("三会一课(") and row.score > row.runner_up_score
    assert (table.score >= 3).all() and table.words.str.len().gt(0).all()


def test_a_traditional_notice_gets_the_themes_of_its_simplified_text(seed_text, seed_stats, tmp_path):
    """Its tables quote it in Traditional script; themes and keywords read it in Simplified."""
    import opencc

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed_traditional.txt").write_text(opencc.OpenCC("s2t").convert(seed_text), encoding="utf-8")
    run([tmp_path / "in"], tmp_path / "out")
    tables = read_tables(tmp_path / "out")
    assert tables["notices"].script.tolist() == ["traditional"]
    got = themes(tables["problems"], tables["nodes"], tables["notices"])
    assert got.theme.value_counts().to_dict() == seed_stats["themes"].theme.value_counts().to_dict()
    words = keywords(tables["notices"], tables["problems"], tables["nodes"])
    assert "执行" in set(words[words.scope == "notice"].keyword)


def test_a_problem_without_theme_words_is_unclassified():
    problems = pd.DataFrame({"notice_id": ["n"], "problem_id": ["1"], "category": [None], "title": ["其他"]})
    nodes = pd.DataFrame({"notice_id": ["n"], "node_id": ["1"], "start": [0], "end": [2]})
    notices = pd.DataFrame({"notice_id": ["n"], "text": ["其他"]})
    assert themes(problems, nodes, notices).theme.tolist() == ["未分类"]


@pytest.mark.parametrize("phrase", ["三会一课", "一案双查", "巡察整改", "执行款", "两个维护", "一岗双责"])
def test_domain_dictionary_keeps_set_phrases_whole(phrase):
    assert phrase in tokenizer().lcut(f"认真落实{phrase}工作")


def test_keywords_use_jieba_idf_for_a_small_batch_and_batch_idf_for_a_big_one(seed_stats):
    table = seed_stats["keywords"]
    assert set(table.idf) == {"jieba"}
    assert table[table.scope == "notice"]["rank"].max() == 20
    assert table[table.scope == "problem"].problem_id.nunique() == 28
    words = set(table[(table.scope == "problem") & (table.problem_id == "2.2.3")].keyword)
    assert {"审限", "一案双查"} & words

    texts = [f"第{i}号通报。执行款发放进度{'缓慢' if i % 2 else '正常'},落实三会一课。" for i in range(20)]
    notices = pd.DataFrame({"notice_id": [str(i) for i in range(20)], "text": texts})
    empty = pd.DataFrame(columns=["notice_id", "problem_id", "node_id", "start", "end", "title"])
    big = keywords(notices, empty, empty)
    assert set(big.idf) == {"batch"}
    top = big[big.notice_id == "1"].keyword.tolist()
    assert "缓慢" in top[0] and "执行款" in top  # the word that sets the notice apart comes first


def test_keywords_and_themes_are_the_same_whichever_cutter_a_batch_size_picks(seed_copy, seed_stats, monkeypatch):
    """Small batches cut with jieba's own loop, big ones with pipeline.segmenter: the same words."""
    monkeypatch.setattr(words, "SEGMENTER_MIN_CHARS", 0)
    tables = read_tables(seed_copy)
    pd.testing.assert_frame_equal(keywords(tables["notices"], tables["problems"], tables["nodes"]),
                                  seed_stats["keywords"])
    pd.testing.assert_frame_equal(themes(tables["problems"], tables["nodes"], tables["notices"]),
                                  seed_stats["themes"])


def test_themes_from_the_shared_cut_equal_themes_cut_on_their_own(seed_copy, seed_text, tmp_path):
    """compute_stats cuts each notice once for keywords and themes; themes alone cut each problem."""
    import opencc

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "traditional.txt").write_text(opencc.OpenCC("s2t").convert(seed_text), encoding="utf-8")
    run([tmp_path / "in"], tmp_path / "out")
    for folder in (seed_copy, tmp_path / "out"):
        t = read_tables(folder)
        shared = word_counts(t["notices"], t["problems"], t["nodes"])
        pd.testing.assert_frame_equal(themes(t["problems"], t["nodes"], t["notices"], shared),
                                      themes(t["problems"], t["nodes"], t["notices"]))


def test_keywords_weigh_words_as_jieba_extract_tags_does(seed_text):
    """One cut per notice, counted and weighed apart, gives jieba's own TF-IDF ranking."""
    from jieba.analyse import TFIDF

    extractor = TFIDF()
    extractor.tokenizer = tokenizer()
    extractor.stop_words = words.stop_words()
    expected = extractor.extract_tags(seed_text, topK=None, withWeight=True)
    counted = words.count_terms(words.segmenter().lcut(seed_text), words.stop_words(), {})
    assert words.top_terms(counted, *words.jieba_idf(), None) == expected


@pytest.mark.parametrize("segmenter_from", [0, 10**9], ids=["segmenter", "jieba"])
def test_keywords_of_a_batch_counted_by_two_workers_equal_one_process(seed_text, segmenter_from, monkeypatch):
    """Workers forked after the dictionary is built cut the notices; the table is the same."""
    import opencc

    monkeypatch.setattr(words, "SEGMENTER_MIN_CHARS", segmenter_from)
    paragraphs = [p for p in seed_text.split("\n") if len(p) > 20]
    count = 150  # three chunks a worker
    texts = ["\n".join(paragraphs[i % len(paragraphs):][:6]) for i in range(count)]
    texts[7] = opencc.OpenCC("s2t").convert(texts[7])
    notices = pd.DataFrame({"notice_id": [f"n{i:03}" for i in range(count)], "text": texts,
                            "script": ["traditional" if i == 7 else "simplified" for i in range(count)]})
    problems = pd.DataFrame({"notice_id": notices.notice_id, "problem_id": "1"})
    nodes = pd.DataFrame({"notice_id": notices.notice_id, "node_id": "1", "start": 0, "end": 40})
    serial = keywords(notices, problems, nodes, workers=1)
    assert set(serial.idf) == {"batch"} and serial.notice_id.nunique() == count and set(serial.scope) == {"notice", "problem"}
    pd.testing.assert_frame_equal(keywords(notices, problems, nodes, workers=2), serial)


def test_counting_in_parallel_keeps_the_order_and_shares_each_word_once(seed_text):
    import gc

    texts = [words.NoticeText(f"n{i}", seed_text[i * 300:(i + 1) * 300], False, [("1", 0, 100)]) for i in range(40)]
    serial = words.count_notices(texts, fast=True)
    gc.freeze()  # a caller's frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        parallel = words.count_notices_in_parallel(texts, True, workers=2)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert parallel == serial
    shared = {}
    for notice in parallel[0]:
        for word in notice.terms.words + notice.problems[0][1].words:
            assert shared.setdefault(word, word) is word


# --- the stats command ---------------------------------------------------------------------------------

def test_stats_command_takes_more_workers_than_it_can_use(seed_copy):
    result = CliRunner().invoke(stats_command, [str(seed_copy), "--quiet", "--workers", "999"])
    assert result.exit_code == 0, result.output


def test_stats_command_writes_every_table_and_prints_them(seed_copy):
    result = CliRunner().invoke(stats_command, [str(seed_copy)])
    assert result.exit_code == 0, result.output
    folder = seed_copy / "stats"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.parquet" for name in STATS_TABLES)
    for heading in ("notice_summary", "key_metrics", "themes (28 problems)", "keywords (idf: jieba)", "timeline"):
        assert heading in result.output
    assert "-27.7%" in result.output and "97.57%" in result.output
    assert f"wrote 5 tables → {folder}" in result.output
    themes_table = pd.read_parquet(folder / "themes.parquet")
    assert len(themes_table) == 28
    rerun = CliRunner().invoke(stats_command, [str(seed_copy), "--quiet"])
    assert rerun.exit_code == 0 and rerun.output.strip() == f"wrote 5 tables → {folder}"
    assert pd.read_parquet(folder / "themes.parquet").equals(themes_table)


def test_stats_rerun_on_an_older_output_folder(seed_out, tmp_path):
    """A folder from an older run (a table missing, a column missing) still gives every stats table."""
    old = tmp_path / "old"
    shutil.copytree(seed_out, old)
    (old / "citations.parquet").unlink()
    metrics = pd.read_parquet(old / "metrics.parquet").drop(columns=["direction", "comparison"])
    metrics.to_parquet(old / "metrics.parquet")
    result = CliRunner().invoke(stats_command, [str(old), "-q"])
    assert result.exit_code == 0, result.output
    summary = pd.read_parquet(old / "stats" / "notice_summary.parquet")
    assert (summary.problems[0], summary.documents_issued[0]) == (28, 0)


def test_stats_on_a_folder_without_tables_says_what_to_do(tmp_path):
    result = CliRunner().invoke(stats_command, [str(tmp_path)])
    assert result.exit_code == 1
    assert "has no notices.parquet: run `zhenggai run" in result.output
    with pytest.raises(StatsError):
        read_tables(tmp_path)


# --- compare -------------------------------------------------------------------------------------------

NOTICES = {
    "a.txt": """中共甲县人民法院党组关于巡察整改情况的通报
根据县委统一部署,2021年3月1日至4月30日,县委第一巡察组对县人民法院党组进行了巡察。
一、整改落实情况
(一)关于党的建设方面的问题
1.“三会一课”制度落实不到位
(1)规范组织生活。2021年6月,印发《党支部组织生活规范》,各党支部均已按月召开支部党员大会。
(2)开展专项检查。2021年7月,对各党支部“三会一课”记录进行检查,正在督促整改。
2.执行款发放不及时
(1)清理执行款。截至目前,执行款清查发放进度已完成95.5%,诉讼收案同比减少10.2%。
""",
    "b.txt": """中共乙县人民法院党组关于巡察整改情况的通报
根据县委统一部署,2021年5月10日至6月30日,县委第二巡察组对县人民法院党组进行了巡察。
一、整改落实情况
(一)关于财务管理方面的问题
1.公务接待不规范
(1)清退超标准接待费用。2021年8月,修订《公务接待管理办法》,已清退超标准就餐费用。
2.报销审批手续不完善
(1)规范报销手续。2021年9月,制定《差旅费管理实施细则》,下一步将开展财务检查。
(2)执行款清查。执行款清查发放进度已完成99.1%。
""",
    "c.txt": """某县审计局关于审计整改情况的报告
根据审计工作安排,县审计局对县财政局2022年度预算执行情况进行了审计。
一、审计发现问题的整改情况
(一)关于预算管理方面的问题
1.预算执行进度偏慢
(1)加快预算执行。2023年5月,印发《预算执行管理办法》,预算执行率已达到92%。
""",
}


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    """Three small notices: two courts' 巡察 notices and an audit office's 审计 report."""
    folder = tmp_path_factory.mktemp("batch")
    for name, text in NOTICES.items():
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / name).write_text(text, encoding="utf-8")
    run([folder / "in"], folder / "out")
    return folder / "out"


def test_compare_by_inspection_kind_lines_groups_up(batch_out):
    tables = compare_tables(read_tables(batch_out), "inspection_kind")
    summary = tables["compare_inspection_kind"].set_index("inspection_kind")
    assert summary.loc["巡察", ["notices", "problems", "measures"]].tolist() == [2, 4, 6]
    assert summary.loc["巡察", "comparable"] and not summary.loc["审计", "comparable"]
    assert summary.loc["审计", "note"] == "only 1 notice: too few to compare"
    assert summary.loc["巡察", "share_done"] == pytest.approx(4 / 6, abs=1e-3)
    per_theme = tables["compare_inspection_kind_themes"]
    assert per_theme[per_theme.group == "审计"].theme.tolist() == ["财务管理"]


def test_compare_aligns_key_metrics_by_subject(batch_out):
    metrics = compare_tables(read_tables(batch_out), "issuer")["compare_issuer_metrics"]
    shared = metrics[metrics.groups == 2].set_index("group")
    assert set(shared.subject_norm) == {"执行款清查发放进度"}
    assert shared["values"].to_dict() == {"中共甲县人民法院党组": "95.5", "中共乙县人民法院党组": "99.1"}


def test_compare_command_prints_side_by_side_and_says_when_too_few(batch_out):
    result = CliRunner().invoke(compare_command, [str(batch_out), "--by", "issuer"])
    assert result.exit_code == 0, result.output
    assert "compare by issuer" in result.output
    assert "key metrics reported by two groups or more" in result.output
    assert ("too few notices to compare (fewer than 2): 中共乙县人民法院党组 (1), 中共甲县人民法院党组 (1), "
            "某县审计局 (1)") in result.output
    written = sorted(p.name for p in (batch_out / "stats").glob("compare_issuer*.parquet"))
    assert written == ["compare_issuer.parquet", "compare_issuer_metrics.parquet", "compare_issuer_themes.parquet"]


def test_compare_by_theme_counts_problems_per_theme_per_notice(batch_out):
    tables = compare_tables(read_tables(batch_out), "theme")
    summary = tables["compare_theme"].set_index("theme")
    assert summary.loc["财务管理", "notices"] == 2 and summary.loc["财务管理", "comparable"]
    per_notice = tables["compare_theme_themes"]
    assert set(per_notice.group) == {"中共甲县人民法院党组", "中共乙县人民法院党组", "某县审计局"}


def test_compare_rejects_an_unknown_grouping(batch_out):
    with pytest.raises(ValueError, match="choose one of issuer, province, inspection_kind, theme"):
        compare_tables(read_tables(batch_out), "colour")
    result = CliRunner().invoke(compare_command, [str(batch_out), "--by", "colour"])
    assert result.exit_code == 2


@needs_corpus
def test_compare_reads_lean_after_stats_and_gives_the_same_tables(tmp_path):
    """With `zhenggai stats`' themes and key_metrics written after the run, compare reads those, the notices
    without their texts and three columns of the measures (a batch of 20,000: 17 GB → 0.6 GB); the
    tables are the same as from every table whole. Stats older than the tables are not used."""
    import os

    from pipeline.compare import compare_inputs

    out = tmp_path / "out"
    run([CORPUS], out)
    assert "nodes" in compare_inputs(out)  # no stats yet: every table
    write_stats(compute_stats(read_tables(out)), out)
    lean = compare_inputs(out)
    assert set(lean) == {"notices", "measures", "themes", "key_metrics"} and "text" not in lean["notices"]
    for by in ("issuer", "province", "inspection_kind", "theme"):
        got, want = compare_tables(lean, by), compare_tables(read_tables(out), by)
        for name in want:
            pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False)
    import shutil

    for missing in ("measures", "province"):  # a table or a column an older run did not write (review)
        copy = tmp_path / f"without-{missing}"
        shutil.copytree(out, copy)
        if missing == "measures":
            (copy / "measures.parquet").unlink()
        else:
            notices = pd.read_parquet(copy / "notices.parquet").drop(columns="province")
            notices.to_parquet(copy / "notices.parquet", index=False)
            os.utime(copy / "stats" / "themes.parquet")
            os.utime(copy / "stats" / "key_metrics.parquet")
        for by in ("issuer", "province"):
            got, want = compare_tables(compare_inputs(copy), by), compare_tables(read_tables(copy), by)
            for name in want:
                pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False)
    later = (out / "stats" / "themes.parquet").stat().st_mtime + 10
    os.utime(out / "notices.parquet", (later, later))  # a run after the stats: they are stale
    assert "nodes" in compare_inputs(out)


@needs_corpus
@pytest.mark.parametrize("by", ["issuer", "province", "inspection_kind", "theme"])
def test_compare_runs_on_the_whole_dev_corpus(by, tmp_path_factory):
    out = tmp_path_factory.getbasetemp() / "dev_corpus_out"
    if not (out / "notices.parquet").exists():
        run([CORPUS], out)
    result = CliRunner().invoke(compare_command, [str(out), "--by", by])
    assert result.exit_code == 0, result.output
    summary = pd.read_parquet(out / "stats" / f"compare_{by}.parquet")
    if by != "theme":  # every notice in exactly one group (a repeated file counts once)
        assert summary.notice_files.sum() == pd.read_parquet(out / "notices.parquet").notice_id.nunique()
    assert summary.comparable.any()
    if not summary.comparable.all():
        assert "too few notices to compare" in result.output


@pytest.mark.parametrize("texts", [
    {"plain.txt": "某县审计局关于审计整改情况的报告\n审计署发现问题金额5380亿元,整改完成率94%。\n"},  # no headings
    {"empty.txt": ""},  # nothing but an error row
], ids=["notice-without-problems", "no-notice-at-all"])
def test_every_stage_copes_with_missing_parts(texts, tmp_path):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the empty file is reported as a failed notice: expected here
        run([tmp_path], tmp_path / "out")
    tables = read_tables(tmp_path / "out")
    stats = compute_stats(tables)
    assert set(stats) == set(STATS_TABLES)
    assert stats["themes"].empty and stats["timeline"].empty
    for by in ("issuer", "province", "inspection_kind", "theme"):
        assert len(compare_tables(tables, by)) == 3
    result = CliRunner().invoke(stats_command, [str(tmp_path / "out")])
    assert result.exit_code == 0, result.output


def test_a_copy_in_other_widths_counts_once_with_its_problems_and_measures(tmp_path):
    """QA H2: a notice published twice (once in full-width forms) adds no problems, measures or themes."""
    import unicodedata

    first = next(iter(NOTICES.values()))
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in NOTICES.items():
        (folder / name).write_text(text, encoding="utf-8")
    wide = "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in first)
    assert wide != first and unicodedata.normalize("NFKC", wide) == first
    (folder / "zz_wide_copy.txt").write_text(wide, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run([folder], tmp_path / "out")
    tables = compare_tables(read_tables(tmp_path / "out"), "inspection_kind")
    summary = tables["compare_inspection_kind"].set_index("inspection_kind")
    assert summary.loc["巡察", ["notices", "notice_files", "problems", "measures"]].tolist() == [2, 3, 4, 6]
    assert summary.loc["巡察", "note"] == "1 duplicate notice file(s) counted once"
    themes = tables["compare_inspection_kind_themes"]
    assert themes[themes.group == "巡察"].problems.sum() == 4
