"""GraphQL for staff: ``StaffMember`` with training, appraisal and rotation records."""

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from core.errors import ServiceError
from core.models import Staff as StaffModel
from core.models.enums import (
    AppraisalGrade,
    Employment,
    Gender,
    HireChannel,
    PoliticalStatus,
    StaffStatus,
    TrainingKind,
)
from core.permissions import STAFF_WRITE
from core.schema.mutations import mutation, payload, refers
from core.schema.node import ModelNode
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate
from core.schema.payload import decode_id, input_values
from core.schema.refs import AgencyRef, RetireeRef, StaffMemberRef
from core.schema.relations import loaded_field
from core.schema.sensitive import mask_phone, reveals, sensitive, sensitive_field
from core.services import staff as service
from core.services.common import get_visible


@strawberry.type(description="教育培训、岗位练兵或业务竞赛记录（第三十四条）")
class StaffTraining:
    kind: TrainingKind = strawberry.field(description="类型")
    title: str = strawberry.field(description="名称")
    started_on: dt.date = strawberry.field(description="开始日期")
    ended_on: dt.date = strawberry.field(description="结束日期")
    hours: int | None = strawberry.field(description="学时")
    result: str = strawberry.field(description="成绩或结果")


@strawberry.type(description="年度考核（第三十五条）")
class StaffAppraisal:
    year: int = strawberry.field(description="年度")
    grade: AppraisalGrade = strawberry.field(description="等次")
    remarks: str = strawberry.field(description="评语")


@strawberry.type(description="岗位交流记录（第三十五条）")
class StaffRotation:
    rotated_on: dt.date = strawberry.field(description="交流日期")
    from_position: str = strawberry.field(description="原岗位")
    to_position: str = strawberry.field(description="新岗位")
    remarks: str = strawberry.field(description="备注")

    from_agency: AgencyRef | None = loaded_field("core.agency", "from_agency_id", "原机构")

    to_agency: AgencyRef | None = loaded_field("core.agency", "to_agency_id", "新机构")


def _political_status(root: Any, info: Info) -> PoliticalStatus | None:
    """Political status is personal information: empty unless the principal may read it."""
    status: PoliticalStatus | None = root.political_status
    return status if status is None or reveals(info, root, "political_status") else None


@strawberry.type(name="StaffMember", description="服务管理工作人员（第三十条至第三十五条）")
class StaffMemberBase(ModelNode):
    __model__ = StaffModel

    name: str = strawberry.field(description="姓名")
    gender: Gender = strawberry.field(description="性别")
    birth_date: dt.date | None = strawberry.field(description="出生日期")
    phone: str = sensitive_field("phone", mask_phone, "联系电话")
    position: str = strawberry.field(description="岗位")
    employment: Employment = strawberry.field(description="用工形式")
    hire_channel: HireChannel | None = strawberry.field(description="进人渠道")
    veteran: bool = strawberry.field(description="是否退役军人（招录优先，第三十一条）")
    military_family: bool = strawberry.field(description="是否军属")
    political_status: PoliticalStatus | None = sensitive(
        "政治面貌（个人信息，无查看敏感信息权限时为空）", resolver=_political_status
    )
    hired_on: dt.date | None = strawberry.field(description="入职日期")
    status: StaffStatus = strawberry.field(description="状态")
    left_on: dt.date | None = strawberry.field(description="离职日期")
    leaving_reason: str = strawberry.field(description="离职原因")
    version: int = strawberry.field(description="乐观锁版本号：修改时原样提交")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "所在机构")

    @strawberry.field(description="包户的军休干部（定人包户）")
    async def cared_retirees(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> Connection[RetireeRef]:
        from core.services.retirees import retirees_query

        queryset = await retirees_query(info.context.principal, caretaker=self.id)  # type: ignore[attr-defined]
        return await paginate(queryset.order_by("id"), first, after, info)

    trainings: list[StaffTraining] = loaded_field("core.trainings", "id", "培训记录")

    appraisals: list[StaffAppraisal] = loaded_field("core.appraisals", "id", "年度考核")

    rotations: list[StaffRotation] = loaded_field("core.rotations", "id", "岗位交流记录")


@strawberry.enum(description="工作人员排序方式")
class StaffOrder(Enum):
    ID = strawberry.enum_value("ID", description="按登记先后")
    NAME = strawberry.enum_value("NAME", description="按姓名")
    HIRED_ON_DESC = strawberry.enum_value("HIRED_ON_DESC", description="按入职日期（最近在前）")


_STAFF_ORDER = {StaffOrder.ID: ("id",), StaffOrder.NAME: ("name", "id"), StaffOrder.HIRED_ON_DESC: ("-hired_on", "-id")}


@strawberry.input(description="工作人员筛选条件")
class StaffFilter:
    within: strawberry.ID | None = strawberry.field(default=None, description="只看该机构及其下级的")
    employment: Employment | None = strawberry.field(default=None, description="用工形式")
    status: StaffStatus | None = strawberry.field(default=None, description="状态")
    search: str | None = strawberry.field(default=None, description="姓名包含的文字")


@strawberry.input(description="新增工作人员（在编人员受编制员额限制）")
class CreateStaffMemberInput:
    agency_id: strawberry.ID = refers("Agency", "所在机构")
    name: str = strawberry.field(description="姓名，最长 50 字")
    gender: Gender = strawberry.field(description="性别")
    employment: Employment = strawberry.field(description="用工形式")
    birth_date: dt.date | None = strawberry.field(default=None, description="出生日期")
    phone: str = strawberry.field(default="", description="联系电话，最长 30 字")
    position: str = strawberry.field(default="", description="岗位，最长 50 字")
    hire_channel: HireChannel | None = strawberry.field(default=None, description="进人渠道")
    veteran: bool = strawberry.field(default=False, description="是否退役军人")
    military_family: bool = strawberry.field(default=False, description="是否军属")
    political_status: PoliticalStatus | None = strawberry.field(default=None, description="政治面貌")
    hired_on: dt.date | None = strawberry.field(default=None, description="入职日期")


@strawberry.input(description="修改工作人员；只提交要改的字段")
class UpdateStaffMemberInput:
    id: strawberry.ID = refers("StaffMember", "工作人员 ID", to="staff_id")
    version: int = strawberry.field(description="读取时的版本号")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="姓名")
    gender: Gender | None = strawberry.field(default=strawberry.UNSET, description="性别")
    employment: Employment | None = strawberry.field(default=strawberry.UNSET, description="用工形式")
    birth_date: dt.date | None = strawberry.field(default=strawberry.UNSET, description="出生日期")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="联系电话")
    position: str | None = strawberry.field(default=strawberry.UNSET, description="岗位")
    hire_channel: HireChannel | None = strawberry.field(default=strawberry.UNSET, description="进人渠道")
    veteran: bool | None = strawberry.field(default=strawberry.UNSET, description="是否退役军人")
    military_family: bool | None = strawberry.field(default=strawberry.UNSET, description="是否军属")
    political_status: PoliticalStatus | None = strawberry.field(
        default=strawberry.UNSET, description="政治面貌（null 清空）"
    )
    hired_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="入职日期")


