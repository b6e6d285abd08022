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
from core.schema.mutations import mutation, payload, payload_of, refers
from core.schema.node import ModelNode
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate
from core.schema.payload import decode_id, input_values
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
    parent_id: strawberry.ID | None = refers("Agency", "上级机构；省级部门可为空", default=None)
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
    id: strawberry.ID = refers("Agency", "机构 ID", to="agency_id")
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
    id: strawberry.ID = refers("Agency", "要移动的机构", to="agency_id")
    parent_id: strawberry.ID = refers("Agency", "新的上级机构", to="new_parent_id")


@strawberry.input(description="合并机构：源机构的军休干部、工作人员和下级机构并入目标机构")
class MergeAgenciesInput:
    source_id: strawberry.ID = refers("Agency", "被合并的机构")
    target_id: strawberry.ID = refers("Agency", "并入的机构")


@strawberry.input(description="撤销机构（须已无在册军休干部、在岗工作人员和下级机构）")
class CloseAgencyInput:
    id: strawberry.ID = refers("Agency", "要撤销的机构", to="agency_id")
    closed_on: dt.date | None = strawberry.field(default=None, description="撤销日期，默认今天")


AgencyPayload = payload("Agency", "agency", AgencyRef, "机构")
MergeAgenciesPayload = payload_of(
    "MergeAgencies", "合并机构的结果",
    ("source", AgencyRef, "已合并的源机构"), ("target", AgencyRef, "并入的目标机构"),
)


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
    create_agency = mutation(
        "新建机构", requires=AGENCY_WRITE,
        service=service.create_agency, input=CreateAgencyInput,
        payload=AgencyPayload,
    )
    update_agency = mutation(
        "修改机构信息（乐观锁：须提交读取时的 version）", requires=AGENCY_WRITE,
        service=service.update_agency, input=UpdateAgencyInput,
        payload=AgencyPayload,
    )
    move_agency = mutation(
        "调整机构隶属关系", requires=AGENCY_WRITE,
        service=service.move_agency, input=MoveAgencyInput,
        payload=AgencyPayload,
    )
    merge_agencies = mutation(
        "合并机构", requires=AGENCY_WRITE,
        service=service.merge_agencies, input=MergeAgenciesInput,
        payload=MergeAgenciesPayload,
    )
    close_agency = mutation(
        "撤销机构", requires=AGENCY_WRITE,
        service=service.close_agency, input=CloseAgencyInput,
        payload=AgencyPayload,
    )
