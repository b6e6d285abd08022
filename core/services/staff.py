"""Staff (Art. 30–35): records within the staff quota, training, appraisal, rotation, leaving."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core import clock
from core.errors import ErrorCode, ServiceError
from core.host import fire
from core.models import Retiree, Staff, StaffAppraisal, StaffRotation, StaffTraining
from core.models.base import save_versioned
from core.models.enums import AppraisalGrade, Employment, StaffStatus
from core.permissions import STAFF_WRITE
from core.principal import Principal
from core.scope import scoped
from core.services.agencies import check_staff_quota, require_active_agency, subtree_path
from core.services.common import accept, assign, check_version, lock_visible
from core.validation import check_date_order, check_lengths, check_not_future, check_range, require_text

EDITABLE = frozenset({
    "name", "gender", "employment", "birth_date", "phone", "position", "hire_channel",
    "veteran", "military_family", "hired_on", "political_status",
})
TRAINING_FIELDS = frozenset({"kind", "title", "started_on", "ended_on", "hours", "result"})


def _validate(staff: Staff) -> None:
    require_text(staff.name, "name")
    check_not_future(staff.birth_date, "birthDate")
    check_not_future(staff.hired_on, "hiredOn")
    check_date_order(staff.birth_date, staff.hired_on, "hiredOn", "入职日期不能早于出生日期")


async def _active_staff(principal: Principal, staff_id: int, field: str = "staffId") -> Staff:
    """The staff member, locked; ``field`` names the input that gave the ID in a refusal."""
    staff = await lock_visible(Staff, staff_id, principal, field)
    if staff.status is not StaffStatus.ACTIVE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该工作人员已离职", field)
    return staff


@atomic()
async def create_staff(principal: Principal, agency_id: int, values: Mapping[str, Any]) -> Staff:
    principal.require(STAFF_WRITE)
    values = accept(Staff, values, EDITABLE, creating=True)
    agency = await require_active_agency(principal, agency_id, "agencyId")
    staff = Staff(agency_id=agency.id)
    assign(staff, values)
    _validate(staff)
    if staff.employment is Employment.ESTABLISHED:
        await check_staff_quota(agency)
    await staff.save()
    return staff


@atomic()
async def update_staff(
    principal: Principal, staff_id: int, version: int, values: Mapping[str, Any]
) -> Staff:
    principal.require(STAFF_WRITE)
    staff = await _active_staff(principal, staff_id, "id")
    check_version(staff, version)
    values = accept(Staff, values, EDITABLE, creating=False)
    becomes_established = (
        values.get("employment") is Employment.ESTABLISHED
        and staff.employment is not Employment.ESTABLISHED
    )
    changed = assign(staff, values)
    _validate(staff)
    if becomes_established:
        await check_staff_quota(await require_active_agency(principal, staff.agency_id, "agencyId"))
    await save_versioned(staff, changed)
    return staff


@atomic()
async def record_training(principal: Principal, staff_id: int, values: Mapping[str, Any]) -> StaffTraining:
    principal.require(STAFF_WRITE)
    staff = await _active_staff(principal, staff_id)
    values = accept(StaffTraining, values, TRAINING_FIELDS, creating=True)
    require_text(values.get("title"), "title")
    check_lengths(StaffTraining, values)
    check_date_order(staff.hired_on, values["started_on"], "startedOn", "培训开始日期不能早于入职日期")
    check_date_order(values["started_on"], values["ended_on"], "endedOn", "结束日期不能早于开始日期")
    check_not_future(values["ended_on"], "endedOn")
    check_range(values.get("hours"), 0, 10_000, "hours")
    return await StaffTraining.create(staff_id=staff.id, **values)


@atomic()
async def record_appraisal(
    principal: Principal, staff_id: int, year: int, grade: AppraisalGrade, remarks: str
) -> StaffAppraisal:
    """One appraisal per year; recording a year again corrects it."""
    principal.require(STAFF_WRITE)
    staff = await _active_staff(principal, staff_id)
    first_year = staff.hired_on.year if staff.hired_on else 1950
    check_range(year, first_year, clock.today().year, "year")
    check_lengths(StaffAppraisal, {"remarks": remarks})
    appraisal, _ = await StaffAppraisal.update_or_create(
        staff_id=staff.id, year=year, defaults={"grade": grade, "remarks": remarks}
    )
    return appraisal


@atomic()
async def rotate_staff(
    principal: Principal,
    staff_id: int,
    to_agency_id: int,
    to_position: str,
    rotated_on: dt.date,
    remarks: str = "",
) -> StaffRotation:
    """岗位交流: a new position, possibly at another agency (whose quota then applies)."""
    principal.require(STAFF_WRITE)
    to_position = to_position.strip()
    staff = await _active_staff(principal, staff_id)
    check_not_future(rotated_on, "rotatedOn")
    check_date_order(staff.hired_on, rotated_on, "rotatedOn", "交流日期不能早于入职日期")
    require_text(to_position, "toPosition")
    check_lengths(StaffRotation, {"to_position": to_position, "remarks": remarks})
    target = await require_active_agency(principal, to_agency_id, "toAgencyId")
    moving = target.id != staff.agency_id
    if moving and staff.employment is Employment.ESTABLISHED:
        await check_staff_quota(target)
    rotation = await StaffRotation.create(
        staff_id=staff.id,
        rotated_on=rotated_on,
        from_agency_id=staff.agency_id,
        to_agency_id=target.id,
        from_position=staff.position,
        to_position=to_position,
        remarks=remarks,
    )
    if moving:
        await Retiree.filter(caretaker_id=staff.id).update(caretaker_id=None)
    staff.agency_id = target.id
    staff.position = to_position
    await save_versioned(staff, ["agency_id", "position"])
    return rotation


@atomic()
async def record_leaving(principal: Principal, staff_id: int, left_on: dt.date, reason: str) -> Staff:
    """The staff member leaves; the retirees in their care are left without a caretaker."""
    principal.require(STAFF_WRITE)
    staff = await _active_staff(principal, staff_id)
    check_not_future(left_on, "leftOn")
    check_date_order(staff.hired_on, left_on, "leftOn", "离职日期不能早于入职日期")
    changed = assign(staff, {"status": StaffStatus.LEFT, "left_on": left_on, "leaving_reason": reason})
    await Retiree.filter(caretaker_id=staff.id).update(caretaker_id=None)
    await save_versioned(staff, changed)
    await fire("staff_left", staff=staff, principal=principal)
    return staff


async def staff_query(
    principal: Principal,
    *,
    within: int | None = None,
    within_path: str | None = None,
    employment: Employment | None = None,
    status: StaffStatus | None = None,
    search: str | None = None,
) -> QuerySet[Staff]:
    queryset = scoped(Staff, principal)
    if within is not None:
        within_path = await subtree_path(principal, within, "within")
    if within_path is not None:  # the path of an agency the caller already read through scope
        queryset = queryset.filter(agency__path__startswith=within_path)
    if employment is not None:
        queryset = queryset.filter(employment=employment)
    if status is not None:
        queryset = queryset.filter(status=status)
    if search and search.strip():
        queryset = queryset.filter(name__icontains=search.strip())
    return queryset
