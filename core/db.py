"""Database configuration from the enabled plugins, and the migration runner."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.connection import get_connection
from tortoise.migrations.api import migrate as tortoise_migrate
from tortoise.migrations.executor import MigrationExecutor

from core.host import PluginHost

CORE_APP = "core"


def tortoise_config(database_url: str, host: PluginHost) -> dict[str, Any]:
    """One tortoise app per enabled plugin with models; core first so plugins depend on it."""
    apps: dict[str, dict[str, Any]] = {
        CORE_APP: {"models": ["core.models"], "migrations": "core.migrations"}
    }
    for name, registration in host.contributions("register_models"):
        apps[name] = {"models": list(registration.modules), "migrations": registration.migrations}
    for app in apps.values():
        app["default_connection"] = "default"
    return {
        "connections": {"default": database_url},
        "apps": apps,
        "use_tz": True,
        "timezone": "Asia/Shanghai",
    }


def placeholders(client: BaseDBAsyncClient, count: int) -> list[str]:
    """Parameter marks for a raw statement in the client's dialect."""
    if client.capabilities.dialect == "postgres":
        return [f"${i}" for i in range(1, count + 1)]
    return ["?"] * count


async def open_database(config: dict[str, Any]) -> None:
    await Tortoise.init(config=config, _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


@asynccontextmanager
async def database(config: dict[str, Any]) -> AsyncIterator[None]:
    await open_database(config)
    try:
        yield
    finally:
        await close_database()


async def pending_migrations(config: dict[str, Any]) -> list[str]:
    """``app.migration`` names not yet applied, in the order they would run."""
    executor = MigrationExecutor(get_connection("default"), config["apps"])
    steps = await executor.plan(None)
    return [f"{s.migration.app_label}.{s.migration.name}" for s in steps if not s.backward]


async def apply_migrations(config: dict[str, Any], progress: Any = None) -> None:
    """Apply pending migrations of the enabled apps only; disabled plugins' tables stay as
    they are. Leaves no connection open."""
    try:
        await tortoise_migrate(config=config, progress=progress)
    finally:
        await Tortoise.close_connections()
