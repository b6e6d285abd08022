"""Recognising a database that cannot be reached, and the answer a client gets then: HTTP 503
with ``Retry-After`` and a GraphQL-shaped JSON error of code ``DATABASE_UNAVAILABLE``.

Connection failures are recognised by the drivers' public exception classes, anywhere in an
exception's chain of causes (tortoise re-raises some driver errors as its own). SQLite has no
connection to lose; what makes it unavailable for a while is another process holding its write
lock (a backup, a command run against the live file): a write then fails with ``SQLITE_BUSY``,
at once or after the busy timeout."""

import errno
import sqlite3
from collections.abc import Iterator
from typing import TypeVar

from starlette.responses import JSONResponse, Response
from tortoise.exceptions import DBConnectionError

DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
MESSAGE = "数据库暂时不可用，请稍后重试"
#: seconds a client is asked to wait: a database restart takes a few
RETRY_AFTER_SECONDS = 5
#: socket errors that mean the server is down or the connection was cut
_NETWORK_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.EPIPE,
        errno.ETIMEDOUT,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.EHOSTDOWN,
        errno.ENETDOWN,
    }
)


def _driver_errors() -> tuple[type[BaseException], ...]:
    try:
        import asyncpg
    except ImportError:  # an SQLite-only installation
        return ()
    return (
        asyncpg.PostgresConnectionError,  # includes ConnectionDoesNotExistError
        asyncpg.CannotConnectNowError,  # the server is starting or shutting down
        asyncpg.AdminShutdownError,  # the server terminated the connection
    )


_CONNECTION_ERRORS = (DBConnectionError, ConnectionError, *_driver_errors())


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_database_unavailable(error: BaseException | None) -> bool:
    """True when ``error`` (or an error it was raised from) says the database cannot be reached."""
    if error is None:
        return False
    for link in _chain(error):
        if isinstance(link, _CONNECTION_ERRORS):
            return True
        if isinstance(link, OSError) and link.errno in _NETWORK_ERRNOS:
            return True
        # the primary result code: the extended ones (SQLITE_BUSY_SNAPSHOT …) carry it in the low byte
        if isinstance(link, sqlite3.OperationalError) and link.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY:
            return True
    return False


R = TypeVar("R", bound=Response)


def retry_after(response: R) -> R:
    """``response`` as a 503 asking the client to come back later."""
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def unavailable_response(media_type: str = "application/json") -> JSONResponse:
    return retry_after(
        JSONResponse(
            {"errors": [{"message": MESSAGE, "extensions": {"code": DATABASE_UNAVAILABLE}}]},
            media_type=media_type,
        )
    )
