"""The ``junxiu`` command line. Expected failures print one line and exit non-zero."""

import asyncio
import errno
import os
import socket
import sys
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from core import __version__, crypto
from core.crypto import CryptoError
from core.host import PluginError, PluginHost, discover, load_spec
from core.runtime import configure
from core.settings import Settings, config_path

app = typer.Typer(help="军休服务管理平台 junxiu", no_args_is_help=True, add_completion=False)
schema_app = typer.Typer(help="GraphQL 架构", no_args_is_help=True)
plugins_app = typer.Typer(help="插件", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
app.add_typer(plugins_app, name="plugins")
console = Console()
T = TypeVar("T")


class CommandError(Exception):
    """An expected failure: shown as one line, exit status 1."""


def fail_cleanly(function: Callable[..., T]) -> Callable[..., T]:
    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return function(*args, **kwargs)
        except PluginError as exc:  # one line per problem: the host collects them all
            for line in str(exc).splitlines():
                typer.echo(f"错误：{line}", err=True)
            raise typer.Exit(1) from None
        except (CommandError, CryptoError) as exc:
            message = str(exc).replace("\n", "；")
            typer.echo(f"错误：{message}", err=True)
            raise typer.Exit(1) from None
        except Exception as exc:  # settings files and databases fail in many library ways
            from pydantic import ValidationError

            if isinstance(exc, ValidationError | OSError | ConnectionError) or "tortoise" in type(exc).__module__:
                typer.echo(f"错误：{type(exc).__name__}: {str(exc).splitlines()[0]}", err=True)
                raise typer.Exit(1) from None
            raise

    return wrapper


def load_host() -> tuple[Settings, PluginHost]:
    settings = Settings()
    return settings, configure(PluginHost(settings))


def load_keys(settings: Settings, required: bool = True) -> None:
    """Set up the data keyring before opening the database (one-line error when missing).
    ``migrate`` does not require one: only encrypting existing rows needs it."""
    try:
        crypto.configure(settings)
    except crypto.MissingKeyError:
        crypto.use(None)
        if required:
            raise


def run(coroutine: Awaitable[T]) -> T:
    return asyncio.run(coroutine)  # type: ignore[arg-type]


BUILTIN_DISTRIBUTION = "junxiu"
CONFIG_TEMPLATE = """\
# junxiu 实例配置。环境变量 JUNXIU_<名称> 优先于本文件（如 JUNXIU_DATABASE_URL）。
# 全部设置及默认值见文档“配置参考”。

# 运行环境：development 或 production（production 关闭 IDE 与内省，屏蔽内部错误）
env = "development"

# 数据库：SQLite 文件，或 PostgreSQL，如 "postgres://junxiu:密码@127.0.0.1:5432/junxiu"
database_url = "sqlite://junxiu.sqlite3"

# 启用的插件（名称见 `junxiu plugins list`）；环境变量 JUNXIU_PLUGINS 用逗号分隔
plugins = {plugins}

# serve 命令监听的地址与端口
host = "127.0.0.1"
port = 8000

# 已构建文档站点的目录，存在时在 /docs 提供
docs_dir = "site"

# 数据密钥文件（加密身份证号、电话、住址）；用 `junxiu keys generate` 生成，勿提交到版本库。
# 也可用环境变量 JUNXIU_DATA_KEY 直接提供密钥。轮换步骤见文档“部署与运维”。
data_key_file = "junxiu.key"
# old_data_keys = []

# 插件设置：每个插件一张表，例如
# [plugin_settings.meals]
# daily_capacity = 120
"""


def builtin_plugins() -> list[str]:
    """The plugins this distribution ships (declared as its own entry points)."""
    return [name for name, found in sorted(discover().items()) if found.distribution == BUILTIN_DISTRIBUTION]


def write_config(path: Path, plugins: list[str]) -> None:
    listed = "[" + ", ".join(f'"{name}"' for name in plugins) + "]"
    path.write_text(CONFIG_TEMPLATE.replace("{plugins}", listed), encoding="utf-8")


@app.command()
@fail_cleanly
def init(force: bool = typer.Option(False, "--force", help="覆盖已有配置文件")) -> None:
    """写出带注释的 junxiu.toml。"""
    path = config_path()
    if path.exists() and not force:
        raise CommandError(f"{path} 已存在；如需覆盖请加 --force")
    write_config(path, [])
    typer.echo(f"已写入 {path}")


async def _migrate(settings: Settings, host: PluginHost, status_only: bool) -> list[str]:
    from core.db import apply_migrations, database, pending_migrations, tortoise_config

    config = tortoise_config(settings.database_url, host)
    async with database(config):
        pending = await pending_migrations(config)
    if not status_only and pending:
        await apply_migrations(config)
    return pending


@app.command()
@fail_cleanly
def migrate(status: bool = typer.Option(False, "--status", help="只显示待执行的迁移")) -> None:
    """执行核心与已启用插件的待执行迁移（未启用插件的数据表保持不动）。"""
    settings, host = load_host()
    load_keys(settings, required=False)
    pending = run(_migrate(settings, host, status))
    if not pending:
        typer.echo("数据库已是最新，没有待执行的迁移")
        return
    verb = "待执行" if status else "已执行"
    for name in pending:
        typer.echo(f"{verb}  {name}")


async def _make_migrations(config: dict[str, Any], app_label: str) -> list[str]:
    """Write a migration for ``app_label`` only, with every app loaded so that foreign keys
    into the core resolve."""
    from tortoise.context import TortoiseContext
    from tortoise.migrations.autodetector import MigrationAutodetector

    async with TortoiseContext() as context:
        await context.init(config=config)
        writers = await MigrationAutodetector(context.apps, config["apps"]).changes()
    return [str(writer.write()) for writer in writers if writer.app_label == app_label]


@app.command()
@fail_cleanly
def makemigrations(
    app_label: str = typer.Argument("core", help="应用名：core 或已启用的插件名"),
) -> None:
    """（开发者）根据模型变化为一个应用生成迁移文件。"""
    from core.db import tortoise_config

    _, host = load_host()
    config = tortoise_config("sqlite://:memory:", host)
    if app_label not in config["apps"]:
        raise CommandError(f"没有名为 {app_label} 的应用（插件须已启用）")
    written = run(_make_migrations(config, app_label))
    for path in written:
        typer.echo(f"已生成 {path}")
    if not written:
        typer.echo("模型没有变化，无需迁移")


@app.command()
@fail_cleanly
def serve(
    host: str = typer.Option(None, help="监听地址（默认取配置 host）"),
    port: int = typer.Option(None, min=0, max=65535, help="监听端口（默认取配置 port；0 表示任选一个空闲端口）"),
    workers: int = typer.Option(1, help="工作进程数"),
) -> None:
    """启动服务：/graphql（接口与 IDE）、/health、/docs。"""
    import uvicorn

    from core.logs import logging_config
    from core.metrics import MetricsUnavailable, prometheus_client

    settings, plugin_host = load_host()
    load_keys(settings)
    if settings.metrics_enabled:
        try:
            prometheus_client()
        except MetricsUnavailable as error:
            raise CommandError(str(error)) from None
    pending = run(_migrate(settings, plugin_host, status_only=True))
    if pending:
        raise CommandError(f"数据库有 {len(pending)} 个待执行迁移，请先运行 junxiu migrate")
    listener = _listen(host or settings.host, settings.port if port is None else port)
    address = _address(listener)
    typer.echo(f"服务地址：{address}/graphql（GraphQL 接口与 IDE），{address}/docs（文档）")
    options: dict[str, Any] = {
        "factory": True,
        "host": listener.getsockname()[0],
        "port": listener.getsockname()[1],
        "log_config": logging_config(settings.log_level, settings.log_format),
        "log_level": settings.log_level.lower(),
        # the app logs each request itself (core/tracking.py), without the query string
        "access_log": False,
        # the app takes the client address from X-Forwarded-For only when the peer is one of
        # the trusted_proxies setting; uvicorn's own rewriting (which trusts 127.0.0.1 by
        # default) would hand it the forwarded address as the peer, so it is off
        "proxy_headers": False,
    }
    if workers > 1:
        listener.close()  # uvicorn's worker processes share a socket it binds itself
        uvicorn.run("core.app:create_app", workers=workers, **options)
        return
    server = uvicorn.Server(uvicorn.Config("core.app:create_app", **options))
    server.run(sockets=[listener])
    if not server.started:
        raise CommandError("服务未能启动（原因见上方日志）")


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the server starts: a port in use is one clear line,
    and the address printed is the one bound (port 0 picks a free one)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
    except socket.gaierror as exc:
        raise CommandError(f"监听地址 {host} 无法解析（{exc.strerror}）") from exc
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        hint = "；换一个端口，如 --port 8001（演示：make demo PORT=8001）" if exc.errno == errno.EADDRINUSE else ""
        raise CommandError(f"无法在 {host}:{port} 上监听（{reason}）{hint}") from exc


def _address(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def _load_demo(settings: Settings, host: PluginHost, seed: int) -> str:
    """Load the demo data into an empty database; list the demo accounts either way."""
    from core.db import database, tortoise_config
    from core.demo import has_data, load_core_demo
    from core.demo_accounts import DEMO_PASSWORD, demo_accounts, load_demo_accounts
    from core.principal import SYSTEM

    async with database(tortoise_config(settings.database_url, host)):
        if await has_data():
            lines = ["数据库中已有数据，跳过演示数据"]
        else:
            summary = await load_core_demo(SYSTEM, seed)
            await host.call("load_demo_data", principal=SYSTEM, seed=seed)
            await load_demo_accounts(SYSTEM)
            lines = [f"已载入演示数据：{summary}"]
        accounts = await demo_accounts()
    if accounts:
        lines += ["", f"演示账户（初始密码均为 {DEMO_PASSWORD}）："]
        lines += [f"  {account.describe()}" for account in accounts]
        lines += [
            "",
            "登录：在 IDE 页面顶部的登录栏登录，或执行",
            '  mutation { login(input: {username: "admin", password: "..."}) { token userErrors { message } } }',
            '再在 IDE 的 Headers 中填入 {"Authorization": "Bearer <token>"}',
        ]
    return "\n".join(lines)


@app.command()
@fail_cleanly
def demo(
    serve_after: bool = typer.Option(True, "--serve/--no-serve", help="加载后启动服务"),
    seed: int = typer.Option(2026, help="随机种子（同一种子生成相同数据）"),
    host: str = typer.Option(None, help="监听地址（默认取配置 host）"),
    port: int = typer.Option(None, min=0, max=65535, help="监听端口（默认取配置 port，即 8000）"),
) -> None:
    """创建并迁移数据库，载入演示数据（已有数据则跳过），列出演示账户，然后启动服务。

    没有配置文件时写出一份启用全部内置插件的 junxiu.toml。"""
    if not config_path().exists():
        write_config(config_path(), builtin_plugins())
        typer.echo(f"已写入 {config_path()}（启用全部内置插件）")
    settings, plugin_host = load_host()
    if settings.data_key is None and not Path(settings.data_key_file).exists():
        crypto.write_key_file(settings.data_key_file)
        written = Path(settings.data_key_file).resolve()
        typer.echo(f"已生成数据密钥 {written}（权限 0600；请妥善保管，丢失则无法解密数据）")
    load_keys(settings)
    run(_migrate(settings, plugin_host, status_only=False))
    typer.echo(run(_load_demo(settings, plugin_host, seed)))
    if serve_after:
        serve(host=host, port=port, workers=1)


keys_app = typer.Typer(help="数据密钥（身份证号、电话、住址的加密）", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("generate")
@fail_cleanly
def keys_generate(
    output: Path = typer.Option(Path("junxiu.key"), "--output", "-o", help="密钥文件（已存在则拒绝覆盖）"),
) -> None:
    """生成新的数据密钥文件（32 字节随机密钥，base64，权限 0600）。"""
    master = crypto.write_key_file(output)
    typer.echo(f"已生成数据密钥 {output}（编号 {crypto.key_id(master)}）；请备份到数据库备份以外的安全位置")


async def _rotate(settings: Settings, host: PluginHost, ring: crypto.Keyring) -> None:
    from core.db import database, pending_migrations, tortoise_config
    from core.rotation import TableResult, rotate

    def progress(result: TableResult) -> None:
        typer.echo(
            f"{result.table}: 已处理 {result.rows} 行，重新加密 {result.reencrypted} 项，"
            f"加密明文 {result.encrypted_plaintext} 项，更新哈希 {result.hashes_updated} 项"
        )

    config = tortoise_config(settings.database_url, host)
    async with database(config):
        if await pending_migrations(config):
            raise CommandError("数据库有待执行的迁移，请先运行 junxiu migrate")
        crypto.use(ring)
        await rotate(ring, progress)


@keys_app.command("rotate")
@fail_cleanly
def keys_rotate(
    new_key_file: Path = typer.Option(..., "--new-key-file", help="新主密钥文件（先用 junxiu keys generate 生成）"),
) -> None:
    """用新密钥重新加密全部加密列并重算哈希（请先停止服务；可重复执行）。

    当前配置中的主密钥与 old_data_keys 用于解密，新密钥成为主密钥。完成后按提示修改配置再启动服务。
    """
    settings, host = load_host()
    primary, old = crypto.key_material(settings)
    new = crypto.read_key_file(new_key_file)
    ring = crypto.Keyring.from_keys(new, [primary, *old])
    run(_rotate(settings, host, ring))
    old_id = crypto.key_id(primary)
    typer.echo(f"轮换完成：全部数据已改用密钥 {ring.primary.id}。请修改配置后再启动服务：")
    typer.echo(f'  data_key_file = "{new_key_file}"（或把该文件内容设为 JUNXIU_DATA_KEY）')
    if old_id != ring.primary.id:
        source = "JUNXIU_DATA_KEY" if settings.data_key is not None else settings.data_key_file
        typer.echo(f"  old_data_keys 加入原主密钥 {old_id}（{source} 的内容），以便解密轮换前的备份；不再需要时可删除")


@schema_app.command("export")
@fail_cleanly
def schema_export(
    output: Path = typer.Option(None, "--output", "-o", help="写入文件（默认打印到标准输出）"),
    all_builtin: bool = typer.Option(
        False, "--all-builtin", help="启用全部内置插件（生成 graphql/schema.graphql 所用）"
    ),
) -> None:
    """打印（或写入）已启用插件组成的统一 GraphQL 架构 SDL。"""
    from core.schema.build import build_schema

    settings = Settings()
    if all_builtin:
        settings = settings.model_copy(update={"plugins": builtin_plugins()})
    host = configure(PluginHost(settings))
    sdl = build_schema(host).as_str() + "\n"
    if output is None:
        sys.stdout.write(sdl)
    else:
        output.write_text(sdl, encoding="utf-8")
        typer.echo(f"已写入 {output}")


@schema_app.command("diff")
@fail_cleanly
def schema_diff(
    against: Path = typer.Option(None, help="对比的 SDL（默认 graphql/releases/ 中最新发布的版本）"),
    current: Path = typer.Option(Path("graphql/schema.graphql"), help="当前 SDL"),
    changelog: Path = typer.Option(Path("docs/changelog.md"), help="更新日志"),
) -> None:
    """与上次发布的架构比较，列出破坏性、危险和安全的变更；未在更新日志中公告的破坏性变更使命令失败。"""
    from core.schema_diff import classify, last_release, unannounced

    baseline = against or last_release(Path("."))
    if baseline is None:
        raise CommandError("graphql/releases/ 中没有已发布的架构")
    changes = classify(baseline.read_text(encoding="utf-8"), current.read_text(encoding="utf-8"))
    labels = {"BREAKING": "破坏性", "DANGEROUS": "危险", "SAFE": "安全"}
    for change in changes:
        typer.echo(f"{labels[change.kind]}\t{change.code}\t{change.description}")
    missing = unannounced(changes, changelog.read_text(encoding="utf-8"))
    if missing:
        raise CommandError(
            f"{len(missing)} 项破坏性变更未在 {changelog} 中公告（须逐条写明并注明弃用期）：{missing[0].description}"
        )
    typer.echo(f"与 {baseline} 相比：{len(changes)} 项变更，无未公告的破坏性变更")


@plugins_app.command("list")
@fail_cleanly
def plugins_list() -> None:
    """列出已安装的插件及其启用状态。"""
    settings = Settings()
    table = Table("名称", "中文名", "版本", "支持的核心版本", "发行包", "状态")
    for name, found in sorted(discover().items()):
        state = "已启用" if name in settings.plugins else "未启用"
        try:
            spec, _ = load_spec(found)
            table.add_row(name, spec.label, spec.version, spec.core_versions, found.distribution, state)
        except PluginError as exc:
            table.add_row(name, "-", "-", "-", found.distribution, f"无法加载：{exc}")
    console.print(table)
    console.print(f"平台核心版本 {__version__}")


@plugins_app.command("check")
@fail_cleanly
def plugins_check() -> None:
    """检查已启用插件能否启动（兼容性、依赖、配置、架构冲突）并符合 GraphQL 约定。"""
    from core.schema.build import SchemaConflict, build_schema
    from core.schema.conventions import convention_problems

    settings, host = load_host()
    try:
        schema = build_schema(host)
    except SchemaConflict as exc:
        raise CommandError(str(exc)) from None
    problems = convention_problems(schema.as_str(), list(host.contributions("register_graphql")))
    if problems:
        raise CommandError("\n".join(problems))
    names = ", ".join(host.names) or "（无）"
    typer.echo(f"检查通过：已启用插件 {names}")


@plugins_app.command("new")
@fail_cleanly
def plugins_new(
    name: str = typer.Argument(..., help="插件名：小写蛇形命名的 Python 标识符，如 visits"),
    directory: Path = typer.Option(Path("."), "--directory", "-d", help="在该目录下新建 junxiu-<插件名>/"),
    label: str | None = typer.Option(None, "--label", help="插件的中文名，如“探访慰问”（默认为插件名）"),
    model: str | None = typer.Option(None, "--model", help="模型与 GraphQL 类型名，以插件前缀开头（默认<前缀>Record）"),
) -> None:
    """（开发者）生成一个新插件的发行包：统一形态的插件包、第一个迁移、文档页与测试。"""
    from core.scaffold import ScaffoldError, generate

    try:
        folder = generate(name, directory, label=label, model=model)
    except ScaffoldError as exc:
        raise CommandError(f"{exc}；未写入任何文件") from None
    typer.echo(f"已生成 {folder}")
    typer.echo("下一步（在装有 junxiu 的虚拟环境中）：")
    typer.echo(f"  pip install -e '{folder}[test]'")
    typer.echo(f"  cd {folder} && pytest")
    typer.echo(f"  JUNXIU_PLUGINS={name} junxiu plugins check")


users_app = typer.Typer(help="账户", no_args_is_help=True)
tokens_app = typer.Typer(help="API 令牌", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")


async def _as_system(settings: Settings, host: PluginHost, operation: str, work: Callable[[], Awaitable[T]]) -> T:
    """Run a service call as the system principal, audited as ``cli:<operation>``; a refusal
    becomes one line."""
    from core import audit
    from core.db import database, tortoise_config
    from core.errors import ServiceError
    from core.models.enums import AuditAction, AuditOutcome
    from core.principal import SYSTEM

    async with database(tortoise_config(settings.database_url, host)):
        try:
            result = await work()
        except ServiceError as error:
            await audit.record(
                AuditAction.MUTATION,
                SYSTEM,
                operation=f"cli:{operation}",
                outcome=AuditOutcome.REFUSED,
                error_code=error.code,
            )
            raise CommandError(f"{error.message}（{error.field or '-'}，{error.code}）") from None
        target = result[1] if isinstance(result, tuple) else result
        await audit.record(
            AuditAction.MUTATION,
            SYSTEM,
            operation=f"cli:{operation}",
            target_type=type(target).__name__,
            target_id=getattr(target, "pk", None),
        )
        return result


async def _account(username: str) -> Any:
    """The account named ``username`` (a missing one is the operator's mistake, one line)."""
    from core.models import UserAccount

    account = await UserAccount.get_or_none(username=username.strip().lower())
    if account is None:
        raise CommandError(f"没有账户 {username}")
    return account


@users_app.command("create-admin")
@fail_cleanly
def users_create_admin(
    username: str = typer.Option(..., help="用户名"),
    password: str = typer.Option(
        ...,
        prompt="密码",
        hide_input=True,
        confirmation_prompt=True,
        envvar="JUNXIU_ADMIN_PASSWORD",
        help="密码（不填则交互输入；也可用环境变量 JUNXIU_ADMIN_PASSWORD）",
    ),
    display_name: str = typer.Option("", help="显示名称"),
) -> None:
    """创建系统管理员账户。"""
    from core.models.enums import AccountKind
    from core.permissions import SYSTEM_ADMIN
    from core.principal import SYSTEM
    from core.services.accounts import create_account

    settings, host = load_host()
    account = run(
        _as_system(
            settings,
            host,
            "users create-admin",
            lambda: create_account(
                SYSTEM,
                username=username,
                password=password,
                kind=AccountKind.ADMIN,
                display_name=display_name,
                roles=[SYSTEM_ADMIN],
            ),
        )
    )
    typer.echo(f"已创建系统管理员 {account.username}")


@users_app.command("set-password")
@fail_cleanly
def users_set_password(
    username: str = typer.Option(..., help="用户名"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="从标准输入的第一行读取新密码（供脚本使用；否则交互输入两次）"
    ),
) -> None:
    """为账户设置新密码（如找回系统管理员）：结束其全部登录会话并解除登录锁定。"""
    from core.principal import SYSTEM
    from core.services.accounts import reset_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("新密码", hide_input=True, confirmation_prompt=True)
    settings, host = load_host()

    async def work() -> Any:
        return await reset_password(SYSTEM, (await _account(username)).id, password)

    account = run(_as_system(settings, host, "users set-password", work))
    typer.echo(f"已为 {account.username} 设置新密码，其登录会话已全部结束")


@users_app.command("unlock")
@fail_cleanly
def users_unlock(username: str = typer.Option(..., help="用户名")) -> None:
    """解除账户的登录锁定（账户级锁定及各客户端地址的暂停）。"""
    from core.principal import SYSTEM
    from core.services.accounts import unlock_account

    settings, host = load_host()

    async def work() -> Any:
        return await unlock_account(SYSTEM, (await _account(username)).id)

    account = run(_as_system(settings, host, "users unlock", work))
    typer.echo(f"已解除 {account.username} 的登录锁定")


@tokens_app.command("create")
@fail_cleanly
def tokens_create(
    username: str = typer.Option(..., help="令牌所属账户"),
    name: str = typer.Option(..., help="用途说明"),
    permission: list[str] = typer.Option(..., "--permission", "-p", help="令牌权限（可多次指定）"),
    days: int = typer.Option(90, help="有效天数"),
) -> None:
    """为账户创建长期 API 令牌（令牌只显示这一次）。"""
    from core.principal import SYSTEM
    from core.services.accounts import create_api_token

    settings, host = load_host()

    async def work() -> tuple[str, Any]:
        account = await _account(username)
        return await create_api_token(
            SYSTEM, user_id=account.id, name=name, permissions=permission, expires_in_days=days
        )

    raw, token = run(_as_system(settings, host, "tokens create", work))
    typer.echo(f"令牌编号 {token.id}，到期 {token.expires_at:%Y-%m-%d}。请妥善保存，只显示这一次：")
    typer.echo(raw)


@tokens_app.command("revoke")
@fail_cleanly
def tokens_revoke(token_id: int = typer.Argument(..., help="令牌编号")) -> None:
    """收回令牌（会话令牌或 API 令牌）。"""
    from core.principal import SYSTEM
    from core.services.accounts import revoke_token

    settings, host = load_host()
    token = run(_as_system(settings, host, "tokens revoke", lambda: revoke_token(SYSTEM, token_id)))
    typer.echo(f"已收回令牌 {token.id}")


docs_app = typer.Typer(help="文档站点", no_args_is_help=True)
app.add_typer(docs_app, name="docs")


@docs_app.command("build")
@fail_cleanly
def docs_build() -> None:
    """构建文档站点（mkdocs，严格模式）到配置的 docs_dir，serve 时在 /docs 提供。"""
    import subprocess

    settings = Settings()
    target = str(Path(settings.docs_dir).resolve())
    # no --quiet: it drops the warnings (broken links and anchors) that --strict counts
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", target]
    # the theme's end-of-life banner points to a web page: noise on an intranet server
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if subprocess.run(command, check=False, env=environment).returncode != 0:
        raise CommandError("文档构建失败（见上方 mkdocs 输出）")
    typer.echo(f"文档已构建到 {settings.docs_dir}")


deploy_app = typer.Typer(help="部署", no_args_is_help=True)
app.add_typer(deploy_app, name="deploy")


@deploy_app.command("systemd-unit")
@fail_cleanly
def deploy_systemd_unit(
    user: str = typer.Option("junxiu", help="运行服务的系统用户（请预先创建，不要用 root）"),
    group: str = typer.Option(None, help="用户组（默认与用户同名）"),
    workdir: Path = typer.Option(Path("."), help="工作目录：junxiu.toml、数据密钥和 SQLite 数据库所在目录"),
    workers: int = typer.Option(1, min=1, help="工作进程数（多进程请使用 PostgreSQL）"),
    output: Path = typer.Option(None, "--output", "-o", help="写入该文件（默认输出到屏幕）"),
) -> None:
    """生成运行 junxiu serve 的 systemd 服务单元，ExecStart 指向当前虚拟环境中的 junxiu。"""
    from core.deploy import systemd_unit

    if user == "root":
        raise CommandError("不要以 root 运行服务：请创建专用用户（如 useradd --system junxiu）")
    try:
        unit = systemd_unit(workdir, user, group, workers)
    except ValueError as error:
        raise CommandError(str(error)) from None
    if output is None:
        typer.echo(unit, nl=False)
        return
    output.write_text(unit, encoding="utf-8")
    typer.echo(f"已写入 {output}")


def _mount_plugin_commands() -> None:
    """Mount the enabled plugins' sub-commands; a broken configuration is reported when a
    command that needs it runs, not here."""
    try:
        settings = Settings()
        host = PluginHost(settings)
    except Exception:
        return
    for _, registrations in host.contributions("register_commands"):
        for registration in registrations:
            app.add_typer(registration.app, name=registration.name, help=registration.help)


def main() -> None:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    _mount_plugin_commands()
    app()


if __name__ == "__main__":
    main()
