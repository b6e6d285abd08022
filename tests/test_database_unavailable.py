"""A database that goes away under load: the running server answers 503 with ``Retry-After``
and a JSON error of code ``DATABASE_UNAVAILABLE`` (never a 500 or a dropped connection), loses
no acknowledged write, and recovers when the database is back.

The server runs in a subprocess and reaches PostgreSQL through a small TCP proxy in this test,
which cuts every connection and refuses new ones for a moment: the shared cluster the other
tests use is left alone."""

import asyncio
import contextlib
import os
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.fuzzing import live_server

from core.models import Retiree
from core.schema.payload import parse_global_id
from core.settings import Settings
from core.testing import GraphQLClient, create_agency, make_client, retiree_input
from core.testing.factories import CREATE_RETIREE

pytestmark = pytest.mark.junxiu_db("postgres", reason="a connection to cut needs PostgreSQL")

ROOT = Path(__file__).resolve().parent.parent
READ = "{ retirees(first: 5) { totalCount edges { node { name } } } }"


class CuttableProxy:
    """Forwards TCP connections to ``target``; ``cut()`` drops them all and refuses new ones.

    It runs its own event loop in a thread: the server's start-up is awaited synchronously."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def start(self) -> None:
        self.run(self._start())

    def cut(self) -> None:
        self.run(self._cut())

    def stop(self) -> None:
        self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    async def _start(self) -> None:
        self.server = await asyncio.start_server(self.serve, "127.0.0.1", self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()  # a reset, as when the server process dies
        await self.server.wait_closed()

    async def serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection(*self.target)
        self.writers |= {client_writer, server_writer}

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            writer.transport.abort()

        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))
        self.writers -= {client_writer, server_writer}


async def _load(url: str, headers: dict[str, str], agency: str, until: float, outcomes: list[Any]) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        turn = 0
        while time.monotonic() < until:
            turn += 1
            write = turn % 2 == 0
            body = {"query": CREATE_RETIREE, "variables": {"input": retiree_input(agency)}} if write else {"query": READ}
            try:
                response = await client.post(url, json=body, headers=headers)
            except httpx.HTTPError as error:  # a reset or a dropped connection
                outcomes.append(("dropped", write, repr(error)))
                continue
            outcomes.append((response, write, response.text))


async def test_a_database_outage_under_load_answers_503_and_loses_no_acknowledged_write(
    db: dict[str, Any], database_url: str
) -> None:
    client: GraphQLClient = await make_client(Settings(plugins=[]))
    department = await create_agency(client, "省退役军人事务厅", kind="DEPARTMENT")
    agency = (await create_agency(client, "第一军休所", parent=department["id"]))["id"]
    await client.http.aclose()

    host, _, rest = database_url.split("@", 1)[1].partition(":")
    port, _, name = rest.partition("/")
    proxy = CuttableProxy((host, int(port)))
    proxy.start()
    env = {**os.environ, "JUNXIU_DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/{name}",
           "JUNXIU_PLUGINS": "", "JUNXIU_CONFIG": str(ROOT / "tests" / "no-such-config.toml")}
    outcomes: list[Any] = []
    with live_server(env, ROOT) as url:
        headers = {"Authorization": f"Bearer {client.token}"}
        until = time.monotonic() + 3.0
        load = asyncio.gather(*(_load(url, headers, agency, until, outcomes) for _ in range(6)))
        await asyncio.sleep(0.8)
        proxy.cut()
        await asyncio.sleep(1.0)
        proxy.start()  # the database is back on the same address
        await load
        async with httpx.AsyncClient(timeout=10) as after:
            recovered = await after.post(url, json={"query": READ}, headers=headers)
    proxy.stop()

    dropped = [text for response, _, text in outcomes if response == "dropped"]
    assert dropped == []
    responses = [(response, write, text) for response, write, text in outcomes if response != "dropped"]
    statuses = {response.status_code for response, _, _ in responses}
    assert statuses <= {200, 503}, [text for response, _, text in responses if response.status_code not in (200, 503)]
    unavailable = [(response, text) for response, _, text in responses if response.status_code == 503]
    assert unavailable, "the cut was never noticed"
    for response, text in unavailable:
        body = response.json()
        assert response.headers["retry-after"].isdigit(), text
        assert {error["extensions"]["code"] for error in body["errors"]} == {"DATABASE_UNAVAILABLE"}, text
    for response, _, text in responses:
        if response.status_code == 200:
            assert not response.json().get("errors"), text  # no masked INTERNAL error

    acknowledged = [
        parse_global_id(response.json()["data"]["createRetiree"]["retiree"]["id"], "id")[1]
        for response, write, _ in responses
        if write and response.status_code == 200 and response.json()["data"]["createRetiree"]["retiree"]
    ]
    assert acknowledged and await Retiree.filter(id__in=acknowledged).count() == len(acknowledged)
    assert recovered.status_code == 200 and recovered.json()["data"]["retirees"]["totalCount"] >= len(acknowledged)
