"""GraphQL of due items: ``viewer { todo(first, after) }`` (core/todo.py)."""

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.types import Info

from core import clock
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate_sequence
from core.todo import Due, due_item_sources, due_items


@strawberry.type(description="待办事项：某项须在某日前办理的工作")
class TodoItem:
    due: strawberry.Private[Due]
    today: strawberry.Private[dt.date]

    @strawberry.field(description="来源（插件前缀的名称，如 sanatorium.pending_reviews）")
    def source(self) -> str:
        return self.due.source.name

    @strawberry.field(description="来源的中文名称")
    def source_label(self) -> str:
        return self.due.source.label

    @strawberry.field(description="事项标题")
    def title(self) -> str:
        return self.due.item.title

    @strawberry.field(description="补充说明")
    def detail(self) -> str:
        return self.due.item.detail

    @strawberry.field(description="应办日期")
    def due_on(self) -> dt.date:
        return self.due.item.due_on

    @strawberry.field(description="是否已逾期（应办日期早于今天）")
    def overdue(self) -> bool:
        return self.due.item.due_on < self.today

    @strawberry.field(description="事项涉及的记录（其 id 可用于 node(id:)）")
    def record(self) -> relay.Node:
        return self.due.item.record  # type: ignore[no-any-return]


async def todo(info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None) -> Connection[TodoItem]:
    """The acting principal's due items of every enabled plugin, earliest first."""
    host = info.context.request.app.state.host
    today = clock.today()
    found = await due_items(info.context.principal, today, due_item_sources(host))
    return paginate_sequence([TodoItem(due=due, today=today) for due in found], first, after)
