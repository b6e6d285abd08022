"""Mutation plumbing: ``userErrors``, ID decoding and turning service errors into payloads."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from strawberry import relay

from core.errors import ErrorCode, ServiceError

P = TypeVar("P")


@strawberry.type(description="业务错误：输入不合法、记录不存在、无权限、冲突、超额等")
class UserError:
    field: str | None = strawberry.field(description="出错的输入字段（GraphQL 命名，如 idNumber、awards.0.level）")
    message: str = strawberry.field(description="中文错误说明")
    code: ErrorCode = strawberry.field(description="稳定的错误代码")


def decode_id(global_id: strawberry.ID, type_name: str, field: str) -> int:
    """The primary key inside a global ID of ``type_name``, or INVALID_ID naming ``field``."""
    try:
        decoded = relay.GlobalID.from_id(global_id)
    except Exception:  # malformed base64 or separator: the client's error, not ours
        raise ServiceError(ErrorCode.INVALID_ID, "不是有效的全局 ID", field) from None
    if decoded.type_name != type_name or not decoded.node_id.isdigit():
        raise ServiceError(ErrorCode.INVALID_ID, f"应为 {type_name} 的 ID", field)
    return int(decoded.node_id)


def decode_optional_id(global_id: strawberry.ID | None, type_name: str, field: str) -> int | None:
    return None if global_id is None else decode_id(global_id, type_name, field)


async def run_mutation(
    call: Callable[[], Awaitable[Any]], payload: Callable[..., P], result: str | None
) -> P:
    """Await the service call; its value goes to the payload field ``result`` (or, when
    ``result`` is None, is a mapping of payload fields); a ServiceError goes to userErrors."""
    try:
        value = await call()
    except ServiceError as error:
        return payload(user_errors=[UserError(field=error.field, message=error.message, code=error.code)])
    fields = value if result is None else {result: value}
    return payload(**fields, user_errors=[])


def input_values(data: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a client set on an input object (UNSET left out), as model field names."""
    return {
        name: value
        for name, value in vars(data).items()
        if value is not strawberry.UNSET and name not in exclude
    }
