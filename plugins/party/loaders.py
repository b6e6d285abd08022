"""Every DataLoader of the plugin, declared in one place: the names ``loaded_field`` and the
resolvers use, and the factories ``register_loaders`` gives the host (one set per request)."""

from collections.abc import Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from core.api import LoaderRegistration, RequestContext, by_id_loader, children_loader, hookimpl, scoped
from plugins.party import services
from plugins.party.models import (
    CURRENT_STATUSES,
    PartyAttendance,
    PartyCommitteePost,
    PartyFlowingMember,
    PartyMeeting,
    PartyMeetingReview,
    PartyMember,
    PartyOrganisation,
    PartyTransferLetter,
)

ORGANISATION, MEMBER = "party.organisation", "party.member"
CHILDREN, MEMBERS_BY_BRANCH = "party.children", "party.members_by_branch"
POSTS_BY_ORGANISATION, POSTS_BY_MEMBER = "party.posts_by_organisation", "party.posts_by_member"
MEMBERSHIP_BY_RETIREE, MEMBERSHIP_BY_STAFF = "party.membership_by_retiree", "party.membership_by_staff"
LETTERS_BY_MEMBER, FLOWS_BY_MEMBER = "party.letters_by_member", "party.flows_by_member"
MEETING, ATTENDANCE_BY_MEETING = "party.meeting", "party.attendance_by_meeting"
REVIEWS_BY_MEETING, MEETING_RATES = "party.reviews_by_meeting", "party.meeting_rates"


def current_membership(person_field: str) -> Any:
    """Loads each person's current (scoped) membership, or None."""

    def factory(context: RequestContext) -> DataLoader[int, Any]:
        async def load(keys: Sequence[int]) -> list[Any]:
            rows = await scoped(PartyMember, context.principal).filter(
                **{f"{person_field}__in": list(keys), "status__in": CURRENT_STATUSES}
            )
            found = {getattr(row, person_field): row for row in rows}
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    return factory


def meeting_rates(context: RequestContext) -> DataLoader[int, Any]:
    """Each meeting's attendance rate (advance exemptions left out)."""

    async def load(keys: Sequence[int]) -> list[Any]:
        rates = await services.attendance_rate(list(keys))
        return [rates.get(key) for key in keys]

    return DataLoader(load_fn=load)


@hookimpl
def register_loaders() -> Sequence[LoaderRegistration]:
    return [
        LoaderRegistration(ORGANISATION, by_id_loader(PartyOrganisation)),
        LoaderRegistration(MEMBER, by_id_loader(PartyMember)),
        LoaderRegistration(CHILDREN, children_loader(PartyOrganisation, "parent_id")),
        LoaderRegistration(MEMBERS_BY_BRANCH, children_loader(PartyMember, "branch_id")),
        LoaderRegistration(POSTS_BY_ORGANISATION, children_loader(PartyCommitteePost, "organisation_id")),
        LoaderRegistration(POSTS_BY_MEMBER, children_loader(PartyCommitteePost, "member_id")),
        LoaderRegistration(MEMBERSHIP_BY_RETIREE, current_membership("retiree_id")),
        LoaderRegistration(MEMBERSHIP_BY_STAFF, current_membership("staff_id")),
        LoaderRegistration(LETTERS_BY_MEMBER, children_loader(PartyTransferLetter, "member_id")),
        LoaderRegistration(FLOWS_BY_MEMBER, children_loader(PartyFlowingMember, "member_id")),
        LoaderRegistration(MEETING, by_id_loader(PartyMeeting)),
        LoaderRegistration(ATTENDANCE_BY_MEETING, children_loader(PartyAttendance, "meeting_id")),
        LoaderRegistration(REVIEWS_BY_MEETING, children_loader(PartyMeetingReview, "meeting_id")),
        LoaderRegistration(MEETING_RATES, meeting_rates),
    ]
