"""A valid input for every mutation, aimed at a record inside the acting principal's scope.

The permission matrix (test_permission_matrix.py) calls each mutation with these inputs as
every role: the declared requirement alone says whether the call must succeed or be refused
with FORBIDDEN. A principal that must be refused gets records that already exist in its scope
(the refusal must leave them as they were); one that must succeed gets fresh records, so that
one success never spoils the next case. A mutation without a sample here fails the matrix: a
plugin's new mutation needs one entry, not a new test."""

import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from party_world import PARTY, formal, meeting_input, outflow
from party_world import branch as party_branch
from sanatorium_helpers import BATCH_STATUS
from university_world import UNIVERSITY

from core import clock
from core.permissions import registry
from core.testing import (
    MERIT,
    PASSWORD,
    FilePart,
    GraphQLClient,
    World,
    create_agency,
    create_retiree,
    create_staff,
    retiree_input,
    type_of,
)

_serial = itertools.count(1)
#: ten-minute slots, so that no two classes one retiree joins clash
_slots = itertools.count(0)
#: plans are unique per owner, year and tier: each new city plan takes a year of its own
_plan_years = itertools.count(clock.today().year + 1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_serial)}"


@dataclass
class Case:
    """One (mutation, principal) call: the world, who acts and whether it must succeed."""

    world: World
    principal: str
    succeeds: bool

    @property
    def admin(self) -> GraphQLClient:
        return self.world.admin

    @property
    def institute(self) -> str:
        """The institute the agency principals belong to (inside every principal's scope but the retiree's)."""
        return self.world.ids["home_agency"]

    @property
    def city(self) -> str:
        return self.world.ids["city"]

    @property
    def today(self) -> str:
        return clock.today().isoformat()

    async def made(self, query: str, values: dict[str, Any]) -> dict[str, Any]:
        payload = await self.admin.mutate(query, values)
        assert payload["userErrors"] == [], (query, payload["userErrors"])
        return payload

    async def retiree(self, **extra: Any) -> str:
        """The retiree principal's own record; otherwise the institute's (fresh when it must succeed)."""
        if self.principal == "retiree":
            return self.world.ids["self"]
        if not self.succeeds:
            return self.world.ids["home_retiree"]
        return (await create_retiree(self.admin, self.institute, name=unique("受试"), **extra))["id"]

    async def staff(self) -> str:
        if not self.succeeds:
            return self.world.ids["home_staff"]
        return (await create_staff(self.admin, self.institute, name=unique("员工"), hiredOn="2020-01-01"))["id"]

    async def institute_to_change(self) -> str:
        """An institute under the city department: the principal's own when it must be refused."""
        if not self.succeeds:
            return self.institute
        return (await create_agency(self.admin, unique("新所"), "INSTITUTE", self.city))["id"]

    async def account(self, roles: list[str] | None = None) -> str:
        staff = (await create_staff(self.admin, self.institute, name=unique("账户员工")))["id"]
        payload = await self.made(ACCOUNT, {
            "username": unique("acct"), "password": PASSWORD, "kind": "STAFF", "staffId": staff, "roles": roles or [],
        })
        return payload["userAccount"]["id"]

    async def version(self, node_id: str) -> int:
        type_name = type_of(node_id)
        data = await self.admin(f"query ($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ version }} }} }}", {"id": node_id})
        return data["node"]["version"]


ACCOUNT = """mutation ($input: CreateUserAccountInput!) { createUserAccount(input: $input) {
  userAccount { id } userErrors { field code message } } }"""
TOKEN = """mutation ($input: CreateApiTokenInput!) { createApiToken(input: $input) {
  apiToken { id } userErrors { field code message } } }"""
PLAN = """mutation ($input: CreateSanatoriumPlanInput!) { createSanatoriumPlan(input: $input) {
  sanatoriumPlan { id } userErrors { field code message } } }"""
SITE = """mutation ($input: CreateSanatoriumSiteInput!) { createSanatoriumSite(input: $input) {
  sanatoriumSite { id } userErrors { field code message } } }"""
BATCH = """mutation ($input: CreateSanatoriumBatchInput!) { createSanatoriumBatch(input: $input) {
  sanatoriumBatch { id } userErrors { field code message } } }"""
NOMINATION = """mutation ($input: NominateSanatoriumCandidateInput!) { nominateSanatoriumCandidate(input: $input) {
  sanatoriumNomination { id } userErrors { field code message } } }"""
