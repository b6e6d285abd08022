"""Relay connections over scoped querysets (``first``/``after``, ``totalCount``)."""

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info
from tortoise.queryset import QuerySet

from core.schema.plan import selected_columns
from graphql import GraphQLError

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
_CURSOR_PREFIX = "o:"


@strawberry.type(description="分页信息")
class PageInfo:
    has_next_page: bool = strawberry.field(description="之后是否还有记录")
    has_previous_page: bool = strawberry.field(description="之前是否还有记录")
    start_cursor: str | None = strawberry.field(description="本页第一条记录的游标")
    end_cursor: str | None = strawberry.field(description="本页最后一条记录的游标；传给 after 取下一页")


@strawberry.type(description="连接中的一条边：记录及其游标")
class Edge(Generic[T]):
    node: T = strawberry.field(description="记录")
    cursor: str = strawberry.field(description="该记录的不透明游标")


@strawberry.type(description="分页连接（Relay 规范）")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="本页的边")
    page_info: PageInfo = strawberry.field(description="分页信息")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="符合条件的记录总数")
    async def total_count(self) -> int:
        return await self.count()


def encode_cursor(offset: int, key: int | None = None) -> str:
    """An opaque cursor: the row's offset and, for connections ordered by id, its id (keyset)."""
    text = f"{_CURSOR_PREFIX}{offset}" if key is None else f"{_CURSOR_PREFIX}{offset}:{key}"
    return base64.b64encode(text.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[int, int | None]:
    """(offset, id or None); cursors without an id (older ones, computed lists) are offsets."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(cursor)
        offset_text, _, key_text = text[len(_CURSOR_PREFIX):].partition(":")
        offset = int(offset_text)
        key = int(key_text) if key_text else None
        if offset < 0 or (key is not None and key < 0):
            raise ValueError(cursor)
        return offset, key
    except ValueError:
        raise GraphQLError("after 参数不是有效的游标", extensions={"code": "BAD_USER_INPUT"}) from None


def _decode(cursor: str) -> int:
    return _decode_cursor(cursor)[0]


def check_first(first: int) -> None:
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise GraphQLError(
            f"first 应在 0 到 {MAX_PAGE_SIZE} 之间", extensions={"code": "BAD_USER_INPUT"}
        )


def _ordered_by_id(queryset: QuerySet) -> bool:
    orderings = getattr(queryset, "_orderings", None) or []
    if len(orderings) != 1:
        return False
    field, order = orderings[0]
    return field in ("id", "pk") and str(getattr(order, "value", order)).upper() == "ASC"


async def paginate(queryset: QuerySet, first: int, after: str | None, info: Info | None = None) -> Connection[Any]:
    """One page of an ordered queryset; fetches one row more to know whether more follow.

    A queryset ordered by ``id`` ascending alone pages by keyset: its cursors carry the row's id
    and the next page is ``id > last`` (an index range, whatever the depth) instead of
    ``OFFSET``. Cursors without an id (other orders, older cursors) work by offset. Given the
    field's ``info``, the page reads only the columns its selection needs, when that is known
    (core/schema/plan.py): fewer values to convert and no decryption of unselected ones."""
    check_first(first)
    by_id = _ordered_by_id(queryset)
    offset, key = _decode_cursor(after) if after else (-1, None)
    start = offset + 1
    page_query = queryset.filter(id__gt=key) if by_id and key is not None else queryset.offset(start)
    columns = selected_columns(info, queryset.model) if info is not None else None
    if columns is not None:
        page_query = page_query.only(*columns)
    rows: list[Any] = await page_query.limit(first + 1) if first else []
    page = rows[:first]
    edges = [Edge(node=row, cursor=encode_cursor(start + i, row.pk if by_id else None)) for i, row in enumerate(page)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=queryset.count,
    )


def paginate_sequence(items: Sequence[Any], first: int, after: str | None) -> Connection[Any]:
    """One page of a list computed in Python (e.g. ranked candidates), with the same cursors,
    limits and ``totalCount`` as ``paginate``."""
    check_first(first)
    start = _decode(after) + 1 if after else 0
    page = list(items[start:start + first])
    edges = [Edge(node=row, cursor=encode_cursor(start + i)) for i, row in enumerate(page)]
    total = len(items)

    async def count() -> int:
        return total

    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + first < total,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )
