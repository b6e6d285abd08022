"""The test database: a fresh SQLite file or PostgreSQL database per session, migrated for
the core and the plugins under test, emptied before each test.

SQLite and PostgreSQL run in separate pytest processes: tortoise caches SQL per connection
name, so one process must never switch dialects."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from tortoise import Tortoise, connections

from core import crypto
from core.db import apply_migrations, open_database, tortoise_config
from core.host import PluginHost, discover
from core.settings import Settings

DIALECTS = ("sqlite", "postgres")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def installed_plugins() -> list[str]:
    """Every plugin installed in the environment (entry points of group ``junxiu.plugins``)."""
    return sorted(discover())


async def _on_server(postgres_url: str, sql: str) -> None:
    connection = await asyncpg.connect(postgres_url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@asynccontextmanager
async def fresh_database(dialect: str, folder: Path, postgres_url: str) -> AsyncIterator[str]:
    """The URL of an empty database: a file in ``folder``, or a database created on the
    PostgreSQL server of ``postgres_url`` and dropped on leaving."""
    if dialect == "sqlite":
        yield f"sqlite://{folder / 'test.sqlite3'}"
        return
    name = f"junxiu_test_{uuid.uuid4().hex[:12]}"
    await _on_server(postgres_url, f'CREATE DATABASE "{name}"')
    try:
        yield f"{postgres_url.rsplit('/', 1)[0]}/{name}"
    finally:
        await Tortoise.close_connections()
        await _on_server(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def open_migrated(database_url: str, plugins: list[str]) -> dict[str, Any]:
    """Migrate the core and ``plugins`` into the database and open it; the tortoise config."""
    settings = Settings(plugins=plugins)
    crypto.configure(settings)
    config = tortoise_config(database_url, PluginHost(settings))
    await apply_migrations(config)
    await open_database(config)
    return config


async def remove_all_rows(dialect: str) -> None:
    """Empty every table of the open database (sequences restart on PostgreSQL)."""
    connection = connections.get("default")
    tables = [model.describe(serializable=False)["table"] for app in Tortoise.apps.values() for model in app.values()]
    if dialect == "postgres":
        quoted = ", ".join(f'"{table}"' for table in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        return
    await connection.execute_script("PRAGMA foreign_keys = OFF")
    for table in tables:
        await connection.execute_script(f'DELETE FROM "{table}"')
    await connection.execute_script("PRAGMA foreign_keys = ON")
