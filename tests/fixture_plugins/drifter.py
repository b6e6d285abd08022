"""A plugin whose schema breaks each GraphQL convention once (``junxiu plugins check`` names each)."""

import strawberry
from strawberry import relay

from core.api import Connection, GraphQLContribution, PluginSpec, hookimpl

PLUGIN = PluginSpec(name="drifter", label="偏离约定", version="1.0", core_versions=">=0.1,<0.3")


@strawberry.type(description="没有插件前缀的类型")
class Note(relay.Node):
    id: relay.NodeID[int]
    text: str = strawberry.field(description="内容")


@strawberry.input(description="未按变更命名的输入")
class NoteInput:
    text: str = strawberry.field(description="内容")
    pinned: bool | None = strawberry.field(default=None, description="置顶（默认 null）")


@strawberry.type(description="缺少 userErrors 的载荷")
class DrifterNotePayload:
    item: Note | None = strawberry.field(description="结果字段未按类型命名")


@strawberry.type
class DrifterQuery:
    @strawberry.field(description="没有前缀、也没有 filter 的连接")
    def notes(self, first: int = 20) -> Connection[Note]:
        raise NotImplementedError


@strawberry.type
class DrifterMutation:
    @strawberry.mutation(description="名称无前缀、两个参数、载荷无 userErrors")
    def addNote(self, input: NoteInput, dry_run: bool = False) -> DrifterNotePayload:  # noqa: N802
        raise NotImplementedError


@hookimpl
def register_graphql() -> GraphQLContribution:
    return GraphQLContribution(query=DrifterQuery, mutation=DrifterMutation, types=[Note])
