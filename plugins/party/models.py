"""Tortoise models of the ``party`` app (tables prefixed ``party_``).

Party organisations form their own tree (党委 → 党总支 → 党支部 → 党小组), apart from the agency
tree: each may belong to an agency, and its superior may be an organisation of another line
(属地管理). Members are retirees or staff; committee posts are held by members for a term.
"""

from enum import Enum

import strawberry
from tortoise import fields

from core.api import ApprovalLevel, ApprovalStep, Versioned

v = strawberry.enum_value


@strawberry.enum(name="PartyOrganisationKind", description="党组织类别")
class OrganisationKind(Enum):
    COMMITTEE = v("COMMITTEE", description="党委（基层委员会）")
    GENERAL_BRANCH = v("GENERAL_BRANCH", description="党总支")
    BRANCH = v("BRANCH", description="党支部")
    GROUP = v("GROUP", description="党小组")


@strawberry.enum(name="PartyOrganisationStatus", description="党组织状态")
class OrganisationStatus(Enum):
    PREPARING = v("PREPARING", description="筹建中（尚未批准成立）")
    ACTIVE = v("ACTIVE", description="已成立")
    DISSOLVED = v("DISSOLVED", description="已撤销")


@strawberry.enum(name="PartyMemberStatus", description="党员状态")
class MemberStatus(Enum):
    FORMAL = v("FORMAL", description="正式党员")
    PROBATIONARY = v("PROBATIONARY", description="预备党员（预备期满应讨论转正）")
    FLOWING_IN = v("FLOWING_IN", description="流入党员（组织关系在外地，在本支部参加组织生活）")
    FLOWING_OUT = v("FLOWING_OUT", description="流出党员（组织关系在本支部，在外地参加组织生活）")
    SUSPENDED = v("SUSPENDED", description="停止党籍")
    ENDED = v("ENDED", description="党籍终止（去世、出党）")


#: statuses of a membership that still holds its place in a branch
CURRENT_STATUSES = (
    MemberStatus.FORMAL,
    MemberStatus.PROBATIONARY,
    MemberStatus.FLOWING_IN,
    MemberStatus.FLOWING_OUT,
    MemberStatus.SUSPENDED,
)
#: statuses counted as 正式党员 by the formation rules (a flowing member is a formal one)
FORMAL_STATUSES = (MemberStatus.FORMAL, MemberStatus.FLOWING_IN, MemberStatus.FLOWING_OUT)


@strawberry.enum(name="PartyCommitteePostKind", description="委员会职务")
class PostKind(Enum):
    SECRETARY = v("SECRETARY", description="书记")
    DEPUTY_SECRETARY = v("DEPUTY_SECRETARY", description="副书记")
    ORGANIZATION = v("ORGANIZATION", description="组织委员")
    PROPAGANDA = v("PROPAGANDA", description="宣传委员")
    DISCIPLINE = v("DISCIPLINE", description="纪检委员")


#: posts a branch without a 支委会 may fill (a 书记, optionally a 副书记)
LEADER_POSTS = (PostKind.SECRETARY, PostKind.DEPUTY_SECRETARY)


@strawberry.enum(name="PartyLetterDirection", description="组织关系介绍信的方向")
class LetterDirection(Enum):
    OUTGOING = v("OUTGOING", description="转出（本支部开出）")
    INCOMING = v("INCOMING", description="转入（外单位开来，待到本机构党组织报到）")


@strawberry.enum(name="PartyLetterStatus", description="组织关系介绍信的状态")
class LetterStatus(Enum):
    ISSUED = v("ISSUED", description="已开出，待报到")
    REPORTED = v("REPORTED", description="已报到，待回执")
    RECEIPTED = v("RECEIPTED", description="已回执，转接完成")
    EXPIRED = v("EXPIRED", description="超过有效期未报到，已失效")


@strawberry.enum(name="PartyMeetingKind", description="组织生活的类型（三会一课等）")
class MeetingKind(Enum):
    BRANCH_CONGRESS = v("BRANCH_CONGRESS", description="支部党员大会")
    BRANCH_COMMITTEE = v("BRANCH_COMMITTEE", description="支部委员会会议")
    GROUP = v("GROUP", description="党小组会")
    PARTY_LECTURE = v("PARTY_LECTURE", description="党课")
    THEMED_DAY = v("THEMED_DAY", description="主题党日")
    ORGANIZATIONAL_LIFE = v("ORGANIZATIONAL_LIFE", description="组织生活会（每年一次）")
    MEMBER_REVIEW = v("MEMBER_REVIEW", description="民主评议党员（每年一次）")


@strawberry.enum(name="PartyMeetingStatus", description="会议记录的状态")
class MeetingStatus(Enum):
    DRAFT = v("DRAFT", description="草稿")
    SUBMITTED = v("SUBMITTED", description="已提交，待审核")
    APPROVED = v("APPROVED", description="已审核通过")
    RETURNED = v("RETURNED", description="已退回，修改后可再提交")


