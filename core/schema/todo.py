"""GraphQL of due items: ``viewer { todo(first, after) }`` (core/todo.py)."""

import datetime as dt
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from core import clock
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate_sequence
from core.todo import Due, due_item_sources, due_items


@strawberry.type(description="待办事项：某项须在某日前办理的工作")
class TodoItem:
    source: str = strawberry.field(description="来源（插件前缀的名称，如 sanatorium.pending_reviews）")
    source_label: str = strawberry.field(description="来源的中文名称")
    title: str = strawberry.field(description="事项标题")
    detail: str = strawberry.field(description="补充说明")
    due_on: dt.date = strawberry.field(description="应办日期")
    overdue: bool = strawberry.field(description="是否已逾期（应办日期早于今天）")
    # the record's row: the Node interface finds its type (ModelNode.is_type_of)
    record: relay.Node = strawberry.field(description="事项涉及的记录（其 id 可用于 node(id:)）")


def _item(due: Due, today: dt.date) -> TodoItem:
    record: Any = due.item.record
    return TodoItem(
        source=due.source.name, source_label=due.source.label, title=due.item.title, detail=due.item.detail,
        due_on=due.item.due_on, overdue=due.item.due_on < today, record=record,
    )


async def todo(info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None) -> Connection[TodoItem]:
    """The acting principal's due items of every enabled plugin, earliest first."""
    host = info.context.request.app.state.host
    today = clock.today()
    found = await due_items(info.context.principal, today, due_item_sources(host))
    return paginate_sequence([_item(due, today) for due in found], first, after)
