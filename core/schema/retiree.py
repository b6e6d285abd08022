"""GraphQL for retirees: ``Retiree`` with awards, family and transfers; lifecycle mutations."""

import datetime as dt
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from core.errors import ServiceError
from core.models import Retiree as RetireeModel
from core.models.enums import (
    ArchiveState,
    AwardLevel,
    AwardPeriod,
    CadreType,
    DisabilityCause,
    Education,
    FamilyRelation,
    FocusTag,
    Force,
    Gender,
    MaritalStatus,
    PoliticalStatus,
    RetireeCategory,
    RetireeStatus,
    RiskTier,
    ServiceBranch,
    TreatmentLevel,
)
from core.permissions import RETIREE_WRITE
from core.schema.mutations import mutation, payload, refers
from core.schema.node import ModelNode
from core.schema.pagination import DEFAULT_PAGE_SIZE, Connection, paginate
from core.schema.payload import decode_id, input_values
from core.schema.refs import AgencyRef, RetireeRef, StaffMemberRef
from core.schema.relations import loaded_field
from core.schema.sensitive import mask_address, mask_id_number, mask_phone, reveals, sensitive, sensitive_field
from core.services import retirees as service
from core.services.common import get_visible
from core.services.retirees import HEALTH_TAGS


@strawberry.type(description="立功受奖记录")
class RetireeAward:
    awarded_on: dt.date = strawberry.field(description="获奖日期")
    level: AwardLevel = strawberry.field(description="等级")
    period: AwardPeriod = strawberry.field(description="时期：服役期间或移交后")
    wartime: bool = strawberry.field(description="是否战时")
    awarding_body: str = strawberry.field(description="授予单位")
    citation: str = strawberry.field(description="事迹摘要")


@strawberry.type(description="家属（军休干部去世后作为遗属保留）")
class FamilyMember:
    name: str = strawberry.field(description="姓名")
    relation: FamilyRelation = strawberry.field(description="关系")
    phone: str = sensitive_field("phone", mask_phone, "联系电话")
    emergency_contact: bool = strawberry.field(description="是否紧急联系人")


@strawberry.type(description="一次转移记录（机构间转移或移交本系统以外）")
class RetireeTransfer:
    transferred_on: dt.date = strawberry.field(description="转移日期")
    destination: str = strawberry.field(description="转出去向（移交本系统以外时）")
    reason: str = strawberry.field(description="原因")

    from_agency: AgencyRef | None = loaded_field("core.agency", "from_agency_id", "转出机构")

    to_agency: AgencyRef | None = loaded_field("core.agency", "to_agency_id", "转入机构；移交本系统以外时为空")


@strawberry.type(name="Retiree", description="军休干部（含退休军士）")
class RetireeBase(ModelNode):
    __model__ = RetireeModel

    name: str = strawberry.field(description="姓名")
    gender: Gender = strawberry.field(description="性别")
    birth_date: dt.date = strawberry.field(description="出生日期")
    ethnicity: str = strawberry.field(description="民族")
    native_place: str = strawberry.field(description="籍贯")
    id_number: str = sensitive_field("id_number", mask_id_number, "公民身份号码")
    phone: str = sensitive_field("phone", mask_phone, "联系电话")
    address: str = sensitive_field("address", mask_address, "住址")
    education: Education | None = strawberry.field(description="文化程度")
    marital_status: MaritalStatus | None = strawberry.field(description="婚姻状况")
    category: RetireeCategory = strawberry.field(description="类别")
    force: Force = strawberry.field(description="所属部队：解放军或武警")
    service_branch: ServiceBranch | None = strawberry.field(description="军种")
    cadre_type: CadreType | None = strawberry.field(description="干部类别")
    enlisted_on: dt.date | None = strawberry.field(description="入伍时间")
    retired_on: dt.date | None = strawberry.field(description="离退休时间")
    handed_over_on: dt.date | None = strawberry.field(description="移交政府安置时间")
    received_on: dt.date | None = strawberry.field(description="本机构接收时间")
    treatment_level: TreatmentLevel | None = strawberry.field(description="享受待遇级别")
    original_position: str = strawberry.field(description="原职务等级")
    political_status: PoliticalStatus | None = strawberry.field(description="政治面貌")
    party_joined_on: dt.date | None = strawberry.field(description="入党时间")
    archive_number: str = strawberry.field(description="档案编号（第二十八条）")
    archive_state: ArchiveState = strawberry.field(description="档案状态")
    status: RetireeStatus = strawberry.field(description="状态")
    died_on: dt.date | None = strawberry.field(description="去世日期")
    transferred_out_on: dt.date | None = strawberry.field(description="移交本系统以外的日期")
    transferred_out_to: str = strawberry.field(description="移交本系统以外的去向")
    version: int = strawberry.field(description="乐观锁版本号：修改时原样提交")

    @strawberry.field(description="周岁年龄")
    def age(self) -> int:
        return RetireeModel.age(self)  # type: ignore[arg-type]

    @sensitive("伤残性质（健康信息，无权限时为空）")
    def disability_cause(self, info: Info) -> DisabilityCause | None:
        cause = self.disability_cause  # type: ignore[attr-defined]
        return cause if cause is not None and reveals(info, self, "disability_cause") else None

    @sensitive("伤残等级 1–10 级（健康信息，无权限时为空）")
    def disability_grade(self, info: Info) -> int | None:
        grade = self.disability_grade  # type: ignore[attr-defined]
        return grade if grade is not None and reveals(info, self, "disability_grade") else None

    @sensitive("重点关注标签（第十六条），含自动推算的高龄；无权限时不含失能、失智、重病")
    def focus_tags(self, info: Info) -> list[FocusTag]:
        tags = RetireeModel.focus_tags(self)  # type: ignore[arg-type]
        if set(tags) & HEALTH_TAGS and not reveals(info, self, "focus_tags"):
            return [tag for tag in tags if tag not in HEALTH_TAGS]
        return tags

    @sensitive("风险等级，决定联系频次；仅在册人员有；由健康信息推算，无权限时为空")
    def risk_tier(self, info: Info) -> RiskTier | None:
        tier = RetireeModel.risk_tier(self)  # type: ignore[arg-type]
        return tier if tier is not None and reveals(info, self, "risk_tier") else None

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "服务管理的机构")

    caretaker: StaffMemberRef | None = loaded_field("core.staff", "caretaker_id", "定人包户的工作人员（第十五条）")

    awards: list[RetireeAward] = loaded_field("core.awards", "id", "立功受奖记录")

    family_members: list[FamilyMember] = loaded_field("core.family_members", "id", "家属")

    transfers: list[RetireeTransfer] = loaded_field("core.transfers", "id", "转移记录")


