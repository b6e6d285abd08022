"""Make one plugin host the current one: its events fire, its scope rules, permissions and
settings apply. ``configure`` does it for the calling context (a CLI command, a test);
``ActiveHost`` does it for every request and the lifespan of an app, so that two apps in one
process (tests build several) never see each other's rules."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.types import ASGIApp, Receive, Scope, Send

from core.current import reset_host, use_host
from core.host import PluginHost, activate


def configure(host: PluginHost) -> PluginHost:
    return activate(host)


class ActiveHost:
    """ASGI middleware: the app's host is current while it serves a request or its lifespan.
    (A context variable set at start-up would not reach request tasks: the server starts each
    from its own context.)"""

    def __init__(self, app: ASGIApp, host: PluginHost) -> None:
        self.app = app
        self.host = host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = use_host(self.host)
        try:
            await self.app(scope, receive, send)
        finally:
            reset_host(token)


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
