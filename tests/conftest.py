"""Test fixtures: one fresh database per session (SQLite, or PostgreSQL when
JUNXIU_TEST_DB=postgres), emptied before each test, and a GraphQL client over the ASGI app.

SQLite and PostgreSQL run in separate pytest processes: tortoise caches SQL per connection
name, so one process must never switch dialects.
"""

import base64
import json
import logging
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from tortoise import Tortoise, connections

from core import crypto, passwords
from core.app import create_app
from core.db import apply_migrations, close_database, open_database, tortoise_config
from core.host import PluginHost, discover
from core.models import UserAccount
from core.models.enums import AccountKind
from core.permissions import SYSTEM_ADMIN
from core.principal import SYSTEM
from core.services import accounts
from core.settings import Settings

# argon2 at its cheapest: tests hash dozens of passwords, and the cost parameters are
# argon2's concern, not what these tests check
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("junxiu-dummy-password")

POSTGRES_URL = os.environ.get("JUNXIU_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DIALECT = os.environ.get("JUNXIU_TEST_DB", "sqlite")
#: plugins whose tables the test database carries; each test app enables what it needs
TEST_PLUGINS = ["meals", "notices", "sanatorium", "university"]
#: a data key per test session: every Settings() of the tests (and CLI runs) sees it
#: (made here rather than by core.crypto, so that importing the fixtures runs none of the code
#: the mutation run mutates: see tests/mutation_run.py)
os.environ["JUNXIU_DATA_KEY"] = base64.b64encode(os.urandom(crypto.KEY_BYTES)).decode("ascii")
#: attachments of the test session go to a folder of its own, never the working tree
os.environ.setdefault("JUNXIU_ATTACHMENTS_DIR", tempfile.mkdtemp(prefix="junxiu-attachments-"))


def pytest_report_header() -> str:
    return f"junxiu test database: {DIALECT}"


async def _admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    if DIALECT == "sqlite":
        yield f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    name = f"junxiu_test_{uuid.uuid4().hex[:12]}"
    await _admin(f'CREATE DATABASE "{name}"')
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        await Tortoise.close_connections()
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
async def migrated(database_url: str) -> AsyncIterator[dict[str, Any]]:
    """The session database with core and test plugins migrated, left open."""
    settings = Settings(plugins=TEST_PLUGINS)
    crypto.configure(settings)
    host = PluginHost(settings)
    config = tortoise_config(database_url, host)
    await apply_migrations(config)
    await open_database(config)
    yield config
    await close_database()


def _tables(config: dict[str, Any]) -> list[str]:
    tables = []
    for app in Tortoise.apps.values():
        tables.extend(model._meta.db_table for model in app.values())
    return tables


@pytest.fixture
async def db(migrated: dict[str, Any]) -> dict[str, Any]:
    """An empty database (all rows removed, sequences reset on PostgreSQL)."""
    connection = connections.get("default")
    tables = _tables(migrated)
    if DIALECT == "postgres":
        quoted = ", ".join(f'"{t}"' for t in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        await connection.execute_script("PRAGMA foreign_keys = OFF")
        for table in tables:
            await connection.execute_script(f'DELETE FROM "{table}"')
        await connection.execute_script("PRAGMA foreign_keys = ON")
    return migrated


@dataclass(frozen=True)
class FilePart:
    """A file in a request's variables: ``raw`` then sends a GraphQL multipart request."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"


def split_files(value: Any, path: str) -> tuple[Any, list[tuple[str, FilePart]]]:
    """``value`` with each ``FilePart`` replaced by null, and the files by their object path."""
    if isinstance(value, FilePart):
        return None, [(path, value)]
    if isinstance(value, dict):
        pairs = {key: split_files(item, f"{path}.{key}") for key, item in value.items()}
        return {key: pair[0] for key, pair in pairs.items()}, [f for pair in pairs.values() for f in pair[1]]
    if isinstance(value, list):
        pairs_list = [split_files(item, f"{path}.{index}") for index, item in enumerate(value)]
        return [pair[0] for pair in pairs_list], [f for pair in pairs_list for f in pair[1]]
    return value, []


@dataclass
class GraphQLClient:
    """Posts GraphQL over HTTP to the ASGI app, as a portal would, with its bearer token."""

    http: httpx.AsyncClient
    token: str | None = None
    last: dict[str, Any] = field(default_factory=dict)

    def as_user(self, token: str | None) -> "GraphQLClient":
        """The same app, sending another token (None: anonymous)."""
        return GraphQLClient(self.http, token)

    async def post(self, **request: Any) -> httpx.Response:
        """POST to /graphql with this client's token (``request`` as for httpx)."""
        headers = {**request.pop("headers", {}), **({"Authorization": f"Bearer {self.token}"} if self.token else {})}
        return await self.http.post("/graphql", headers=headers, **request)

    async def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The answer to ``query``; variables holding ``FilePart``s go as a multipart request."""
        variables, files = split_files(variables or {}, "variables")
        if files:
            response = await self.post(
                data={"operations": json.dumps({"query": query, "variables": variables}),
                      "map": json.dumps({str(i): [path] for i, (path, _) in enumerate(files)})},
                files={str(i): (f.name, f.content, f.content_type) for i, (_, f) in enumerate(files)},
                headers={"Apollo-Require-Preflight": "true"},
            )
        else:
            response = await self.post(json={"query": query, "variables": variables})
        assert response.status_code < 500, response.text
        self.last = response.json()
        return self.last

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``data`` of a request that must not produce top-level errors."""
        body = await self.raw(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    async def mutate(self, query: str, input: dict[str, Any]) -> dict[str, Any]:
        """The payload of a single mutation called with ``input``."""
        data = await self(query, {"input": input})
        return next(iter(data.values()))


ADMIN_PASSWORD = "Admin-Passw0rd"


async def login_token(username: str, password: str) -> str:
    raw, _, _ = await accounts.login(username, password)
    return raw


async def make_client(settings: Settings, host: PluginHost | None = None) -> GraphQLClient:
    """A client of an app built for ``settings``, logged in as a fresh system administrator."""
    app = create_app(settings, host)
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 5000))
    if not await UserAccount.exists(username="admin"):
        await accounts.create_account(
            SYSTEM, username="admin", password=ADMIN_PASSWORD, kind=AccountKind.ADMIN, roles=[SYSTEM_ADMIN]
        )
    token = await login_token("admin", ADMIN_PASSWORD)
    return GraphQLClient(httpx.AsyncClient(transport=transport, base_url="http://test"), token)


@pytest.fixture
async def gql(db: dict[str, Any]) -> AsyncIterator[GraphQLClient]:
    """A system administrator's client of the core alone (no plugin enabled)."""
    client = await make_client(Settings(plugins=[]))
    yield client
    await client.http.aclose()


class SQLCounter(logging.Handler):
    """Counts SQL statements tortoise sends (it logs each at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().lstrip().upper()
        if text.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append(record.getMessage())


@pytest.fixture
def sql_counter() -> Iterator[SQLCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = SQLCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(previous)


ROOT = Path(__file__).resolve().parent.parent


def builtin_plugins() -> list[str]:
    """The plugins the junxiu distribution itself ships."""
    return sorted(name for name, found in discover().items() if found.distribution == "junxiu")


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo database with every built-in plugin's tables and data, loaded once."""
    folder = tmp_path_factory.mktemp("fuzz")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("JUNXIU_")},
        "JUNXIU_CONFIG": str(folder / "none.toml"),
        "JUNXIU_DATABASE_URL": f"sqlite://{folder / 'demo.sqlite3'}",
        "JUNXIU_DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
        "JUNXIU_PLUGINS": ",".join(builtin_plugins()),
    }
    subprocess.run([sys.executable, "-m", "core.cli", "demo", "--no-serve"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    return folder / "demo.sqlite3", env
