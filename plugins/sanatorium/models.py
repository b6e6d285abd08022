"""Tortoise models of the ``sanatorium`` app (tables prefixed ``sanatorium_``).

Sites, annual plans (per tier, owned by a department) with per-agency quotas, batches,
nominations with companions and a fitness check, and the review of each nomination per level.
"""

from enum import Enum

import strawberry
from tortoise import fields
from tortoise.models import Model

from core.api import ApprovalStep, Versioned, enums

v = strawberry.enum_value


@strawberry.enum(description="疗养层级（分层级组织疗养，第十条）")
class SanatoriumTier(Enum):
    NATIONAL = v("NATIONAL", description="国家级")
    PROVINCIAL = v("PROVINCIAL", description="省级")
    CITY = v("CITY", description="市级")
    COUNTY = v("COUNTY", description="县级")


@strawberry.enum(description="批次状态")
class SanatoriumBatchStatus(Enum):
    PLANNED = v("PLANNED", description="计划中（可起草推荐）")
    OPEN = v("OPEN", description="开放推荐")
    CLOSED = v("CLOSED", description="推荐截止")
    COMPLETED = v("COMPLETED", description="已结束")


@strawberry.enum(description="推荐（疗养人选）状态")
class SanatoriumNominationStatus(Enum):
    DRAFT = v("DRAFT", description="草稿（不占名额）")
    NOMINATED = v("NOMINATED", description="已推荐，待审核")
    UNDER_REVIEW = v("UNDER_REVIEW", description="审核中（已通过部分层级）")
    APPROVED = v("APPROVED", description="审核通过")
    REJECTED = v("REJECTED", description="未通过")
    WITHDRAWN = v("WITHDRAWN", description="已撤回")
    ATTENDED = v("ATTENDED", description="已参加疗养")
    NO_SHOW = v("NO_SHOW", description="未参加")


@strawberry.enum(description="审核层级：机构（军休所、中心、服务站）及各级退役军人事务部门")
class SanatoriumReviewLevel(Enum):
    AGENCY = v("AGENCY", description="军休机构")
    COUNTY = v("COUNTY", description="县级部门")
    CITY = v("CITY", description="市级部门")
    PROVINCE = v("PROVINCE", description="省级部门")
    MINISTRY = v("MINISTRY", description="部级")


@strawberry.enum(description="审核意见")
class SanatoriumDecision(Enum):
    APPROVE = v("APPROVE", description="同意")
    REJECT = v("REJECT", description="不同意")


@strawberry.enum(description="疗养前健康评估结论（以休为主、安全第一）")
class SanatoriumFitness(Enum):
    PENDING = v("PENDING", description="未评估")
    FIT = v("FIT", description="适宜疗养")
    UNFIT = v("UNFIT", description="不宜疗养")


#: statuses that hold a place in a batch and count against quotas
OCCUPYING = (
    SanatoriumNominationStatus.NOMINATED,
    SanatoriumNominationStatus.UNDER_REVIEW,
    SanatoriumNominationStatus.APPROVED,
    SanatoriumNominationStatus.ATTENDED,
)
#: statuses of a nomination still in progress (withdrawn on death, moved on transfer)
OPEN_STATUSES = (
    SanatoriumNominationStatus.DRAFT,
    SanatoriumNominationStatus.NOMINATED,
    SanatoriumNominationStatus.UNDER_REVIEW,
    SanatoriumNominationStatus.APPROVED,
)


class SanatoriumSite(Versioned):
    """A sanatorium (疗养地) a department sends retirees to."""

    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="sanatorium_sites", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    region = fields.CharField(max_length=50, default="")
    address = fields.CharField(max_length=200, default="")
    beds = fields.IntField()

    owner_id: int

    class Meta:
        table = "sanatorium_site"
        ordering = ["id"]


class SanatoriumPlan(Versioned):
    """A department's annual plan for one tier, with a total quota of retirees."""

    id = fields.IntField(primary_key=True)
    owner: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="sanatorium_plans", on_delete=fields.RESTRICT
    )
    year = fields.IntField(db_index=True)
    tier = fields.CharEnumField(SanatoriumTier)
    title = fields.CharField(max_length=100)
    total_quota = fields.IntField()

    owner_id: int

    class Meta:
        table = "sanatorium_plan"
        ordering = ["-year", "id"]
        unique_together = (("owner", "year", "tier"),)


class SanatoriumQuota(Model):
    """The places of a plan allotted to one agency below the plan's owner (and its subtree)."""

    id = fields.IntField(primary_key=True)
    plan: fields.ForeignKeyRelation[SanatoriumPlan] = fields.ForeignKeyField(
        "sanatorium.SanatoriumPlan", related_name="quotas", on_delete=fields.CASCADE
    )
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="sanatorium_quotas", on_delete=fields.RESTRICT
    )
    quota = fields.IntField()

    plan_id: int
    agency_id: int

    class Meta:
        table = "sanatorium_quota"
        ordering = ["plan_id", "agency_id"]
        unique_together = (("plan", "agency"),)


