"""Retirees: records, awards, family, focus tags, caretaker, archive and the lifecycle
(receive → active → transferred | deceased; Art. 11, 15, 16, 28)."""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import atomic

from core import clock
from core.errors import ErrorCode, ServiceError
from core.host import fire
from core.models import FamilyMember, Retiree, RetireeAward, RetireeTransfer, Staff
from core.models.base import save_versioned
from core.models.enums import (
    ArchiveState,
    AwardPeriod,
    FocusTag,
    Force,
    Gender,
    RetireeCategory,
    RetireeStatus,
    RiskTier,
    StaffStatus,
)
from core.models.retiree import ADVANCED_AGE_YEARS, encode_tags, id_number_hash
from core.permissions import RETIREE_WRITE, SENSITIVE_READ
from core.principal import Principal
from core.scope import scoped
from core.services.agencies import require_active_agency, subtree_path
from core.services.common import accept, assign, check_version, lock_visible
from core.services.id_numbers import check_unique_id_number
from core.validation import (
    check_date_order,
    check_lengths,
    check_not_future,
    check_range,
    normalize_id_number,
    require_text,
)

EDITABLE = frozenset({
    "name", "gender", "birth_date", "id_number", "category", "force", "ethnicity",
    "native_place", "phone", "address", "education", "marital_status", "service_branch",
    "cadre_type", "enlisted_on", "retired_on", "handed_over_on", "received_on",
    "treatment_level", "original_position", "disability_cause", "disability_grade",
    "political_status", "party_joined_on", "archive_number",
})
AWARD_FIELDS = frozenset({"awarded_on", "level", "period", "wartime", "awarding_body", "citation"})
FAMILY_FIELDS = frozenset({"name", "relation", "phone", "emergency_contact"})

_ID_NUMBER_LIKE = re.compile(r"\d{17}[\dXx]")

_ARCHIVE_TRANSITIONS: dict[ArchiveState, set[ArchiveState]] = {
    ArchiveState.PENDING_HANDOVER: {ArchiveState.RECEIVED},
    ArchiveState.RECEIVED: {ArchiveState.ACTIVE},
    ArchiveState.ACTIVE: {ArchiveState.TRANSFERRED_OUT, ArchiveState.ARCHIVED},
    ArchiveState.TRANSFERRED_OUT: set(),
    ArchiveState.ARCHIVED: set(),
}
#: service dates in the order they happen: (field, GraphQL name, label)
_SERVICE_DATES = (
    ("birth_date", "birthDate", "出生日期"),
    ("enlisted_on", "enlistedOn", "入伍时间"),
    ("retired_on", "retiredOn", "离退休时间"),
    ("handed_over_on", "handedOverOn", "移交政府安置时间"),
    ("received_on", "receivedOn", "接收时间"),
)


def _validate_identity(row: Retiree) -> None:
    require_text(row.name, "name")
    row.id_number = normalize_id_number(row.id_number)
    embedded = dt.date(int(row.id_number[6:10]), int(row.id_number[10:12]), int(row.id_number[12:14]))
    if embedded != row.birth_date:
        raise ServiceError(ErrorCode.INVALID_ID_NUMBER, "身份证号中的出生日期与出生日期不一致", "idNumber")
    embedded_gender = Gender.MALE if int(row.id_number[16]) % 2 else Gender.FEMALE
    if embedded_gender is not row.gender:
        raise ServiceError(ErrorCode.INVALID_ID_NUMBER, "身份证号中的性别位与性别不一致", "idNumber")


def _validate_dates(row: Retiree) -> None:
    present = [(getattr(row, f), name, label) for f, name, label in _SERVICE_DATES if getattr(row, f)]
    for value, name, _ in present:
        check_not_future(value, name)
    for (before, _, before_label), (after, name, label) in zip(present, present[1:], strict=False):
        check_date_order(before, after, name, f"{label}不能早于{before_label}")
    check_date_order(row.birth_date, row.party_joined_on, "partyJoinedOn", "入党时间不能早于出生日期")
    check_not_future(row.party_joined_on, "partyJoinedOn")


