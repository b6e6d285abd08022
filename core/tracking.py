"""What every request carries through the application: its id, its client's address, and one
access-log line (and metrics) when it ends.

- Request id: an incoming ``X-Request-ID`` of up to 64 letters, digits, ``.``, ``_``, ``-`` or
  ``:`` is kept (a reverse proxy's id then joins both logs), anything else is replaced by a new
  one; the response carries it back in ``X-Request-ID``.
- Client address: the connection's peer, unless the peer is one of ``trusted_proxies``: then the
  right-most address of ``X-Forwarded-For`` that is not itself a trusted proxy (each proxy
  appends the address it saw, so everything left of the first untrusted one can be forged).
  The result replaces the ASGI scope's ``client``, which the audit log reads; from a trusted
  proxy, ``X-Forwarded-Proto`` (``http`` or ``https``) likewise replaces the scope's scheme.
- An exception no layer handled answers a JSON 500 with ``INTERNAL`` and an ``errorId``, logged
  once with its traceback on ``junxiu.errors``.

Why not uvicorn's ``ProxyHeadersMiddleware``: it takes any text of the header as the client
address (not only IP addresses) and silently treats a malformed trusted entry as a host name;
here the trusted networks are validated settings and only IP addresses are believed.
"""

import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Sequence

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import logs
from core.metrics import Metrics
from core.metrics import current as current_metrics

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
access_logger = logging.getLogger("junxiu.access")
error_logger = logging.getLogger("junxiu.errors")
#: paths reported by name in logs and metrics; anything else is "other"
_ROUTES = ("/graphql/static", "/graphql", "/health", "/ready", "/metrics", "/docs")


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 from a dual-stack socket
    return mapped or address


def is_trusted(host: str, trusted: Sequence[IPNetwork]) -> bool:
    """Whether ``host`` is an IP address within one of the ``trusted`` networks."""
    address = _address(host)
    return address is not None and any(address in network for network in trusted)


def client_address(peer: str, forwarded_for: Sequence[str], trusted: Sequence[IPNetwork]) -> str:
    """The client's address: ``peer``, or when ``peer`` is a trusted proxy, the right-most
    untrusted address of the ``X-Forwarded-For`` header values (all hops trusted: the
    left-most; a hop that is not an IP address ends the walk at the last trusted one)."""
    if not is_trusted(peer, trusted):
        return peer
    client = peer
    hops = [hop for value in forwarded_for for hop in value.split(",")]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = str(address)
        if not is_trusted(client, trusted):
            break
    return client


def route_label(path: str) -> str:
    """A bounded label for ``path`` (metrics must not grow a series per URL)."""
    for route in _ROUTES:
        if path == route or path.startswith(route + "/"):
            return route
    return "other"


class RequestTracking:
    """Outermost middleware: request id, client address, access log, metrics, last-resort 500."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[IPNetwork] = (), metrics: Metrics | None = None) -> None:
        self.app = app
        self.trusted_proxies = tuple(trusted_proxies)
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        incoming = headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        if scope.get("client"):
            peer, port = scope["client"]
            address = client_address(peer, headers.getlist("x-forwarded-for"), self.trusted_proxies)
            scope = {**scope, "client": (address, port)}
            # behind a TLS-terminating proxy, redirects (``/docs`` → ``/docs/``) keep ``https``
            scheme = headers.get("x-forwarded-proto", "").strip().lower()
            if scheme in ("http", "https") and is_trusted(peer, self.trusted_proxies):
                scope["scheme"] = scheme
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        request_token = logs.request_id.set(request_id)
        principal_token = logs.principal_id.set("-")  # the GraphQL endpoint sets it once known
        metrics_token = current_metrics.set(self.metrics)
        begun = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:  # noqa: BLE001 - the last resort: answer, log once, go on
            error_id = uuid.uuid4().hex
            error_logger.error("未处理的异常 %s %s: %r", scope["method"], scope["path"], error,
                               exc_info=error, extra={"error_id": error_id})
            if not started:
                response = JSONResponse(
                    {"errors": [{"message": "内部错误", "extensions": {"code": "INTERNAL", "errorId": error_id}}]},
                    status_code=500,
                )
                await response(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - begun
            # the route, not the URL: a path or query string may carry anything a client typed
            route = route_label(scope["path"])
            access_logger.info("%s %s %d %.1fms", scope["method"], route, status, seconds * 1000)
            if self.metrics is not None:
                self.metrics.observe_request(route, status, seconds)
            current_metrics.reset(metrics_token)
            logs.principal_id.reset(principal_token)
            logs.request_id.reset(request_token)
