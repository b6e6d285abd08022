import datetime as dt
from collections.abc import Iterable
from typing import Any

from tortoise import fields
from tortoise.models import Model

from core import clock, crypto
from core.models.base import Versioned
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
from core.models.fields import EncryptedCharField

ADVANCED_AGE_YEARS = 80
#: Tags a person records; ADVANCED_AGE is derived from the birth date.
RECORDED_FOCUS_TAGS = tuple(tag for tag in FocusTag if tag is not FocusTag.ADVANCED_AGE)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def encode_tags(tags: set[FocusTag]) -> str:
    # Stored as ",A,B," so that one tag is one portable LIKE '%,A,%' match.
    return "," + ",".join(sorted(t.value for t in tags)) + "," if tags else ""


def canonical_id_number(id_number: str) -> str:
    return id_number.strip().upper()


def id_number_hash(id_number: str) -> str:
    """The keyed hash stored in ``Retiree.id_number_hash``."""
    return crypto.keyed_hash(canonical_id_number(id_number))


class Retiree(Versioned):
    """A military retired cadre (军休干部) served by one agency."""

    id = fields.IntField(primary_key=True)
    agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name="retirees", on_delete=fields.RESTRICT, db_index=True
    )
    name = fields.CharField(max_length=50, db_index=True)
    gender = fields.CharEnumField(Gender)
    birth_date = fields.DateField(db_index=True)
    ethnicity = fields.CharField(max_length=20, default="汉族")
    native_place = fields.CharField(max_length=50, default="")
    id_number = EncryptedCharField(max_length=18)
    #: keyed hash of the ID number, for exact lookup and uniqueness (set by save)
    id_number_hash = fields.CharField(max_length=64, unique=True)
    phone = EncryptedCharField(max_length=30, default="")
    address = EncryptedCharField(max_length=200, default="")
    education = fields.CharEnumField(Education, null=True)
    marital_status = fields.CharEnumField(MaritalStatus, null=True)
    category = fields.CharEnumField(RetireeCategory, db_index=True)
    force = fields.CharEnumField(Force, default=Force.PLA)
    service_branch = fields.CharEnumField(ServiceBranch, null=True)
    cadre_type = fields.CharEnumField(CadreType, null=True)
    enlisted_on = fields.DateField(null=True)
    retired_on = fields.DateField(null=True)
    handed_over_on = fields.DateField(null=True)
    received_on = fields.DateField(null=True)
    treatment_level = fields.CharEnumField(TreatmentLevel, null=True)
    original_position = fields.CharField(max_length=50, default="")
    disability_cause = fields.CharEnumField(DisabilityCause, null=True)
    disability_grade = fields.SmallIntField(null=True)
    political_status = fields.CharEnumField(PoliticalStatus, null=True)
    party_joined_on = fields.DateField(null=True)
    focus_tags_raw = fields.CharField(max_length=100, default="", source_field="focus_tags")
    caretaker: fields.ForeignKeyNullableRelation["Staff"] = fields.ForeignKeyField(  # noqa: F821
        "core.Staff", related_name="cared_retirees", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    archive_number = fields.CharField(max_length=30, default="")
    archive_state = fields.CharEnumField(ArchiveState, default=ArchiveState.ACTIVE)
    status = fields.CharEnumField(RetireeStatus, default=RetireeStatus.ACTIVE, db_index=True)
    died_on = fields.DateField(null=True)
    transferred_out_on = fields.DateField(null=True)
    transferred_out_to = fields.CharField(max_length=100, default="")

    agency_id: int
    caretaker_id: int | None

    class Meta:
        table = "core_retiree"
        ordering = ["id"]
        # category with a birth-year range is the common portal search (age groups of a category)
        indexes = (("category", "birth_date"),)

    async def save(self, *args: Any, update_fields: Iterable[str] | None = None, **kwargs: Any) -> None:
        self.id_number_hash = id_number_hash(self.id_number)
        if update_fields is not None and "id_number" in update_fields:
            update_fields = [*update_fields, "id_number_hash"]
        await super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def recorded_focus_tags(self) -> set[FocusTag]:
        return {FocusTag(value) for value in self.focus_tags_raw.split(",") if value}

    def age(self, today: dt.date | None = None) -> int:
        return age_on(self.birth_date, today or clock.today())

    def focus_tags(self, today: dt.date | None = None) -> list[FocusTag]:
        tags = self.recorded_focus_tags
        if self.age(today) >= ADVANCED_AGE_YEARS:
            tags.add(FocusTag.ADVANCED_AGE)
        return sorted(tags, key=list(FocusTag).index)

    def risk_tier(self, today: dt.date | None = None) -> RiskTier | None:
        """HIGH: serious illness, or 80+ living alone or empty-nest; FOCUS: disabled or dementia.
        Only retirees still served have one."""
        if self.status is not RetireeStatus.ACTIVE:
            return None
        tags = set(self.focus_tags(today))
        if FocusTag.SERIOUS_ILLNESS in tags or (
            FocusTag.ADVANCED_AGE in tags and tags & {FocusTag.LIVING_ALONE, FocusTag.EMPTY_NEST}
        ):
            return RiskTier.HIGH
        if tags & {FocusTag.DISABLED, FocusTag.DEMENTIA}:
            return RiskTier.FOCUS
        return RiskTier.NORMAL


class RetireeAward(Model):
    """立功受奖 record. The sanatorium plugin derives eligibility from these."""

    id = fields.IntField(primary_key=True)
    retiree: fields.ForeignKeyRelation[Retiree] = fields.ForeignKeyField(
        "core.Retiree", related_name="awards", on_delete=fields.CASCADE, db_index=True
    )
    awarded_on = fields.DateField()
    level = fields.CharEnumField(AwardLevel)
    period = fields.CharEnumField(AwardPeriod)
    wartime = fields.BooleanField(default=False)
    awarding_body = fields.CharField(max_length=100, default="")
    citation = fields.CharField(max_length=500, default="")

    retiree_id: int

    class Meta:
        table = "core_retiree_award"
        ordering = ["awarded_on", "id"]


class FamilyMember(Model):
    """家属, kept after the retiree's death as survivors (遗属, Art. 11.6)."""

    id = fields.IntField(primary_key=True)
    retiree: fields.ForeignKeyRelation[Retiree] = fields.ForeignKeyField(
        "core.Retiree", related_name="family_members", on_delete=fields.CASCADE, db_index=True
    )
    name = fields.CharField(max_length=50)
    relation = fields.CharEnumField(FamilyRelation)
    phone = EncryptedCharField(max_length=30, default="")
    emergency_contact = fields.BooleanField(default=False)

    retiree_id: int

    class Meta:
        table = "core_family_member"
        ordering = ["id"]


class RetireeTransfer(Model):
    """One move of a retiree between agencies, or out of the system."""

    id = fields.IntField(primary_key=True)
    retiree: fields.ForeignKeyRelation[Retiree] = fields.ForeignKeyField(
        "core.Retiree", related_name="transfers", on_delete=fields.CASCADE, db_index=True
    )
    from_agency: fields.ForeignKeyRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name=False, on_delete=fields.RESTRICT
    )
    to_agency: fields.ForeignKeyNullableRelation["Agency"] = fields.ForeignKeyField(  # noqa: F821
        "core.Agency", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    destination = fields.CharField(max_length=100, default="")
    transferred_on = fields.DateField()
    reason = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    retiree_id: int
    from_agency_id: int
    to_agency_id: int | None

    class Meta:
        table = "core_retiree_transfer"
        ordering = ["transferred_on", "id"]
