"""GraphQL of party-organisation life: ``Party*`` types, the organisation tree, members and
committee posts with filters, their mutations, and the ``Retiree.partyMembership`` and
``StaffMember.partyMembership`` extensions. Resolvers only translate; rules live in ``services``."""

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from core.api import (
    DEFAULT_PAGE_SIZE,
    AgencyRef,
    Connection,
    ModelNode,
    RetireeRef,
    ServiceError,
    StaffMemberRef,
    decode_id,
    loaded_field,
    mutation,
    paginate,
    payload,
    refers,
    reveals,
    scoped,
    sensitive,
    today,
)
from plugins.party import models, services
from plugins.party.loaders import (
    ATTENDANCE_BY_MEETING,
    CHILDREN,
    FLOWS_BY_MEMBER,
    LETTERS_BY_MEMBER,
    MEETING,
    MEETING_RATES,
    MEMBER,
    MEMBERS_BY_BRANCH,
    MEMBERSHIP_BY_RETIREE,
    MEMBERSHIP_BY_STAFF,
    ORGANISATION,
    POSTS_BY_MEMBER,
    POSTS_BY_ORGANISATION,
    REVIEWS_BY_MEETING,
)
from plugins.party.models import (
    AttendanceMode,
    FlowDirection,
    LetterDirection,
    LetterStatus,
    MeetingKind,
    MeetingStatus,
    MemberStatus,
    OrganisationKind,
    OrganisationStatus,
    PostKind,
    ReviewDecision,
    ReviewLevel,
)
from plugins.party.permissions import MANAGE, MEETINGS, MEMBERS, READ

# ---- types -----------------------------------------------------------------------------------


@strawberry.type(description="党组织：党委、党总支、党支部或党小组（自成一棵树，可属于某一军休机构）")
class PartyOrganisation(ModelNode):
    __model__ = models.PartyOrganisation

    name: str = strawberry.field(description="党组织名称")
    kind: OrganisationKind = strawberry.field(description="党组织类别")
    status: OrganisationStatus = strawberry.field(description="状态：筹建中、已成立或已撤销")
    superior_name: str = strawberry.field(description="平台外的上级党组织名称（属地管理时填写）")
    established_on: dt.date | None = strawberry.field(description="成立日期；筹建中为空")
    version: int = strawberry.field(description="乐观锁版本号：修改时原样提交")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "所属军休机构；不属于机构或不在可见范围时为空")

    parent: "PartyOrganisation | None" = loaded_field(
        ORGANISATION, "parent_id", "上级党组织（可在另一机构线上）；没有或不可见时为空"
    )

    children: list["PartyOrganisation"] = loaded_field(CHILDREN, "id", "下级党组织（可见范围内）")

    members: list["PartyMember"] = loaded_field(
        MEMBERS_BY_BRANCH, "id", "编入本支部的党员（含已终止党籍的，按登记顺序）"
    )

    committee_posts: list["PartyCommitteePost"] = loaded_field(POSTS_BY_ORGANISATION, "id", "委员会职务（含已免去的）")


@strawberry.type(description="党员：一名军休干部或工作人员在一个党支部的组织关系")
class PartyMember(ModelNode):
    __model__ = models.PartyMember

    name: str = strawberry.field(description="姓名")
    status: MemberStatus = strawberry.field(description="党员状态")
    joined_on: dt.date = strawberry.field(description="入党日期（政治生日）")
    confirmed_on: dt.date | None = strawberry.field(description="转正日期；预备党员为空")
    ended_on: dt.date | None = strawberry.field(description="党籍终止日期")
    end_reason: str = strawberry.field(description="党籍终止原因（去世、出党等）")
    version: int = strawberry.field(description="乐观锁版本号：修改时原样提交")

    @strawberry.field(description="党龄（自转正之日起的整年数）；预备党员为空")
    def standing_years(self) -> int | None:
        return services.standing_years(self.confirmed_on, today())  # type: ignore[attr-defined]

    retiree: RetireeRef | None = loaded_field("core.retiree", "retiree_id", "军休干部；工作人员党员或不可见时为空")

    staff_member: StaffMemberRef | None = loaded_field("core.staff", "staff_id", "工作人员；军休干部党员或不可见时为空")

    branch: PartyOrganisation | None = loaded_field(ORGANISATION, "branch_id", "所在党支部")

    group: PartyOrganisation | None = loaded_field(ORGANISATION, "group_id", "所在党小组；未编入时为空")

    committee_posts: list["PartyCommitteePost"] = loaded_field(POSTS_BY_MEMBER, "id", "担任的委员会职务")

    flows: list["PartyFlowingMember"] = loaded_field(FLOWS_BY_MEMBER, "id", "流动登记（流出或流入）")

    transfer_letters: list["PartyTransferLetter"] = loaded_field(LETTERS_BY_MEMBER, "id", "以这一组织关系开出的介绍信")