def _validate_disability(row: Retiree) -> None:
    check_range(row.disability_grade, 1, 10, "disabilityGrade")
    if (row.disability_cause is None) != (row.disability_grade is None):
        raise ServiceError(ErrorCode.INVALID_VALUE, "伤残性质与伤残等级须同时填写", "disabilityGrade")


def _focus_tags(tags: Sequence[FocusTag]) -> str:
    if FocusTag.ADVANCED_AGE in tags:
        raise ServiceError(ErrorCode.INVALID_VALUE, "高龄由出生日期自动推算，不能手工设置", "focusTags")
    return encode_tags(set(tags))


async def _replace_awards(retiree: Retiree, awards: Sequence[Mapping[str, Any]]) -> None:
    rows = []
    for index, values in enumerate(awards):
        prefix = f"awards.{index}."
        values = accept(RetireeAward, values, AWARD_FIELDS, creating=True, prefix=prefix)
        check_lengths(RetireeAward, values, prefix)
        _check_award_date(retiree, values["awarded_on"], values["period"], prefix + "awardedOn")
        rows.append(RetireeAward(retiree_id=retiree.id, **values))
    await RetireeAward.filter(retiree_id=retiree.id).delete()
    if rows:
        await RetireeAward.bulk_create(rows)


def _check_award_date(retiree: Retiree, awarded_on: dt.date, period: AwardPeriod, field: str) -> None:
    """Service awards fall between enlisting and retiring; later ones after the handover."""
    check_not_future(awarded_on, field)
    check_date_order(retiree.birth_date, awarded_on, field, "获奖日期不能早于出生日期")
    if period is AwardPeriod.DURING_SERVICE:
        check_date_order(retiree.enlisted_on, awarded_on, field, "服役期间的奖励不能早于入伍时间")
        check_date_order(awarded_on, retiree.retired_on, field, "服役期间的奖励不能晚于离退休时间")
    else:
        start = retiree.handed_over_on or retiree.retired_on
        check_date_order(start, awarded_on, field, "移交后的奖励不能早于移交（或离退休）时间")


async def _replace_family(retiree: Retiree, members: Sequence[Mapping[str, Any]]) -> None:
    rows = []
    for index, values in enumerate(members):
        prefix = f"familyMembers.{index}."
        values = accept(FamilyMember, values, FAMILY_FIELDS, creating=True, prefix=prefix)
        require_text(values.get("name"), prefix + "name")
        check_lengths(FamilyMember, values, prefix)
        rows.append(FamilyMember(retiree_id=retiree.id, **values))
    await FamilyMember.filter(retiree_id=retiree.id).delete()
    if rows:
        await FamilyMember.bulk_create(rows)


async def _save_new(
    principal: Principal,
    agency_id: int,
    values: Mapping[str, Any],
    focus_tags: Sequence[FocusTag],
    awards: Sequence[Mapping[str, Any]],
    family: Sequence[Mapping[str, Any]],
    **state: Any,
) -> Retiree:
    values = accept(Retiree, values, EDITABLE, creating=True)
    agency = await require_active_agency(principal, agency_id, "agencyId")
    retiree = Retiree(agency_id=agency.id, focus_tags_raw=_focus_tags(focus_tags), **state)
    assign(retiree, values)
    _validate_identity(retiree)
    _validate_dates(retiree)
    _validate_disability(retiree)
    await check_unique_id_number(principal, retiree)
    await retiree.save()
    await _replace_awards(retiree, awards)
    await _replace_family(retiree, family)
    return retiree


@atomic()
async def create_retiree(
    principal: Principal,
    agency_id: int,
    values: Mapping[str, Any],
    focus_tags: Sequence[FocusTag] = (),
    awards: Sequence[Mapping[str, Any]] = (),
    family_members: Sequence[Mapping[str, Any]] = (),
) -> Retiree:
    """Register a retiree already served by the agency (data entry, no lifecycle event)."""
    principal.require(RETIREE_WRITE)
    return await _save_new(principal, agency_id, values, focus_tags, awards, family_members)


