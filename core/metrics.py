"""Optional Prometheus metrics (setting ``metrics_enabled``, package ``junxiu[metrics]``):
requests by route and status, request latency, GraphQL errors by code, and lists the executor
completed on the general path instead of building them row by row (core/schema/execution.py).

Each app has its own registry, so several apps in one process (tests) count apart. Code deep in
a request (the error reporter, the executor) reaches the app's metrics through a context
variable the request middleware sets; outside a request, or with metrics off, counting does
nothing.
"""

import contextvars
from types import ModuleType
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

#: the metrics of the app serving the current request, if it keeps any
current: contextvars.ContextVar["Metrics | None"] = contextvars.ContextVar("metrics", default=None)


class MetricsUnavailable(Exception):
    """``metrics_enabled`` is set but prometheus-client is not installed."""


def prometheus_client() -> ModuleType:
    """The prometheus-client package, or ``MetricsUnavailable`` saying how to install it."""
    try:
        import prometheus_client
    except ImportError:
        raise MetricsUnavailable(
            "metrics_enabled 需要 prometheus-client：请安装 junxiu[metrics]（pip install 'junxiu[metrics]'）"
        ) from None
    return prometheus_client


class Metrics:
    def __init__(self) -> None:
        self.prometheus = prometheus = prometheus_client()
        self.registry = prometheus.CollectorRegistry()
        self.requests = prometheus.Counter(
            "junxiu_http_requests", "HTTP 请求数（按路由与状态码）", ["route", "status"], registry=self.registry
        )
        self.latency = prometheus.Histogram(
            "junxiu_http_request_duration_seconds", "HTTP 请求处理时间（秒，按路由）", ["route"],
            registry=self.registry,
        )
        self.errors = prometheus.Counter(
            "junxiu_graphql_errors",
            "GraphQL 错误数（按错误代码；kind=error 为顶层错误，userError 为变更的 userErrors）",
            ["kind", "code"],
            registry=self.registry,
        )
        self.fallbacks = prometheus.Counter(
            "junxiu_list_fallbacks", "由通用执行路径而非逐行构建完成的对象列表数", registry=self.registry
        )

    def observe_request(self, route: str, status: int, seconds: float) -> None:
        self.requests.labels(route=route, status=str(status)).inc()
        self.latency.labels(route=route).observe(seconds)

    async def endpoint(self, request: Request) -> Response:
        return Response(self.prometheus.generate_latest(self.registry), media_type=self.prometheus.CONTENT_TYPE_LATEST)


def count_error(code: Any, kind: str = "error") -> None:
    """Counts one GraphQL error (``code`` as in ``extensions.code``; none: ``NONE``)."""
    metrics = current.get()
    if metrics is not None:
        metrics.errors.labels(kind=kind, code=str(code or "NONE")[:40]).inc()


def count_fallback() -> None:
    """Counts one list completed on the general execution path."""
    metrics = current.get()
    if metrics is not None:
        metrics.fallbacks.inc()
