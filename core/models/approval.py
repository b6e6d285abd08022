"""The approval step: one decision at one level of an approval chain (see ``core.approvals``).

Abstract: each plugin keeps its steps in a table of its own, with a foreign key to the record
approved (``SanatoriumReview.nomination``), so steps are deleted with their record, scoped
through it, and live in the plugin's app like the rest of its data."""

from enum import Enum

import strawberry
from tortoise import fields
from tortoise.models import Model

v = strawberry.enum_value


@strawberry.enum(description="审批层级：军休机构（军休所、中心）及各级退役军人事务部门")
class ApprovalLevel(Enum):
    AGENCY = v("AGENCY", description="军休机构")
    COUNTY = v("COUNTY", description="县级部门")
    CITY = v("CITY", description="市级部门")
    PROVINCE = v("PROVINCE", description="省级部门")
    MINISTRY = v("MINISTRY", description="部级")


@strawberry.enum(description="审批结论")
class ApprovalDecision(Enum):
    APPROVE = v("APPROVE", description="同意")
    REJECT = v("REJECT", description="不同意")


class ApprovalStep(Model):
    """Level, decision, opinion, reviewer (user id, name, agency) and time of one step.

    A plugin whose GraphQL already names its own enums for the level or the decision may
    redeclare ``level``/``decision`` with an enum of the same values (the chain writes values)."""

    level = fields.CharEnumField(ApprovalLevel)
    decision = fields.CharEnumField(ApprovalDecision)
    opinion = fields.CharField(max_length=500, default="")
    reviewer_name = fields.CharField(max_length=50)
    reviewer_user_id = fields.IntField(null=True)
    reviewer_agency: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    reviewed_at = fields.DatetimeField(auto_now_add=True)

    reviewer_agency_id: int | None

    class Meta:
        abstract = True
