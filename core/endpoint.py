"""The GraphQL HTTP endpoint: strawberry's ASGI view with our request context, the locally
served IDE, and the GraphQL-over-HTTP conventions: ``application/graphql-response+json``
when the client accepts it (request errors then answer 400 with no ``data`` entry),
``application/json`` otherwise, malformed requests answered with a GraphQL-shaped JSON error and
the right status, and a database that cannot be reached answered with 503 (see
``core.unavailable``)."""

import json
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from core import audit, logs
from core.principal import ANONYMOUS, Principal
from core.schema.context import RequestContext
from core.services.accounts import authenticate
from core.unavailable import DATABASE_UNAVAILABLE, is_database_unavailable, retry_after, unavailable_response

STATIC = Path(__file__).parent / "static" / "graphiql"
GRAPHQL_RESPONSE = "application/graphql-response+json"
NOT_UTF8 = "Request body is not valid UTF-8"
#: a browser sends a cross-site form (multipart/form-data) without a preflight; a header of
#: our own forces one, so an upload is never a cross-site request forgery
PREFLIGHT_HEADER = "apollo-require-preflight"
NO_PREFLIGHT = "Multipart request without the preflight header"
#: strawberry's (and our) reasons for refusing a request -> (status, code, Chinese message)
_REFUSALS = {
    "No GraphQL query found in the request": (400, "BAD_REQUEST", "请求中没有 GraphQL 查询（query）"),
    "Unable to parse request body as JSON": (400, "BAD_REQUEST", "请求体不是有效的 JSON"),
    NOT_UTF8: (400, "BAD_REQUEST", "请求体不是有效的 UTF-8 文本"),
    NO_PREFLIGHT: (400, "BAD_REQUEST", "multipart 上传请求须带请求头 Apollo-Require-Preflight: true（防跨站请求伪造）"),
    "Unable to parse the multipart body": (400, "BAD_REQUEST", "multipart 请求体无法解析"),
    "File(s) missing in form data": (400, "BAD_REQUEST", "multipart 请求的 map 指向了不存在的文件"),
    "Unsupported content type": (415, "UNSUPPORTED_MEDIA_TYPE", "不支持的 Content-Type，请使用 application/json"),
    "GraphQL only supports GET and POST requests.": (405, "METHOD_NOT_ALLOWED", "只支持 GET 与 POST 请求"),
    "queries are not allowed when using GET": (405, "METHOD_NOT_ALLOWED", "未开放以 GET 方式查询，请使用 POST"),
    "mutations are not allowed when using GET": (405, "METHOD_NOT_ALLOWED", "变更（mutation）只能以 POST 提交"),
    "subscriptions are not allowed when using GET": (405, "METHOD_NOT_ALLOWED", "不支持订阅（subscription）"),
    "Batching is not enabled": (400, "BATCHING_DISABLED", "不支持批量请求（JSON 数组）"),
    "Can't get GraphQL operation type": (400, "BAD_REQUEST", "无法确定要执行的操作，请指定 operationName"),
}
#: refusals whose reason names the client's input, by the reason's beginning
_REFUSAL_PREFIXES = {
    "Unknown operation named": (400, "BAD_REQUEST", "operationName 指定的操作不在文档中"),
    "The GraphQL operation's": (400, "BAD_REQUEST", "请求体字段类型错误：query 须为字符串，"
                                                     "variables 与 extensions 须为对象"),
}


def refusal(reason: str, status: int) -> tuple[int, str, str]:
    """(status, code, Chinese message) for a reason strawberry gives for refusing a request."""
    if reason in _REFUSALS:
        return _REFUSALS[reason]
    for prefix, answer in _REFUSAL_PREFIXES.items():
        if reason.startswith(prefix):
            return answer
    return status, "BAD_REQUEST", f"请求不合法：{reason}"


async def request_principal(request: Request) -> Principal:
    """Who sends the request: the account of its bearer token, or anonymous. An invalid,
    expired or revoked token is anonymous too; the gate then asks to log in."""
    header = request.headers.get("authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return ANONYMOUS
    return await authenticate(raw.strip()) or ANONYMOUS


def _is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


def _media_type(request: Request) -> str:
    return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in request.headers.get("accept", "") else "application/json"


class GraphQLEndpoint(GraphQL):
    def __init__(self, schema: Any, factories: dict[str, Any], *, ide: bool, queries_via_get: bool = False) -> None:
        # mutations are never allowed over GET: strawberry refuses them whatever this says
        super().__init__(
            schema, graphql_ide="graphiql" if ide else None, allow_queries_via_get=queries_via_get,
            multipart_uploads_enabled=True,
        )
        self.factories = factories

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        request = Request(scope=scope, receive=receive)
        try:
            if _is_multipart(request) and not request.headers.get(PREFLIGHT_HEADER, "").strip():
                raise HTTPException(400, NO_PREFLIGHT)
            response = await self.run(request)
        except HTTPException as refused:
            status, code, message = refusal(refused.reason, refused.status_code)
            response = JSONResponse(
                {"errors": [{"message": message, "extensions": {"code": code}}]},
                status_code=status,
                media_type=_media_type(request),
            )
        except Exception as error:
            # e.g. authenticating the token, before any resolver runs
            if not is_database_unavailable(error):
                raise
            response = unavailable_response(_media_type(request))
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                raise HTTPException(400, NOT_UTF8) from None
        return json.loads(data)

    def encode_json(self, data: object) -> bytes:
        # UTF-8 instead of \u escapes (Chinese text in half the bytes), and several times faster
        return orjson.dumps(data)

    async def get_context(self, request: Any, response: Any = None) -> RequestContext:  # type: ignore[override]
        audit.client_address.set(request.client.host if request.client else "")
        principal = await request_principal(request)
        logs.principal_id.set(str(principal.user_id) if principal.user_id is not None else "-")
        return RequestContext(
            principal=principal,
            loader_factories=self.factories,
            request=request,
            response=response,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    async def process_result(self, request: Request, result: Any) -> Any:  # type: ignore[override]
        data = await super().process_result(request, result)
        errors = data.get("errors") or []
        if any((error.get("extensions") or {}).get("code") == DATABASE_UNAVAILABLE for error in errors):
            request.state.database_unavailable = True
        # graphql-response+json: a request refused before execution (parse, validation,
        # limits, authentication: errors without a path, no data) answers 400, and, as the
        # GraphQL spec says of errors raised before execution begins, without a data entry
        if data.get("data") is None and errors and not any(error.get("path") for error in errors):
            request.state.graphql_request_error = True
            if _media_type(request) == GRAPHQL_RESPONSE:
                data.pop("data", None)
        return data

    def create_response(self, response_data: Any, sub_response: Response) -> Response:  # type: ignore[override]
        response = super().create_response(response_data, sub_response)
        request = getattr(sub_response, "graphql_request", None)
        if request is not None and _media_type(request) == GRAPHQL_RESPONSE:
            response.headers["content-type"] = GRAPHQL_RESPONSE
            if getattr(request.state, "graphql_request_error", False):
                response.status_code = 400
        if request is not None and getattr(request.state, "database_unavailable", False):
            retry_after(response)  # a resolver could not reach the database: 503, whatever the media type
        return response

    async def get_sub_response(self, request: Request) -> Response:  # type: ignore[override]
        sub_response = await super().get_sub_response(request)
        sub_response.graphql_request = request  # type: ignore[attr-defined]
        return sub_response