@atomic()
async def receive_retiree(
    principal: Principal,
    agency_id: int,
    values: Mapping[str, Any],
    focus_tags: Sequence[FocusTag] = (),
    awards: Sequence[Mapping[str, Any]] = (),
    family_members: Sequence[Mapping[str, Any]] = (),
) -> Retiree:
    """Receive a newly handed-over retiree (Art. 11.1); the archive awaits handover."""
    principal.require(RETIREE_WRITE)
    values = {**values, "received_on": values.get("received_on") or clock.today()}
    retiree = await _save_new(
        principal, agency_id, values, focus_tags, awards, family_members,
        archive_state=ArchiveState.PENDING_HANDOVER,
    )
    await fire("retiree_received", retiree=retiree, principal=principal)
    return retiree


async def _active(principal: Principal, retiree_id: int) -> Retiree:
    retiree = await lock_visible(Retiree, retiree_id, principal)
    if retiree.status is not RetireeStatus.ACTIVE:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该军休干部已去世或已转出，不能办理此项")
    return retiree


@atomic()
async def update_retiree(
    principal: Principal,
    retiree_id: int,
    version: int,
    values: Mapping[str, Any],
    focus_tags: Sequence[FocusTag] | None = None,
    awards: Sequence[Mapping[str, Any]] | None = None,
    family_members: Sequence[Mapping[str, Any]] | None = None,
) -> Retiree:
    """Change fields; lists given replace the retiree's awards, family or focus tags."""
    principal.require(RETIREE_WRITE)
    retiree = await lock_visible(Retiree, retiree_id, principal)
    check_version(retiree, version)
    changed = assign(retiree, accept(Retiree, values, EDITABLE, creating=False))
    if focus_tags is not None:
        changed += assign(retiree, {"focus_tags_raw": _focus_tags(focus_tags)})
    _validate_identity(retiree)
    _validate_dates(retiree)
    _validate_disability(retiree)
    check_date_order(retiree.birth_date, retiree.died_on, "birthDate", "出生日期不能晚于去世日期")
    if "id_number" in changed:
        await check_unique_id_number(principal, retiree)
    if awards is not None:
        await _replace_awards(retiree, awards)
    if family_members is not None:
        await _replace_family(retiree, family_members)
    await save_versioned(retiree, changed)
    return retiree


@atomic()
async def transfer_retiree(
    principal: Principal,
    retiree_id: int,
    to_agency_id: int | None,
    destination: str,
    transferred_on: dt.date,
    reason: str = "",
) -> Retiree:
    """Move to another agency of the system, or out of it when ``to_agency_id`` is None."""
    principal.require(RETIREE_WRITE)
    destination = destination.strip()
    retiree = await _active(principal, retiree_id)
    check_not_future(transferred_on, "transferredOn")
    check_date_order(retiree.received_on, transferred_on, "transferredOn", "转移日期不能早于接收时间")
    check_lengths(RetireeTransfer, {"destination": destination, "reason": reason})
    from_agency = await retiree.agency
    to_agency = None
    if to_agency_id is not None:
        if to_agency_id == retiree.agency_id:
            raise ServiceError(ErrorCode.INVALID_VALUE, "目标机构与当前机构相同", "toAgencyId")
        to_agency = await require_active_agency(principal, to_agency_id, "toAgencyId")
        retiree.agency_id = to_agency.id
        changed = ["agency_id"]
    else:
        require_text(destination, "destination")
        retiree.status = RetireeStatus.TRANSFERRED_OUT
        retiree.transferred_out_on = transferred_on
        retiree.transferred_out_to = destination
        retiree.caretaker_id = None
        changed = ["status", "transferred_out_on", "transferred_out_to", "caretaker_id"]
        if retiree.archive_state is ArchiveState.ACTIVE:
            retiree.archive_state = ArchiveState.TRANSFERRED_OUT
            changed.append("archive_state")
    await RetireeTransfer.create(
        retiree_id=retiree.id,
        from_agency_id=from_agency.id,
        to_agency_id=to_agency.id if to_agency else None,
        destination=destination,
        transferred_on=transferred_on,
        reason=reason,
    )
    if to_agency is not None and retiree.caretaker_id is not None:
        retiree.caretaker_id = None  # the old agency's staff no longer cares for them
        changed.append("caretaker_id")
    await save_versioned(retiree, changed)
    await fire(
        "retiree_transferred",
        retiree=retiree, from_agency=from_agency, to_agency=to_agency, principal=principal,
    )
    return retiree


