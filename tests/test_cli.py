"""The command line: expected failures are one clear line and a non-zero exit; migrations
touch only enabled apps, and a disabled plugin's tables and rows stay."""

import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import DIALECT, ROOT


def junxiu(*args: str, env: dict[str, str] | None = None, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")} | (env or {})
    return subprocess.run([sys.executable, "-m", "core.cli", *args], capture_output=True, text=True, env=environment, cwd=cwd)


def test_unknown_plugin_fails_with_one_line(tmp_path):
    result = junxiu("plugins", "check", env={"JUNXIU_PLUGINS": "nope", "JUNXIU_CONFIG": str(tmp_path / "none.toml")})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["错误：插件 'nope' 未安装：没有名为 'nope' 的 junxiu.plugins 入口点"]
    assert "Traceback" not in result.stderr


def test_init_writes_a_commented_config_once(tmp_path):
    env = {"JUNXIU_CONFIG": str(tmp_path / "junxiu.toml")}
    assert junxiu("init", env=env).returncode == 0
    assert "database_url" in (tmp_path / "junxiu.toml").read_text(encoding="utf-8")
    again = junxiu("init", env=env)
    assert again.returncode == 1 and "--force" in again.stderr and "Traceback" not in again.stderr


@pytest.mark.skipif(DIALECT != "sqlite", reason="one dialect is enough for the command itself")
def test_enabling_migrates_only_that_app_and_disabling_keeps_data(tmp_path):
    database = tmp_path / "cli.sqlite3"
    base = {"JUNXIU_DATABASE_URL": f"sqlite://{database}", "JUNXIU_CONFIG": str(tmp_path / "none.toml")}
    core_only = junxiu("migrate", env=base)
    assert core_only.returncode == 0 and "core.0001_initial" in core_only.stdout and "meals" not in core_only.stdout
    with_meals = junxiu("migrate", env=base | {"JUNXIU_PLUGINS": "meals"})
    assert with_meals.stdout.split() == ["已执行", "meals.0001_initial"]
    with sqlite3.connect(database) as connection:
        connection.execute("INSERT INTO meals_order (retiree_id, served_on, meal, delivery, price, status, created_at) VALUES (1, '2024-01-01', 'LUNCH', 0, '12.00', 'ORDERED', '2024-01-01')")
    disabled = junxiu("migrate", "--status", env=base)
    assert disabled.stdout.strip() == "数据库已是最新，没有待执行的迁移"
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "meals_order" in tables
        assert connection.execute("SELECT count(*) FROM meals_order").fetchone() == (1,)
