"""Service-level tests of the rules, called as the CLI and import jobs call them."""

import datetime as dt
import itertools

import pytest

from core import clock
from core.errors import ErrorCode, ServiceError
from core.models import AccessToken, Agency, FamilyMember, Retiree, Staff, UserAccount
from core.models.enums import (
    AccountKind,
    AgencyKind,
    AwardLevel,
    AwardPeriod,
    DepartmentLevel,
    Employment,
    FocusTag,
    Gender,
    RetireeCategory,
    RiskTier,
)
from core.permissions import (
    ACCOUNT_READ,
    AGENCY_READ,
    AUDIT_READ,
    RETIREE_READ,
    RETIREE_WRITE,
    STAFF_READ,
    SYSTEM_ADMIN,
)
from core.principal import SYSTEM, Principal, PrincipalKind
from core.scope import scoped
from core.services import accounts, agencies, retirees, staff
from core.testing import id_number
from core.validation import id_number_check_char, normalize_id_number


def test_id_number_checksum_and_normalisation():
    assert normalize_id_number(" 11010519491231002x ") == "11010519491231002X"  # GB 11643 sample
    for bad in ["11010519491231002Y", "110105194912310021", "11010519491331002X", "1101051949123100", "A1010519491231002X"]:
        with pytest.raises(ServiceError) as refused:
            normalize_id_number(bad)
        assert refused.value.code is ErrorCode.INVALID_ID_NUMBER and bad not in refused.value.message
    assert id_number_check_char("11010519491231002") == "X"


async def _tree():
    dept = await agencies.create_agency(SYSTEM, {"kind": AgencyKind.DEPARTMENT, "level": DepartmentLevel.PROVINCE, "name": "厅", "division_code": "320000"}, None)
    unit = await agencies.create_agency(SYSTEM, {"kind": AgencyKind.INSTITUTE, "name": "所", "division_code": "320100", "staff_quota": 1}, dept.id)
    return dept, unit


async def test_risk_tier_sql_matches_the_python_rule(db):
    _, unit = await _tree()
    today = clock.today()
    tag_sets = [set(), {FocusTag.LIVING_ALONE}, {FocusTag.EMPTY_NEST, FocusTag.DISABLED}, {FocusTag.SERIOUS_ILLNESS}, {FocusTag.DEMENTIA}]
    births = [today.replace(year=today.year - 79), today.replace(year=today.year - 80) - dt.timedelta(days=1), dt.date(1930, 1, 1)]
    for index, (tags, birth) in enumerate(itertools.product(tag_sets, births)):
        await retirees.create_retiree(
            SYSTEM, unit.id,
            {"name": f"人{index}", "gender": Gender.MALE, "birth_date": birth, "id_number": id_number(birth), "category": RetireeCategory.TUIXIU},
            focus_tags=sorted(tags, key=lambda t: t.value),
        )
    everyone = await Retiree.all()
    for tier in RiskTier:
        by_sql = {r.id for r in await Retiree.filter(retirees.risk_tier_condition(tier, today))}
        by_python = {r.id for r in everyone if r.risk_tier(today) is tier}
        assert by_sql == by_python, tier
    assert {r.risk_tier(today) for r in everyone} == set(RiskTier)


async def test_quota_is_checked_in_the_service_and_nothing_is_written(db):
    _, unit = await _tree()
    await staff.create_staff(SYSTEM, unit.id, {"name": "甲", "gender": Gender.MALE, "employment": Employment.ESTABLISHED})
    with pytest.raises(ServiceError) as refused:
        await staff.create_staff(SYSTEM, unit.id, {"name": "乙", "gender": Gender.MALE, "employment": Employment.ESTABLISHED})
    assert refused.value.code is ErrorCode.STAFF_QUOTA_EXCEEDED
    assert await (await staff.staff_query(SYSTEM)).count() == 1