REVIEW = """mutation ($input: ReviewSanatoriumNominationInput!) { reviewSanatoriumNomination(input: $input) {
  userErrors { field code message } } }"""
FITNESS = """mutation ($input: RecordSanatoriumFitnessCheckInput!) { recordSanatoriumFitnessCheck(input: $input) {
  userErrors { field code message } } }"""


async def _plan(case: Case) -> tuple[str, str, int]:
    """A fresh city-tier plan of the city department, a site of its own and the plan's year."""
    year = next(_plan_years)
    plan = await case.made(PLAN, {
        "ownerId": case.city, "year": year, "tier": "CITY", "title": unique("市级疗养"), "totalQuota": 10,
    })
    site = await case.made(SITE, {"ownerId": case.city, "name": unique("疗养院"), "beds": 20})
    return plan["sanatoriumPlan"]["id"], site["sanatoriumSite"]["id"], year


def _batch_input(plan: str, site: str, starts: dt.date) -> dict[str, Any]:
    return {"planId": plan, "siteId": site, "name": unique("批次"), "startsOn": starts.isoformat(),
            "endsOn": (starts + dt.timedelta(days=6)).isoformat(), "capacity": 10}


async def _city_batch(case: Case) -> str:
    plan, site, year = await _plan(case)
    batch = await case.made(BATCH, _batch_input(plan, site, dt.date(year, 6, 1)))
    return batch["sanatoriumBatch"]["id"]


async def _nomination(case: Case, submit: bool = True, reviews: int = 0, fit: bool = False) -> str:
    """A nomination of a retiree of the institute to the province's open batch; ``reviews``
    levels approved by the administrator."""
    retiree = await case.retiree(awards=MERIT)
    batch = case.world.ids["sanatorium_batch"]
    if case.principal == "retiree" or not case.succeeds:
        existing = await case.admin(
            "query ($r: ID!) { retiree(id: $r) { sanatoriumNominations { id } } }", {"r": retiree}
        )
        return existing["retiree"]["sanatoriumNominations"][0]["id"]
    payload = await case.made(NOMINATION, {"batchId": batch, "retireeId": retiree, "submit": submit})
    nomination = payload["sanatoriumNomination"]["id"]
    if fit:
        await case.made(FITNESS, {"nominationId": nomination, "fitness": "FIT", "checkedOn": case.today})
    for _ in range(reviews):
        await case.made(REVIEW, {"nominationId": nomination, "decision": "APPROVE"})
    return nomination