@strawberry.enum(name="PartyAttendanceMode", description="参加方式")
class AttendanceMode(Enum):
    IN_PERSON = v("IN_PERSON", description="现场参加")
    ONLINE = v("ONLINE", description="线上参加")
    DELIVERED_HOME = v("DELIVERED_HOME", description="送学上门（年老体弱的党员）")
    MAKE_UP = v("MAKE_UP", description="补学")
    ABSENT = v("ABSENT", description="缺席（须写原因）")
    EXEMPTED = v("EXEMPTED", description="事先请假获准（不计为缺席）")


@strawberry.enum(name="PartyReviewLevel", description="会议记录的审核层级（与核心审批链的层级同值）")
class ReviewLevel(Enum):
    AGENCY = v("AGENCY", description="军休机构")
    COUNTY = v("COUNTY", description="县级部门")
    CITY = v("CITY", description="市级部门")
    PROVINCE = v("PROVINCE", description="省级部门")
    MINISTRY = v("MINISTRY", description="部级")


@strawberry.enum(name="PartyReviewDecision", description="会议记录的审核结论")
class ReviewDecision(Enum):
    APPROVE = v("APPROVE", description="同意")
    REJECT = v("REJECT", description="不同意（退回）")


#: modes that count as taking part
ATTENDED = (AttendanceMode.IN_PERSON, AttendanceMode.ONLINE, AttendanceMode.DELIVERED_HOME, AttendanceMode.MAKE_UP)


@strawberry.enum(name="PartyFlowDirection", description="流动党员的方向")
class FlowDirection(Enum):
    OUTFLOW = v("OUTFLOW", description="流出：组织关系在本支部，在外地参加组织生活")
    INFLOW = v("INFLOW", description="流入：组织关系在外地（可在外省），在本支部参加组织生活")