@strawberry.type(description="流动党员登记：活动证、原（组织关系所在）党组织、参加组织生活的党组织和期间")
class PartyFlowingMember(ModelNode):
    __model__ = models.PartyFlowingMember

    direction: FlowDirection = strawberry.field(description="方向：流出或流入")
    certificate_number: str = strawberry.field(description="流动党员活动证编号")
    home_organisation: str = strawberry.field(description="组织关系所在党组织（可在外省）")
    attending_organisation: str = strawberry.field(description="参加组织生活的党组织")
    starts_on: dt.date = strawberry.field(description="流动开始日期")
    ends_on: dt.date | None = strawberry.field(description="流动结束日期；未结束时为空")
    last_reported_on: dt.date | None = strawberry.field(description="最近一次向党支部报告的日期（流出党员）")
    version: int = strawberry.field(description="乐观锁版本号")

    @strawberry.field(description="下次报告的应报日期（流出党员；周期为插件设置）；流入或已结束的为空")
    def next_report_due(self) -> dt.date | None:
        return services.next_report_due(self)  # type: ignore[arg-type]

    @strawberry.field(description="报告是否已逾期")
    def report_overdue(self) -> bool:
        due = services.next_report_due(self)  # type: ignore[arg-type]
        return due is not None and due < today()

    member: "PartyMember | None" = loaded_field(MEMBER, "member_id", "党员")

    home_agency: AgencyRef | None = loaded_field(
        "core.agency", "home_agency_id", "组织关系所在的军休机构（在平台上时）"
    )


@strawberry.type(description="组织关系介绍信：转出或转入，已开出 → 已报到 → 已回执，逾期未报到即失效")
class PartyTransferLetter(ModelNode):
    __model__ = models.PartyTransferLetter

    direction: LetterDirection = strawberry.field(description="方向：转出或转入")
    number: str = strawberry.field(description="介绍信编号")
    from_name: str = strawberry.field(description="开出介绍信的党组织")
    to_name: str = strawberry.field(description="转往的党组织")
    issued_on: dt.date = strawberry.field(description="开具日期")
    valid_until: dt.date = strawberry.field(description="有效期至（默认开具后 3 个月）")
    reported_on: dt.date | None = strawberry.field(description="报到日期")
    receipted_on: dt.date | None = strawberry.field(description="回执日期")
    version: int = strawberry.field(description="乐观锁版本号")

    @strawberry.field(description="状态（已开出而超过有效期未报到的为已失效）")
    def status(self) -> LetterStatus:
        return services.effective_status(self, today())  # type: ignore[arg-type]

    retiree: RetireeRef | None = loaded_field("core.retiree", "retiree_id", "军休干部；不在可见范围时为空")

    member: "PartyMember | None" = loaded_field(MEMBER, "member_id", "转出的组织关系；转入的介绍信为空")

    agency: AgencyRef | None = loaded_field("core.agency", "agency_id", "经办机构（转出方或接收方）")

    to_agency: AgencyRef | None = loaded_field("core.agency", "to_agency_id", "接收机构（在平台上时）")

    to_organisation: PartyOrganisation | None = loaded_field(
        ORGANISATION, "to_organisation_id", "报到的党支部（在平台上时）"
    )


@strawberry.type(description="组织生活（三会一课等）的会议记录：草稿 → 已提交 → 已通过或已退回")
class PartyMeeting(ModelNode):
    __model__ = models.PartyMeeting

    kind: MeetingKind = strawberry.field(description="会议类型")
    held_on: dt.date = strawberry.field(description="召开日期")
    topic: str = strawberry.field(description="主题")
    presenter: str = strawberry.field(description="主持人或授课人")
    recorder: str = strawberry.field(description="记录人")
    minutes: str = strawberry.field(description="会议记录（照片等作为附件）")
    status: MeetingStatus = strawberry.field(description="状态")
    version: int = strawberry.field(description="乐观锁版本号")

    @strawberry.field(description="待审核的层级；不在待审核状态时为空")
    def pending_level(self) -> ReviewLevel | None:
        level = self.pending_level  # type: ignore[attr-defined]
        return None if level is None else ReviewLevel(level.value)

    organisation: PartyOrganisation | None = loaded_field(ORGANISATION, "organisation_id", "召开的党组织")

    branch: PartyOrganisation | None = loaded_field(ORGANISATION, "branch_id", "计入合规的党支部")

    attendance: list["PartyAttendance"] = loaded_field(ATTENDANCE_BY_MEETING, "id", "各党员的参加情况")

    reviews: list["PartyMeetingReview"] = loaded_field(REVIEWS_BY_MEETING, "id", "审核记录（按时间）")

    attendance_rate: float | None = loaded_field(
        MEETING_RATES, "id", "参加率（事先请假获准的不计入分母，0–1）；尚无考勤时为空"
    )


