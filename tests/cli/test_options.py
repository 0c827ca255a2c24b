"""The settings flags: one per ``Settings`` field, read once into the settings that reach every worker."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import click
import duckdb
import pytest
from click.testing import CliRunner

from noticeparse.cli import main
from noticeparse.cli.options import FLAGS, settings_options
from noticeparse.settings import Settings

NOTICE = "关于巡察整改情况的通报\n2021年8月5日，市委第二巡察组对新区进行了巡察，发现问题32项。\n"


def test_every_setting_has_one_flag_and_every_flag_a_setting():
    assert list(FLAGS) == [f.name for f in fields(Settings)]


def _flag_names(command: click.Command) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)}


@pytest.mark.parametrize("command", ["parse", "batch", "run", "extract"])
def test_commands_that_parse_take_every_settings_flag(command: str):
    probe = click.command()(settings_options(lambda **_kw: None))
    flags = _flag_names(probe)
    assert {"--rules", "--notice-timeout", "--backend", "--prefilter", "--no-segment", "--no-normalise"} <= flags
    assert flags <= _flag_names(main.commands[command])
    help_text = CliRunner().invoke(main, [command, "--help"]).output
    assert all(flag in help_text for flag in flags), command


def _tokens(out: Path) -> list[str]:
    pattern = (out / "tokens" / "**" / "*.parquet").as_posix() if (out / "tokens").is_dir() else (out / "tokens.parquet")
    return [t for (t,) in duckdb.sql(f"SELECT token FROM read_parquet('{pattern}') ORDER BY char_start").fetchall()]


@pytest.mark.parametrize("command", ["parse", "batch"])
def test_backend_reaches_the_parse(tmp_path: Path, command: str):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NOTICE, encoding="utf-8")
    runner = CliRunner()
    extra = ["--workers", "1"] if command == "batch" else []
    assert runner.invoke(main, [command, str(src), "-o", str(tmp_path / "jieba"), *extra]).exit_code == 0
    done = runner.invoke(main, [command, str(src), "-o", str(tmp_path / "char"), "--backend", "char", *extra])
    assert done.exit_code == 0, done.output
    assert "情况" in _tokens(tmp_path / "jieba")
    assert "情况" not in _tokens(tmp_path / "char")  # char cuts between characters (lexicon terms aside)


def test_environment_variables_are_read_as_the_flags_values(tmp_path: Path):
    src = tmp_path / "a.txt"
    src.write_text(NOTICE, encoding="utf-8")
    runner = CliRunner()
    bad = runner.invoke(main, ["parse", str(src), "-o", str(tmp_path / "out")], env={"NOTICEPARSE_PREFILTER": "fast"})
    assert bad.exit_code == 2 and "--prefilter" in bad.output
    missing = runner.invoke(main, ["parse", str(src), "-o", str(tmp_path / "out")],
                            env={"NOTICEPARSE_RULES": str(tmp_path / "no-rules")})
    assert missing.exit_code == 2 and "--rules" in missing.output


def test_no_segment_leaves_the_word_tables_empty(tmp_path: Path):
    src = tmp_path / "a.txt"
    src.write_text(NOTICE, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(src), "-o", str(tmp_path / "out"), "--no-segment", "--quiet"])
    assert result.exit_code == 0, result.output
    assert _tokens(tmp_path / "out") == []


def test_a_pipeline_file_sets_what_the_command_line_does_not(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(NOTICE, encoding="utf-8")
    config = tmp_path / "demo.toml"
    config.write_text('raw = "in"\noutput = "out"\nworkers = 1\nbackend = "char"\n\n[[sources]]\npath = "in"\n',
                      encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(config)]).exit_code == 0
    assert "情况" not in _tokens(tmp_path / "out")  # the file's backend
    assert runner.invoke(main, ["run", str(config), "--backend", "jieba"]).exit_code == 0
    assert "情况" in _tokens(tmp_path / "out")  # the flag wins, and another backend parses again
