"""Enrolment: places, the waitlist and its promotion, withdrawal.

Writes that change who holds a place lock the class row first, so concurrent enrolments and
withdrawals of one class run one after another on PostgreSQL and never overbook it.
"""

import datetime as dt

from tortoise.transactions import atomic

from core.api import (
    ErrorCode,
    Principal,
    Retiree,
    ServiceError,
    check_lengths,
    enums,
    get_visible,
    today,
)
from plugins.university.models import (
    ACTIVE_STATUSES,
    EnrolmentStatus,
    UniversityClass,
    UniversityEnrolment,
    UniversityTerm,
)
from plugins.university.permissions import ENROL, SELF_ENROL
from plugins.university.services.schedule import slots_of
from plugins.university.settings import current_settings


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def promote(row: UniversityClass, places: int) -> list[UniversityEnrolment]:
    """Move the first ``places`` waitlisted (in order of application) to ENROLLED."""
    if places <= 0:
        return []
    waiting = (
        await UniversityEnrolment.filter(university_class_id=row.id, status=EnrolmentStatus.WAITLISTED)
        .order_by("applied_at", "id")
        .limit(places)
    )
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = _now()
        await enrolment.save(update_fields=["status", "enrolled_at", "updated_at"])
    return waiting


async def _check_clash(retiree_id: int, row: UniversityClass, term: UniversityTerm) -> None:
    mine = slots_of(row)
    others = await UniversityEnrolment.filter(
        retiree_id=retiree_id,
        status__in=ACTIVE_STATUSES,
        university_class__term__starts_on__lte=term.ends_on,
        university_class__term__ends_on__gte=term.starts_on,
    ).prefetch_related("university_class")
    for other in others:
        for slot in slots_of(other.university_class):
            if any(slot.overlaps(own) for own in mine):
                raise ServiceError(
                    ErrorCode.SCHEDULE_CONFLICT,
                    f"与已报名的“{other.university_class.name}”上课时间冲突（{slot.label()}）",
                    "classId",
                )


@atomic()
async def enrol(principal: Principal, class_id: int, retiree_id: int | None = None) -> UniversityEnrolment:
    """Enrol a retiree in a published class during its enrolment window.

    Staff (``university.enrol``) enrol a retiree in their scope; a retiree user
    (``university.self_enrol``) enrols themself (``retiree_id`` omitted or their own). With the
    class full the enrolment is WAITLISTED, in order of application. Refused: the same class
    twice, a clash with another active enrolment in an overlapping term, more than
    ``max_classes_per_term`` active enrolments in the term.
    """
    own = principal.retiree_id
    if own is not None and (retiree_id is None or retiree_id == own):
        principal.require(SELF_ENROL)
        retiree_id = own
    else:
        principal.require(ENROL)
        if retiree_id is None:
            raise ServiceError(ErrorCode.REQUIRED, "须指定报名的军休干部", "retireeId")
    retiree = await get_visible(Retiree, retiree_id, principal, "retireeId")
    if retiree.status is not enums.RetireeStatus.ACTIVE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该军休干部已去世或已转出，不能报名", "retireeId")
    visible = await get_visible(UniversityClass, class_id, principal, "classId")
    # the lock: concurrent enrolments and withdrawals of this class queue here (PostgreSQL)
    row = await UniversityClass.filter(id=visible.id).select_for_update().get()
    if not row.published:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该班级尚未发布，不能报名", "classId")
    if not row.enrol_opens_on <= today() <= row.enrol_closes_on:
        raise ServiceError(
            ErrorCode.INVALID_TRANSITION,
            f"不在报名时间内（{row.enrol_opens_on} 至 {row.enrol_closes_on}）",
            "classId",
        )
    active = UniversityEnrolment.filter(retiree_id=retiree_id, status__in=ACTIVE_STATUSES)
    if await active.filter(university_class_id=row.id).exists():
        raise ServiceError(ErrorCode.DUPLICATE, "已报名该班级（含候补）", "classId")
    term = await UniversityTerm.get(id=row.term_id)
    limit = current_settings().max_classes_per_term
    if await active.filter(university_class__term_id=term.id).count() >= limit:
        raise ServiceError(ErrorCode.LIMIT_REACHED, f"每学期最多报名 {limit} 个班级（含候补）", "classId")
    await _check_clash(retiree_id, row, term)
    enrolled = await UniversityEnrolment.filter(university_class_id=row.id, status=EnrolmentStatus.ENROLLED).count()
    has_place = enrolled < row.capacity
    return await UniversityEnrolment.create(
        university_class_id=row.id,
        retiree_id=retiree_id,
        status=EnrolmentStatus.ENROLLED if has_place else EnrolmentStatus.WAITLISTED,
        enrolled_at=_now() if has_place else None,
        self_enrolled=principal.retiree_id == retiree_id,
    )


async def _withdraw_locked(enrolment: UniversityEnrolment, reason: str) -> list[UniversityEnrolment]:
    row = await UniversityClass.filter(id=enrolment.university_class_id).select_for_update().get()
    enrolment = await UniversityEnrolment.get(id=enrolment.id)
    if enrolment.status not in ACTIVE_STATUSES:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该报名已退课或已结业", "id")
    held_place = enrolment.status is EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = _now()
    enrolment.withdraw_reason = reason
    await enrolment.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    return await promote(row, 1) if held_place else []


@atomic()
async def withdraw(principal: Principal, enrolment_id: int, reason: str = "") -> UniversityEnrolment:
    """Withdraw an enrolment (staff, or the retiree their own); a freed place goes to the
    first waitlisted of the class in the same transaction."""
    if not principal.can(SELF_ENROL):
        principal.require(ENROL)  # refused before the lookup: a role without either may not read enrolments
    enrolment = await get_visible(UniversityEnrolment, enrolment_id, principal, "enrolmentId")
    if principal.retiree_id is not None and enrolment.retiree_id == principal.retiree_id:
        principal.require(SELF_ENROL)
    else:
        principal.require(ENROL)
    check_lengths(UniversityEnrolment, {"withdraw_reason": reason.strip()}, "")
    await _withdraw_locked(enrolment, reason.strip() or ("本人退课" if principal.retiree_id else "工作人员办理退课"))
    return await UniversityEnrolment.get(id=enrolment_id)


async def withdraw_all(retiree_id: int, reason: str) -> int:
    """Withdraw every active enrolment of a retiree (death, transfer); runs in the caller's
    transaction and promotes the waitlists. Returns how many were withdrawn."""
    enrolments = await UniversityEnrolment.filter(retiree_id=retiree_id, status__in=ACTIVE_STATUSES).order_by("id")
    for enrolment in enrolments:
        await _withdraw_locked(enrolment, reason)
    return len(enrolments)
