"""The ASGI application: ``/graphql`` (API and offline IDE), ``/health`` and ``/docs``."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

from core import audit, crypto
from core.db import close_database, open_database, tortoise_config
from core.host import PluginHost
from core.http import http_middleware
from core.plugin import LoaderRegistration
from core.principal import ANONYMOUS, Principal
from core.runtime import configure
from core.schema.build import build_schema
from core.schema.context import RequestContext
from core.schema.loaders import CORE_LOADERS
from core.services.accounts import authenticate
from core.settings import Settings

STATIC = Path(__file__).parent / "static" / "graphiql"


def loader_factories(host: PluginHost) -> dict[str, Any]:
    registrations: list[LoaderRegistration] = list(CORE_LOADERS)
    for _, contributed in host.contributions("register_loaders"):
        registrations.extend(contributed)
    factories: dict[str, Any] = {}
    for registration in registrations:
        if registration.name in factories:
            raise ValueError(f"加载器名称重复：{registration.name}")
        factories[registration.name] = registration.factory
    return factories


async def request_principal(request: Request) -> Principal:
    """Who sends the request: the account of its bearer token, or anonymous. An invalid,
    expired or revoked token is anonymous too; the gate then asks to log in."""
    header = request.headers.get("authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return ANONYMOUS
    return await authenticate(raw.strip()) or ANONYMOUS


class GraphQLEndpoint(GraphQL):
    """Strawberry's ASGI view with our context and the locally served IDE."""

    def __init__(self, schema: Any, factories: dict[str, Any], *, ide: bool) -> None:
        super().__init__(schema, graphql_ide="graphiql" if ide else None, allow_queries_via_get=False)
        self.factories = factories

    async def get_context(self, request: Any, response: Any = None) -> RequestContext:  # type: ignore[override]
        audit.client_address.set(request.client.host if request.client else "")
        return RequestContext(
            principal=await request_principal(request),
            loader_factories=self.factories,
            request=request,
            response=response,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def create_app(settings: Settings | None = None, host: PluginHost | None = None) -> Starlette:
    settings = settings or Settings()
    crypto.configure(settings)
    host = configure(host or PluginHost(settings))
    production = settings.env == "production"
    schema = build_schema(host, production=production)
    config = tortoise_config(settings.database_url, host)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await open_database(config)
        await host.call("startup")
        try:
            yield
        finally:
            await host.call("shutdown")
            await close_database()

    routes: list[Any] = [
        Route("/health", health),
        Mount("/graphql/static", StaticFiles(directory=STATIC), name="graphiql"),
        Route("/graphql", GraphQLEndpoint(schema, loader_factories(host), ide=not production)),
    ]
    docs = Path(settings.docs_dir)
    if (docs / "index.html").is_file():
        routes.append(Mount("/docs", StaticFiles(directory=docs, html=True), name="docs"))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=http_middleware(settings))  # body size, timeout
    app.state.schema = schema
    app.state.host = host
    app.state.settings = settings
    return app