@strawberry.enum(description="军休干部排序方式")
class RetireeOrder(Enum):
    ID = strawberry.enum_value("ID", description="按登记先后")
    NAME = strawberry.enum_value("NAME", description="按姓名")
    BIRTH_DATE = strawberry.enum_value("BIRTH_DATE", description="按出生日期（年长在前）")
    BIRTH_DATE_DESC = strawberry.enum_value("BIRTH_DATE_DESC", description="按出生日期（年轻在前）")
    RECEIVED_ON_DESC = strawberry.enum_value("RECEIVED_ON_DESC", description="按接收时间（最近在前）")


_RETIREE_ORDER = {
    RetireeOrder.ID: ("id",),
    RetireeOrder.NAME: ("name", "id"),
    RetireeOrder.BIRTH_DATE: ("birth_date", "id"),
    RetireeOrder.BIRTH_DATE_DESC: ("-birth_date", "-id"),
    RetireeOrder.RECEIVED_ON_DESC: ("-received_on", "-id"),
}


@strawberry.input(description="军休干部筛选条件（各条件同时满足）")
class RetireeFilter:
    within: strawberry.ID | None = strawberry.field(default=None, description="只看该机构及其下级服务的")
    category: RetireeCategory | None = strawberry.field(default=None, description="类别")
    force: Force | None = strawberry.field(default=None, description="所属部队")
    status: RetireeStatus | None = strawberry.field(default=None, description="状态")
    focus_tag: FocusTag | None = sensitive("带有该关注标签（失能、失智、重病须有敏感信息权限）", default=None)
    risk_tier: RiskTier | None = sensitive("风险等级（须有敏感信息权限）", default=None)
    search: str | None = sensitive("姓名包含的文字，或完整身份证号（按身份证号须有敏感信息权限）", default=None)
    birth_year_from: int | None = strawberry.field(default=None, description="出生年份不早于")
    birth_year_to: int | None = strawberry.field(default=None, description="出生年份不晚于")
    caretaker: strawberry.ID | None = strawberry.field(default=None, description="由该工作人员包户")


@strawberry.input(description="立功受奖记录")
class AwardInput:
    awarded_on: dt.date = strawberry.field(description="获奖日期")
    level: AwardLevel = strawberry.field(description="等级")
    period: AwardPeriod = strawberry.field(description="时期")
    wartime: bool = strawberry.field(default=False, description="是否战时")
    awarding_body: str = strawberry.field(default="", description="授予单位，最长 100 字")
    citation: str = strawberry.field(default="", description="事迹摘要，最长 500 字")


@strawberry.input(description="家属")
class FamilyMemberInput:
    name: str = strawberry.field(description="姓名，最长 50 字")
    relation: FamilyRelation = strawberry.field(description="关系")
    phone: str = strawberry.field(default="", description="联系电话，最长 30 字")
    emergency_contact: bool = strawberry.field(default=False, description="是否紧急联系人")