async def test_scoped_principal_reaches_only_its_subtree(db):
    dept, unit = await _tree()
    other = await agencies.create_agency(SYSTEM, {"kind": AgencyKind.INSTITUTE, "name": "另一所", "division_code": "320100"}, dept.id)
    birth = dt.date(1945, 1, 1)
    values = {"name": "甲", "gender": Gender.MALE, "birth_date": birth, "category": RetireeCategory.TUIXIU}
    mine = await retirees.create_retiree(SYSTEM, unit.id, values | {"id_number": id_number(birth)})
    theirs = await retirees.create_retiree(SYSTEM, other.id, values | {"id_number": id_number(birth)})
    clerk = Principal(kind=PrincipalKind.STAFF, name="所内", agency_path=unit.path,
                      permissions=frozenset({RETIREE_READ, RETIREE_WRITE}))
    assert [r.id for r in await (await retirees.retirees_query(clerk))] == [mine.id]
    with pytest.raises(ServiceError) as hidden:
        await retirees.record_retiree_death(clerk, theirs.id, dt.date(2025, 1, 1))
    assert hidden.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(ServiceError) as outside:
        await retirees.transfer_retiree(clerk, mine.id, other.id, "", dt.date(2025, 1, 1))
    assert (outside.value.code, outside.value.field) == (ErrorCode.NOT_FOUND, "toAgencyId")
    assert (await Retiree.get(id=mine.id)).agency_id == unit.id


async def test_rules_the_demo_review_found(db):
    """Unknown fields, nulls in required columns, award dates outside service, merges that
    break the tree or the quota, and risk tiers of the deceased."""
    dept, unit = await _tree()
    birth = dt.date(1940, 1, 1)
    values = {"name": "甲", "gender": Gender.MALE, "birth_date": birth, "category": RetireeCategory.TUIXIU,
              "id_number": id_number(birth), "enlisted_on": dt.date(1958, 1, 1), "retired_on": dt.date(1990, 1, 1)}
    with pytest.raises(TypeError):
        await retirees.create_retiree(SYSTEM, unit.id, values | {"caretaker_id": 1})
    with pytest.raises(ServiceError) as missing:
        await retirees.create_retiree(SYSTEM, unit.id, {k: v for k, v in values.items() if k != "id_number"})
    assert (missing.value.code, missing.value.field) == (ErrorCode.REQUIRED, "idNumber")
    early = {"awarded_on": dt.date(1956, 1, 1), "level": AwardLevel.COMMENDATION, "period": AwardPeriod.DURING_SERVICE}
    with pytest.raises(ServiceError) as award:
        await retirees.create_retiree(SYSTEM, unit.id, values, awards=[early])
    assert (award.value.code, award.value.field) == (ErrorCode.DATE_ORDER, "awards.0.awardedOn")
    retiree = await retirees.create_retiree(SYSTEM, unit.id, values, focus_tags=[FocusTag.SERIOUS_ILLNESS])
    with pytest.raises(ServiceError) as null_gender:
        await retirees.update_retiree(SYSTEM, retiree.id, retiree.version, {"gender": None})
    assert null_gender.value.code is ErrorCode.REQUIRED
    await retirees.record_retiree_death(SYSTEM, retiree.id, dt.date(2024, 1, 1))
    assert await (await retirees.retirees_query(SYSTEM, risk_tier=RiskTier.HIGH)).count() == 0
    center = await agencies.create_agency(SYSTEM, {"kind": AgencyKind.CENTER, "name": "中心", "division_code": "320100"}, dept.id)
    await agencies.create_agency(SYSTEM, {"kind": AgencyKind.INSTITUTE, "name": "中心下所", "division_code": "320100"}, center.id)
    with pytest.raises(ServiceError) as tree:
        await agencies.merge_agencies(SYSTEM, center.id, unit.id)
    assert tree.value.code is ErrorCode.INVALID_HIERARCHY
    small = await agencies.create_agency(SYSTEM, {"kind": AgencyKind.INSTITUTE, "name": "无编制所", "division_code": "320100"}, dept.id)
    await staff.create_staff(SYSTEM, small.id, {"name": "乙", "gender": Gender.MALE, "employment": Employment.ESTABLISHED})
    await staff.create_staff(SYSTEM, unit.id, {"name": "丙", "gender": Gender.MALE, "employment": Employment.ESTABLISHED})
    with pytest.raises(ServiceError) as quota:
        await agencies.merge_agencies(SYSTEM, small.id, unit.id)  # unit's quota is 1 and is full
    assert quota.value.code is ErrorCode.STAFF_QUOTA_EXCEEDED


