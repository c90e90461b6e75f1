"""The `zhenggai` command through click's runner: run, parse, errors, help."""
from __future__ import annotations

import html
import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import process_file
from pipeline.cli import cli

from conftest import SEED


@pytest.fixture()
def runner():
    return CliRunner()


def test_run_prints_summary_and_writes_tables(runner, tmp_path):
    result = runner.invoke(cli, ["run", str(SEED), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 notices, 28 problems, 94 measures" in result.output
    assert "0 errors" in result.output
    assert len(pd.read_parquet(tmp_path / "out" / "nodes.parquet")) == 137


def test_bad_file_is_recorded_and_exit_code_is_1(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    result = runner.invoke(cli, ["run", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert sorted(p.rsplit("/", 1)[-1] for p in errors["source_path"]) == ["binary.txt", "empty.txt"]
    assert errors["error"].str.len().min() > 5
    assert len(pd.read_parquet(tmp_path / "out" / "notices.parquet")) == 1


def test_same_notice_in_three_forms_gives_one_tree(runner, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_bytes(text.encode("gb18030"))
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    page = (f"<html><head><meta charset='gb2312'><title>通报</title><script>var x=1;</script></head>"
            f"<body><div class='nav'><a href='/'>首页</a></div><div id='zoom'>{body}</div>"
            f"<div class='footer'>主办单位</div></body></html>")
    (folder / "c.html").write_bytes(page.encode("gb18030"))
    trees = [process_file(folder / name)["nodes"] for name in ("a.txt", "b.txt", "c.html")]
    assert trees[0] == trees[1] == trees[2] and len(trees[0]) == 137

    result = runner.invoke(cli, ["run", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    notices = pd.read_parquet(tmp_path / "out" / "notices.parquet")
    warnings = pd.read_parquet(tmp_path / "out" / "warnings.parquet")
    assert len(notices) == 3 and notices["notice_id"].nunique() == 1
    assert notices["duplicate_of"].notna().sum() == 2
    assert len(pd.read_parquet(tmp_path / "out" / "nodes.parquet")) == 137  # records kept once
    assert (warnings["kind"] == "duplicate_notice").sum() == 2


def test_parse_prints_outline(runner):
    result = runner.invoke(cli, ["parse", str(SEED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "中共威海市文登区人民法院党组关于巡察整改情况的通报"
    assert "一、 整改工作基本情况  [section]" in lines
    assert "  (一) 关于政治敏锐性不强,自查自纠不彻底,服务发展不够有力问题  [category]" in lines
    assert "    1. 重业务轻党建思想仍未转变  [problem]" in lines
    assert "      (1) 调整法院党的建设工作领导小组组成人员  [measure]" in lines


def test_parse_json(runner):
    result = runner.invoke(cli, ["parse", str(SEED), "--json"])
    nodes = json.loads(result.output)
    assert len(nodes) == 137 and nodes[0]["marker_kind"] == "cn_dun"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output


@pytest.mark.parametrize("preset", [None, "jemalloc"])
def test_process_defaults_choose_the_allocator_unless_the_user_did(preset):
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if preset:
        env["ARROW_DEFAULT_MEMORY_POOL"] = preset
    script = ("from pipeline.cli import process_defaults; process_defaults(); process_defaults(); "
              "import os, pyarrow as pa; "
              "print(os.environ['ARROW_DEFAULT_MEMORY_POOL'], pa.default_memory_pool().backend_name)")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    chosen = preset or "system"
    assert done.stdout.split() == [chosen, chosen]


def test_run_help_names_the_partition_folders_as_written(runner, tmp_path):
    result = runner.invoke(cli, ["run", "--help"])
    assert "OUT/<table>/by_<key>=<value>/" in result.output
    result = runner.invoke(cli, ["run", str(SEED), "-o", str(tmp_path / "out"), "--partition-by", "year", "-w", "1"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out" / "notices").iterdir()] == ["by_year=2020"]


def test_waiting_for_another_run_is_a_plain_note(runner, tmp_path, monkeypatch):
    import fcntl

    flock = fcntl.flock

    def held_by_another_run(handle, operation):
        if operation & fcntl.LOCK_NB:  # the first try: another run holds the folder
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return flock(handle, operation)  # then it is released: this run goes on

    monkeypatch.setattr(fcntl, "flock", held_by_another_run)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["run", str(SEED), "-o", str(out), "-w", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"note: {out} is in use by another zhenggai run; waiting for it"]
    assert "1 notices" in result.stdout