@strawberry.input(description="登记军休干部（已在本机构服务管理的人员补录）")
class CreateRetireeInput:
    agency_id: strawberry.ID = refers("Agency", "服务管理机构")
    name: str = strawberry.field(description="姓名，最长 50 字")
    gender: Gender = strawberry.field(description="性别（须与身份证号性别位一致）")
    birth_date: dt.date = strawberry.field(description="出生日期（须与身份证号一致）")
    id_number: str = strawberry.field(description="公民身份号码，18 位，校验码按 GB 11643")
    category: RetireeCategory = strawberry.field(description="类别")
    force: Force = strawberry.field(default=Force.PLA, description="所属部队")
    ethnicity: str = strawberry.field(default="汉族", description="民族，最长 20 字")
    native_place: str = strawberry.field(default="", description="籍贯，最长 50 字")
    phone: str = strawberry.field(default="", description="联系电话，最长 30 字")
    address: str = strawberry.field(default="", description="住址，最长 200 字")
    education: Education | None = strawberry.field(default=None, description="文化程度")
    marital_status: MaritalStatus | None = strawberry.field(default=None, description="婚姻状况")
    service_branch: ServiceBranch | None = strawberry.field(default=None, description="军种")
    cadre_type: CadreType | None = strawberry.field(default=None, description="干部类别")
    enlisted_on: dt.date | None = strawberry.field(default=None, description="入伍时间")
    retired_on: dt.date | None = strawberry.field(default=None, description="离退休时间")
    handed_over_on: dt.date | None = strawberry.field(default=None, description="移交政府安置时间")
    received_on: dt.date | None = strawberry.field(default=None, description="接收时间")
    treatment_level: TreatmentLevel | None = strawberry.field(default=None, description="享受待遇级别")
    original_position: str = strawberry.field(default="", description="原职务等级，最长 50 字")
    disability_cause: DisabilityCause | None = strawberry.field(default=None, description="伤残性质")
    disability_grade: int | None = strawberry.field(default=None, description="伤残等级 1–10")
    political_status: PoliticalStatus | None = strawberry.field(default=None, description="政治面貌")
    party_joined_on: dt.date | None = strawberry.field(default=None, description="入党时间")
    archive_number: str = strawberry.field(default="", description="档案编号，最长 30 字")
    focus_tags: list[FocusTag] = strawberry.field(default_factory=list, description="关注标签（高龄自动推算，不可填）")
    awards: list[AwardInput] = strawberry.field(default_factory=list, description="立功受奖记录")
    family_members: list[FamilyMemberInput] = strawberry.field(default_factory=list, description="家属")


@strawberry.input(description="接收新移交的军休干部（第十一条）；档案进入待移交状态")
class ReceiveRetireeInput(CreateRetireeInput):
    pass


@strawberry.input(description="修改军休干部；只提交要改的字段，列表字段整体替换")
class UpdateRetireeInput:
    id: strawberry.ID = refers("Retiree", "军休干部 ID", to="retiree_id")
    version: int = strawberry.field(description="读取时的版本号")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="姓名")
    gender: Gender | None = strawberry.field(default=strawberry.UNSET, description="性别")
    birth_date: dt.date | None = strawberry.field(default=strawberry.UNSET, description="出生日期")
    id_number: str | None = strawberry.field(default=strawberry.UNSET, description="公民身份号码")
    category: RetireeCategory | None = strawberry.field(default=strawberry.UNSET, description="类别")
    force: Force | None = strawberry.field(default=strawberry.UNSET, description="所属部队")
    ethnicity: str | None = strawberry.field(default=strawberry.UNSET, description="民族")
    native_place: str | None = strawberry.field(default=strawberry.UNSET, description="籍贯")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="联系电话")
    address: str | None = strawberry.field(default=strawberry.UNSET, description="住址")
    education: Education | None = strawberry.field(default=strawberry.UNSET, description="文化程度")
    marital_status: MaritalStatus | None = strawberry.field(default=strawberry.UNSET, description="婚姻状况")
    service_branch: ServiceBranch | None = strawberry.field(default=strawberry.UNSET, description="军种")
    cadre_type: CadreType | None = strawberry.field(default=strawberry.UNSET, description="干部类别")
    enlisted_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="入伍时间")
    retired_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="离退休时间")
    handed_over_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="移交政府安置时间")
    received_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="接收时间")
    treatment_level: TreatmentLevel | None = strawberry.field(default=strawberry.UNSET, description="享受待遇级别")
    original_position: str | None = strawberry.field(default=strawberry.UNSET, description="原职务等级")
    disability_cause: DisabilityCause | None = strawberry.field(default=strawberry.UNSET, description="伤残性质")
    disability_grade: int | None = strawberry.field(default=strawberry.UNSET, description="伤残等级")
    political_status: PoliticalStatus | None = strawberry.field(default=strawberry.UNSET, description="政治面貌")
    party_joined_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="入党时间")
    focus_tags: list[FocusTag] | None = strawberry.field(default=strawberry.UNSET, description="关注标签（整体替换）")
    awards: list[AwardInput] | None = strawberry.field(default=strawberry.UNSET, description="立功受奖记录（整体替换）")
    family_members: list[FamilyMemberInput] | None = strawberry.field(
        default=strawberry.UNSET, description="家属（整体替换）"
    )


