"""Who reads and manages party data: managers and the 党务干事 (PARTY_OFFICER) in their
agency, a retiree only their own membership; agency staff and portals, holding neither the
plugin's read permission nor the right to read personal information, see no political status."""

from party_world import PARTY, branch, formal, made, staff_member

from core import clock
from core.testing import province

MEMBERS = "{ partyMembers(first: 50) { totalCount edges { node { name retiree { id } } } } }"
STATUS = "query ($id: ID!) { retiree(id: $id) { partyStatus partyMembership { status } } }"


async def test_the_officer_runs_party_work_and_staff_see_no_political_status(role_clients):
    world = role_clients.world
    officer, staff, portal = (
        role_clients["PARTY_OFFICER"],
        role_clients["AGENCY_STAFF"],
        role_clients["PORTAL_READONLY"],
    )
    created = await officer.mutate(
        PARTY["organisation"], {"name": "一所支部", "kind": "BRANCH", "agencyId": world.ids["home_agency"]}
    )
    assert created["userErrors"] == []
    added = await officer.mutate(
        PARTY["member"], formal({"retireeId": world.ids["home_retiree"]}, created["partyOrganisation"]["id"])
    )
    assert added["userErrors"] == []
    assert (await officer(STATUS, {"id": world.ids["home_retiree"]}))["retiree"] == {
        "partyStatus": "FORMAL",
        "partyMembership": {"status": "FORMAL"},
    }
    for client in (staff, portal):
        assert (await client(STATUS, {"id": world.ids["home_retiree"]}))["retiree"] == {
            "partyStatus": None,
            "partyMembership": None,
        }
        assert (await client(MEMBERS))["partyMembers"]["totalCount"] == 0
    refused = await staff.mutate(
        PARTY["organisation"], {"name": "另一支部", "kind": "BRANCH", "agencyId": world.ids["home_agency"]}
    )
    assert refused["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    # the officer's reach ends at its agency
    outside = await officer.mutate(
        PARTY["organisation"], {"name": "二所支部", "kind": "BRANCH", "agencyId": world.ids["sibling_agency"]}
    )
    assert outside["userErrors"] == [{"field": "agencyId", "code": "NOT_FOUND"}]


async def test_a_retiree_reads_their_own_membership_only(role_clients):
    world = role_clients.world
    formed = await branch(world.admin, world.ids["home_agency"], world.ids["self"])
    await made(
        world.admin,
        "member",
        formal({"retireeId": world.ids["home_retiree"]}, formed["branch"], "1960-03-01", "1961-03-01"),
    )
    retiree = role_clients["RETIREE"]
    mine = await retiree(MEMBERS)
    assert [e["node"]["retiree"] for e in mine["partyMembers"]["edges"]] == [{"id": world.ids["self"]}]
    assert (await retiree(STATUS, {"id": world.ids["self"]}))["retiree"]["partyStatus"] == "FORMAL"
    organisations = await retiree("{ partyOrganisations(first: 5) { totalCount } }")
    assert organisations["partyOrganisations"]["totalCount"] == 0


async def test_political_birthdays_and_fifty_year_honourees(gql):
    tree = {key: node["id"] for key, node in (await province(gql)).items()}
    today = clock.today()
    formed = await branch(gql, tree["first"], establish=False)  # joined this month of 1970, confirmed 1971-07-01
    other_month = 1 if today.month != 1 else 2
    await made(
        gql,
        "member",
        formal(await staff_member(gql, tree["first"]), formed["branch"], f"1980-{other_month:02d}-15", "1981-01-01"),
    )
    birthdays = await gql("{ partyPoliticalBirthdays(first: 10) { edges { node { joinedOn } } } }")
    joined = [e["node"]["joinedOn"] for e in birthdays["partyPoliticalBirthdays"]["edges"]]
    assert joined == [today.replace(year=1970, day=1).isoformat()] * 3
    chosen = await gql(
        "query ($m: Int) { partyPoliticalBirthdays(first: 10, month: $m) { totalCount } }", {"m": other_month}
    )
    assert chosen["partyPoliticalBirthdays"]["totalCount"] == 1
    # confirmed on 1971-07-01: fifty years by 1 July 2021, not by 1 July 2020; 1981-01-01 by 2031
    for year, count in ((2020, 0), (2021, 3), (2031, 4)):
        honoured = await gql(
            "query ($y: Int) { partyFiftyYearHonourees(first: 10, year: $y) { totalCount } }", {"y": year}
        )
        assert honoured["partyFiftyYearHonourees"]["totalCount"] == count, year