@atomic()
async def record_retiree_death(principal: Principal, retiree_id: int, died_on: dt.date) -> Retiree:
    """Art. 11.6: the record stays; family members remain as survivors (遗属)."""
    principal.require(RETIREE_WRITE)
    retiree = await _active(principal, retiree_id)
    check_not_future(died_on, "diedOn")
    check_date_order(retiree.birth_date, died_on, "diedOn", "去世日期不能早于出生日期")
    check_date_order(retiree.received_on, died_on, "diedOn", "去世日期不能早于接收时间")
    retiree.status = RetireeStatus.DECEASED
    retiree.died_on = died_on
    retiree.caretaker_id = None
    changed = ["status", "died_on", "caretaker_id"]
    if retiree.archive_state is ArchiveState.ACTIVE:
        retiree.archive_state = ArchiveState.ARCHIVED
        changed.append("archive_state")
    await save_versioned(retiree, changed)
    await fire("retiree_deceased", retiree=retiree, died_on=died_on, principal=principal)
    return retiree


@atomic()
async def assign_caretaker(principal: Principal, retiree_id: int, staff_id: int | None) -> Retiree:
    """定人包户 (Art. 15): an active staff member of the retiree's own agency, or none."""
    principal.require(RETIREE_WRITE)
    retiree = await _active(principal, retiree_id)
    if staff_id is not None:
        staff = await lock_visible(Staff, staff_id, principal, "staffId")
        if staff.status is not StaffStatus.ACTIVE:
            raise ServiceError(ErrorCode.INVALID_TRANSITION, "该工作人员已离职", "staffId")
        if staff.agency_id != retiree.agency_id:
            raise ServiceError(ErrorCode.INVALID_VALUE, "包户人员须与军休干部同属一个机构", "staffId")
    retiree.caretaker_id = staff_id
    await save_versioned(retiree, ["caretaker_id"])
    return retiree


@atomic()
async def change_archive_state(
    principal: Principal, retiree_id: int, state: ArchiveState, archive_number: str | None
) -> Retiree:
    """Art. 28: archives move PENDING_HANDOVER → RECEIVED → ACTIVE → TRANSFERRED_OUT | ARCHIVED."""
    principal.require(RETIREE_WRITE)
    retiree = await lock_visible(Retiree, retiree_id, principal)
    if state not in _ARCHIVE_TRANSITIONS[retiree.archive_state]:
        raise ServiceError(
            ErrorCode.INVALID_TRANSITION,
            f"档案状态不能从 {retiree.archive_state.value} 变为 {state.value}",
            "state",
        )
    changed = assign(retiree, {"archive_state": state})
    if archive_number is not None:
        changed += assign(retiree, {"archive_number": archive_number.strip()})
    if state is ArchiveState.ACTIVE and not retiree.archive_number:
        raise ServiceError(ErrorCode.REQUIRED, "档案在管前须登记档案编号", "archiveNumber")
    await save_versioned(retiree, changed)
    return retiree


def _advanced_age_cutoff(today: dt.date) -> dt.date:
    """Born on or before this day means 80 or older today."""
    try:
        return today.replace(year=today.year - ADVANCED_AGE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADVANCED_AGE_YEARS, day=28)