@strawberry.input(description="转移军休干部：转到本系统另一机构，或移交本系统以外")
class TransferRetireeInput:
    id: strawberry.ID = refers("Retiree", "军休干部 ID", to="retiree_id")
    to_agency_id: strawberry.ID | None = refers("Agency", "转入机构；为空表示移交本系统以外", default=None)
    destination: str = strawberry.field(default="", description="移交本系统以外时的去向，最长 100 字")
    transferred_on: dt.date = strawberry.field(description="转移日期")
    reason: str = strawberry.field(default="", description="原因，最长 200 字")


@strawberry.input(description="登记军休干部去世（第十一条第六项）")
class RecordRetireeDeathInput:
    id: strawberry.ID = refers("Retiree", "军休干部 ID", to="retiree_id")
    died_on: dt.date = strawberry.field(description="去世日期")


@strawberry.input(description="指定或取消定人包户的工作人员（第十五条）")
class AssignCaretakerInput:
    id: strawberry.ID = refers("Retiree", "军休干部 ID", to="retiree_id")
    staff_id: strawberry.ID | None = refers("StaffMember", "工作人员；为空表示取消", default=None)


@strawberry.input(description="变更档案状态（第二十八条）")
class ChangeArchiveStateInput:
    id: strawberry.ID = refers("Retiree", "军休干部 ID", to="retiree_id")
    state: ArchiveState = strawberry.field(description="新的档案状态")
    archive_number: str | None = strawberry.field(default=None, description="档案编号（在管前必填）")


RetireePayload = payload("Retiree", "retiree", RetireeRef, "军休干部")


def _retiree_id(value: strawberry.ID) -> int:
    return decode_id(value, "Retiree", "id")


@strawberry.type
class RetireeQuery:
    @strawberry.field(description="按 ID 取一名军休干部")
    async def retiree(self, info: Info, id: strawberry.ID) -> RetireeRef | None:
        try:
            return await get_visible(RetireeModel, _retiree_id(id), info.context.principal)
        except ServiceError:
            return None

    @strawberry.field(description="军休干部列表")
    async def retirees(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: RetireeFilter | None = None,
        order_by: RetireeOrder = RetireeOrder.ID,
    ) -> Connection[RetireeRef]:
        criteria: dict[str, Any] = input_values(filter) if filter else {}
        if criteria.get("within") is not None:
            criteria["within"] = decode_id(criteria["within"], "Agency", "within")
        if criteria.get("caretaker") is not None:
            criteria["caretaker"] = decode_id(criteria["caretaker"], "StaffMember", "caretaker")
        queryset = await service.retirees_query(info.context.principal, **criteria)
        return await paginate(queryset.order_by(*_RETIREE_ORDER[order_by]), first, after, info)


@strawberry.type
class RetireeMutation:
    create_retiree = mutation(
        "登记军休干部", requires=RETIREE_WRITE,
        service=service.create_retiree, input=CreateRetireeInput,
        payload=RetireePayload,
    )
    receive_retiree = mutation(
        "接收新移交的军休干部（触发 retiree_received 事件）", requires=RETIREE_WRITE,
        service=service.receive_retiree, input=ReceiveRetireeInput,
        payload=RetireePayload,
    )
    update_retiree = mutation(
        "修改军休干部信息（乐观锁：须提交读取时的 version）", requires=RETIREE_WRITE,
        service=service.update_retiree, input=UpdateRetireeInput,
        payload=RetireePayload,
    )
    transfer_retiree = mutation(
        "转移军休干部（触发 retiree_transferred 事件）", requires=RETIREE_WRITE,
        service=service.transfer_retiree, input=TransferRetireeInput,
        payload=RetireePayload,
    )
    record_retiree_death = mutation(
        "登记去世（触发 retiree_deceased 事件）", requires=RETIREE_WRITE,
        service=service.record_retiree_death, input=RecordRetireeDeathInput,
        payload=RetireePayload,
    )
    assign_caretaker = mutation(
        "指定或取消包户工作人员", requires=RETIREE_WRITE,
        service=service.assign_caretaker, input=AssignCaretakerInput,
        payload=RetireePayload,
    )
    change_archive_state = mutation(
        "变更档案状态", requires=RETIREE_WRITE,
        service=service.change_archive_state, input=ChangeArchiveStateInput,
        payload=RetireePayload,
    )