@strawberry.type(description="一名党员参加一次会议的情况")
class PartyAttendance(ModelNode):
    __model__ = models.PartyAttendance

    mode: AttendanceMode = strawberry.field(description="参加方式")
    reason: str = strawberry.field(description="缺席或请假原因")

    member: PartyMember | None = loaded_field(MEMBER, "member_id", "党员")

    meeting: PartyMeeting | None = loaded_field(MEETING, "meeting_id", "会议")


@strawberry.type(description="会议记录审核链中的一步")
class PartyMeetingReview(ModelNode):
    __model__ = models.PartyMeetingReview

    opinion: str = strawberry.field(description="审核意见")
    reviewer_name: str = strawberry.field(description="审核人")
    reviewed_at: dt.datetime = strawberry.field(description="审核时间")

    @strawberry.field(description="审核层级")
    def level(self) -> ReviewLevel:
        return ReviewLevel(self.level.value)  # type: ignore[attr-defined]

    @strawberry.field(description="结论")
    def decision(self) -> ReviewDecision:
        return ReviewDecision(self.decision.value)  # type: ignore[attr-defined]


@strawberry.type(description="某党支部一类组织生活在一个周期内的召开情况")
class PartyComplianceLine:
    kind: MeetingKind = strawberry.field(description="会议类型")
    starts_on: dt.date = strawberry.field(description="周期开始")
    ends_on: dt.date = strawberry.field(description="周期结束")
    held: int = strawberry.field(description="已召开（已提交或已通过）的次数")
    satisfied: bool = strawberry.field(description="本周期是否已召开")
    overdue: bool = strawberry.field(description="周期已结束而未召开")


@strawberry.type(description="委员会职务：一名党员在一个党组织一届任期内担任的职务")
class PartyCommitteePost(ModelNode):
    __model__ = models.PartyCommitteePost

    kind: PostKind = strawberry.field(description="职务")
    term_starts_on: dt.date = strawberry.field(description="任期开始日期")
    term_ends_on: dt.date = strawberry.field(description="任期届满日期（应换届日期）")
    ended_on: dt.date | None = strawberry.field(description="免职日期；在任时为空")
    version: int = strawberry.field(description="乐观锁版本号")

    organisation: PartyOrganisation | None = loaded_field(ORGANISATION, "organisation_id", "党组织")

    member: PartyMember | None = loaded_field(MEMBER, "member_id", "任职党员")


def _party_status(loader: str) -> Any:
    """A resolver of the person's current membership status: political status, so empty unless
    the principal holds the plugin's read permission and may read personal information."""

    async def resolve(root: Any, info: Info) -> MemberStatus | None:
        if not info.context.principal.can(READ):
            return None
        member = await info.context.loader(loader).load(root.id)
        if member is None or not reveals(info, root, "party_status"):
            return None
        return member.status

    return resolve


PARTY_STATUS = "党员状态（政治面貌，个人信息：无党组织查看权限或敏感信息权限时为空）；不是党员或党籍已终止时为空"


@strawberry.type(description="军休干部的党组织字段（由 party 插件添加）")
class RetireePartyExtension:
    party_membership: PartyMember | None = loaded_field(
        MEMBERSHIP_BY_RETIREE, "id", "当前的党员组织关系；不是党员、党籍已终止或无权查看时为空"
    )
    party_status: MemberStatus | None = sensitive(PARTY_STATUS, resolver=_party_status(MEMBERSHIP_BY_RETIREE))


@strawberry.type(description="工作人员的党组织字段（由 party 插件添加）")
class StaffMemberPartyExtension:
    party_membership: PartyMember | None = loaded_field(
        MEMBERSHIP_BY_STAFF, "id", "当前的党员组织关系；不是党员、党籍已终止或无权查看时为空"
    )
    party_status: MemberStatus | None = sensitive(PARTY_STATUS, resolver=_party_status(MEMBERSHIP_BY_STAFF))


