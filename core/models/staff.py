from tortoise import fields
from tortoise.models import Model

from core.models.base import Versioned
from core.models.enums import (
    AppraisalGrade,
    Employment,
    Gender,
    HireChannel,
    PoliticalStatus,
    StaffStatus,
    TrainingKind,
)
from core.models.fields import EncryptedCharField


class Staff(Versioned):
    """服务管理工作人员 (Art. 30–35)."""

    id = fields.IntField(primary_key=True)
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="staff", on_delete=fields.RESTRICT, db_index=True
    )
    name = fields.CharField(max_length=50, db_index=True)
    gender = fields.CharEnumField(Gender)
    birth_date = fields.DateField(null=True)
    phone = EncryptedCharField(max_length=30, default="")
    position = fields.CharField(max_length=50, default="")
    employment = fields.CharEnumField(Employment)
    hire_channel = fields.CharEnumField(HireChannel, null=True)
    veteran = fields.BooleanField(default=False)
    military_family = fields.BooleanField(default=False)
    political_status = fields.CharEnumField(PoliticalStatus, null=True)
    hired_on = fields.DateField(null=True)
    status = fields.CharEnumField(StaffStatus, default=StaffStatus.ACTIVE, db_index=True)
    left_on = fields.DateField(null=True)
    leaving_reason = fields.CharField(max_length=200, default="")

    agency_id: int

    class Meta:
        table = "core_staff"
        ordering = ["id"]


class StaffTraining(Model):
    """教育培训、岗位练兵、业务竞赛 (Art. 34)."""

    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation[Staff] = fields.ForeignKeyField(
        "core.Staff", related_name="trainings", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(TrainingKind)
    title = fields.CharField(max_length=100)
    started_on = fields.DateField()
    ended_on = fields.DateField()
    hours = fields.IntField(null=True)
    result = fields.CharField(max_length=100, default="")

    staff_id: int

    class Meta:
        table = "core_staff_training"
        ordering = ["started_on", "id"]


class StaffAppraisal(Model):
    """年度绩效考核 (Art. 35), one per staff member and year."""

    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation[Staff] = fields.ForeignKeyField(
        "core.Staff", related_name="appraisals", on_delete=fields.CASCADE
    )
    year = fields.SmallIntField()
    grade = fields.CharEnumField(AppraisalGrade)
    remarks = fields.CharField(max_length=200, default="")

    staff_id: int

    class Meta:
        table = "core_staff_appraisal"
        unique_together = (("staff", "year"),)
        ordering = ["year", "id"]


class StaffRotation(Model):
    """岗位交流 (Art. 35): a change of position and possibly of agency."""

    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation[Staff] = fields.ForeignKeyField(
        "core.Staff", related_name="rotations", on_delete=fields.CASCADE
    )
    rotated_on = fields.DateField()
    from_agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name=False, on_delete=fields.RESTRICT
    )
    to_agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name=False, on_delete=fields.RESTRICT
    )
    from_position = fields.CharField(max_length=50, default="")
    to_position = fields.CharField(max_length=50, default="")
    remarks = fields.CharField(max_length=200, default="")

    staff_id: int
    from_agency_id: int
    to_agency_id: int

    class Meta:
        table = "core_staff_rotation"
        ordering = ["rotated_on", "id"]