def _has_tag(tag: FocusTag) -> Q:
    return Q(focus_tags_raw__contains=f",{tag.value},")


def focus_tag_condition(tag: FocusTag, today: dt.date) -> Q:
    if tag is FocusTag.ADVANCED_AGE:
        return Q(birth_date__lte=_advanced_age_cutoff(today))
    return _has_tag(tag)


def risk_tier_condition(tier: RiskTier, today: dt.date) -> Q:
    """The SQL form of ``Retiree.risk_tier`` (kept equal by a test)."""
    old = focus_tag_condition(FocusTag.ADVANCED_AGE, today)
    high = _has_tag(FocusTag.SERIOUS_ILLNESS) | (
        old & (_has_tag(FocusTag.LIVING_ALONE) | _has_tag(FocusTag.EMPTY_NEST))
    )
    focus = _has_tag(FocusTag.DISABLED) | _has_tag(FocusTag.DEMENTIA)
    served = Q(status=RetireeStatus.ACTIVE)
    if tier is RiskTier.HIGH:
        return served & high
    if tier is RiskTier.FOCUS:
        return served & ~high & focus
    return served & ~high & ~focus


#: birth years a filter may name (dates outside cannot be represented, or mean nothing here)
MIN_YEAR, MAX_YEAR = 1850, 2200
HEALTH_TAGS = frozenset({FocusTag.DISABLED, FocusTag.DEMENTIA, FocusTag.SERIOUS_ILLNESS})


def _check_sensitive_filters(
    principal: Principal, focus_tag: FocusTag | None, risk_tier: RiskTier | None, search: str | None
) -> None:
    """Filtering on health or by ID number reveals what masking hides: the same permission."""
    by_id_number = bool(search) and any(ch.isdigit() for ch in search or "")
    if (focus_tag in HEALTH_TAGS or risk_tier is not None or by_id_number) and not principal.can(SENSITIVE_READ):
        raise ServiceError(ErrorCode.FORBIDDEN, "无权按健康信息或身份证号筛选", "filter")


async def retirees_query(
    principal: Principal,
    *,
    within: int | None = None,
    within_path: str | None = None,
    category: RetireeCategory | None = None,
    force: Force | None = None,
    status: RetireeStatus | None = None,
    focus_tag: FocusTag | None = None,
    risk_tier: RiskTier | None = None,
    search: str | None = None,
    birth_year_from: int | None = None,
    birth_year_to: int | None = None,
    caretaker: int | None = None,
) -> QuerySet[Retiree]:
    today = clock.today()
    _check_sensitive_filters(principal, focus_tag, risk_tier, search)
    queryset = scoped(Retiree, principal)
    if within is not None:
        within_path = await subtree_path(principal, within, "within")
    if within_path is not None:  # the path of an agency the caller already read through scope
        queryset = queryset.filter(agency__path__startswith=within_path)
    for name, value in (("category", category), ("force", force), ("status", status), ("caretaker_id", caretaker)):
        if value is not None:
            queryset = queryset.filter(**{name: value})
    if focus_tag is not None:
        queryset = queryset.filter(focus_tag_condition(focus_tag, today))
    if risk_tier is not None:
        queryset = queryset.filter(risk_tier_condition(risk_tier, today))
    if search and search.strip():
        text = search.strip()
        condition = Q(name__icontains=text)
        if _ID_NUMBER_LIKE.fullmatch(text):  # ID numbers are encrypted: exact match by keyed hash
            condition |= Q(id_number_hash=id_number_hash(text))
        queryset = queryset.filter(condition)
    check_range(birth_year_from, MIN_YEAR, MAX_YEAR, "birthYearFrom")
    check_range(birth_year_to, MIN_YEAR, MAX_YEAR, "birthYearTo")
    if birth_year_from is not None:
        queryset = queryset.filter(birth_date__gte=dt.date(birth_year_from, 1, 1))
    if birth_year_to is not None:
        queryset = queryset.filter(birth_date__lte=dt.date(birth_year_to, 12, 31))
    return queryset
