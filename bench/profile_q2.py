"""Profile one scenario in-process by layer: ``python -m bench.profile_q2 <database url> [scenario] [n]``;
``python -m bench.profile_q2 --layers <py-spy raw file>`` attributes a sampling profile instead.

The app is driven through httpx's ASGI transport (no network), under cProfile; the time of each
function (its own time, ``tottime``) is attributed to a layer by module: HTTP (starlette,
uvicorn, httpx), GraphQL parse/validate, GraphQL execution (strawberry/graphql-core), core
resolvers and services, ORM (tortoise, pypika), driver (asyncpg/aiosqlite/sqlite3), crypto
(AES-GCM decryption of encrypted columns), event loop and the rest.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import pstats
import sys
import time
from collections import defaultdict

from bench import datagen, scenarios

LAYERS = [
    ("crypto (decrypt on row load)", ("cryptography", "core/crypto.py", "core/models/fields.py", "base64")),
    ("driver", ("asyncpg", "aiosqlite", "sqlite3")),
    ("ORM: query building", ("pypika",)),
    ("ORM: row → model", ("tortoise/models.py", "tortoise/fields")),
    ("ORM: other", ("tortoise",)),
    ("GraphQL parse/validate", ("graphql/language", "graphql/validation", "core/limits.py")),
    ("GraphQL execution", ("graphql/execution", "graphql/pyutils", "graphql/type", "strawberry",
                           "core/schema/execution.py")),
    ("core resolvers/loaders/scope", ("core/", "plugins/")),
    ("HTTP (starlette/httpx/json)", ("starlette", "httpx", "httpcore", "json", "anyio", "h11")),
    ("event loop", ("asyncio",)),
]


def layer(filename: str) -> str:
    for name, needles in LAYERS:
        if any(n in filename for n in needles):
            return name
    return "other (builtins, enum, datetime…)"


async def run(url: str, name: str, n: int) -> None:
    os.environ.update({"JUNXIU_DATA_KEY": datagen.BENCH_DATA_KEY, "JUNXIU_DATABASE_URL": url,
                       "JUNXIU_PLUGINS": "sanatorium", "JUNXIU_ENV": "production"})
    import httpx

    from core.app import create_app
    from core.db import close_database
    from core.models import AccessToken

    app = create_app()
    async with app.router.lifespan_context(app):
        from core.services import accounts

        token = await AccessToken.first()
        raw = "bench-profile"
        # a token of our own (the harness's token stays valid): a copy with the hash of a raw value we know
        hashed = accounts.token_hash(accounts.TOKEN_PREFIX + raw)
        if not await AccessToken.exists(token_hash=hashed):
            await AccessToken.create(user_id=token.user_id, kind=token.kind, token_hash=hashed, name="bench profile",
                                     permissions=token.permissions, expires_at=token.expires_at)
        headers = {"Authorization": f"Bearer {accounts.TOKEN_PREFIX + raw}"}
        request = scenarios.junxiu_request(name, 10_000)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as client:
            for _ in range(5):
                response = await client.post("/graphql", json=request.body, headers=headers)
                assert b'"errors"' not in response.content, response.text[:300]
            timings = []
            cpu_start = time.process_time()
            for _ in range(n):  # unprofiled, for A/B comparisons of code changes
                t0 = time.perf_counter()
                await client.post("/graphql", json=request.body, headers=headers)
                timings.append(time.perf_counter() - t0)
            # this process's CPU time is what other load on the machine disturbs least
            cpu_ms = (time.process_time() - cpu_start) * 1000 / n
            timings.sort()
            print(f"{name}: unprofiled in-process median {timings[len(timings) // 2] * 1000:.2f} ms, "
                  f"mean {sum(timings) / n * 1000:.2f} ms, CPU {cpu_ms:.2f} ms per request over {n} requests")
            if os.environ.get("BENCH_TIME_ONLY"):
                return
            profiler = cProfile.Profile()
            start = time.perf_counter()
            profiler.enable()
            for _ in range(n):
                await client.post("/graphql", json=request.body, headers=headers)
            profiler.disable()
            if os.environ.get("BENCH_PROFILE_DUMP"):
                profiler.dump_stats(os.environ["BENCH_PROFILE_DUMP"])
            wall = (time.perf_counter() - start) / n * 1000
        await close_database()
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        totals[layer(filename)] += tottime
    total = sum(totals.values())
    print(f"{name}: {wall:.1f} ms wall per request in-process (profiled; cProfile inflates it)")
    print(json.dumps({k: f"{v / total:.0%} ({v / n * 1000:.1f} ms)" for k, v in
                      sorted(totals.items(), key=lambda kv: -kv[1])}, ensure_ascii=False, indent=1))
    order, rows = os.environ.get("BENCH_PROFILE_SORT", "tottime"), int(os.environ.get("BENCH_PROFILE_ROWS", "18"))
    stats.sort_stats(order).print_stats(rows)


def _handles_request(frames: list[str]) -> bool:
    """A sample of the app at work: in a request's own task (under ``Route.handle``), or in a task
    or callback of the event loop other than this module's driver (``run``): relation loaders,
    database replies. Imports and startup run outside the loop or in the driver."""
    if any(frame.startswith("Route.handle ") for frame in frames):
        return True
    return (any(frame.startswith("Handle._run ") for frame in frames)
            and not any(frame.startswith("run (") and "profile_q2.py" in frame for frame in frames))


def sampled_layers(path: str) -> dict[str, float]:
    """Shares by layer of a py-spy profile (``py-spy record --format raw``) of this module run
    with ``BENCH_TIME_ONLY=1``: each sample counts for the layer of its innermost frame, and only
    samples taken while handling a request count: in the request's own task, or in the tasks it
    starts (they run on their own stacks; see ``_handles_request``). Sampling does not slow the
    calls it observes, so cheap, frequent calls keep their real weight (cProfile inflates them)."""
    totals: dict[str, float] = defaultdict(float)
    for line in open(path, encoding="utf-8"):
        stack, _, count = line.rstrip().rpartition(" ")
        frames = stack.split(";")
        if not _handles_request(frames):
            continue
        innermost = frames[-1]
        filename = innermost[innermost.rfind("(") + 1:innermost.rfind(":")] if "(" in innermost else innermost
        totals[layer(filename)] += int(count)
    total = sum(totals.values()) or 1
    return {name: share / total for name, share in sorted(totals.items(), key=lambda kv: -kv[1])}


if __name__ == "__main__":
    if sys.argv[1] == "--layers":
        print(json.dumps({k: f"{v:.1%}" for k, v in sampled_layers(sys.argv[2]).items()}, ensure_ascii=False, indent=1))
        sys.exit()
    scenario = sys.argv[2] if len(sys.argv) > 2 else "Q2"
    asyncio.run(run(sys.argv[1], scenario, int(sys.argv[3]) if len(sys.argv) > 3 else 30))
