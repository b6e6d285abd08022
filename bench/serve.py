"""junxiu's real app (``core.app.create_app``) with one bench-only addition: ``/__bench/sql``.

``GET /__bench/sql?count=1`` starts counting the SQL statements tortoise sends (it logs each one
at DEBUG on ``tortoise.db_client``, the same hook the test suite's ``sql_counter`` uses);
``GET /__bench/sql`` returns the count so far; ``?count=0`` stops. Counting is off during the
timed runs (DEBUG logging has a cost), so it measures statements only. Nothing of core changes.

Run: ``uvicorn bench.serve:create_app --factory`` with the usual ``JUNXIU_*`` environment.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.types import Receive, Scope, Send

from core.app import create_app as create_core_app


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().lstrip()[:6].upper()
        if text.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.count += 1


def create_app() -> Any:
    app = create_core_app()
    counter = _Counter()
    logger = logging.getLogger("tortoise.db_client")

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/__bench/sql":
            query = scope.get("query_string", b"").decode()
            if "count=1" in query:
                counter.count = 0
                logger.setLevel(logging.DEBUG)
                logger.addHandler(counter)
            elif "count=0" in query:
                logger.removeHandler(counter)
                logger.setLevel(logging.WARNING)
            body = json.dumps({"statements": counter.count}).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return wrapped