# ---- queries ---------------------------------------------------------------------------------


@strawberry.input(description="党组织筛选条件（各条件同时满足）")
class PartyOrganisationFilter:
    kind: OrganisationKind | None = strawberry.field(default=None, description="党组织类别")
    status: OrganisationStatus | None = strawberry.field(default=None, description="状态")
    agency_id: strawberry.ID | None = strawberry.field(default=None, description="所属军休机构")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="上级党组织")
    search: str | None = strawberry.field(default=None, description="名称包含的文字")


@strawberry.input(description="党员筛选条件（各条件同时满足）")
class PartyMemberFilter:
    branch_id: strawberry.ID | None = strawberry.field(default=None, description="所在党支部")
    group_id: strawberry.ID | None = strawberry.field(default=None, description="所在党小组")
    status: MemberStatus | None = strawberry.field(default=None, description="党员状态")
    current: bool | None = strawberry.field(default=None, description="true 只看党籍存续的，false 只看已终止的")
    search: str | None = strawberry.field(default=None, description="姓名包含的文字")


@strawberry.input(description="委员会职务筛选条件（各条件同时满足）")
class PartyCommitteePostFilter:
    organisation_id: strawberry.ID | None = strawberry.field(default=None, description="党组织")
    kind: PostKind | None = strawberry.field(default=None, description="职务")
    current: bool | None = strawberry.field(default=None, description="true 只看在任的，false 只看已免去的")
    term_ends_before: dt.date | None = strawberry.field(
        default=None, description="任期在该日期之前（含）届满（用于换届安排）"
    )


@strawberry.input(description="组织关系介绍信筛选条件（各条件同时满足）")
class PartyTransferLetterFilter:
    direction: LetterDirection | None = strawberry.field(default=None, description="方向")
    status: LetterStatus | None = strawberry.field(default=None, description="状态（已失效含超过有效期未报到的）")
    agency_id: strawberry.ID | None = strawberry.field(default=None, description="经办机构")
    retiree_id: strawberry.ID | None = strawberry.field(default=None, description="军休干部")


@strawberry.input(description="流动党员筛选条件（各条件同时满足）")
class PartyFlowingMemberFilter:
    direction: FlowDirection | None = strawberry.field(default=None, description="方向")
    branch_id: strawberry.ID | None = strawberry.field(default=None, description="党员所在的党支部")
    current: bool | None = strawberry.field(default=None, description="true 只看未结束的流动登记")


@strawberry.input(description="会议筛选条件（各条件同时满足）")
class PartyMeetingFilter:
    branch_id: strawberry.ID | None = strawberry.field(default=None, description="计入合规的党支部")
    kind: MeetingKind | None = strawberry.field(default=None, description="会议类型")
    status: MeetingStatus | None = strawberry.field(default=None, description="状态")
    held_from: dt.date | None = strawberry.field(default=None, description="召开日期不早于")
    held_to: dt.date | None = strawberry.field(default=None, description="召开日期不晚于")


#: the years a report may ask about (outside them, dates cannot be formed)
MIN_YEAR, MAX_YEAR = 1921, 2200


#: how a filter's fields narrow a queryset: field → (the node type of the global ID it holds,
#: or None for a plain value; the lookup the value must meet)
Lookups = Mapping[str, tuple[str | None, str]]
ORGANISATION_LOOKUPS: Lookups = {
    "kind": (None, "kind"),
    "status": (None, "status"),
    "agency_id": ("Agency", "agency_id"),
    "parent_id": ("PartyOrganisation", "parent_id"),
    "search": (None, "name__icontains"),
}
MEMBER_LOOKUPS: Lookups = {
    "branch_id": ("PartyOrganisation", "branch_id"),
    "group_id": ("PartyOrganisation", "group_id"),
    "status": (None, "status"),
    "search": (None, "name__icontains"),
}
LETTER_LOOKUPS: Lookups = {
    "direction": (None, "direction"),
    "agency_id": ("Agency", "agency_id"),
    "retiree_id": ("Retiree", "retiree_id"),
}
FLOW_LOOKUPS: Lookups = {
    "direction": (None, "direction"),
    "branch_id": ("PartyOrganisation", "member__branch_id"),
}
MEETING_LOOKUPS: Lookups = {
    "branch_id": ("PartyOrganisation", "branch_id"),
    "kind": (None, "kind"),
    "status": (None, "status"),
    "held_from": (None, "held_on__gte"),
    "held_to": (None, "held_on__lte"),
}
POST_LOOKUPS: Lookups = {
    "organisation_id": ("PartyOrganisation", "organisation_id"),
    "kind": (None, "kind"),
    "term_ends_before": (None, "term_ends_on__lte"),
}


