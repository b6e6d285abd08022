"""party：党组织生活（《办法》第二十二条、第二十五条）。

Party organisations in their own tree (党委, 党总支, 党支部, 党小组), optionally of an agency and
under a superior of another line; their formation rules and committee posts with terms and
换届 due dates; members (retirees and staff) in one branch at a time with 入党 and 转正 dates.
Imports from the core only through ``core.api``.
"""

import datetime as dt
from collections.abc import Sequence

from core.api import (
    Agency,
    AttachmentTarget,
    DueItemSource,
    ErrorCodeRegistration,
    GraphQLContribution,
    ModelRegistration,
    PluginSpec,
    Principal,
    Retiree,
    ScopeRule,
    TypeExtension,
    hookimpl,
)
from plugins.party.loaders import register_loaders
from plugins.party.permissions import READ, register_permissions, register_roles
from plugins.party.settings import PartySettings

PLUGIN = PluginSpec(
    name="party",
    label="党组织生活",
    version="0.1.0",
    core_versions=">=0.1,<0.3",
    settings=PartySettings,
    description="党组织树、成立条件与委员会换届、党员（军休干部与工作人员）、组织关系（第二十二条、第二十五条）",
)

# register_permissions, register_roles (permissions.py) and register_loaders (loaders.py) are
# hook implementations too: imported here, they are registered with this module
__all__ = ["PLUGIN", "register_loaders", "register_permissions", "register_roles"]


@hookimpl
def register_models() -> ModelRegistration:
    return ModelRegistration(modules=["plugins.party.models"], migrations="plugins.party.migrations")


@hookimpl
def register_scope_rules() -> Sequence[ScopeRule]:
    from plugins.party.models import (
        PartyAttendance,
        PartyCommitteePost,
        PartyFlowingMember,
        PartyMeeting,
        PartyMeetingReview,
        PartyMember,
        PartyOrganisation,
        PartyTransferLetter,
    )

    # a retiree holding a current post in a branch (书记, 委员) reaches that branch and its members
    # through the post, and of the committee their own posts; otherwise their own membership only
    holds = "posts__holder_retiree_id"
    return [
        ScopeRule(PartyOrganisation, "agency", retiree_path=holds, read_permission=READ),
        ScopeRule(
            PartyMember,
            ("retiree__agency", "staff__agency", "branch__agency"),
            retiree_path=("retiree_id", f"branch__{holds}"),
            read_permission=READ,
        ),
        ScopeRule(PartyCommitteePost, "organisation__agency", retiree_path="holder_retiree_id", read_permission=READ),
        # the handling agency (the member's going out, the receiver's coming in) and the receiving one
        ScopeRule(
            PartyTransferLetter,
            ("agency", "to_agency", "to_organisation__agency"),
            retiree_path="retiree_id",
            read_permission=READ,
        ),
        ScopeRule(
            PartyFlowingMember,
            ("member__branch__agency", "home_agency"),
            retiree_path="member__retiree_id",
            read_permission=READ,
        ),
        # meetings: the branch's agency, or a retiree holding a post in the branch
        ScopeRule(PartyMeeting, "branch__agency", retiree_path=f"branch__{holds}", read_permission=READ),
        ScopeRule(
            PartyMeetingReview,
            "meeting__branch__agency",
            retiree_path=f"meeting__branch__{holds}",
            read_permission=READ,
        ),
        ScopeRule(
            PartyAttendance,
            "meeting__branch__agency",
            retiree_path=("member__retiree_id", f"meeting__branch__{holds}"),
            read_permission=READ,
        ),
    ]


@hookimpl
def register_graphql() -> GraphQLContribution:
    from plugins.party import schema

    return GraphQLContribution(
        query=schema.PartyQuery,
        mutation=schema.PartyMutation,
        types=list(schema.TYPES),
        extensions=[
            TypeExtension(target="Retiree", fields=schema.RetireePartyExtension),
            TypeExtension(target="StaffMember", fields=schema.StaffMemberPartyExtension),
        ],
    )


@hookimpl
async def load_demo_data(principal: Principal, seed: int) -> None:
    from plugins.party.demo import load_demo

    await load_demo(principal, seed)


@hookimpl
async def retiree_deceased(retiree: Retiree, died_on: dt.date, principal: Principal) -> None:
    from plugins.party.services import end_memberships

    await end_memberships(retiree.id, died_on, "去世")


@hookimpl
async def retiree_transferred(
    retiree: Retiree, from_agency: Agency, to_agency: Agency | None, principal: Principal
) -> None:
    from plugins.party.services import open_outgoing

    await open_outgoing(retiree, from_agency, to_agency)


@hookimpl
async def retiree_received(retiree: Retiree, principal: Principal) -> None:
    from plugins.party.services import open_incoming

    await open_incoming(retiree)


@hookimpl
def register_attachment_targets() -> Sequence[AttachmentTarget]:
    from plugins.party.models import PartyMeeting
    from plugins.party.permissions import MEETINGS

    # minutes and photos of a meeting
    return [AttachmentTarget("PartyMeeting", PartyMeeting, MEETINGS)]


@hookimpl
def register_error_codes() -> Sequence[ErrorCodeRegistration]:
    from plugins.party.errors import ERROR_CODES

    return ERROR_CODES


@hookimpl
def register_due_items() -> Sequence[DueItemSource]:
    from plugins.party.due import letters, meetings, outflow_reports, renewals

    return [
        DueItemSource("party.renewals", "委员会任期将满、应换届的党组织", renewals),
        DueItemSource("party.letters", "将到期或已过期、尚未报到的组织关系介绍信", letters),
        DueItemSource("party.outflow_reports", "流出党员应向党支部报告而未报告", outflow_reports),
        DueItemSource("party.meetings", "本期应开而未开（或已逾期）的组织生活", meetings),
    ]
