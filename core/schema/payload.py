"""Mutation plumbing: ``userErrors``, ID decoding and turning service errors into payloads."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info
from tortoise import fields
from tortoise.transactions import in_transaction

from core import audit
from core.errors import ErrorCode, ServiceError
from core.metrics import count_error
from core.models.enums import AuditAction, AuditOutcome
from core.services.accounts import ensure_signed_in
from core.validation import camel

P = TypeVar("P")
#: the schema's ``ErrorCode`` enum: built per schema, as enabled plugins add their codes
ErrorCodeRef = Annotated["ErrorCode", strawberry.lazy("core.schema.registry")]

#: the key of a mutation field's metadata under which it declares its ``Requirement``
REQUIREMENT = "junxiu.requirement"
#: ``requires`` of an action open to anyone, signed in or not (only ``login``)
ANYONE = "anyone"
#: ``requires`` of an action on the principal's own account, open to every signed-in principal
SIGNED_IN = "signed-in"


@dataclass(frozen=True)
class Requirement:
    """The permission a mutation's service requires, declared next to the mutation so that the
    permission matrix test knows, without running the code, who must succeed and who must be
    refused. ``on_self`` is the permission that suffices instead when the record acted on is
    the principal's own (a retiree enrolling themselves)."""

    permission: str
    on_self: str | None = None


def requirement_of(field: Any) -> Requirement | None:
    """The declared requirement of a strawberry mutation field (None if undeclared)."""
    return (field.metadata or {}).get(REQUIREMENT)


@strawberry.type(description="业务错误：输入不合法、记录不存在、无权限、冲突、超额等")
class UserError:
    field: str | None = strawberry.field(description="出错的输入字段（GraphQL 命名，如 idNumber、awards.0.level）")
    message: str = strawberry.field(description="中文错误说明")
    code: ErrorCodeRef = strawberry.field(description="稳定的错误代码")


def user_errors(error: ServiceError) -> list[UserError]:
    """A refusal as the ``userErrors`` of a payload."""
    return [UserError(field=error.field, message=error.message, code=error.code)]


#: the largest key a node's row can have: node models' primary keys are ``IntField``s (a
#: 32-bit integer on PostgreSQL); a larger number names no row rather than overflowing the query
MAX_NODE_KEY = fields.IntField(primary_key=True).constraints["le"]


def node_key(text: str) -> int | None:
    """The primary key a global ID's number names, or None when no row can have it."""
    if not text.isdigit() or text.startswith("0") or len(text) > len(str(MAX_NODE_KEY)):
        return None
    key = int(text)
    return key if key <= MAX_NODE_KEY else None


def parse_global_id(global_id: str, field: str) -> tuple[str, int]:
    """(type name, primary key) of a canonical global ID. Lenient base64 would accept
    garbage that happens to start with a valid ID, so the ID must re-encode to itself. A
    well-formed ID whose number no row can have is NOT_FOUND, as an absent row would be."""
    try:
        decoded = relay.GlobalID.from_id(global_id)
    except Exception:  # malformed base64 or separator: the client's error, not ours
        raise ServiceError(ErrorCode.INVALID_ID, "不是有效的全局 ID", field) from None
    if str(decoded) != global_id or not decoded.node_id.isdigit() or decoded.node_id.startswith("0"):
        raise ServiceError(ErrorCode.INVALID_ID, "不是有效的全局 ID", field)
    key = node_key(decoded.node_id)
    if key is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "记录不存在或不在可见范围内", field)
    return decoded.type_name, key


def decode_id(global_id: strawberry.ID, type_name: str, field: str) -> int:
    """The primary key inside a global ID of ``type_name``, or INVALID_ID naming ``field``."""
    decoded_type, pk = parse_global_id(global_id, field)
    if decoded_type != type_name:
        raise ServiceError(ErrorCode.INVALID_ID, f"应为 {type_name} 的 ID", field)
    return pk


async def run_mutation(
    info: Info,
    input: Any,
    call: Callable[[], Awaitable[Any]],
    payload: Callable[..., P],
    result: str | None,
    *,
    action: AuditAction = AuditAction.MUTATION,
) -> P:
    """Run one mutation as one transaction together with its audit record.

    The service call's value goes to the payload field ``result`` (or, when ``result`` is
    None, is a mapping of payload fields); a ServiceError rolls everything back, goes to
    userErrors and is audited as refused (and, when it discloses something of another record, as
    a refused sensitive read of it). The audit names the input fields, not the values."""
    principal = info.context.principal
    fields = [camel(name) for name in input_values(input)] if input is not None else []
    try:
        async with in_transaction():
            await ensure_signed_in(principal)
            value = await call()
            target = next(iter(value.values()), None) if result is None else value
            await audit.record(
                action, principal, operation=info.field_name, fields=fields,
                target_type=_type_name(target), target_id=getattr(target, "pk", None),
            )
    except ServiceError as error:
        await audit.record(
            action, principal, operation=info.field_name, fields=fields,
            outcome=AuditOutcome.REFUSED, error_code=error.code,
        )
        if error.discloses is not None:
            target_type, target_id, field = error.discloses
            await audit.record(
                AuditAction.SENSITIVE_READ, principal, operation=info.field_name,
                target_type=target_type, target_id=target_id, fields=[field],
                outcome=AuditOutcome.REFUSED, error_code=error.code,
            )
        count_error(error.code, kind="userError")
        return payload(user_errors=user_errors(error))
    fields_of_payload = value if result is None else {result: value}
    return payload(**fields_of_payload, user_errors=[])


def _type_name(target: Any) -> str:
    return type(target).__name__ if getattr(target, "pk", None) is not None else ""


def input_values(data: Any, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a client set on an input object (UNSET left out), as model field names."""
    return {
        name: value
        for name, value in vars(data).items()
        if value is not strawberry.UNSET and name not in exclude
    }