@strawberry.input(description="登记培训、练兵或竞赛")
class RecordStaffTrainingInput:
    staff_id: strawberry.ID = refers("StaffMember", "工作人员 ID")
    kind: TrainingKind = strawberry.field(description="类型")
    title: str = strawberry.field(description="名称，最长 100 字")
    started_on: dt.date = strawberry.field(description="开始日期")
    ended_on: dt.date = strawberry.field(description="结束日期")
    hours: int | None = strawberry.field(default=None, description="学时")
    result: str = strawberry.field(default="", description="成绩或结果，最长 100 字")


@strawberry.input(description="登记年度考核；同一年再次登记即更正")
class RecordStaffAppraisalInput:
    staff_id: strawberry.ID = refers("StaffMember", "工作人员 ID")
    year: int = strawberry.field(description="年度")
    grade: AppraisalGrade = strawberry.field(description="等次")
    remarks: str = strawberry.field(default="", description="评语，最长 200 字")


@strawberry.input(description="岗位交流：换岗，可同时调往另一机构")
class RotateStaffMemberInput:
    staff_id: strawberry.ID = refers("StaffMember", "工作人员 ID")
    to_agency_id: strawberry.ID = refers("Agency", "交流到的机构（可与现机构相同）")
    to_position: str = strawberry.field(description="新岗位，最长 50 字")
    rotated_on: dt.date = strawberry.field(description="交流日期")
    remarks: str = strawberry.field(default="", description="备注，最长 200 字")


@strawberry.input(description="登记工作人员离职（触发 staff_left 事件，其包户关系解除）")
class RecordStaffLeavingInput:
    staff_id: strawberry.ID = refers("StaffMember", "工作人员 ID")
    left_on: dt.date = strawberry.field(description="离职日期")
    reason: str = strawberry.field(default="", description="原因，最长 200 字")


StaffMemberPayload = payload("StaffMember", "staff_member", StaffMemberRef, "工作人员")


def _staff_id(value: strawberry.ID, field: str = "staffId") -> int:
    return decode_id(value, "StaffMember", field)


@strawberry.type
class StaffQuery:
    @strawberry.field(description="按 ID 取一名工作人员")
    async def staff_member(self, info: Info, id: strawberry.ID) -> StaffMemberRef | None:
        try:
            return await get_visible(StaffModel, _staff_id(id, "id"), info.context.principal)
        except ServiceError:
            return None

    @strawberry.field(description="工作人员列表")
    async def staff_members(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: StaffFilter | None = None,
        order_by: StaffOrder = StaffOrder.ID,
    ) -> Connection[StaffMemberRef]:
        criteria: dict[str, Any] = input_values(filter) if filter else {}
        if criteria.get("within") is not None:
            criteria["within"] = decode_id(criteria["within"], "Agency", "within")
        queryset = await service.staff_query(info.context.principal, **criteria)
        return await paginate(queryset.order_by(*_STAFF_ORDER[order_by]), first, after, info)


@strawberry.type
class StaffMutation:
    create_staff_member = mutation(
        "新增工作人员",
        requires=STAFF_WRITE,
        service=service.create_staff,
        input=CreateStaffMemberInput,
        payload=StaffMemberPayload,
    )
    update_staff_member = mutation(
        "修改工作人员信息（乐观锁）",
        requires=STAFF_WRITE,
        service=service.update_staff,
        input=UpdateStaffMemberInput,
        payload=StaffMemberPayload,
    )
    record_staff_training = mutation(
        "登记培训、练兵或竞赛",
        requires=STAFF_WRITE,
        service=service.record_training,
        input=RecordStaffTrainingInput,
        payload=StaffMemberPayload,
        result_of="staff",
    )
    record_staff_appraisal = mutation(
        "登记年度考核",
        requires=STAFF_WRITE,
        service=service.record_appraisal,
        input=RecordStaffAppraisalInput,
        payload=StaffMemberPayload,
        result_of="staff",
    )
    rotate_staff_member = mutation(
        "岗位交流",
        requires=STAFF_WRITE,
        service=service.rotate_staff,
        input=RotateStaffMemberInput,
        payload=StaffMemberPayload,
        result_of="staff",
    )
    record_staff_leaving = mutation(
        "登记离职",
        requires=STAFF_WRITE,
        service=service.record_leaving,
        input=RecordStaffLeavingInput,
        payload=StaffMemberPayload,
    )