class SanatoriumBatch(Versioned):
    """One batch (批次) of a plan at a site, with dates, capacity in persons and a programme."""

    id = fields.IntField(primary_key=True)
    plan: fields.ForeignKeyRelation[SanatoriumPlan] = fields.ForeignKeyField(
        "sanatorium.SanatoriumPlan", related_name="batches", on_delete=fields.RESTRICT
    )
    site: fields.ForeignKeyRelation[SanatoriumSite] = fields.ForeignKeyField(
        "sanatorium.SanatoriumSite", related_name="batches", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    starts_on = fields.DateField(db_index=True)
    ends_on = fields.DateField()
    capacity = fields.IntField()
    family_allowed = fields.BooleanField(default=False)
    programme = fields.CharField(max_length=500, default="")
    status = fields.CharEnumField(SanatoriumBatchStatus, default=SanatoriumBatchStatus.PLANNED, db_index=True)

    plan_id: int
    site_id: int

    class Meta:
        table = "sanatorium_batch"
        ordering = ["starts_on", "id"]


class SanatoriumNomination(Versioned):
    """A retiree nominated by their agency for a batch, through the review levels."""

    id = fields.IntField(primary_key=True)
    batch: fields.ForeignKeyRelation[SanatoriumBatch] = fields.ForeignKeyField(
        "sanatorium.SanatoriumBatch", related_name="nominations", on_delete=fields.RESTRICT, db_index=True
    )
    retiree: fields.ForeignKeyRelation["Retiree"] = fields.ForeignKeyField(  # noqa: F821
        "core.Retiree", related_name="sanatorium_nominations", on_delete=fields.RESTRICT, db_index=True
    )
    #: the nominating agency (the retiree's when nominated), whose quota the place uses
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="sanatorium_nominations", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(
        SanatoriumNominationStatus, default=SanatoriumNominationStatus.DRAFT, db_index=True
    )
    #: the level whose review is awaited (None when no review is pending)
    pending_level = fields.CharEnumField(SanatoriumReviewLevel, null=True)
    recommendation = fields.CharField(max_length=500, default="")
    reason = fields.CharField(max_length=500, default="")
    fitness = fields.CharEnumField(SanatoriumFitness, default=SanatoriumFitness.PENDING)
    fitness_checked_on = fields.DateField(null=True)
    fitness_note = fields.CharField(max_length=500, default="")
    nominated_at = fields.DatetimeField(null=True)

    batch_id: int
    retiree_id: int
    agency_id: int

    class Meta:
        table = "sanatorium_nomination"
        ordering = ["id"]


class SanatoriumCompanion(Model):
    """A family member accompanying a nominated retiree (only where the batch allows family)."""

    id = fields.IntField(primary_key=True)
    nomination: fields.ForeignKeyRelation[SanatoriumNomination] = fields.ForeignKeyField(
        "sanatorium.SanatoriumNomination", related_name="companions", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=50)
    relation = fields.CharEnumField(enums.FamilyRelation)

    nomination_id: int

    class Meta:
        table = "sanatorium_companion"
        ordering = ["id"]


class SanatoriumReview(ApprovalStep):
    """One review of a nomination at one level: reviewer, decision, opinion and time.

    A step of the nomination's chain (``core.approvals``): the columns come from the core's
    ``ApprovalStep``, but level and decision keep the plugin's enums, which its GraphQL names."""

    id = fields.IntField(primary_key=True)
    nomination: fields.ForeignKeyRelation[SanatoriumNomination] = fields.ForeignKeyField(
        "sanatorium.SanatoriumNomination", related_name="reviews", on_delete=fields.CASCADE
    )
    level = fields.CharEnumField(SanatoriumReviewLevel)
    decision = fields.CharEnumField(SanatoriumDecision)

    nomination_id: int

    class Meta:
        table = "sanatorium_review"
        ordering = ["id"]


__all__ = [
    "OCCUPYING",
    "OPEN_STATUSES",
    "SanatoriumBatch",
    "SanatoriumBatchStatus",
    "SanatoriumCompanion",
    "SanatoriumDecision",
    "SanatoriumFitness",
    "SanatoriumNomination",
    "SanatoriumNominationStatus",
    "SanatoriumPlan",
    "SanatoriumQuota",
    "SanatoriumReview",
    "SanatoriumReviewLevel",
    "SanatoriumSite",
    "SanatoriumTier",
]