def _narrowed(queryset: Any, filter: Any, lookups: Lookups) -> Any:
    """The queryset narrowed by each condition the filter sets; a malformed global ID matches nothing."""
    if filter is None:
        return queryset
    for name, (node_type, lookup) in lookups.items():
        value = getattr(filter, name)
        if value is None:
            continue
        try:
            key = decode_id(value, node_type, name) if node_type else value
        except ServiceError:
            return queryset.filter(id__isnull=True)
        queryset = queryset.filter(**{lookup: key.strip() if isinstance(key, str) and not node_type else key})
    return queryset


def _members(info: Info, filter: PartyMemberFilter | None) -> Any:
    queryset = _narrowed(scoped(models.PartyMember, info.context.principal), filter, MEMBER_LOOKUPS)
    if filter is not None and filter.current is not None:
        lookup = {"status__in": models.CURRENT_STATUSES}
        queryset = queryset.filter(**lookup) if filter.current else queryset.exclude(**lookup)
    return queryset


@strawberry.type
class PartyQuery:
    @strawberry.field(description="党组织（可见范围内，按登记顺序）")
    async def party_organisations(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyOrganisationFilter | None = None,
    ) -> Connection[PartyOrganisation]:
        queryset = _narrowed(scoped(models.PartyOrganisation, info.context.principal), filter, ORGANISATION_LOOKUPS)
        return await paginate(queryset.order_by("id"), first, after, info)

    @strawberry.field(description="党员（可见范围内，按登记顺序）")
    async def party_members(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyMemberFilter | None = None,
    ) -> Connection[PartyMember]:
        return await paginate(_members(info, filter).order_by("id"), first, after, info)

    @strawberry.field(description="本月（或指定月份）过政治生日的党员：入党日期在该月，按日期")
    async def party_political_birthdays(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyMemberFilter | None = None,
        month: Annotated[int | None, strawberry.argument(description="月份 1–12，默认本月")] = None,
    ) -> Connection[PartyMember]:
        chosen = month if month is not None and 1 <= month <= 12 else today().month
        queryset = _members(info, filter)
        return await paginate(
            services.political_birthdays(queryset, chosen).order_by("joined_on", "id"), first, after, info
        )

    @strawberry.field(description="“光荣在党50年”纪念章的颁发对象：到该年 7 月 1 日党龄满 50 年的党员（按转正日期）")
    async def party_fifty_year_honourees(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyMemberFilter | None = None,
        year: Annotated[int | None, strawberry.argument(description="年度（1921–2200），默认今年")] = None,
    ) -> Connection[PartyMember]:
        chosen = year if year is not None and MIN_YEAR <= year <= MAX_YEAR else today().year
        queryset = services.fifty_year_honourees(_members(info, filter), chosen)
        return await paginate(queryset.order_by("confirmed_on", "id"), first, after, info)

    @strawberry.field(description="组织关系介绍信（可见范围内，最近开具的在前）")
    async def party_transfer_letters(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyTransferLetterFilter | None = None,
    ) -> Connection[PartyTransferLetter]:
        queryset = _narrowed(scoped(models.PartyTransferLetter, info.context.principal), filter, LETTER_LOOKUPS)
        if filter is not None and filter.status is not None:
            queryset = services.with_status(queryset, filter.status, today())
        return await paginate(queryset.order_by("-issued_on", "id"), first, after, info)

    @strawberry.field(description="流动党员（可见范围内，最近开始的在前）")
    async def party_flowing_members(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyFlowingMemberFilter | None = None,
    ) -> Connection[PartyFlowingMember]:
        queryset = _narrowed(scoped(models.PartyFlowingMember, info.context.principal), filter, FLOW_LOOKUPS)
        if filter is not None and filter.current:
            queryset = queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today()))
        return await paginate(queryset.order_by("-starts_on", "id"), first, after, info)

    @strawberry.field(description="组织生活的会议记录（可见范围内，最近的在前）")
    async def party_meetings(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyMeetingFilter | None = None,
    ) -> Connection[PartyMeeting]:
        queryset = _narrowed(scoped(models.PartyMeeting, info.context.principal), filter, MEETING_LOOKUPS)
        return await paginate(queryset.order_by("-held_on", "id"), first, after, info)

    @strawberry.field(description="党支部一年的组织生活合规情况：每类会议的每个已开始的周期（周期为插件设置）")
    async def party_meeting_compliance(
        self,
        info: Info,
        branch_id: Annotated[strawberry.ID, strawberry.argument(description="党支部 ID")],
        year: Annotated[int | None, strawberry.argument(description="年度，默认今年")] = None,
    ) -> list[PartyComplianceLine]:
        try:
            pk = decode_id(branch_id, "PartyOrganisation", "branchId")
        except ServiceError:
            return []
        branch = await scoped(models.PartyOrganisation, info.context.principal).get_or_none(id=pk)
        if branch is None or (year is not None and not MIN_YEAR <= year <= MAX_YEAR):
            return []
        on = today()
        return [
            PartyComplianceLine(
                kind=line.kind,
                starts_on=line.starts_on,
                ends_on=line.ends_on,
                held=line.held,
                satisfied=line.satisfied,
                overdue=line.overdue(on),
            )
            for line in await services.compliance(branch.id, year if year is not None else on.year, on)
        ]

    @strawberry.field(description="委员会职务（可见范围内，按任期届满日期）")
    async def party_committee_posts(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: PartyCommitteePostFilter | None = None,
    ) -> Connection[PartyCommitteePost]:
        queryset = _narrowed(scoped(models.PartyCommitteePost, info.context.principal), filter, POST_LOOKUPS)
        if filter is not None and filter.current is not None:
            queryset = queryset.filter(ended_on__isnull=filter.current)
        return await paginate(queryset.order_by("term_ends_on", "id"), first, after, info)


