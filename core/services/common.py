"""Helpers every service uses: scoped lookups, optimistic versions, field assignment."""

from collections.abc import Mapping
from typing import Any, TypeVar

from tortoise.models import Model

from core.errors import ErrorCode, ServiceError
from core.models.base import Versioned
from core.principal import Principal
from core.scope import scoped
from core.validation import camel, check_lengths

M = TypeVar("M", bound=Model)


async def get_visible(model: type[M], pk: int, principal: Principal, field: str = "id") -> M:
    """The row if it exists and is in scope; NOT_FOUND either way, so scope leaks nothing."""
    row = await scoped(model, principal).get_or_none(id=pk)
    if row is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "记录不存在或不在可见范围内", field)
    return row


async def lock_visible(model: type[M], pk: int, principal: Principal, field: str = "id") -> M:
    """Like ``get_visible`` but locks the row until the transaction ends (PostgreSQL)."""
    row = await scoped(model, principal).select_for_update().get_or_none(id=pk)
    if row is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "记录不存在或不在可见范围内", field)
    return row


def check_version(row: Versioned, expected: int) -> None:
    """STALE_VERSION unless the client edited the version the row has now."""
    if row.version != expected:
        raise ServiceError(
            ErrorCode.STALE_VERSION,
            f"记录已被修改（当前版本 {row.version}，提交版本 {expected}），请刷新后重试",
            "version",
        )


def accept(
    model: type[Model],
    values: Mapping[str, Any],
    editable: frozenset[str],
    *,
    creating: bool,
    prefix: str = "",
) -> dict[str, Any]:
    """The client-settable ``values``: only ``editable`` fields (anything else is a caller's
    bug), no null in a NOT NULL column, and on creation every column without a default."""
    unknown = set(values) - editable
    if unknown:
        raise TypeError(f"{model.__name__} 不能经此修改字段 {sorted(unknown)}")
    fields_map = model._meta.fields_map
    for name in sorted(editable):
        field = fields_map[name]
        missing = values.get(name) is None and (name in values or (creating and field.default is None))
        if missing and not field.null:
            raise ServiceError(ErrorCode.REQUIRED, "不能为空", prefix + camel(name))
    return dict(values)


def assign(row: M, values: Mapping[str, Any]) -> list[str]:
    """Set the given attributes (after length checks); returns the changed field names."""
    check_lengths(type(row), values)
    changed = []
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed

