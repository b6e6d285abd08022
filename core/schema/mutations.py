"""Declarative mutations: a mutation names its service, input and payload once.

``mutation(description, requires=…, service=…, input=…, payload=…)`` produces the resolver:
it turns the input into the service's keyword arguments (global IDs decoded, ``UNSET``
fields left out, nested inputs as mappings), calls ``service(principal, **arguments)`` through
``run_mutation`` (one transaction with its audit record, refusals as ``userErrors``) and puts
the result into a payload made by ``payload(…)``. Whether the input fits the service's
signature is checked when the mutation is declared, so a mismatch fails at import, not on
the first request.
"""

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import Any

import strawberry
from strawberry.types import Info, get_object_definition, has_object_definition

from core.errors import ErrorCode, ServiceError
from core.models.enums import AuditAction
from core.principal import Principal
from core.schema.payload import REQUIREMENT, Requirement, UserError, decode_id, node_key, run_mutation
from core.validation import camel

#: key of an input field's metadata naming the node type its global ID refers to
REFERS = "junxiu.refers"
#: key of an input field's metadata naming the service parameter it reaches
ARGUMENT = "junxiu.argument"
#: ``refers`` target of a plain row number (an API token's number), not a global ID
ROW_NUMBER = "#"
#: the service parameter that receives, as one mapping, the input fields it does not name
VALUES = "values"

_REQUIRED: Any = object()
#: the release that drops result fields renamed after their types (see the deprecation policy)
FORMER_NAMES_REMOVED_IN = "0.3"


def refers(type_name: str, description: str, *, to: str | None = None, default: Any = _REQUIRED) -> Any:
    """An input field holding the global ID of a ``type_name`` node (a list of them too): the
    kit passes the service its primary key, or refuses with INVALID_ID / NOT_FOUND naming the
    field. ``to`` names the service parameter when it differs from the field's name
    (``id`` → ``retiree_id``)."""
    metadata: dict[str, str] = {REFERS: type_name}
    if to is not None:
        metadata[ARGUMENT] = to
    if default is _REQUIRED:
        return strawberry.field(description=description, metadata=metadata)
    return strawberry.field(default=default, description=description, metadata=metadata)


def _decode(value: Any, type_name: str, field: str) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [_decode(item, type_name, f"{field}.{index}") for index, item in enumerate(value)]
    if type_name != ROW_NUMBER:
        return decode_id(value, type_name, field)
    if not value.isdigit():
        raise ServiceError(ErrorCode.INVALID_ID, "不是有效的编号", field)
    key = node_key(value)
    if key is None:  # a number no row can have
        raise ServiceError(ErrorCode.NOT_FOUND, "记录不存在或不在可见范围内", field)
    return key


def _plain(value: Any, field: str) -> Any:
    if isinstance(value, list):
        return [_plain(item, f"{field}.{index}") for index, item in enumerate(value)]
    if has_object_definition(value):
        return service_arguments(value, f"{field}.")
    return value


def _input_fields(input_type: type) -> Sequence[Any]:
    return get_object_definition(input_type, strict=True).fields


def service_arguments(data: Any, prefix: str = "") -> dict[str, Any]:
    """The input as service keyword arguments: fields the client left ``UNSET`` are left out,
    global IDs decoded (errors name the field in GraphQL spelling, nested ones as
    ``quotas.0.agencyId``), nested inputs as mappings."""
    arguments: dict[str, Any] = {}
    for field in _input_fields(type(data)):
        value = getattr(data, field.python_name)
        if value is strawberry.UNSET:
            continue
        name = prefix + camel(field.python_name)
        metadata = field.metadata or {}
        value = _decode(value, metadata[REFERS], name) if REFERS in metadata else _plain(value, name)
        arguments[metadata.get(ARGUMENT, field.python_name)] = value
    return arguments


def _bind(parameters: Sequence[str], arguments: dict[str, Any]) -> dict[str, Any]:
    """Arguments the service names go by name; the rest go in its ``values`` mapping."""
    named = {name: value for name, value in arguments.items() if name in parameters}
    if VALUES in parameters:
        named[VALUES] = {name: value for name, value in arguments.items() if name not in parameters}
    return named


def _parameters(service: Callable[..., Any], input_type: type) -> tuple[str, ...]:
    """The service's parameter names after the principal; refuses an input field that
    reaches none of them (unless the service takes ``values``)."""
    parameters = tuple(inspect.signature(service).parameters)[1:]
    if VALUES not in parameters:
        for field in _input_fields(input_type):
            target = (field.metadata or {}).get(ARGUMENT, field.python_name)
            if target not in parameters:
                raise TypeError(
                    f"{input_type.__name__}.{field.python_name} reaches no parameter of {service.__qualname__}"
                )
    return parameters


