"""The command line: expected failures are one clear line and a non-zero exit; migrations
touch only enabled apps, and a disabled plugin's tables and rows stay."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import ROOT, builtin_plugins


def junxiu(
    *args: str, env: dict[str, str] | None = None, cwd=ROOT, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args], capture_output=True, text=True, env=environment, cwd=cwd, input=input
    )


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


@pytest.mark.junxiu_db("sqlite", reason="one dialect is enough for the command itself")
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


# Every command of the CLI, the built-in plugins' included, runs below: the list of tests is
# generated from the command tree, so a command added without a scenario here fails.


def command_paths() -> list[str]:
    """Every runnable ``junxiu`` command path, as mounted with every built-in plugin enabled."""
    import typer

    from core.cli import app
    from core.host import PluginHost
    from core.settings import Settings

    groups: list[tuple[str, Any]] = [("", typer.main.get_command(app))]
    for _, registrations in PluginHost(Settings(plugins=builtin_plugins())).contributions("register_commands"):
        for registration in registrations:
            # mounted as ``main`` mounts it (a one-command app alone would collapse into its command)
            mount = typer.Typer()
            mount.add_typer(registration.app, name=registration.name)
            groups.append(("", typer.main.get_command(mount)))
    paths = []
    while groups:
        prefix, command = groups.pop()
        # a group (typer's own, which no longer subclasses click's) lists its sub-commands
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            paths.append(prefix)
        else:
            groups += [(f"{prefix} {name}".strip(), sub) for name, sub in subcommands.items()]
    return sorted(paths)


@dataclass
class Instance:
    """A demo instance of every built-in plugin in its own folder, as an operator has one."""

    folder: Path
    env: dict[str, str]
    demo_output: str

    def run(self, *args: str, input: str | None = None, env: dict[str, str] | None = None):
        return junxiu(*args, env=self.env | (env or {}), cwd=self.folder, input=input)

    def query(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.folder / "junxiu.sqlite3") as connection:
            return connection.execute(sql, params).fetchall()

    def audited(self, operation: str) -> list[tuple]:
        return self.query(
            "SELECT outcome, error_code, target_id FROM core_audit_event WHERE operation = ? ORDER BY id",
            f"cli:{operation}",
        )


@pytest.fixture(scope="module")
def instance(tmp_path_factory) -> Instance:
    folder = tmp_path_factory.mktemp("instance")
    env = {
        "JUNXIU_CONFIG": str(folder / "none.toml"),
        "JUNXIU_DATABASE_URL": f"sqlite://{folder / 'junxiu.sqlite3'}",
        "JUNXIU_DATA_KEY": os.environ["JUNXIU_DATA_KEY"],
        "JUNXIU_PLUGINS": ",".join(builtin_plugins()),
        "JUNXIU_DOCS_DIR": str(folder / "site"),
    }
    demo = junxiu("demo", "--no-serve", env=env, cwd=folder)
    assert demo.returncode == 0, demo.stderr
    return Instance(folder, env, demo.stdout)


SCENARIOS: dict[str, Callable[[Instance], None]] = {}


def scenario(path: str) -> Callable[[Callable[[Instance], None]], Callable[[Instance], None]]:
    def register(function: Callable[[Instance], None]) -> Callable[[Instance], None]:
        SCENARIOS[path] = function
        return function

    return register


@pytest.mark.junxiu_db("sqlite", reason="the commands run against their own SQLite instance")
@pytest.mark.parametrize("path", command_paths())
def test_every_command_runs(path: str, instance: Instance) -> None:
    assert path in SCENARIOS, f"no scenario runs `junxiu {path}`: add one to tests/test_cli.py"
    SCENARIOS[path](instance)


def test_every_scenario_is_a_command() -> None:
    assert set(SCENARIOS) <= set(command_paths())


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


@scenario("init")
def _init(instance: Instance) -> None:
    config = instance.folder / "written.toml"
    env = {"JUNXIU_CONFIG": str(config)}
    assert f"已写入 {config}" in ok(instance.run("init", env=env))
    assert "--force" in refused(instance.run("init", env=env))
    ok(instance.run("init", "--force", env=env))


@scenario("demo")
def _demo(instance: Instance) -> None:
    assert "已载入演示数据" in instance.demo_output and "admin" in instance.demo_output
    assert "已有数据，跳过演示数据" in ok(instance.run("demo", "--no-serve"))


@scenario("migrate")
def _migrate(instance: Instance) -> None:
    assert ok(instance.run("migrate", "--status")).strip() == "数据库已是最新，没有待执行的迁移"
    assert ok(instance.run("migrate")).strip() == "数据库已是最新，没有待执行的迁移"


@scenario("makemigrations")
def _makemigrations(instance: Instance) -> None:
    # the checked-in migrations match the models: nothing is written
    assert ok(junxiu("makemigrations", "core", env={"JUNXIU_CONFIG": str(instance.folder / "none.toml")})).strip() == (
        "模型没有变化，无需迁移"
    )
    assert "没有名为 nope 的应用" in refused(instance.run("makemigrations", "nope"))


@scenario("serve")
def _serve(instance: Instance) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")} | instance.env
    server = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "serve", "--port", str(port)],
        cwd=instance.folder,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)
        assert response.status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


@scenario("keys generate")
def _keys_generate(instance: Instance) -> None:
    key = instance.folder / "generated.key"
    assert "已生成数据密钥" in ok(instance.run("keys", "generate", "--output", str(key)))
    assert key.stat().st_mode & 0o777 == 0o600
    assert "已存在" in refused(instance.run("keys", "generate", "--output", str(key)))


@scenario("keys rotate")
def _keys_rotate(instance: Instance) -> None:
    import shutil

    copy = instance.folder / "rotated.sqlite3"
    shutil.copy(instance.folder / "junxiu.sqlite3", copy)
    env = {"JUNXIU_DATABASE_URL": f"sqlite://{copy}"}
    key = instance.folder / "rotate.key"
    ok(instance.run("keys", "generate", "--output", str(key)))
    assert "轮换完成" in ok(instance.run("keys", "rotate", "--new-key-file", str(key), env=env))
    # the copy now reads with the new key
    new_key = {"JUNXIU_DATA_KEY": key.read_text().strip(), **env}
    assert "姓名" in ok(instance.run("sanatorium", "roster", "1", env=new_key))


@scenario("schema export")
def _schema_export(instance: Instance) -> None:
    output = instance.folder / "schema.graphql"
    ok(instance.run("schema", "export", "--output", str(output)))
    assert "sanatoriumBatches" in output.read_text(encoding="utf-8")


@scenario("schema diff")
def _schema_diff(instance: Instance) -> None:
    assert "无未公告的破坏性变更" in ok(junxiu("schema", "diff"))


@scenario("plugins list")
def _plugins_list(instance: Instance) -> None:
    listed = ok(instance.run("plugins", "list"))
    assert all(name in listed for name in builtin_plugins()) and "已启用" in listed


@scenario("plugins check")
def _plugins_check(instance: Instance) -> None:
    assert ok(instance.run("plugins", "check")).startswith("检查通过")


@scenario("plugins new")
def _plugins_new(instance: Instance) -> None:
    # the generated plugin itself is tested in tests/test_plugins_new.py
    made = ok(instance.run("plugins", "new", "visits", "--label", "探访慰问"))
    assert made.startswith("已生成 junxiu-visits")
    assert (instance.folder / "junxiu-visits" / "junxiu_visits" / "schema.py").is_file()
    assert "已存在" in refused(instance.run("plugins", "new", "visits"))
    assert "已被已安装的插件占用" in refused(instance.run("plugins", "new", "sanatorium", "--directory", "elsewhere"))


def verifies(instance: Instance, username: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import VerificationError

    [(stored,)] = instance.query("SELECT password_hash FROM core_user_account WHERE username = ?", username)
    try:
        return PasswordHasher().verify(stored, password)
    except VerificationError:
        return False


@scenario("users create-admin")
def _users_create_admin(instance: Instance) -> None:
    created = instance.run("users", "create-admin", "--username", "ops.first", env={"JUNXIU_ADMIN_PASSWORD": "Ops-Passw0rd!"})
    assert ok(created).strip() == "已创建系统管理员 ops.first"
    assert verifies(instance, "ops.first", "Ops-Passw0rd!")
    [(user_id, kind)] = instance.query("SELECT id, kind FROM core_user_account WHERE username = 'ops.first'")
    assert kind == "ADMIN"
    assert instance.query("SELECT role FROM core_role_grant WHERE user_id = ?", user_id) == [("SYSTEM_ADMIN",)]
    # typed at the prompt, twice
    ok(instance.run("users", "create-admin", "--username", "ops.second", input="Ops-Passw0rd!\nOps-Passw0rd!\n"))
    weak = instance.run("users", "create-admin", "--username", "ops.weak", env={"JUNXIU_ADMIN_PASSWORD": "short"})
    assert "WEAK_PASSWORD" in refused(weak)
    assert instance.audited("users create-admin") == [
        ("SUCCEEDED", "", user_id),
        ("SUCCEEDED", "", user_id + 1),
        ("REFUSED", "WEAK_PASSWORD", None),
    ]


@scenario("users set-password")
def _users_set_password(instance: Instance) -> None:
    ok(instance.run("users", "create-admin", "--username", "ops.lost", env={"JUNXIU_ADMIN_PASSWORD": "Old-Passw0rd!"}))
    [(user_id,)] = instance.query("SELECT id FROM core_user_account WHERE username = 'ops.lost'")
    with sqlite3.connect(instance.folder / "junxiu.sqlite3") as connection:
        connection.execute(
            "INSERT INTO core_access_token (user_id, kind, token_hash, name, permissions, expires_at, created_at)"
            " VALUES (?, 'SESSION', 'a-session', '登录会话', '', '2999-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')",
            (user_id,),
        )
    done = instance.run("users", "set-password", "--username", "ops.lost", "--password-stdin", input="New-Passw0rd!\n")
    assert "已为 ops.lost 设置新密码" in ok(done)
    assert verifies(instance, "ops.lost", "New-Passw0rd!") and not verifies(instance, "ops.lost", "Old-Passw0rd!")
    assert instance.query("SELECT revoked_at IS NOT NULL FROM core_access_token WHERE token_hash = 'a-session'") == [(1,)]
    ok(instance.run("users", "set-password", "--username", "ops.lost", input="Next-Passw0rd!\nNext-Passw0rd!\n"))
    assert verifies(instance, "ops.lost", "Next-Passw0rd!")
    weak = instance.run("users", "set-password", "--username", "ops.lost", "--password-stdin", input="short\n")
    assert "WEAK_PASSWORD" in refused(weak)
    assert "没有账户 ghost" in refused(instance.run("users", "set-password", "--username", "ghost", "--password-stdin", input="x\n"))
    assert instance.audited("users set-password") == [
        ("SUCCEEDED", "", user_id),
        ("SUCCEEDED", "", user_id),
        ("REFUSED", "WEAK_PASSWORD", None),
    ]


@scenario("users unlock")
def _users_unlock(instance: Instance) -> None:
    ok(instance.run("users", "create-admin", "--username", "ops.locked", env={"JUNXIU_ADMIN_PASSWORD": "Ops-Passw0rd!"}))
    [(user_id,)] = instance.query("SELECT id FROM core_user_account WHERE username = 'ops.locked'")
    until = "2999-01-01 00:00:00+00:00"
    with sqlite3.connect(instance.folder / "junxiu.sqlite3") as connection:
        connection.execute("UPDATE core_user_account SET failed_logins = 50, locked_until = ? WHERE id = ?", (until, user_id))
        for address in ("*", "203.0.113.9"):
            connection.execute(
                "INSERT INTO core_login_throttle (username, client_address, attempts, locked_until) VALUES (?, ?, 5, ?)",
                ("ops.locked", address, until),
            )
    assert ok(instance.run("users", "unlock", "--username", "ops.locked")).strip() == "已解除 ops.locked 的登录锁定"
    assert instance.query("SELECT count(*) FROM core_login_throttle WHERE username = 'ops.locked'") == [(0,)]
    assert instance.query("SELECT failed_logins, locked_until FROM core_user_account WHERE id = ?", user_id) == [(0, None)]
    assert "没有账户 ghost" in refused(instance.run("users", "unlock", "--username", "ghost"))
    assert instance.audited("users unlock") == [("SUCCEEDED", "", user_id)]


@scenario("tokens create")
def _tokens_create(instance: Instance) -> None:
    created = ok(instance.run("tokens", "create", "--username", "admin", "--name", "大屏", "-p", "core.retiree.read"))
    raw = created.strip().splitlines()[-1]
    assert raw.startswith("jx_")
    assert "FORBIDDEN" in refused(
        instance.run("tokens", "create", "--username", "admin", "--name", "大屏", "-p", "no.such.permission")
    )


@scenario("tokens revoke")
def _tokens_revoke(instance: Instance) -> None:
    created = ok(instance.run("tokens", "create", "--username", "admin", "--name", "收回", "-p", "core.retiree.read"))
    token_id = created.split("令牌编号 ")[1].split("，")[0]
    assert ok(instance.run("tokens", "revoke", token_id)).strip() == f"已收回令牌 {token_id}"
    assert instance.query("SELECT revoked_at IS NOT NULL FROM core_access_token WHERE id = ?", int(token_id)) == [(1,)]
    assert "NOT_FOUND" in refused(instance.run("tokens", "revoke", "99999"))


@scenario("deploy systemd-unit")
def _deploy_systemd_unit(instance: Instance) -> None:
    unit = instance.folder / "junxiu.service"
    assert ok(instance.run("deploy", "systemd-unit", "--user", "junxiu", "--workdir", str(instance.folder), "-o", str(unit)))
    text = unit.read_text(encoding="utf-8")
    assert f"WorkingDirectory={instance.folder}" in text and "User=junxiu" in text
    assert text.split("ExecStart=", 1)[1].split()[1] == "serve"
    assert "不要以 root 运行服务" in refused(instance.run("deploy", "systemd-unit", "--user", "root"))


@scenario("docs build")
def _docs_build(instance: Instance) -> None:
    assert "文档已构建" in junxiu("docs", "build", env={"JUNXIU_DOCS_DIR": str(instance.folder / "site")}).stdout
    assert (instance.folder / "site" / "index.html").exists()


@scenario("sanatorium roster")
def _sanatorium_roster(instance: Instance) -> None:
    output = instance.folder / "batch.csv"
    assert "已导出" in ok(instance.run("sanatorium", "roster", "1", "--output", str(output)))
    assert output.read_text(encoding="utf-8-sig").startswith("姓名,性别,年龄")
    assert refused(instance.run("sanatorium", "roster", "99999")).startswith("错误：")


@scenario("sanatorium quota")
def _sanatorium_quota(instance: Instance) -> None:
    assert "剩余" in ok(instance.run("sanatorium", "quota", "1"))
    assert refused(instance.run("sanatorium", "quota", "99999")).startswith("错误：")


@scenario("university roster")
def _university_roster(instance: Instance) -> None:
    output = instance.folder / "class.csv"
    assert "已导出" in ok(instance.run("university", "roster", "1", "--output", str(output)))
    assert "序号,姓名,性别,所属机构,状态,出勤率" in output.read_text(encoding="utf-8-sig")
