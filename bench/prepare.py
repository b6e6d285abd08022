"""Prepare one benchmark database: migrate a fresh one with core's migrations, bulk-load the
generated rows, create a system administrator and an API token for the load generator.

Run in its own process per database (tortoise caches SQL per connection name, so one process
must not switch dialects): ``python -m bench.prepare {sqlite|postgres} <scale> <out.json>``.
Prints a JSON summary (URL, token, row counts, timings) and writes it to ``out.json``. Generation
and loading interleave (batches are loaded as they are generated): ``generate`` and ``load`` are
their summed times, ``generate+load`` the wall time of both.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import datagen

PG_BASE = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PLUGINS = ["sanatorium"]


def database_url(dialect: str, scale: str, workdir: Path) -> str:
    if dialect == "sqlite":
        return f"sqlite://{workdir / f'bench_{scale.lower()}.sqlite3'}"
    return f"{PG_BASE}/junxiu_bench_{scale.lower()}"


async def _fresh_postgres(url: str) -> None:
    import asyncpg

    base, name = url.rsplit("/", 1)
    connection = await asyncpg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres")
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _token(config: dict[str, Any]) -> str:
    from core.db import database
    from core.models.enums import AccountKind
    from core.permissions import SYSTEM_ADMIN, registry
    from core.principal import SYSTEM
    from core.services import accounts

    async with database(config):
        await accounts.create_account(
            SYSTEM, username="bench-admin", password="Bench-Passw0rd!", kind=AccountKind.ADMIN, roles=[SYSTEM_ADMIN]
        )
        session, _, _ = await accounts.login("bench-admin", "Bench-Passw0rd!")
        principal = await accounts.authenticate(session)
        assert principal is not None
        held = registry().of_roles([SYSTEM_ADMIN])
        raw, _ = await accounts.create_api_token(
            principal, user_id=None, name="benchmark load", permissions=sorted(held), expires_in_days=30
        )
        return raw


def _metered(batches: Iterator[datagen.Batch], rows: dict[str, int],
             timings: dict[str, float]) -> Iterator[datagen.Batch]:
    """Pass ``batches`` on, counting rows per table and timing ``generate`` apart from loading
    (the two interleave: the loader pulls one batch at a time)."""
    seconds = 0.0
    while True:
        start = time.perf_counter()
        batch = next(batches, None)
        seconds += time.perf_counter() - start
        if batch is None:
            timings["generate"] = round(seconds, 3)
            return
        rows[batch[0]] = rows.get(batch[0], 0) + len(batch[1])
        yield batch


async def prepare(dialect: str, scale: str, workdir: Path) -> dict[str, Any]:
    os.environ["JUNXIU_DATA_KEY"] = datagen.BENCH_DATA_KEY
    from core import crypto
    from core.db import apply_migrations, tortoise_config
    from core.host import PluginHost
    from core.runtime import configure
    from core.settings import Settings

    settings = Settings(plugins=PLUGINS, database_url="sqlite://:memory:")
    ring = crypto.configure(settings)
    host = configure(PluginHost(settings))
    url = database_url(dialect, scale, workdir)
    timings: dict[str, float] = {}
    if dialect == "postgres":
        await _fresh_postgres(url)
    else:
        path = Path(url.removeprefix("sqlite://"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    config = tortoise_config(url, host)
    with datagen.timed("migrate", timings):
        await apply_migrations(config)
    rows: dict[str, int] = {}
    batches = _metered(datagen.batches(datagen.scale_value(scale), ring=ring), rows, timings)
    with datagen.timed("generate+load", timings):
        if dialect == "postgres":
            await datagen.load_postgres(url, batches)
        else:
            datagen.load_sqlite(url.removeprefix("sqlite://"), batches)
    timings["load"] = round(timings["generate+load"] - timings["generate"], 3)
    token = await _token(config)
    return {"dialect": dialect, "scale": scale, "url": url, "token": token, "rows": rows,
            "timings": timings, "generated_at": time.time()}


async def forget_created_retirees(url: str, generated: int) -> int:
    """Delete the retirees M1 created in an earlier run (ids after the generated ones), so that a
    reused database holds the generated data again and new ID numbers cannot clash with old ones."""
    if url.startswith("sqlite://"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
            return connection.execute("DELETE FROM core_retiree WHERE id > ?", (generated,)).rowcount
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        status = await connection.execute("DELETE FROM core_retiree WHERE id > $1", generated)
        return int(status.split()[-1])
    finally:
        await connection.close()


def main() -> None:
    dialect, scale, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    summary = asyncio.run(prepare(dialect, scale, out.parent))
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "token"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