def _ending(check: str) -> str:
    """The first 17 characters of a valid number whose check character is ``check``."""
    return next(body for body in (f"32010219400501{order:03d}" for order in range(1000))
                if id_number_check_char(body) == check)


def test_id_numbers_ending_in_x_are_checked_too():
    valid = _ending("X") + "X"
    assert normalize_id_number(valid.lower()) == valid
    for wrong in (_ending("7") + "X", _ending("0") + "X"):  # X where the checksum says a digit
        with pytest.raises(ServiceError) as refused:
            normalize_id_number(wrong)
        assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_ID_NUMBER, "idNumber")
    with pytest.raises(ServiceError) as refused:
        normalize_id_number(_ending("X") + "3")  # a digit where the checksum says X
    assert refused.value.code is ErrorCode.INVALID_ID_NUMBER


async def test_a_principal_with_no_reach_gets_no_rows(db):
    """Scoped, with every read permission, but neither an agency nor a retiree: nothing."""
    dept, unit = await _tree()
    birth = dt.date(1945, 1, 1)
    await retirees.create_retiree(SYSTEM, unit.id, {"name": "甲", "gender": Gender.MALE, "birth_date": birth,
                                                    "category": RetireeCategory.TUIXIU, "id_number": id_number(birth)})
    await staff.create_staff(SYSTEM, unit.id, {"name": "乙", "gender": Gender.MALE, "employment": Employment.CONTRACT})
    reads = frozenset({AGENCY_READ, RETIREE_READ, RETIREE_WRITE, STAFF_READ, ACCOUNT_READ, AUDIT_READ})
    for kind in (PrincipalKind.STAFF, PrincipalKind.DEPARTMENT):
        nowhere = Principal(kind=kind, name="无机构", permissions=reads)
        for model in (Agency, Retiree, Staff, FamilyMember, UserAccount):
            assert await scoped(model, SYSTEM).count() > 0 or model in (FamilyMember, UserAccount), model
            assert await scoped(model, nowhere).count() == 0, (kind, model)
        assert await (await retirees.retirees_query(nowhere)).count() == 0
        with pytest.raises(ServiceError) as hidden:
            await retirees.record_retiree_death(nowhere, (await Retiree.first()).id, dt.date(2025, 1, 1))
        assert hidden.value.code is ErrorCode.NOT_FOUND
    assert (await Retiree.first()).died_on is None


@pytest.mark.parametrize("ending", ["deactivated", "revoked", "expired"])
async def test_a_principal_ended_after_authentication_may_not_write(db, ending):
    """What a request authenticated may end before its mutation runs (another request
    deactivates the account or revokes the token, or the token expires): the mutation's
    transaction refuses it with UNAUTHENTICATED."""
    account = await accounts.create_account(
        SYSTEM, username="ended.one", password="Str0ng!Passw0rd#", kind=AccountKind.ADMIN, roles=[SYSTEM_ADMIN]
    )
    raw, token, _ = await accounts.login("ended.one", "Str0ng!Passw0rd#")
    principal = await accounts.authenticate(raw)
    assert principal is not None
    await accounts.ensure_signed_in(principal)  # still signed in: no refusal
    if ending == "deactivated":
        await accounts.set_account_active(SYSTEM, account.id, False)
    elif ending == "revoked":
        await accounts.revoke_token(SYSTEM, token.id)
    else:
        await AccessToken.filter(id=token.id).update(expires_at=accounts.now())
    with pytest.raises(ServiceError) as refused:
        await accounts.ensure_signed_in(principal)
    assert refused.value.code == "UNAUTHENTICATED"
