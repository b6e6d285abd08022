"""The junxiu pytest plugin, registered through the ``pytest11`` entry point so that any
project with junxiu installed has it: per session a fresh database (SQLite, or PostgreSQL
with ``--junxiu-db=postgres``) with the core and the plugins under test migrated, emptied
before each test; a system administrator's GraphQL client of an app with the plugins the
test enables; accounts per role; a SQL-statement counter; and the authorization matrix.
docs/plugin-dev/testing.md documents every fixture and option."""

import base64
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from functools import partial
from typing import Any

import pytest
import pytest_asyncio

from core import passwords
from core.crypto import KEY_BYTES
from core.db import close_database
from core.settings import Settings
from core.testing.client import GraphQLClient, make_client
from core.testing.database import (
    DEFAULT_POSTGRES_URL,
    DIALECTS,
    fresh_database,
    installed_plugins,
    open_migrated,
    remove_all_rows,
)
from core.testing.scope import run_scope_matrix
from core.testing.sql import SQLCounter, counting_sql
from core.testing.world import RoleClients, build_world

_ATTACHMENTS = pytest.StashKey[str]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("junxiu", "junxiu 测试套件")
    group.addoption(
        "--junxiu-db",
        choices=DIALECTS,
        default=None,
        help="测试数据库：sqlite 或 postgres（默认取环境变量 JUNXIU_TEST_DB，否则 sqlite）",
    )
    group.addoption(
        "--junxiu-postgres-url",
        default=None,
        help="在其上新建临时测试数据库的 PostgreSQL 服务器"
        f"（默认取 JUNXIU_TEST_POSTGRES_URL，否则 {DEFAULT_POSTGRES_URL}）",
    )
    parser.addini(
        "junxiu_plugins",
        type="linelist",
        default=[],
        help="测试数据库迁移哪些插件的表、gql 默认启用哪些插件（默认：已安装的全部插件）",
    )


def dialect(config: pytest.Config) -> str:
    """The database of this session: ``sqlite`` or ``postgres``."""
    chosen = config.getoption("junxiu_db") or os.environ.get("JUNXIU_TEST_DB") or "sqlite"
    if chosen not in DIALECTS:
        raise pytest.UsageError(f"JUNXIU_TEST_DB={chosen}：应为 {' 或 '.join(DIALECTS)}")
    return chosen


def postgres_url(config: pytest.Config) -> str:
    """The PostgreSQL server the session's database is created on."""
    return config.getoption("junxiu_postgres_url") or os.environ.get("JUNXIU_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "junxiu_db(name, reason=...): 只在该测试数据库（sqlite 或 postgres）上运行")
    # the commands and pytest runs a test starts use the session's database too
    os.environ["JUNXIU_TEST_DB"] = dialect(config)
    os.environ["JUNXIU_TEST_POSTGRES_URL"] = postgres_url(config)
    # a data key per session: every Settings() of the tests, and of the commands they run, sees it
    os.environ["JUNXIU_DATA_KEY"] = base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")
    # attachments go to a folder of the session's own, never the working tree
    if "JUNXIU_ATTACHMENTS_DIR" not in os.environ:
        config.stash[_ATTACHMENTS] = os.environ["JUNXIU_ATTACHMENTS_DIR"] = tempfile.mkdtemp(
            prefix="junxiu-attachments-"
        )
    # argon2 at its cheapest: tests hash dozens of passwords, and its cost is not what they check
    passwords.set_hashing_cost(time_cost=1, memory_cost=1024, parallelism=1)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _ATTACHMENTS in config.stash:
        shutil.rmtree(config.stash[_ATTACHMENTS], ignore_errors=True)


def pytest_report_header(config: pytest.Config) -> str:
    return f"junxiu test database: {dialect(config)}"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``junxiu_db("sqlite")`` on PostgreSQL (and the reverse), before its fixtures."""
    marker = item.get_closest_marker("junxiu_db")
    if marker is not None and marker.args[0] != dialect(item.config):
        pytest.skip(marker.kwargs.get("reason", f"只在 {marker.args[0]} 上运行"))


@pytest.fixture(scope="session")
def junxiu_plugins(pytestconfig: pytest.Config) -> list[str]:
    """The plugins under test: ini option ``junxiu_plugins``, else every installed plugin.
    Their tables are migrated into the session database; ``app_plugins`` defaults to them."""
    return list(pytestconfig.getini("junxiu_plugins")) or installed_plugins()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def database_url(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """The session's database, empty: a SQLite file in a temporary folder, or a PostgreSQL
    database created for the session and dropped after it."""
    async with fresh_database(
        dialect(pytestconfig), tmp_path_factory.mktemp("db"), postgres_url(pytestconfig)
    ) as database:
        yield database


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def migrated(database_url: str, junxiu_plugins: list[str]) -> AsyncIterator[dict[str, Any]]:
    """The session database with the core and ``junxiu_plugins`` migrated, left open; the
    tortoise configuration."""
    config = await open_migrated(database_url, junxiu_plugins)
    yield config
    await close_database()


@pytest_asyncio.fixture(loop_scope="session")
async def db(migrated: dict[str, Any], pytestconfig: pytest.Config) -> dict[str, Any]:
    """The migrated database with all rows removed (sequences restart on PostgreSQL): every
    test that touches the database starts from nothing."""
    await remove_all_rows(dialect(pytestconfig))
    return migrated


@pytest.fixture
def app_plugins(junxiu_plugins: list[str]) -> list[str]:
    """The plugins the test's app enables (``gql``, ``role_clients``, ``scope_matrix``);
    override it in a conftest.py or a test module to test another set."""
    return list(junxiu_plugins)


@pytest_asyncio.fixture(loop_scope="session")
async def gql(db: dict[str, Any], app_plugins: list[str]) -> AsyncIterator[GraphQLClient]:
    """A system administrator's client of an app that enables ``app_plugins``, on an empty database."""
    client = await make_client(Settings(plugins=app_plugins))
    yield client
    await client.http.aclose()


@pytest.fixture
def sql_counter() -> Iterator[SQLCounter]:
    """Counts the SQL statements sent while the test runs (``len(sql_counter.statements)``)."""
    with counting_sql() as counter:
        yield counter


@pytest_asyncio.fixture(loop_scope="session")
async def role_clients(gql: GraphQLClient) -> RoleClients:
    """Role code → the client of an account holding that role, every built-in role and every
    role the enabled plugins contribute, in distinct scopes (see ``World``); ``admin`` and
    ``SYSTEM_ADMIN`` are the administrator; ``.world`` holds the IDs of the tree."""
    return RoleClients(await build_world(gql))


@pytest.fixture
def scope_matrix(gql: GraphQLClient) -> Any:
    """``await scope_matrix(populate, ..., publish=[...], id_types={...})``: builds the world
    with the plugins' ``populate`` callbacks and asserts that no principal reaches a record
    outside its scope (AssertionError listing every leak); returns the ``World``."""
    return partial(run_scope_matrix, gql)
