"""GraphQL for agencies: the ``Agency`` type, its filters, queries and mutations."""

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from core.errors import ServiceError
from core.models import Agency as AgencyModel
from core.models.enums import AgencyKind, AgencyStatus, DepartmentLevel
from core.permissions import AGENCY_WRITE
from core.schema.node import ModelNode
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate
from core.schema.payload import UserError, decode_id, decode_optional_id, input_values, mutation, run_mutation
from core.schema.refs import AgencyRef, RetireeRef, StaffMemberRef
from core.schema.relations import loaded_field
from core.services import agencies as service
from core.services.common import get_visible


@strawberry.enum(description="机构排序方式")
class AgencyOrder(Enum):
    TREE = strawberry.enum_value("TREE", description="按机构树（先上级后下级）")
    NAME = strawberry.enum_value("NAME", description="按名称")
    ID = strawberry.enum_value("ID", description="按创建先后")


_AGENCY_ORDER = {AgencyOrder.TREE: ("path",), AgencyOrder.NAME: ("name", "id"), AgencyOrder.ID: ("id",)}


@strawberry.input(description="机构筛选条件")
class AgencyFilter:
    within: strawberry.ID | None = strawberry.field(default=None, description="只看该机构及其下级（机构树子树）")
    kind: AgencyKind | None = strawberry.field(default=None, description="机构类型")
    status: AgencyStatus | None = strawberry.field(default=None, description="机构状态")
    search: str | None = strawberry.field(default=None, description="名称包含的文字")


@strawberry.type(name="Agency", description="军休机构或退役军人事务部门；一省为一棵机构树")
class AgencyBase(ModelNode):
    __model__ = AgencyModel

    kind: AgencyKind = strawberry.field(description="机构类型")
    level: DepartmentLevel | None = strawberry.field(description="部门行政层级（仅退役军人事务部门）")
    name: str = strawberry.field(description="名称")
    division_code: str = strawberry.field(description="行政区划代码（GB/T 2260，6 位）")
    address: str = strawberry.field(description="地址")
    phone: str = strawberry.field(description="联系电话")
    legal_representative: str = strawberry.field(description="法定代表人（第二十四条）")
    established_on: dt.date | None = strawberry.field(description="成立日期")
    staff_quota: int | None = strawberry.field(description="编制员额（第三十条）")
    status: AgencyStatus = strawberry.field(description="状态")
    closed_on: dt.date | None = strawberry.field(description="撤销或合并日期")
    version: int = strawberry.field(description="乐观锁版本号：修改时原样提交")

    parent: AgencyRef | None = loaded_field("core.agency", "parent_id", "上级机构")

    merged_into: AgencyRef | None = loaded_field("core.agency", "merged_into_id", "合并到的机构（状态为 MERGED 时）")

    children: list[AgencyRef] = loaded_field("core.agency_children", "id", "直属下级机构")

    @strawberry.field(description="本机构及下级机构服务的军休干部")
    async def retirees(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> Connection[RetireeRef]:
        from core.services.retirees import retirees_query

        # the agency row is loaded (and was scoped): its path needs no second lookup
        queryset = await retirees_query(info.context.principal, within_path=self.path)  # type: ignore[attr-defined]
        return await paginate(queryset.order_by("id"), first, after, info)

    @strawberry.field(description="本机构及下级机构的工作人员")
    async def staff_members(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> Connection[StaffMemberRef]:
        from core.services.staff import staff_query

        queryset = await staff_query(info.context.principal, within_path=self.path)  # type: ignore[attr-defined]
        return await paginate(queryset.order_by("id"), first, after, info)


@strawberry.input(description="新建机构")
class CreateAgencyInput:
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="上级机构；省级部门可为空")
    kind: AgencyKind = strawberry.field(description="机构类型")
    level: DepartmentLevel | None = strawberry.field(default=None, description="部门行政层级（部门必填）")
    name: str = strawberry.field(description="名称，最长 100 字")
    division_code: str = strawberry.field(description="行政区划代码，6 位数字")
    address: str = strawberry.field(default="", description="地址，最长 200 字")
    phone: str = strawberry.field(default="", description="联系电话，最长 30 字")
    legal_representative: str = strawberry.field(default="", description="法定代表人，最长 50 字")
    established_on: dt.date | None = strawberry.field(default=None, description="成立日期")
    staff_quota: int | None = strawberry.field(default=None, description="编制员额")


@strawberry.input(description="修改机构；只提交要改的字段")
class UpdateAgencyInput:
    id: strawberry.ID = strawberry.field(description="机构 ID")
    version: int = strawberry.field(description="读取时的版本号")
    kind: AgencyKind | None = strawberry.field(default=strawberry.UNSET, description="机构类型")
    level: DepartmentLevel | None = strawberry.field(default=strawberry.UNSET, description="部门行政层级")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="名称")
    division_code: str | None = strawberry.field(default=strawberry.UNSET, description="行政区划代码")
    address: str | None = strawberry.field(default=strawberry.UNSET, description="地址")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="联系电话")
    legal_representative: str | None = strawberry.field(default=strawberry.UNSET, description="法定代表人")
    established_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="成立日期")
    staff_quota: int | None = strawberry.field(default=strawberry.UNSET, description="编制员额")


@strawberry.input(description="把机构移到另一上级之下（第二十三条 调整）")
class MoveAgencyInput:
    id: strawberry.ID = strawberry.field(description="要移动的机构")
    parent_id: strawberry.ID = strawberry.field(description="新的上级机构")


@strawberry.input(description="合并机构：源机构的军休干部、工作人员和下级机构并入目标机构")
class MergeAgenciesInput:
    source_id: strawberry.ID = strawberry.field(description="被合并的机构")
    target_id: strawberry.ID = strawberry.field(description="并入的机构")


@strawberry.input(description="撤销机构（须已无在册军休干部、在岗工作人员和下级机构）")
class CloseAgencyInput:
    id: strawberry.ID = strawberry.field(description="要撤销的机构")
    closed_on: dt.date | None = strawberry.field(default=None, description="撤销日期，默认今天")


@strawberry.type(description="机构类变更的结果")
class AgencyPayload:
    agency: AgencyRef | None = strawberry.field(default=None, description="变更后的机构")
    user_errors: list[UserError] = strawberry.field(description="业务错误；为空表示成功")


@strawberry.type(description="合并机构的结果")
class MergeAgenciesPayload:
    source: AgencyRef | None = strawberry.field(default=None, description="已合并的源机构")
    target: AgencyRef | None = strawberry.field(default=None, description="并入的目标机构")
    user_errors: list[UserError] = strawberry.field(description="业务错误；为空表示成功")


def _agency_id(value: strawberry.ID, field: str = "id") -> int:
    return decode_id(value, "Agency", field)


@strawberry.type
class AgencyQuery:
    @strawberry.field(description="按 ID 取一个机构")
    async def agency(self, info: Info, id: strawberry.ID) -> AgencyRef | None:
        try:
            return await get_visible(AgencyModel, _agency_id(id), info.context.principal)
        except ServiceError:
            return None

    @strawberry.field(description="机构列表")
    async def agencies(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: AgencyFilter | None = None,
        order_by: AgencyOrder = AgencyOrder.TREE,
    ) -> Connection[AgencyRef]:
        criteria: dict[str, Any] = input_values(filter) if filter else {}
        if criteria.get("within") is not None:
            criteria["within"] = _agency_id(criteria["within"], "within")
        queryset = await service.agencies_query(info.context.principal, **criteria)
        return await paginate(queryset.order_by(*_AGENCY_ORDER[order_by]), first, after, info)


@strawberry.type
class AgencyMutation:
    @mutation(description="新建机构", requires=AGENCY_WRITE)
    async def create_agency(self, info: Info, input: CreateAgencyInput) -> AgencyPayload:
        async def call() -> Any:
            parent = decode_optional_id(input.parent_id, "Agency", "parentId")
            return await service.create_agency(
                info.context.principal, input_values(input, exclude=("parent_id",)), parent
            )

        return await run_mutation(info, input, call, AgencyPayload, "agency")

    @mutation(description="修改机构信息（乐观锁：须提交读取时的 version）", requires=AGENCY_WRITE)
    async def update_agency(self, info: Info, input: UpdateAgencyInput) -> AgencyPayload:
        async def call() -> Any:
            values = input_values(input, exclude=("id", "version"))
            return await service.update_agency(
                info.context.principal, _agency_id(input.id), input.version, values
            )

        return await run_mutation(info, input, call, AgencyPayload, "agency")

    @mutation(description="调整机构隶属关系", requires=AGENCY_WRITE)
    async def move_agency(self, info: Info, input: MoveAgencyInput) -> AgencyPayload:
        async def call() -> Any:
            return await service.move_agency(
                info.context.principal, _agency_id(input.id), _agency_id(input.parent_id, "parentId")
            )

        return await run_mutation(info, input, call, AgencyPayload, "agency")

    @mutation(description="合并机构", requires=AGENCY_WRITE)
    async def merge_agencies(self, info: Info, input: MergeAgenciesInput) -> MergeAgenciesPayload:
        async def call() -> Any:
            source, target = await service.merge_agencies(
                info.context.principal,
                _agency_id(input.source_id, "sourceId"),
                _agency_id(input.target_id, "targetId"),
            )
            return {"source": source, "target": target}

        return await run_mutation(info, input, call, MergeAgenciesPayload, None)

    @mutation(description="撤销机构", requires=AGENCY_WRITE)
    async def close_agency(self, info: Info, input: CloseAgencyInput) -> AgencyPayload:
        async def call() -> Any:
            return await service.close_agency(info.context.principal, _agency_id(input.id), input.closed_on)

        return await run_mutation(info, input, call, AgencyPayload, "agency")