class PartyOrganisation(Versioned):
    """A party organisation: 党委, 党总支, 党支部 or 党小组, optionally of an agency."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(OrganisationKind, db_index=True)
    status = fields.CharEnumField(OrganisationStatus, default=OrganisationStatus.PREPARING, db_index=True)
    agency: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="party_organisations", null=True, on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation["PartyOrganisation"] = fields.ForeignKeyField(
        "party.PartyOrganisation", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    superior_name = fields.CharField(max_length=100, default="")
    established_on = fields.DateField(null=True)

    class Meta:
        table = "party_organisation"
        ordering = ["id"]


class PartyMember(Versioned):
    """One person's membership in a branch: a retiree or a staff member (never both)."""

    id = fields.IntField(primary_key=True)
    retiree: fields.ForeignKeyNullableRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name="party_memberships", null=True, on_delete=fields.RESTRICT
    )
    staff: fields.ForeignKeyNullableRelation["Staff"] = fields.ForeignKeyField(  # noqa: F821
        "core.Staff", related_name="party_memberships", null=True, on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=50)
    branch: fields.ForeignKeyRelation[PartyOrganisation] = fields.ForeignKeyField(
        "party.PartyOrganisation", related_name="members", on_delete=fields.RESTRICT
    )
    group: fields.ForeignKeyNullableRelation[PartyOrganisation] = fields.ForeignKeyField(
        "party.PartyOrganisation", related_name="group_members", null=True, on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(MemberStatus, db_index=True)
    joined_on = fields.DateField()
    # the month of joined_on, for this month's 政治生日 (month extraction differs between databases)
    joined_month = fields.SmallIntField(db_index=True)
    confirmed_on = fields.DateField(null=True)
    ended_on = fields.DateField(null=True)
    end_reason = fields.CharField(max_length=200, default="")

    class Meta:
        table = "party_member"
        ordering = ["id"]


class PartyCommitteePost(Versioned):
    """A committee post held by a member for a term, the term's end is the 换届 due date."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[PartyOrganisation] = fields.ForeignKeyField(
        "party.PartyOrganisation", related_name="posts", on_delete=fields.RESTRICT
    )
    member: fields.ForeignKeyRelation[PartyMember] = fields.ForeignKeyField(
        "party.PartyMember", related_name="posts", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(PostKind)
    # the retiree holding the post while it is current (null for staff and once it ends): the
    # scope of a retiree secretary or committee member reaches their branch through it
    holder_retiree: fields.ForeignKeyNullableRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name="party_posts_held", null=True, on_delete=fields.RESTRICT
    )
    term_starts_on = fields.DateField()
    term_ends_on = fields.DateField(db_index=True)
    ended_on = fields.DateField(null=True)

    class Meta:
        table = "party_committee_post"
        ordering = ["organisation_id", "kind", "id"]


class PartyTransferLetter(Versioned):
    """An introduction letter (组织关系介绍信) moving a member's party relationship, handled by an
    agency: the member's when going out, the receiving agency's when coming in."""

    id = fields.IntField(primary_key=True)
    direction = fields.CharEnumField(LetterDirection)
    status = fields.CharEnumField(LetterStatus, default=LetterStatus.ISSUED, db_index=True)
    retiree: fields.ForeignKeyRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name="party_transfer_letters", on_delete=fields.RESTRICT
    )
    member: fields.ForeignKeyNullableRelation[PartyMember] = fields.ForeignKeyField(
        "party.PartyMember", related_name="transfer_letters", null=True, on_delete=fields.RESTRICT
    )
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="party_transfer_letters", on_delete=fields.RESTRICT
    )
    to_agency: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="party_incoming_letters", null=True, on_delete=fields.RESTRICT
    )
    number = fields.CharField(max_length=50, default="")
    from_name = fields.CharField(max_length=100)
    to_name = fields.CharField(max_length=100)
    to_organisation: fields.ForeignKeyNullableRelation[PartyOrganisation] = fields.ForeignKeyField(
        "party.PartyOrganisation", related_name="incoming_letters", null=True, on_delete=fields.RESTRICT
    )
    issued_on = fields.DateField()
    valid_until = fields.DateField(db_index=True)
    reported_on = fields.DateField(null=True)
    receipted_on = fields.DateField(null=True)

    class Meta:
        table = "party_transfer_letter"
        ordering = ["-issued_on", "id"]


class PartyMeeting(Versioned):
    """A meeting held by a branch (or a 党小组 for 党小组会): its record goes through the approval chain."""

    id = fields.IntField(primary_key=True)
    organisation: fields.ForeignKeyRelation[PartyOrganisation] = fields.ForeignKeyField(
        "party.PartyOrganisation", related_name="meetings", on_delete=fields.RESTRICT
    )
    # the branch whose compliance the meeting counts for (the group's branch for 党小组会)
    branch: fields.ForeignKeyRelation[PartyOrganisation] = fields.ForeignKeyField(
        "party.PartyOrganisation", related_name="branch_meetings", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(MeetingKind, db_index=True)
    held_on = fields.DateField(db_index=True)
    topic = fields.CharField(max_length=200)
    presenter = fields.CharField(max_length=50, default="")
    recorder = fields.CharField(max_length=50, default="")
    minutes = fields.TextField(default="")
    status = fields.CharEnumField(MeetingStatus, default=MeetingStatus.DRAFT, db_index=True)
    pending_level = fields.CharEnumField(ApprovalLevel, null=True)

    class Meta:
        table = "party_meeting"
        ordering = ["-held_on", "id"]


class PartyMeetingReview(ApprovalStep):
    """One step of a meeting record's approval chain."""

    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[PartyMeeting] = fields.ForeignKeyField(
        "party.PartyMeeting", related_name="reviews", on_delete=fields.CASCADE
    )

    class Meta:
        table = "party_meeting_review"
        ordering = ["reviewed_at", "id"]


class PartyAttendance(Versioned):
    """How one member took part in a meeting (or was excused in advance)."""

    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[PartyMeeting] = fields.ForeignKeyField(
        "party.PartyMeeting", related_name="attendance", on_delete=fields.CASCADE
    )
    member: fields.ForeignKeyRelation[PartyMember] = fields.ForeignKeyField(
        "party.PartyMember", related_name="attendance", on_delete=fields.RESTRICT
    )
    mode = fields.CharEnumField(AttendanceMode)
    reason = fields.CharField(max_length=200, default="")

    class Meta:
        table = "party_attendance"
        ordering = ["meeting_id", "id"]
        unique_together = (("meeting", "member"),)


class PartyFlowingMember(Versioned):
    """A member's flowing period (流动党员, Art. 25): the 活动证, the home organisation (free text,
    optionally an agency, possibly in another province), where they attend, and, going out,
    their reports to the home branch on a cadence."""

    id = fields.IntField(primary_key=True)
    member: fields.ForeignKeyRelation[PartyMember] = fields.ForeignKeyField(
        "party.PartyMember", related_name="flows", on_delete=fields.RESTRICT
    )
    direction = fields.CharEnumField(FlowDirection)
    certificate_number = fields.CharField(max_length=50, default="")
    home_organisation = fields.CharField(max_length=100)
    home_agency: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="party_flowing_members", null=True, on_delete=fields.RESTRICT
    )
    attending_organisation = fields.CharField(max_length=100)
    starts_on = fields.DateField()
    ends_on = fields.DateField(null=True)
    last_reported_on = fields.DateField(null=True)

    class Meta:
        table = "party_flowing_member"
        ordering = ["-starts_on", "id"]


__all__ = [
    "FlowDirection",
    "PartyFlowingMember",
    "ATTENDED",
    "AttendanceMode",
    "ReviewDecision",
    "ReviewLevel",
    "MeetingKind",
    "MeetingStatus",
    "PartyAttendance",
    "PartyMeeting",
    "PartyMeetingReview",
    "LetterDirection",
    "LetterStatus",
    "PartyTransferLetter",
    "CURRENT_STATUSES",
    "FORMAL_STATUSES",
    "LEADER_POSTS",
    "MemberStatus",
    "OrganisationKind",
    "OrganisationStatus",
    "PartyCommitteePost",
    "PartyMember",
    "PartyOrganisation",
    "PostKind",
]