# ---- mutations -------------------------------------------------------------------------------


@strawberry.input(description="设立党组织（筹建；党小组设立即成立）")
class CreatePartyOrganisationInput:
    name: str = strawberry.field(description="党组织名称，最长 100 字")
    kind: OrganisationKind = strawberry.field(description="党组织类别")
    agency_id: strawberry.ID | None = refers(
        "Agency", "所属军休机构，须在本人范围内；不填时只有系统管理员可以登记", default=strawberry.UNSET
    )
    parent_id: strawberry.ID | None = refers(
        "PartyOrganisation", "上级党组织（可在另一机构线上）；党小组必填，为其党支部", default=strawberry.UNSET
    )
    superior_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="平台外的上级党组织名称（属地管理时填写），最长 100 字"
    )


@strawberry.input(description="修改党组织（省略的字段不变）")
class UpdatePartyOrganisationInput:
    id: strawberry.ID = refers("PartyOrganisation", "党组织 ID", to="organisation_id")
    version: int = strawberry.field(description="读取时的版本号")
    name: str | None = strawberry.field(default=strawberry.UNSET, description="党组织名称")
    superior_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="平台外的上级党组织名称（null 清空）"
    )


@strawberry.input(description="成立党组织：党支部须有足够的正式党员，党总支须有足够的党员")
class EstablishPartyOrganisationInput:
    id: strawberry.ID = refers("PartyOrganisation", "筹建中的党组织 ID", to="organisation_id")
    established_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="成立日期，默认今天")


@strawberry.input(description="任命委员会职务（一届任期，任期长度为插件设置）")
class AppointPartyCommitteePostInput:
    organisation_id: strawberry.ID = refers("PartyOrganisation", "已成立的党组织")
    member_id: strawberry.ID = refers("PartyMember", "本组织的正式党员")
    kind: PostKind = strawberry.field(description="职务；不足 7 名正式党员的党支部只设书记、副书记")
    term_starts_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="任期开始日期，默认今天")


@strawberry.input(description="免去委员会职务")
class RelievePartyCommitteePostInput:
    post_id: strawberry.ID = refers("PartyCommitteePost", "委员会职务 ID")
    ended_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="免职日期，默认今天")


@strawberry.input(description="登记党员：一名军休干部或一名工作人员编入一个党支部")
class AddPartyMemberInput:
    branch_id: strawberry.ID = refers("PartyOrganisation", "党支部（可为筹建中的）")
    status: MemberStatus = strawberry.field(description="党员状态：正式、预备、流入或流出")
    joined_on: dt.date = strawberry.field(description="入党日期")
    retiree_id: strawberry.ID | None = refers("Retiree", "军休干部（与工作人员二选一）", default=strawberry.UNSET)
    staff_id: strawberry.ID | None = refers("StaffMember", "工作人员（与军休干部二选一）", default=strawberry.UNSET)
    group_id: strawberry.ID | None = refers("PartyOrganisation", "该支部的党小组", default=strawberry.UNSET)
    confirmed_on: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description="转正日期（正式党员必填，预备党员不填）"
    )


