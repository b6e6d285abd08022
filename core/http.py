"""ASGI middleware bounding HTTP requests: body size (413) and GraphQL processing time (504),
and the JSON answer to any other request the server refuses (unknown path, method).

They answer in the shape of a GraphQL request error (``{"errors": [...]}``, no ``data``: the
request never reached execution) with a Chinese message and a stable ``extensions.code``
(``PAYLOAD_TOO_LARGE``, ``TIMEOUT``, ``NOT_FOUND``, ``METHOD_NOT_ALLOWED``, ``BAD_REQUEST``).
"""

import asyncio
import logging
from collections.abc import Collection
from typing import Any

from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("junxiu.http")


#: the server's own refusals by status -> (code, Chinese message)
_HTTP_REFUSALS = {
    404: ("NOT_FOUND", "请求的地址不存在"),
    405: ("METHOD_NOT_ALLOWED", "该地址不支持此请求方法"),
}


def error_response(message: str, code: str, status_code: int) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status_code)


async def http_refusal(request: Request, exc: Exception) -> JSONResponse:
    """Starlette's refusals (no route, wrong method, a missing static file) as JSON errors."""
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    code, message = _HTTP_REFUSALS.get(status, ("BAD_REQUEST", "请求不合法"))
    headers = exc.headers if isinstance(exc, HTTPException) else None  # e.g. Allow on a 405
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status, headers=headers
    )


class BodySizeLimit:
    """Refuses a request whose body exceeds ``max_bytes`` (``upload_max_bytes`` for a
    ``multipart/form-data`` upload) with 413: at once when ``Content-Length`` says so, otherwise
    while counting the streamed (e.g. chunked) bytes. The body, at most that limit, is read
    before the application runs and replayed to it."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_max_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes or max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        upload = headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        limit = self.upload_max_bytes if upload else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await self.too_large(scope, receive, send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left; nobody to answer
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await self.too_large(scope, receive, send, limit)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def too_large(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = error_response(f"请求体过大：不得超过 {limit} 字节", "PAYLOAD_TOO_LARGE", 413)
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


class RequestTimeout:
    """Ends a request to one of ``paths`` that takes longer than ``seconds`` (reading the
    body included) with 504 and a ``TIMEOUT`` error, cancelling its work."""

    def __init__(self, app: ASGIApp, seconds: float, paths: Collection[str] = ("/graphql",)) -> None:
        self.app = app
        self.seconds = seconds
        self.paths = {path.rstrip("/") for path in paths}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") not in self.paths:
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds) as deadline:
                await self.app(scope, receive, tracking_send)
        except TimeoutError:
            if not deadline.expired():
                raise  # a TimeoutError of the application's own, not our deadline
            logger.warning("请求超时（%s 秒）：%s %s", self.seconds, scope.get("method"), scope["path"])
            if started:
                return  # the response was already under way; it simply ends here
            response = error_response(f"请求处理超时：超过 {self.seconds:g} 秒", "TIMEOUT", 504)
            await response(scope, receive, send)


def http_middleware(settings: Any) -> list[Middleware]:
    """The request limits of ``settings``, outermost first (the timeout covers body reading)."""
    return [
        Middleware(RequestTimeout, seconds=settings.request_timeout_seconds),
        # an upload carries its file besides the usual body
        Middleware(
            BodySizeLimit, max_bytes=settings.max_body_bytes,
            upload_max_bytes=settings.max_body_bytes + settings.attachment_max_bytes,
        ),
    ]
