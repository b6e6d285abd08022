"""A GraphQL client over the ASGI app, as a portal would post its requests, and the
administrator's client of an app built for given settings."""

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from starlette.applications import Starlette

from core.app import create_app
from core.host import PluginHost
from core.models import UserAccount
from core.models.enums import AccountKind
from core.permissions import SYSTEM_ADMIN
from core.principal import SYSTEM
from core.services import accounts
from core.settings import Settings

#: the password of the system administrator ``admin`` that ``make_client`` logs in
ADMIN_PASSWORD = "Admin-Passw0rd"


@dataclass(frozen=True)
class FilePart:
    """A file in a request's variables: ``raw`` then sends a GraphQL multipart request."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"


def _split_files(value: Any, path: str) -> tuple[Any, list[tuple[str, FilePart]]]:
    """``value`` with each ``FilePart`` replaced by null, and the files by their object path."""
    if isinstance(value, FilePart):
        return None, [(path, value)]
    if isinstance(value, dict):
        pairs = {key: _split_files(item, f"{path}.{key}") for key, item in value.items()}
        return {key: pair[0] for key, pair in pairs.items()}, [f for pair in pairs.values() for f in pair[1]]
    if isinstance(value, list):
        pairs_list = [_split_files(item, f"{path}.{index}") for index, item in enumerate(value)]
        return [pair[0] for pair in pairs_list], [f for pair in pairs_list for f in pair[1]]
    return value, []


@dataclass
class GraphQLClient:
    """Posts GraphQL over HTTP to the ASGI app, as a portal would, with its bearer token.
    ``app`` is the application under test (its ``state`` holds the schema and the host)."""

    http: httpx.AsyncClient
    token: str | None = None
    last: dict[str, Any] = field(default_factory=dict)
    app: Starlette | None = None

    def as_user(self, token: str | None) -> "GraphQLClient":
        """The same app, sending another token (None: anonymous)."""
        return GraphQLClient(self.http, token, app=self.app)

    async def post(self, **request: Any) -> httpx.Response:
        """POST to /graphql with this client's token (``request`` as for httpx)."""
        headers = {**request.pop("headers", {}), **({"Authorization": f"Bearer {self.token}"} if self.token else {})}
        return await self.http.post("/graphql", headers=headers, **request)

    async def raw(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The answer to ``query``; variables holding ``FilePart``s go as a multipart request."""
        variables, files = _split_files(variables or {}, "variables")
        if files:
            response = await self.post(
                data={
                    "operations": json.dumps({"query": query, "variables": variables}),
                    "map": json.dumps({str(i): [path] for i, (path, _) in enumerate(files)}),
                },
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


async def login_token(username: str, password: str) -> str:
    """A fresh bearer token of the account (through the login service, as ``login`` does)."""
    raw, _, _ = await accounts.login(username, password)
    return raw


async def make_client(settings: Settings, host: PluginHost | None = None) -> GraphQLClient:
    """A client of an app built for ``settings``, logged in as the system administrator
    ``admin`` (created with ``ADMIN_PASSWORD`` when the database has none)."""
    app = create_app(settings, host)
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 5000))
    if not await UserAccount.exists(username="admin"):
        await accounts.create_account(
            SYSTEM, username="admin", password=ADMIN_PASSWORD, kind=AccountKind.ADMIN, roles=[SYSTEM_ADMIN]
        )
    token = await login_token("admin", ADMIN_PASSWORD)
    return GraphQLClient(httpx.AsyncClient(transport=transport, base_url="http://test"), token, app=app)