@strawberry.input(description="为党员开具组织关系介绍信（转出）")
class IssuePartyTransferLetterInput:
    member_id: strawberry.ID = refers("PartyMember", "党籍存续的军休干部党员")
    to_name: str = strawberry.field(description="转往的党组织名称，最长 100 字")
    to_organisation_id: strawberry.ID | None = refers(
        "PartyOrganisation", "转往的党支部（在平台上时），不能是党员现在的支部", default=strawberry.UNSET
    )
    number: str | None = strawberry.field(default=strawberry.UNSET, description="介绍信编号，最长 50 字")
    issued_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="开具日期，默认今天")


@strawberry.input(description="登记报到（须在有效期内）；转出的介绍信报到到平台上的党支部时，组织关系随即转入该支部")
class ReportPartyTransferLetterInput:
    letter_id: strawberry.ID = refers("PartyTransferLetter", "介绍信")
    reported_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="报到日期，默认今天")
    branch_id: strawberry.ID | None = refers(
        "PartyOrganisation", "报到的党支部（在平台上时）", default=strawberry.UNSET
    )


@strawberry.input(description="登记回执：转接完成")
class ReceiptPartyTransferLetterInput:
    letter_id: strawberry.ID = refers("PartyTransferLetter", "介绍信")
    receipted_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="回执日期，默认今天")


@strawberry.input(description="登记流动党员（党员状态随之改为流出或流入）")
class RegisterPartyFlowingMemberInput:
    member_id: strawberry.ID = refers("PartyMember", "党员（流入党员须先编入参加组织生活的本支部）")
    direction: FlowDirection = strawberry.field(description="方向")
    home_organisation: str = strawberry.field(description="组织关系所在党组织，最长 100 字")
    attending_organisation: str = strawberry.field(description="参加组织生活的党组织，最长 100 字")
    starts_on: dt.date = strawberry.field(description="流动开始日期")
    certificate_number: str | None = strawberry.field(default=strawberry.UNSET, description="活动证编号")
    home_agency_id: strawberry.ID | None = refers(
        "Agency", "组织关系所在的军休机构（在平台上时）", default=strawberry.UNSET
    )
    ends_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="流动结束日期")


@strawberry.input(description="登记流出党员向党支部的报告")
class RecordPartyFlowingReportInput:
    flow_id: strawberry.ID = refers("PartyFlowingMember", "流出党员登记")
    reported_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="报告日期，默认今天")


@strawberry.input(description="登记已召开的会议（草稿）")
class CreatePartyMeetingInput:
    organisation_id: strawberry.ID = refers("PartyOrganisation", "召开的党支部（党小组会为党小组）")
    kind: MeetingKind = strawberry.field(description="会议类型")
    held_on: dt.date = strawberry.field(description="召开日期，不能晚于今天")
    topic: str = strawberry.field(description="主题，最长 200 字")
    presenter: str | None = strawberry.field(default=strawberry.UNSET, description="主持人或授课人")
    recorder: str | None = strawberry.field(default=strawberry.UNSET, description="记录人")
    minutes: str | None = strawberry.field(default=strawberry.UNSET, description="会议记录")


@strawberry.input(description="一名党员的参加情况")
class PartyAttendanceEntryInput:
    member_id: strawberry.ID = refers("PartyMember", "本支部的党员")
    mode: AttendanceMode = strawberry.field(description="参加方式")
    reason: str | None = strawberry.field(default=strawberry.UNSET, description="缺席或请假原因（这两种必填）")


@strawberry.input(description="登记会议的考勤（已登记的党员被更正）")
class RecordPartyAttendanceInput:
    meeting_id: strawberry.ID = refers("PartyMeeting", "会议（草稿或已退回）")
    entries: list[PartyAttendanceEntryInput] = strawberry.field(description="各党员的参加情况")


@strawberry.input(description="提交会议记录审核")
class SubmitPartyMeetingInput:
    meeting_id: strawberry.ID = refers("PartyMeeting", "会议（草稿或已退回）")


@strawberry.input(description="审核会议记录")
class ReviewPartyMeetingInput:
    meeting_id: strawberry.ID = refers("PartyMeeting", "待审核的会议")
    decision: ReviewDecision = strawberry.field(description="结论")
    opinion: str | None = strawberry.field(default=strawberry.UNSET, description="审核意见（不同意时必填）")


