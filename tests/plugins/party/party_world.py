"""The party's part of the test world (core.testing's ``scope_matrix`` and the core's
matrices), and the helpers its tests and the permission samples build records with: in each
institute a branch formed by the retiree and two staff members, its 党小组 and its 书记."""

import itertools
from typing import Any

from core import clock
from core.testing import GraphQLClient, create_staff

PARTY = {
    "organisation": "mutation ($input: CreatePartyOrganisationInput!) { createPartyOrganisation(input: $input) { partyOrganisation { id status version } userErrors { field code } } }",
    "update": "mutation ($input: UpdatePartyOrganisationInput!) { updatePartyOrganisation(input: $input) { partyOrganisation { id name superiorName version } userErrors { field code } } }",
    "establish": "mutation ($input: EstablishPartyOrganisationInput!) { establishPartyOrganisation(input: $input) { partyOrganisation { id status establishedOn } userErrors { field code } } }",
    "member": "mutation ($input: AddPartyMemberInput!) { addPartyMember(input: $input) { partyMember { id status standingYears } userErrors { field code } } }",
    "appoint": "mutation ($input: AppointPartyCommitteePostInput!) { appointPartyCommitteePost(input: $input) { partyCommitteePost { id kind termStartsOn termEndsOn } userErrors { field code } } }",
    "letter": "mutation ($input: IssuePartyTransferLetterInput!) { issuePartyTransferLetter(input: $input) { partyTransferLetter { id status validUntil } userErrors { field code } } }",
    "report": "mutation ($input: ReportPartyTransferLetterInput!) { reportPartyTransferLetter(input: $input) { partyTransferLetter { id status reportedOn } userErrors { field code } } }",
    "receipt": "mutation ($input: ReceiptPartyTransferLetterInput!) { receiptPartyTransferLetter(input: $input) { partyTransferLetter { id status receiptedOn } userErrors { field code } } }",
    "meeting": "mutation ($input: CreatePartyMeetingInput!) { createPartyMeeting(input: $input) { partyMeeting { id status } userErrors { field code } } }",
    "attend": "mutation ($input: RecordPartyAttendanceInput!) { recordPartyAttendance(input: $input) { partyMeeting { id attendanceRate } userErrors { field code } } }",
    "submit": "mutation ($input: SubmitPartyMeetingInput!) { submitPartyMeeting(input: $input) { partyMeeting { id status pendingLevel } userErrors { field code } } }",
    "review": "mutation ($input: ReviewPartyMeetingInput!) { reviewPartyMeeting(input: $input) { partyMeeting { id status pendingLevel } userErrors { field code } } }",
    "flow": "mutation ($input: RegisterPartyFlowingMemberInput!) { registerPartyFlowingMember(input: $input) { partyFlowingMember { id nextReportDue reportOverdue lastReportedOn } userErrors { field code } } }",
    "flow_report": "mutation ($input: RecordPartyFlowingReportInput!) { recordPartyFlowingReport(input: $input) { partyFlowingMember { id nextReportDue reportOverdue lastReportedOn } userErrors { field code } } }",
    "relieve": "mutation ($input: RelievePartyCommitteePostInput!) { relievePartyCommitteePost(input: $input) { partyCommitteePost { id endedOn } userErrors { field code } } }",
}
#: the ID input fields whose name does not say their node type (for the matrices)
ID_TYPES = {
    "addPartyMember.branchId": "PartyOrganisation",
    "addPartyMember.groupId": "PartyOrganisation",
    "issuePartyTransferLetter.toOrganisationId": "PartyOrganisation",
    "reportPartyTransferLetter.branchId": "PartyOrganisation",
    "reportPartyTransferLetter.letterId": "PartyTransferLetter",
    "receiptPartyTransferLetter.letterId": "PartyTransferLetter",
    "createPartyMeeting.organisationId": "PartyOrganisation",
    "registerPartyFlowingMember.memberId": "PartyMember",
    "recordPartyFlowingReport.flowId": "PartyFlowingMember",
}
_names = itertools.count(1)


