"""Exit 0 when PostgreSQL answers at JUNXIU_TEST_POSTGRES_URL (used by `make test`)."""

import asyncio
import os
import sys

import asyncpg

URL = os.environ.get("JUNXIU_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


async def main() -> int:
    try:
        connection = await asyncpg.connect(URL.replace("postgres://", "postgresql://", 1), timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return 1
    await connection.close()
    return 0


sys.exit(asyncio.run(main()))
