from tortoise import fields

from core.models.base import Versioned
from core.models.enums import AgencyKind, AgencyStatus, DepartmentLevel


class Agency(Versioned):
    """A veterans-affairs department or a service agency. One province is one tree."""

    id = fields.IntField(primary_key=True)
    parent: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(
        "core.Agency", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    # Materialised path "/1/4/9/": a subtree is one indexed prefix match, for filters and scoping.
    path = fields.CharField(max_length=255, db_index=True, default="")
    kind = fields.CharEnumField(AgencyKind)
    level = fields.CharEnumField(DepartmentLevel, null=True)
    name = fields.CharField(max_length=100)
    division_code = fields.CharField(max_length=6)
    address = fields.CharField(max_length=200, default="")
    phone = fields.CharField(max_length=30, default="")
    legal_representative = fields.CharField(max_length=50, default="")
    established_on = fields.DateField(null=True)
    staff_quota = fields.IntField(null=True)
    status = fields.CharEnumField(AgencyStatus, default=AgencyStatus.ACTIVE, db_index=True)
    merged_into: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(
        "core.Agency", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    closed_on = fields.DateField(null=True)

    parent_id: int | None
    merged_into_id: int | None

    class Meta:
        table = "core_agency"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