async def _class(case: Case, published: bool = True, started_days_ago: int = 6) -> dict[str, str]:
    """A fresh campus, term, course and class of the institute, enrolment open today."""
    today = clock.today()
    start = today - dt.timedelta(days=started_days_ago)
    slot = next(_slots) % 84  # ten-minute slots: every role's refused cases enrol one retiree
    begins = dt.time(10 + slot // 6, 10 * (slot % 6))  # after the world's own 09:00 class
    ends = dt.time(begins.hour, begins.minute + 5)
    institute = case.institute
    campus = (await case.made(UNIVERSITY["campus"], {"agencyId": institute, "name": unique("分校"), "kind": "BRANCH"}))
    term = await case.made(UNIVERSITY["term"], {
        "agencyId": institute, "name": unique("学期"), "startsOn": start.isoformat(),
        "endsOn": (today + dt.timedelta(days=30)).isoformat(),
    })
    course = await case.made(UNIVERSITY["course"], {"agencyId": institute, "name": unique("课程"), "category": "MAJOR"})
    made = await case.made(UNIVERSITY["class"], {
        "courseId": course["universityCourse"]["id"], "termId": term["universityTerm"]["id"], "campusId": campus["universityCampus"]["id"],
        "mode": "OFFLINE", "venue": "活动室", "capacity": 10, "name": unique("班"), "published": published,
        "enrolOpensOn": start.isoformat(), "enrolClosesOn": (today + dt.timedelta(days=3)).isoformat(),
        "schedule": [{"weekday": start.isoweekday(), "start": f"{begins:%H:%M}", "end": f"{ends:%H:%M}"}],
    })
    return {
        "campus": campus["universityCampus"]["id"], "term": term["universityTerm"]["id"], "course": course["universityCourse"]["id"],
        "class": made["universityClass"]["id"],
    }


async def _enrolment(case: Case) -> tuple[str, str]:
    """A fresh class with the case's retiree enrolled: (class, enrolment)."""
    made = await _class(case)
    enrolled = await case.made(UNIVERSITY["enrol"], {"classId": made["class"], "retireeId": await case.retiree()})
    return made["class"], enrolled["universityEnrolment"]["id"]


async def _session_with_enrolment(case: Case) -> dict[str, Any]:
    university_class, enrolment = await _enrolment(case)
    sessions = await case.made(UNIVERSITY["sessions"], {"classId": university_class})
    return {"sessionId": sessions["universitySessions"][0]["id"], "entries": [{"enrolmentId": enrolment, "status": "PRESENT"}]}


async def _token(case: Case) -> dict[str, Any]:
    account = await case.account(["AGENCY_STAFF"])
    payload = await case.made(TOKEN, {"name": unique("大屏"), "permissions": ["core.retiree.read"], "userId": account})
    return {"id": payload["apiToken"]["id"]}


Sample = Callable[[Case], Awaitable[dict[str, Any] | None]]

#: samples that act on the principal's own account, whoever it is (the retiree principal's
#: samples act on its own record throughout): the declared ``on_self`` permission applies
ON_OWN_RECORD = {"createApiToken"}
#: refusals that are not FORBIDDEN, and why: another account's token is invisible without the
#: account permissions, so refusing it must not confirm that the token exists
REFUSED_AS = {"revokeApiToken": "NOT_FOUND"}


async def _attended(case: Case) -> dict[str, Any]:
    """An approved nomination to a batch of the province's plan that begins today."""
    if case.principal == "retiree" or not case.succeeds:
        return {"nominationId": await _nomination(case), "attended": True}
    ids = case.world.ids
    batch = await case.made(BATCH, _batch_input(ids["sanatorium_plan"], ids["sanatorium_site"], clock.today()))
    batch_id = batch["sanatoriumBatch"]["id"]
    await case.made(BATCH_STATUS, {"batchId": batch_id, "status": "OPEN"})
    retiree = await case.retiree(awards=MERIT)
    nomination = (await case.made(NOMINATION, {"batchId": batch_id, "retireeId": retiree}))["sanatoriumNomination"]["id"]
    await case.made(FITNESS, {"nominationId": nomination, "fitness": "FIT", "checkedOn": case.today})
    for _ in range(3):  # the institute, the city department, the province that owns the plan
        await case.made(REVIEW, {"nominationId": nomination, "decision": "APPROVE"})
    return {"nominationId": nomination, "attended": True}


async def _reviewable(case: Case) -> dict[str, Any]:
    """A nomination awaiting the acting principal's level: the institute's for its manager,
    the city department's (after the institute approved) for the department."""
    reviews = 1 if case.principal == "department" else 0
    return {"nominationId": await _nomination(case, reviews=reviews), "decision": "APPROVE"}


SAMPLES: dict[str, Sample] = {
    # accounts
    "login": lambda c: _value({"username": c.world.usernames[c.principal], "password": PASSWORD}),
    "logout": lambda c: _value(None),
    "createUserAccount": lambda c: _staff_account(c),
    "grantRole": lambda c: _role(c, [], "AGENCY_STAFF"),
    "revokeRole": lambda c: _role(c, ["AGENCY_STAFF"], "AGENCY_STAFF"),
    "setUserAccountActive": lambda c: _with_account(c, {"active": False}),
    "changePassword": lambda c: _value({"currentPassword": PASSWORD, "newPassword": PASSWORD}),
    "resetUserPassword": lambda c: _with_account(c, {"newPassword": "Reset-Passw0rd-1"}),
    "createApiToken": lambda c: _value({"name": unique("门户"), "permissions": [min(registry().of_role(c.world.roles[c.principal]))]}),
    "revokeApiToken": _token,
    # agencies
    "createAgency": lambda c: _value({"parentId": c.city, "kind": "INSTITUTE", "name": unique("新所"), "divisionCode": "320100"}),
    "updateAgency": lambda c: _versioned(c, c.institute_to_change(), {"phone": "025-12345678"}),
    "moveAgency": lambda c: _move(c),
    "mergeAgencies": lambda c: _merge(c),
    "closeAgency": lambda c: _ids(c.institute_to_change(), lambda a: {"id": a}),
    # retirees
    "createRetiree": lambda c: _value(retiree_input(c.institute, name=unique("新登记"))),
    "receiveRetiree": lambda c: _value(retiree_input(c.institute, name=unique("新接收"))),
    "updateRetiree": lambda c: _versioned(c, c.retiree(), {"nativePlace": "江苏南京"}),
    "transferRetiree": lambda c: _ids(c.retiree(), lambda r: {"id": r, "destination": "浙江省杭州市", "transferredOn": c.today}),
    "recordRetireeDeath": lambda c: _ids(c.retiree(), lambda r: {"id": r, "diedOn": c.today}),
    "assignCaretaker": lambda c: _ids(c.retiree(), lambda r: {"id": r, "staffId": c.world.ids["home_staff"]}),
    "changeArchiveState": lambda c: _ids(c.retiree(), lambda r: {"id": r, "state": "ARCHIVED"}),
    # staff
    "createStaffMember": lambda c: _value({"agencyId": c.institute, "name": unique("新员工"), "gender": "FEMALE", "employment": "CONTRACT"}),
    "updateStaffMember": lambda c: _versioned(c, c.staff(), {"position": "干事"}),
    "recordStaffTraining": lambda c: _ids(c.staff(), lambda s: {
        "staffId": s, "kind": "EDUCATION", "title": "业务培训", "startedOn": c.today, "endedOn": c.today}),
    "recordStaffAppraisal": lambda c: _ids(c.staff(), lambda s: {"staffId": s, "year": clock.today().year - 1, "grade": "COMPETENT"}),
    "rotateStaffMember": lambda c: _ids(c.staff(), lambda s: {
        "staffId": s, "toAgencyId": c.institute, "toPosition": "服务站站长", "rotatedOn": c.today}),
    "recordStaffLeaving": lambda c: _ids(c.staff(), lambda s: {"staffId": s, "leftOn": c.today}),
    # attachments
    "attachFile": lambda c: _ids(c.retiree(), lambda r: {"recordId": r, "file": SCAN}),
    "removeAttachment": lambda c: _attachment(c),
    # example plugins
    "orderMeal": lambda c: _ids(c.retiree(), lambda r: {
        "retireeId": r, "servedOn": (clock.today() + dt.timedelta(days=2)).isoformat(), "meal": "DINNER"}),
    "publishNotice": lambda c: _value({"agencyId": c.institute, "title": unique("通知"), "body": "正文"}),
    # sanatorium
    "createSanatoriumSite": lambda c: _value({"ownerId": c.city, "name": unique("疗养院"), "beds": 30}),
    "createSanatoriumPlan": lambda c: _value({
        "ownerId": c.city, "year": next(_plan_years), "tier": "CITY", "title": "市级疗养", "totalQuota": 5}),
    "setSanatoriumQuota": lambda c: _ids(_first(_plan(c)), lambda p: {"planId": p, "agencyId": c.institute, "quota": 2}),
    "createSanatoriumBatch": lambda c: _new_batch(c),
    "changeSanatoriumBatchStatus": lambda c: _ids(_city_batch(c), lambda b: {"batchId": b, "status": "OPEN"}),
    "nominateSanatoriumCandidate": lambda c: _ids(c.retiree(awards=MERIT), lambda r: {
        "batchId": c.world.ids["sanatorium_batch"], "retireeId": r}),
    "submitSanatoriumNomination": lambda c: _ids(_nomination(c, submit=False), lambda n: {"nominationId": n}),
    "recordSanatoriumFitnessCheck": lambda c: _ids(_nomination(c), lambda n: {
        "nominationId": n, "fitness": "FIT", "checkedOn": c.today}),
    "reviewSanatoriumNomination": _reviewable,
    "withdrawSanatoriumNomination": lambda c: _ids(_nomination(c), lambda n: {"nominationId": n, "reason": "本人放弃"}),
    "recordSanatoriumAttendance": _attended,
    # university
    "createUniversityCampus": lambda c: _value({"agencyId": c.institute, "name": unique("教学点"), "kind": "TEACHING_POINT"}),
    "createUniversityTerm": lambda c: _value({
        "agencyId": c.institute, "name": unique("春季学期"), "startsOn": "2027-03-01", "endsOn": "2027-06-30"}),
    "updateUniversityTerm": lambda c: _class_part(c, "term", lambda t, v: {"id": t, "version": v, "name": unique("学期")}),
    "createUniversityCourse": lambda c: _value({"agencyId": c.institute, "name": unique("太极拳"), "category": "MAJOR"}),
    "createUniversityClass": lambda c: _new_class(c),
    "updateUniversityClass": lambda c: _class_part(c, "class", lambda k, v: {"id": k, "version": v, "teacher": "王老师"}),
    "enrolInUniversityClass": lambda c: _enrol(c),
    "withdrawUniversityEnrolment": lambda c: _ids(_second(_enrolment(c)), lambda e: {"enrolmentId": e}),
    "generateUniversitySessions": lambda c: _ids(_class_id(c), lambda k: {"classId": k}),
    "recordUniversityAttendance": _session_with_enrolment,
    "completeUniversityClass": lambda c: _complete(c),
    # party
    "createPartyOrganisation": lambda c: _value({"name": unique("党支部"), "kind": "BRANCH", "agencyId": c.institute}),
    "updatePartyOrganisation": lambda c: _versioned(c, _party_branch(c, establish=False), {"name": unique("支部")}),
    "establishPartyOrganisation": lambda c: _ids(_party_branch(c, establish=False), lambda b: {"id": b}),
    "appointPartyCommitteePost": lambda c: _party_post_input(c),
    "relievePartyCommitteePost": lambda c: _party_post(c),
    "addPartyMember": lambda c: _party_member(c),
    "issuePartyTransferLetter": lambda c: _party_letter_input(c),
    "reportPartyTransferLetter": lambda c: _party_letter(c),
    "receiptPartyTransferLetter": lambda c: _party_letter(c, reported=True),
    "registerPartyFlowingMember": lambda c: _ids(party_branch(c.admin, c.institute), lambda b: outflow(b["members"][0])),
    "recordPartyFlowingReport": lambda c: _party_flow(c),
    "createPartyMeeting": lambda c: _ids(_meeting_branch(c), lambda b: meeting_input(b[0])),
    "recordPartyAttendance": lambda c: _party_attendance(c),
    "submitPartyMeeting": lambda c: _ids(_party_meeting(c), lambda m: {"meetingId": m[0]}),
    "reviewPartyMeeting": lambda c: _reviewable_meeting(c),
}


#: the smallest file attachments accept (its content says PDF)
SCAN = FilePart("体检报告.pdf", b"%PDF-1.4\n%sample\n", "application/pdf")
ATTACH = """mutation ($input: AttachFileInput!) { attachFile(input: $input) {
  attachment { id } userErrors { field code message } } }"""


async def _attachment(case: Case) -> dict[str, Any]:
    """An attachment of a retiree in the principal's scope (the retiree's own for a retiree)."""
    payload = await case.made(ATTACH, {"recordId": await case.retiree(), "file": SCAN})
    return {"id": payload["attachment"]["id"]}


async def _value(value: Any) -> Any:
    return value


async def _ids(made: Awaitable[Any], shape: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    return shape(await made)


async def _first(made: Awaitable[tuple[Any, ...]]) -> Any:
    return (await made)[0]


async def _second(made: Awaitable[tuple[Any, ...]]) -> Any:
    return (await made)[1]


async def _versioned(case: Case, made: Awaitable[str], changes: dict[str, Any]) -> dict[str, Any]:
    node = await made
    return {"id": node, "version": await case.version(node), **changes}


async def _staff_account(case: Case) -> dict[str, Any]:
    staff = (await create_staff(case.admin, case.institute, name=unique("待开户")))["id"]
    return {"username": unique("new.user"), "password": PASSWORD, "kind": "STAFF", "staffId": staff, "roles": []}


async def _role(case: Case, has: list[str], role: str) -> dict[str, Any]:
    return {"userId": await case.account(has), "role": role}


async def _with_account(case: Case, values: dict[str, Any]) -> dict[str, Any]:
    return {"userId": await case.account(["AGENCY_STAFF"]), **values}


async def _move(case: Case) -> dict[str, Any]:
    county = await create_agency(case.admin, unique("区局"), "DEPARTMENT", case.city, level="COUNTY")
    return {"id": await case.institute_to_change(), "parentId": county["id"]}


async def _merge(case: Case) -> dict[str, Any]:
    return {"sourceId": await case.institute_to_change(), "targetId": (await create_agency(case.admin, unique("并入所"), "INSTITUTE", case.city))["id"]}


async def _new_batch(case: Case) -> dict[str, Any]:
    plan, site, year = await _plan(case)
    return _batch_input(plan, site, dt.date(year, 6, 1))


async def _class_part(case: Case, part: str, shape: Callable[[str, int], dict[str, Any]]) -> dict[str, Any]:
    node = (await _class(case))[part]
    return shape(node, await case.version(node))


async def _class_id(case: Case) -> str:
    return (await _class(case))["class"]


async def _new_class(case: Case) -> dict[str, Any]:
    made = await _class(case)
    today = clock.today()
    return {
        "courseId": made["course"], "termId": made["term"], "campusId": made["campus"], "name": unique("新班"),
        "mode": "ONLINE", "onlineLink": "https://example.invalid/class", "capacity": 5, "enrolOpensOn": today.isoformat(),
        "enrolClosesOn": (today + dt.timedelta(days=3)).isoformat(),
        "schedule": [{"weekday": 3, "start": "14:00", "end": "15:00"}],
    }


async def _enrol(case: Case) -> dict[str, Any]:
    return {"classId": (await _class(case))["class"], "retireeId": await case.retiree()}


async def _complete(case: Case) -> dict[str, Any]:
    session = await _session_with_enrolment(case)
    await case.made(UNIVERSITY["attend"], session)
    class_of_session = await case.admin(
        "query ($id: ID!) { node(id: $id) { ... on UniversitySession { universityClass { id } } } }",
        {"id": session["sessionId"]},
    )
    return {"classId": class_of_session["node"]["universityClass"]["id"]}


async def _party_branch(case: Case, establish: bool = True) -> str:
    return (await party_branch(case.admin, case.institute, establish=establish))["branch"]


async def _party_post_input(case: Case) -> dict[str, Any]:
    formed = await party_branch(case.admin, case.institute)
    return {"organisationId": formed["branch"], "memberId": formed["members"][0], "kind": "SECRETARY"}


async def _party_post(case: Case) -> dict[str, Any]:
    post = await case.made(PARTY["appoint"], await _party_post_input(case))
    return {"postId": post["partyCommitteePost"]["id"]}


async def _party_member(case: Case) -> dict[str, Any]:
    return formal({"retireeId": await case.retiree()}, await _party_branch(case))


async def _party_letter_input(case: Case) -> dict[str, Any]:
    """A letter for a retiree member of a fresh branch (a fresh retiree: one branch at a time)."""
    retiree = (await create_retiree(case.admin, case.institute, name=unique("党员")))["id"]
    formed = await party_branch(case.admin, case.institute, retiree)
    return {"memberId": formed["members"][0], "toName": unique("某所党支部")}


async def _party_letter(case: Case, reported: bool = False) -> dict[str, Any]:
    letter = (await case.made(PARTY["letter"], await _party_letter_input(case)))["partyTransferLetter"]["id"]
    if reported:
        await case.made(PARTY["report"], {"letterId": letter})
    return {"letterId": letter}


SELF_MEMBERSHIP = "query ($id: ID!) { retiree(id: $id) { partyMembership { id branch { id } } } }"


async def _meeting_branch(case: Case) -> tuple[str, str]:
    """A branch the principal may run meetings of and one of its members: for the retiree, the
    branch they are 书记 of in the world; otherwise a fresh branch of the institute."""
    if case.principal == "retiree":
        membership = (await case.admin(SELF_MEMBERSHIP, {"id": case.world.ids["self"]}))["retiree"]["partyMembership"]
        return membership["branch"]["id"], membership["id"]
    formed = await party_branch(case.admin, case.institute)
    return formed["branch"], formed["members"][0]


async def _party_meeting(case: Case) -> tuple[str, str]:
    branch, member = await _meeting_branch(case)
    meeting = await case.made(PARTY["meeting"], meeting_input(branch))
    return meeting["partyMeeting"]["id"], member


async def _party_attendance(case: Case) -> dict[str, Any]:
    meeting, member = await _party_meeting(case)
    return {"meetingId": meeting, "entries": [{"memberId": member, "mode": "DELIVERED_HOME"}]}


async def _reviewable_meeting(case: Case) -> dict[str, Any]:
    """A submitted meeting awaiting the principal's level: the institute's, or the city
    department's (after the institute approved) for the department."""
    meeting, _ = await _party_meeting(case)
    await case.made(PARTY["submit"], {"meetingId": meeting})
    if case.principal == "department":
        await case.made(PARTY["review"], {"meetingId": meeting, "decision": "APPROVE"})
    return {"meetingId": meeting, "decision": "APPROVE"}


async def _party_flow(case: Case) -> dict[str, Any]:
    formed = await party_branch(case.admin, case.institute)
    flow = await case.made(PARTY["flow"], outflow(formed["members"][0]))
    return {"flowId": flow["partyFlowingMember"]["id"]}