PartyOrganisationPayload = payload("PartyOrganisation", "party_organisation", PartyOrganisation, "党组织")
PartyMemberPayload = payload("PartyMember", "party_member", PartyMember, "党员")
PartyFlowingMemberPayload = payload("PartyFlowingMember", "party_flowing_member", PartyFlowingMember, "流动党员登记")
PartyMeetingPayload = payload("PartyMeeting", "party_meeting", PartyMeeting, "会议")
PartyTransferLetterPayload = payload("PartyTransferLetter", "party_transfer_letter", PartyTransferLetter, "介绍信")
PartyCommitteePostPayload = payload("PartyCommitteePost", "party_committee_post", PartyCommitteePost, "委员会职务")


@strawberry.type
class PartyMutation:
    create_party_organisation = mutation(
        "设立党组织（党委、党总支、党支部为筹建中，党小组设立即成立）",
        requires=MANAGE,
        service=services.create_organisation,
        input=CreatePartyOrganisationInput,
        payload=PartyOrganisationPayload,
    )
    update_party_organisation = mutation(
        "修改党组织名称或平台外上级党组织名称",
        requires=MANAGE,
        service=services.update_organisation,
        input=UpdatePartyOrganisationInput,
        payload=PartyOrganisationPayload,
    )
    establish_party_organisation = mutation(
        "成立党组织（检查成立条件）",
        requires=MANAGE,
        service=services.establish_organisation,
        input=EstablishPartyOrganisationInput,
        payload=PartyOrganisationPayload,
    )
    appoint_party_committee_post = mutation(
        "任命委员会职务，任期届满日即应换届日期",
        requires=MANAGE,
        service=services.appoint_post,
        input=AppointPartyCommitteePostInput,
        payload=PartyCommitteePostPayload,
    )
    relieve_party_committee_post = mutation(
        "免去委员会职务",
        requires=MANAGE,
        service=services.relieve_post,
        input=RelievePartyCommitteePostInput,
        payload=PartyCommitteePostPayload,
    )
    add_party_member = mutation(
        "登记党员（同一时间只能属于一个党支部）",
        requires=MEMBERS,
        service=services.add_member,
        input=AddPartyMemberInput,
        payload=PartyMemberPayload,
    )
    issue_party_transfer_letter = mutation(
        "开具组织关系介绍信（转出）",
        requires=MEMBERS,
        service=services.issue_letter,
        input=IssuePartyTransferLetterInput,
        payload=PartyTransferLetterPayload,
    )
    report_party_transfer_letter = mutation(
        "登记介绍信报到",
        requires=MEMBERS,
        service=services.report_letter,
        input=ReportPartyTransferLetterInput,
        payload=PartyTransferLetterPayload,
    )
    register_party_flowing_member = mutation(
        "登记流动党员（流出或流入）",
        requires=MEMBERS,
        service=services.register_flowing,
        input=RegisterPartyFlowingMemberInput,
        payload=PartyFlowingMemberPayload,
    )
    record_party_flowing_report = mutation(
        "登记流出党员向党支部的报告",
        requires=MEMBERS,
        service=services.record_flowing_report,
        input=RecordPartyFlowingReportInput,
        payload=PartyFlowingMemberPayload,
    )
    create_party_meeting = mutation(
        "登记已召开的会议（草稿）；任党支部书记、委员的军休干部可登记本支部的会议",
        requires=MEETINGS,
        service=services.create_meeting,
        input=CreatePartyMeetingInput,
        payload=PartyMeetingPayload,
    )
    record_party_attendance = mutation(
        "登记会议考勤（现场、线上、送学上门、补学、缺席、事先请假）",
        requires=MEETINGS,
        service=services.record_attendance,
        input=RecordPartyAttendanceInput,
        payload=PartyMeetingPayload,
    )
    submit_party_meeting = mutation(
        "提交会议记录审核",
        requires=MEETINGS,
        service=services.submit_meeting,
        input=SubmitPartyMeetingInput,
        payload=PartyMeetingPayload,
    )
    review_party_meeting = mutation(
        "审核会议记录（沿审核链逐级；不同意即退回）",
        requires=MANAGE,
        service=services.review_meeting,
        input=ReviewPartyMeetingInput,
        payload=PartyMeetingPayload,
    )
    receipt_party_transfer_letter = mutation(
        "登记介绍信回执，转接完成",
        requires=MEMBERS,
        service=services.receipt_letter,
        input=ReceiptPartyTransferLetterInput,
        payload=PartyTransferLetterPayload,
    )


TYPES = (
    PartyOrganisation,
    PartyMember,
    PartyCommitteePost,
    PartyTransferLetter,
    PartyFlowingMember,
    PartyMeeting,
    PartyAttendance,
    PartyMeetingReview,
    PartyComplianceLine,
)
