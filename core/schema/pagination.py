"""Relay connections over scoped querysets (``first``/``after``, ``totalCount``)."""

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

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


def _encode(offset: int) -> str:
    return base64.b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode()


def _decode(cursor: str) -> int:
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
        if not text.startswith(_CURSOR_PREFIX):
            raise ValueError(cursor)
        offset = int(text[len(_CURSOR_PREFIX):])
        if offset < 0:
            raise ValueError(cursor)
        return offset
    except ValueError:
        raise GraphQLError("after 参数不是有效的游标", extensions={"code": "BAD_USER_INPUT"}) from None


def check_first(first: int) -> None:
    if not 0 <= first <= MAX_PAGE_SIZE:
        raise GraphQLError(
            f"first 应在 0 到 {MAX_PAGE_SIZE} 之间", extensions={"code": "BAD_USER_INPUT"}
        )


async def paginate(queryset: QuerySet, first: int, after: str | None) -> Connection[Any]:
    """One page of an ordered queryset; fetches one row more to know whether more follow."""
    check_first(first)
    start = _decode(after) + 1 if after else 0
    rows = await queryset.offset(start).limit(first + 1) if first else []
    page = rows[:first]
    edges = [Edge(node=row, cursor=_encode(start + i)) for i, row in enumerate(page)]
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
    edges = [Edge(node=row, cursor=_encode(start + i)) for i, row in enumerate(page)]
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
