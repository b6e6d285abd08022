"""组织关系转接 through the API: the core's transfer and receive events open introduction letters,
报到 moves the membership, 回执 completes it, an unreported letter expires into the to-do list,
and a letter to the organisation the member is in is refused."""

import datetime as dt

from party_world import PARTY, branch, made

from core import clock
from core.testing import create_retiree, province

LETTERS = "query ($f: PartyTransferLetterFilter) { partyTransferLetters(first: 10, filter: $f) { totalCount edges { node { id direction status fromName toName toAgency { id } member { id status } } } } }"
TRANSFER = "mutation ($input: TransferRetireeInput!) { transferRetiree(input: $input) { userErrors { code } } }"
RECEIVE = (
    "mutation ($input: ReceiveRetireeInput!) { receiveRetiree(input: $input) { retiree { id } userErrors { code } } }"
)
MEMBERSHIP = "query ($id: ID!) { retiree(id: $id) { partyMembership { branch { id } status } } }"


async def _tree(gql):
    return {key: node["id"] for key, node in (await province(gql)).items()}


async def test_a_transfer_opens_a_letter_that_moves_the_membership_when_reported(gql):
    tree = await _tree(gql)
    retiree = await create_retiree(gql, tree["first"])
    old, new = await branch(gql, tree["first"], retiree["id"]), await branch(gql, tree["second"])
    moved = await gql.mutate(
        TRANSFER, {"id": retiree["id"], "toAgencyId": tree["second"], "transferredOn": clock.today().isoformat()}
    )
    assert moved["userErrors"] == []
    letters = (await gql(LETTERS))["partyTransferLetters"]
    assert letters["totalCount"] == 1
    letter = letters["edges"][0]["node"]
    assert (letter["direction"], letter["status"], letter["toAgency"]) == ("OUTGOING", "ISSUED", {"id": tree["second"]})
    # until 报到 the member stays in the old branch
    assert (await gql(MEMBERSHIP, {"id": retiree["id"]}))["retiree"]["partyMembership"]["branch"] == {
        "id": old["branch"]
    }
    reported = await made(gql, "report", {"letterId": letter["id"], "branchId": new["branch"]})
    assert reported["status"] == "REPORTED"
    assert (await gql(MEMBERSHIP, {"id": retiree["id"]}))["retiree"]["partyMembership"] == {
        "branch": {"id": new["branch"]},
        "status": "FORMAL",
    }
    ended = await gql(
        "query ($f: PartyMemberFilter) { partyMembers(first: 5, filter: $f) { edges { node { endReason } } } }",
        {"f": {"current": False}},
    )
    assert [e["node"]["endReason"] for e in ended["partyMembers"]["edges"]] == ["组织关系转出"]
    again = await gql.mutate(PARTY["report"], {"letterId": letter["id"]})
    assert again["userErrors"] == [{"field": "letterId", "code": "INVALID_TRANSITION"}]
    assert (await made(gql, "receipt", {"letterId": letter["id"]}))["status"] == "RECEIPTED"


async def test_a_member_leaving_the_system_ends_the_membership_on_receipt(gql):
    tree = await _tree(gql)
    retiree = await create_retiree(gql, tree["first"])
    await branch(gql, tree["first"], retiree["id"])
    await gql.mutate(
        TRANSFER, {"id": retiree["id"], "destination": "浙江省杭州市", "transferredOn": clock.today().isoformat()}
    )
    letter = (await gql(LETTERS))["partyTransferLetters"]["edges"][0]["node"]
    assert letter["toName"] == "本系统以外的党组织"
    early = await gql.mutate(PARTY["receipt"], {"letterId": letter["id"]})
    assert early["userErrors"] == [{"field": "letterId", "code": "INVALID_TRANSITION"}]
    await made(gql, "report", {"letterId": letter["id"]})
    assert (await gql(MEMBERSHIP, {"id": retiree["id"]}))["retiree"]["partyMembership"] is not None
    await made(gql, "receipt", {"letterId": letter["id"]})
    assert (await gql(MEMBERSHIP, {"id": retiree["id"]}))["retiree"]["partyMembership"] is None


async def test_receiving_a_party_member_opens_an_incoming_letter(gql):
    tree = await _tree(gql)
    from core.testing import retiree_input

    member = await gql.mutate(RECEIVE, retiree_input(tree["first"], politicalStatus="CPC_MEMBER"))
    masses = await gql.mutate(RECEIVE, retiree_input(tree["first"], politicalStatus="MASSES"))
    assert member["userErrors"] == [] and masses["userErrors"] == []
    letters = (await gql(LETTERS, {"f": {"direction": "INCOMING"}}))["partyTransferLetters"]
    assert letters["totalCount"] == 1
    assert letters["edges"][0]["node"]["member"] is None and letters["edges"][0]["node"]["status"] == "ISSUED"


async def test_an_unreported_letter_expires_into_the_todo_list(gql):
    tree = await _tree(gql)
    formed = await branch(gql, tree["first"], (await create_retiree(gql, tree["first"]))["id"])
    issued = (clock.today() - dt.timedelta(days=91)).isoformat()
    letter = await made(
        gql, "letter", {"memberId": formed["members"][0], "toName": "某省军休所党支部", "issuedOn": issued}
    )
    assert letter["status"] == "EXPIRED"
    fresh = await made(gql, "letter", {"memberId": formed["members"][0], "toName": "另一党支部"})
    assert fresh["status"] == "ISSUED"
    refused = await gql.mutate(PARTY["report"], {"letterId": letter["id"]})
    assert refused["userErrors"] == [{"field": "letterId", "code": "PARTY_LETTER_EXPIRED"}]
    expired = await gql(LETTERS, {"f": {"status": "EXPIRED"}})
    assert [e["node"]["id"] for e in expired["partyTransferLetters"]["edges"]] == [letter["id"]]
    todo = await gql("{ viewer { todo(first: 50) { edges { node { title dueOn overdue record { id } } } } } }")
    items = [e["node"] for e in todo["viewer"]["todo"]["edges"] if e["node"]["title"].startswith("组织关系介绍信")]
    assert [(item["record"]["id"], item["overdue"]) for item in items] == [(letter["id"], True)]
    assert items[0]["dueOn"] == letter["validUntil"]


async def test_a_letter_to_the_members_own_branch_is_refused(gql):
    tree = await _tree(gql)
    formed = await branch(gql, tree["first"], (await create_retiree(gql, tree["first"]))["id"])
    refused = await gql.mutate(
        PARTY["letter"], {"memberId": formed["members"][0], "toName": "本支部", "toOrganisationId": formed["branch"]}
    )
    assert refused["userErrors"] == [{"field": "toOrganisationId", "code": "PARTY_LETTER_TO_OWN_ORGANISATION"}]
    assert (await gql(LETTERS))["partyTransferLetters"]["totalCount"] == 0
