"""Party organisations and their committees: setting one up, its formation (成立) under the
rules of 《支部工作条例》, and the committee posts with their terms and 换届 due dates."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tortoise.transactions import atomic

from core.api import (
    ErrorCode,
    Principal,
    ServiceError,
    accept,
    check_lengths,
    check_version,
    get_visible,
    require_active_agency,
    require_text,
    save_versioned,
    today,
)
from plugins.party.errors import (
    INVALID_SUPERIOR,
    NOT_A_MEMBER,
    ORGANISATION_NOT_ACTIVE,
    POST_TAKEN,
    TOO_FEW_FOR_BRANCH,
    TOO_FEW_FOR_COMMITTEE,
    TOO_FEW_FOR_GENERAL_BRANCH,
)
from plugins.party.models import (
    FORMAL_STATUSES,
    LEADER_POSTS,
    OrganisationKind,
    OrganisationStatus,
    PartyCommitteePost,
    PartyMember,
    PartyOrganisation,
    PostKind,
)
from plugins.party.permissions import MANAGE
from plugins.party.services.common import descendant_ids, formal_count, member_count_below, years_later
from plugins.party.settings import current_settings

K = OrganisationKind
#: the kinds an organisation's superior may be of (None: no superior on the platform)
SUPERIORS: Mapping[OrganisationKind, tuple[OrganisationKind | None, ...]] = {
    K.COMMITTEE: (K.COMMITTEE, None),
    K.GENERAL_BRANCH: (K.COMMITTEE, None),
    K.BRANCH: (K.GENERAL_BRANCH, K.COMMITTEE, None),
    K.GROUP: (K.BRANCH,),
}
#: the fields of an organisation its managers change
ORGANISATION_FIELDS = frozenset({"name", "superior_name"})


async def _superior(principal: Principal, kind: OrganisationKind, parent_id: int | None) -> PartyOrganisation | None:
    parent = None if parent_id is None else await get_visible(PartyOrganisation, parent_id, principal, "parentId")
    if (parent.kind if parent else None) not in SUPERIORS[kind]:
        raise ServiceError(INVALID_SUPERIOR, "上级党组织的类别与本组织不符", "parentId")
    if parent is not None and parent.status is OrganisationStatus.DISSOLVED:
        raise ServiceError(ORGANISATION_NOT_ACTIVE, "上级党组织已撤销", "parentId")
    return parent


@atomic()
async def create_organisation(
    principal: Principal,
    name: str,
    kind: OrganisationKind,
    agency_id: int | None = None,
    parent_id: int | None = None,
    superior_name: str | None = None,
) -> PartyOrganisation:
    """Set up an organisation (筹建), of an agency in the principal's subtree; its superior may
    be an organisation of another agency line (属地管理) or, off the platform, only named. A
    党小组 is set up inside a branch and is active at once; the others are formed later."""
    principal.require(MANAGE)
    if agency_id is not None:
        await require_active_agency(principal, agency_id, "agencyId")
    elif not principal.is_system:
        raise ServiceError(ErrorCode.REQUIRED, "须指明所属机构（不属于任何机构的党组织由系统管理员登记）", "agencyId")
    parent = await _superior(principal, kind, parent_id)
    values = {"name": require_text(name, "name"), "superior_name": (superior_name or "").strip()}
    check_lengths(PartyOrganisation, values)
    group = kind is K.GROUP
    return await PartyOrganisation.create(
        kind=kind,
        agency_id=agency_id,
        parent_id=parent.id if parent else None,
        status=OrganisationStatus.ACTIVE if group else OrganisationStatus.PREPARING,
        established_on=today() if group else None,
        **values,
    )


@atomic()
async def update_organisation(
    principal: Principal, organisation_id: int, version: int, values: Mapping[str, Any]
) -> PartyOrganisation:
    """Rename an organisation or change the name of its off-platform superior; a field left
    out stays as it is, a null clears the superior's name."""
    principal.require(MANAGE)
    await get_visible(PartyOrganisation, organisation_id, principal, "id")
    row = await PartyOrganisation.filter(id=organisation_id).select_for_update().get()
    check_version(row, version)
    cleared = {key: "" if value is None and key == "superior_name" else value for key, value in values.items()}
    changes = accept(PartyOrganisation, cleared, ORGANISATION_FIELDS, creating=False)
    if "name" in changes:
        row.name = require_text(changes["name"], "name")
    if "superior_name" in changes:
        row.superior_name = changes["superior_name"].strip()
    check_lengths(PartyOrganisation, {"name": row.name, "superior_name": row.superior_name})
    await save_versioned(row)
    return row


async def _check_formation(row: PartyOrganisation) -> None:
    settings = current_settings()
    if row.kind is K.BRANCH and await formal_count(row.id) < settings.branch_min_formal_members:
        raise ServiceError(
            TOO_FEW_FOR_BRANCH, f"正式党员不足 {settings.branch_min_formal_members} 人，不能成立党支部", "id"
        )
    if row.kind is K.GENERAL_BRANCH and await member_count_below(row.id) < settings.general_branch_min_members:
        raise ServiceError(
            TOO_FEW_FOR_GENERAL_BRANCH, f"所属党员不足 {settings.general_branch_min_members} 人，不能成立党总支", "id"
        )