async def made(admin: GraphQLClient, kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The record a PARTY mutation made (its userErrors must be empty)."""
    payload = await admin.mutate(PARTY[kind], values)
    assert payload["userErrors"] == [], (kind, payload["userErrors"])
    return next(value for key, value in payload.items() if key != "userErrors")


def formal(
    person: dict[str, str], branch: str, joined: str | None = None, confirmed: str = "1971-07-01"
) -> dict[str, Any]:
    """An ``AddPartyMemberInput`` of a formal member (``person`` is ``{"retireeId": …}`` or
    ``{"staffId": …}``), by default joined in this month of 1970 (a 政治生日 this month) and
    confirmed on 1 July 1971 (光荣在党50年 from 2021)."""
    joined = joined or clock.today().replace(year=1970, day=1).isoformat()
    return {"branchId": branch, "status": "FORMAL", "joinedOn": joined, "confirmedOn": confirmed, **person}


async def staff_member(admin: GraphQLClient, agency: str) -> dict[str, str]:
    return {"staffId": (await create_staff(admin, agency, name=f"党员{next(_names)}"))["id"]}


async def branch(
    admin: GraphQLClient, agency: str, retiree: str | None = None, establish: bool = True
) -> dict[str, Any]:
    """A branch of the agency with three formal members (the retiree, when given, and staff),
    formed when ``establish``: the ids of the branch and its members."""
    organisation = await made(
        admin, "organisation", {"name": f"第{next(_names)}党支部", "kind": "BRANCH", "agencyId": agency}
    )
    people = [{"retireeId": retiree}] if retiree else []
    while len(people) < 3:
        people.append(await staff_member(admin, agency))
    members = [(await made(admin, "member", formal(person, organisation["id"])))["id"] for person in people]
    if establish:
        await made(admin, "establish", {"id": organisation["id"]})
    return {"branch": organisation["id"], "members": members}


async def populate(admin: GraphQLClient, institute: dict[str, Any]) -> None:
    """A branch formed by the institute's retiree and two staff members, with a 党小组 and the
    retiree as its 书记, a letter issued for the retiree, and a submitted meeting the retiree
    attended (so every party mutation has a record outside each scope to aim at)."""
    formed = await branch(admin, institute["agency"], institute["retiree"])
    await made(
        admin,
        "organisation",
        {"name": "党小组", "kind": "GROUP", "agencyId": institute["agency"], "parentId": formed["branch"]},
    )
    await made(
        admin, "appoint", {"organisationId": formed["branch"], "memberId": formed["members"][0], "kind": "SECRETARY"}
    )
    await made(admin, "letter", {"memberId": formed["members"][0], "toName": "某市军休所党支部"})
    await made(admin, "flow", outflow(formed["members"][1]))
    meeting = await made(admin, "meeting", meeting_input(formed["branch"]))
    await made(
        admin,
        "attend",
        {"meetingId": meeting["id"], "entries": [{"memberId": formed["members"][0], "mode": "IN_PERSON"}]},
    )
    await made(admin, "submit", {"meetingId": meeting["id"]})


def meeting_input(organisation: str, kind: str = "BRANCH_CONGRESS", held_on: str | None = None) -> dict[str, Any]:
    """A ``CreatePartyMeetingInput`` of a meeting held today (or on ``held_on``)."""
    return {
        "organisationId": organisation,
        "kind": kind,
        "heldOn": held_on or clock.today().isoformat(),
        "topic": "学习党章",
    }


def outflow(member: str, starts_on: str | None = None) -> dict[str, Any]:
    """A ``RegisterPartyFlowingMemberInput`` of a member flowing out (from today, or ``starts_on``)."""
    return {
        "memberId": member,
        "direction": "OUTFLOW",
        "homeOrganisation": "本所军休干部党支部",
        "attendingOrganisation": "海南省三亚市某社区党支部",
        "startsOn": starts_on or clock.today().isoformat(),
        "certificateNumber": "LD-0001",
    }
