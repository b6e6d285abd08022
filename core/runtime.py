"""Make one plugin host the running one: its events fire, its scope rules and permissions
apply. Called once by the app, the CLI and the tests."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from core import permissions, scope
from core.host import PluginHost, activate
from core.plugin import ScopeRule


def configure(host: PluginHost) -> PluginHost:
    activate(host)
    rules: list[ScopeRule] = [
        rule for _, contributed in host.contributions("register_scope_rules") for rule in contributed
    ]
    scope.register_rules(rules)
    permissions.configure(permissions.PermissionRegistry.for_host(host))
    return host


@asynccontextmanager
async def command_session() -> AsyncIterator[PluginHost]:
    """For a plugin's CLI command: the instance's settings (junxiu.toml and ``JUNXIU_*``),
    data keys and enabled plugins configured, and the database open until the block ends."""
    from core import crypto
    from core.db import database, tortoise_config
    from core.settings import Settings

    settings = Settings()
    host = configure(PluginHost(settings))
    crypto.configure(settings)
    async with database(tortoise_config(settings.database_url, host)):
        yield host