async def _call(
    service: Callable[..., Awaitable[Any]],
    parameters: Sequence[str],
    result_of: str | None,
    principal: Principal,
    input: Any,
) -> Any:
    value = await service(principal, **_bind(parameters, service_arguments(input)))
    return await getattr(value, result_of) if result_of else value


def payload(name: str, result: str, result_type: Any, label: str, *, formerly: str | None = None) -> type:
    """The payload ``<name>Payload { <result>: <result_type>, userErrors }``; ``label`` is the
    Chinese name of the result (``军休干部``) its descriptions use. Name the result field after
    its type (``retiree``, ``universityClass``); ``formerly`` keeps a renamed result field,
    deprecated, for the clients that still read it (see the deprecation policy)."""
    return payload_of(
        name,
        f"{label}类变更的结果",
        (result, result_type, f"变更后的{label}"),
        formerly={formerly: result} if formerly else None,
    )


def payload_of(
    name: str, description: str, *results: tuple[str, Any, str], formerly: Mapping[str, str] | None = None
) -> type:
    """A payload with its own description and any number of results, (field, type, Chinese
    description) each: with one, the service returns it; with several, a tuple in this order.
    ``formerly`` maps the old names of renamed result fields to their new ones: each old name
    stays, deprecated, answering what the new one does."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations}
    described = {field: (result_type, text) for field, result_type, text in results}
    for field, (result_type, text) in described.items():
        annotations[field] = result_type | None
        namespace[field] = strawberry.field(default=None, description=text)
    annotations["user_errors"] = list[UserError]
    namespace["user_errors"] = strawberry.field(description="业务错误；为空表示成功")
    for old, new in (formerly or {}).items():
        namespace[old] = _alias(new, *described[new])
    namespace["__results__"] = tuple(described)
    return strawberry.type(type(f"{name}Payload", (), namespace), description=description)


def _alias(result: str, result_type: Any, text: str) -> Any:
    """A deprecated field answering what ``result`` does, under a result's former name."""

    def resolve(self: Any) -> Any:
        return getattr(self, result)

    resolve.__annotations__["return"] = result_type | None
    reason = f"请改用 {camel(result)}；将在 {FORMER_NAMES_REMOVED_IN} 删除"
    return strawberry.field(resolver=resolve, description=f"{text}（旧名）", deprecation_reason=reason)


def _resolver(
    service: Callable[..., Awaitable[Any]],
    input_type: type,
    payload_type: type,
    result_of: str | None,
    action: AuditAction,
) -> Callable[..., Awaitable[Any]]:
    parameters = _parameters(service, input_type)
    results: tuple[str, ...] = payload_type.__results__  # type: ignore[attr-defined]
    result = results[0] if len(results) == 1 else None

    async def resolve(info: Info, input: input_type) -> payload_type:  # type: ignore[valid-type]
        call = partial(_call, service, parameters, result_of, info.context.principal, input)
        if result is None:
            call = partial(_as_mapping, results, call)
        return await run_mutation(info, input, call, payload_type, result, action=action)

    return resolve


async def _as_mapping(fields: Sequence[str], call: Callable[[], Awaitable[Any]]) -> dict[str, Any]:
    value = await call()
    return dict(zip(fields, value, strict=True)) if fields else {}


def mutation(
    description: str,
    *,
    requires: str,
    on_self: str | None = None,
    service: Callable[..., Awaitable[Any]] | None = None,
    input: type | None = None,
    payload: type | None = None,
    result_of: str | None = None,
    action: AuditAction = AuditAction.MUTATION,
) -> Any:
    """A mutation field declaring the permission its service checks (``requires``: a
    permission code, ``SIGNED_IN`` or ``ANYONE``; ``on_self``: what suffices on the
    principal's own record), read by the permission matrix test.

    With ``service``, ``input`` and ``payload`` the kit produces the resolver (see the module
    docstring); ``result_of`` names a relation of what the service returns to put in the
    payload instead (a training record → its ``staff``). Without them it decorates a
    hand-written resolver: only for mutations outside a principal's transaction (``login``) or
    whose work goes on after it commits (an attachment's file placed in the store)."""
    metadata = {REQUIREMENT: Requirement(requires, on_self)}
    if service is None:
        return strawberry.mutation(description=description, metadata=metadata)
    if input is None or payload is None:
        raise TypeError("a mutation with a service names its input and payload too")
    resolver = _resolver(service, input, payload, result_of, action)
    return strawberry.mutation(resolver=resolver, description=description, metadata=metadata)