@atomic()
async def establish_organisation(
    principal: Principal, organisation_id: int, established_on: dt.date | None = None
) -> PartyOrganisation:
    """Form (成立) an organisation set up earlier, once it meets the formation rules: a branch
    needs its 正式党员, a 总支 its members across its branches."""
    principal.require(MANAGE)
    await get_visible(PartyOrganisation, organisation_id, principal, "id")
    row = await PartyOrganisation.filter(id=organisation_id).select_for_update().get()
    if row.status is not OrganisationStatus.PREPARING:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "只有筹建中的党组织可以成立", "id")
    day = established_on or today()
    if day > today():
        raise ServiceError(ErrorCode.DATE_ORDER, "成立日期不能晚于今天", "establishedOn")
    await _check_formation(row)
    row.status, row.established_on = OrganisationStatus.ACTIVE, day
    await save_versioned(row, ["status", "established_on"])
    return row


async def _belongs(member: PartyMember, organisation: PartyOrganisation) -> bool:
    if organisation.kind is K.BRANCH:
        return member.branch_id == organisation.id
    return member.branch_id in await descendant_ids(organisation.id)


@atomic()
async def appoint_post(
    principal: Principal,
    organisation_id: int,
    member_id: int,
    kind: PostKind,
    term_starts_on: dt.date | None = None,
) -> PartyCommitteePost:
    """Appoint a 正式党员 of the organisation to a committee post for one term (its length a
    setting). A branch with fewer than 7 正式党员 has no 支委会: only a 书记 and a 副书记."""
    principal.require(MANAGE)
    await get_visible(PartyOrganisation, organisation_id, principal, "organisationId")
    organisation = await PartyOrganisation.filter(id=organisation_id).select_for_update().get()
    if organisation.status is not OrganisationStatus.ACTIVE:
        raise ServiceError(ORGANISATION_NOT_ACTIVE, "党组织尚未成立或已撤销", "organisationId")
    if organisation.kind is K.GROUP:
        raise ServiceError(ErrorCode.INVALID_VALUE, "党小组不设委员会（设组长）", "organisationId")
    member = await get_visible(PartyMember, member_id, principal, "memberId")
    if member.status not in FORMAL_STATUSES or not await _belongs(member, organisation):
        raise ServiceError(NOT_A_MEMBER, "任职者须为本组织的正式党员", "memberId")
    settings = current_settings()
    if (
        organisation.kind is K.BRANCH
        and kind not in LEADER_POSTS
        and await formal_count(organisation.id) < settings.branch_committee_min_formal_members
    ):
        raise ServiceError(
            TOO_FEW_FOR_COMMITTEE,
            f"正式党员不足 {settings.branch_committee_min_formal_members} 人，不设支部委员会",
            "kind",
        )
    if (
        kind is not PostKind.DEPUTY_SECRETARY
        and await PartyCommitteePost.filter(organisation_id=organisation.id, kind=kind, ended_on__isnull=True).exists()
    ):
        raise ServiceError(POST_TAKEN, "该职务已有人在任", "kind")
    starts = term_starts_on or today()
    if not today() - dt.timedelta(days=366 * 10) <= starts <= today() + dt.timedelta(days=366):
        raise ServiceError(ErrorCode.DATE_ORDER, "任期开始日期应在近十年内或一年之内的将来", "termStartsOn")
    years = settings.branch_term_years if organisation.kind is K.BRANCH else settings.committee_term_years
    return await PartyCommitteePost.create(
        organisation_id=organisation.id,
        member_id=member.id,
        holder_retiree_id=member.retiree_id,
        kind=kind,
        term_starts_on=starts,
        term_ends_on=years_later(starts, years),
    )


@atomic()
async def relieve_post(principal: Principal, post_id: int, ended_on: dt.date | None = None) -> PartyCommitteePost:
    """End a post before or at the end of its term (免职、换届)."""
    principal.require(MANAGE)
    await get_visible(PartyCommitteePost, post_id, principal, "postId")
    post = await PartyCommitteePost.filter(id=post_id).select_for_update().get()
    if post.ended_on is not None:
        raise ServiceError(ErrorCode.INVALID_TRANSITION, "该职务已免去", "postId")
    day = ended_on or today()
    if day < post.term_starts_on:
        raise ServiceError(ErrorCode.DATE_ORDER, "免职日期不能早于任期开始", "endedOn")
    post.ended_on, post.holder_retiree_id = day, None
    await save_versioned(post, ["ended_on", "holder_retiree_id"])
    return post


async def end_posts_of(member_id: int, ended_on: dt.date) -> None:
    """A member whose membership ends leaves every post."""
    await PartyCommitteePost.filter(member_id=member_id, ended_on__isnull=True).update(
        ended_on=ended_on, holder_retiree_id=None
    )
