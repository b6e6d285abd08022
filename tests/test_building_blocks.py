"""The core's shared building blocks, called as plugins call them through ``core.api``: the
agency-tree helpers, the approval chain and versioned saves."""

import pytest

from core.api import (
    ApprovalDecision,
    ApprovalLevel,
    ApprovalStep,
    ErrorCode,
    Principal,
    ServiceError,
    ancestors,
    approval_chain,
    check_version,
    is_within,
    line_ids,
    managing_agency,
    save_versioned,
)
from core.models import Agency
from core.models.enums import AgencyKind, DepartmentLevel
from core.principal import SYSTEM, PrincipalKind
from core.services import agencies

A, C, P = ApprovalLevel.AGENCY, ApprovalLevel.CITY, ApprovalLevel.PROVINCE


async def _agency(name: str, kind: AgencyKind, parent: Agency | None = None, level: DepartmentLevel | None = None) -> Agency:
    values = {"kind": kind, "level": level, "name": name, "division_code": "320100"}
    if kind is not AgencyKind.DEPARTMENT:
        values.pop("level")
    return await agencies.create_agency(SYSTEM, values, parent.id if parent else None)


async def _tree() -> dict[str, Agency]:
    """省厅 → 市局 → 县局 → 军休所 → 服务站, and a station right under the county."""
    province = await _agency("省厅", AgencyKind.DEPARTMENT, level=DepartmentLevel.PROVINCE)
    city = await _agency("市局", AgencyKind.DEPARTMENT, province, DepartmentLevel.CITY)
    county = await _agency("县局", AgencyKind.DEPARTMENT, city, DepartmentLevel.COUNTY)
    institute = await _agency("军休所", AgencyKind.INSTITUTE, county)
    station = await _agency("服务站", AgencyKind.STATION, institute)
    lone = await _agency("县直服务站", AgencyKind.STATION, county)
    return {"province": province, "city": city, "county": county, "institute": institute, "station": station, "lone": lone}


def _names(chain) -> list[tuple[ApprovalLevel, str]]:
    return [(link.level, link.agency.name) for link in chain.links]


async def test_tree_helpers_read_the_materialised_path(db):
    t = await _tree()
    assert line_ids(t["station"]) == [t[k].id for k in ("province", "city", "county", "institute", "station")]
    assert [a.name for a in await ancestors(t["station"])] == ["服务站", "军休所", "县局", "市局", "省厅"]
    assert [a.name for a in await ancestors(t["station"], up_to=t["county"])] == ["服务站", "军休所", "县局"]
    assert is_within(t["station"], t["county"]) and is_within(t["county"], t["county"])
    assert not is_within(t["county"], t["station"]) and not is_within(t["lone"], t["institute"])
    assert (await managing_agency(t["station"], DepartmentLevel.COUNTY)).id == t["county"].id
    assert (await managing_agency(t["station"], AgencyKind.INSTITUTE)).id == t["institute"].id
    assert await managing_agency(t["lone"], AgencyKind.INSTITUTE) is None


async def test_the_owner_approves_last_even_at_a_level_not_configured(db):
    t = await _tree()
    # the county is not a configured level, yet it owns the plan: it closes the chain
    chain = await approval_chain(t["institute"], t["county"], [A, C, P])
    assert _names(chain) == [(A, "军休所"), (ApprovalLevel.COUNTY, "县局")]
    # levels above the owner are not on the chain; levels in between follow the configuration
    assert _names(await approval_chain(t["institute"], t["province"], [A, C, P])) == [(A, "军休所"), (C, "市局"), (P, "省厅")]
    assert _names(await approval_chain(t["institute"], t["province"], [C])) == [(C, "市局"), (P, "省厅")]
    assert _names(await approval_chain(t["institute"], t["province"], [])) == [(P, "省厅")]


async def test_a_station_never_reviews_for_its_institute(db):
    t = await _tree()
    chain = await approval_chain(t["station"], t["city"], [A, C, P])
    assert _names(chain) == [(A, "军休所"), (C, "市局")]
    # a station with no institute above it reviews for itself
    assert _names(await approval_chain(t["lone"], t["city"], [A, C])) == [(A, "县直服务站"), (C, "市局")]


async def test_authorize_takes_only_the_awaited_agency(db):
    t = await _tree()
    chain = await approval_chain(t["station"], t["city"], [A, C, P])

    def staff_of(agency: Agency) -> Principal:
        return Principal(kind=PrincipalKind.STAFF, name="审核人", agency_id=agency.id, agency_path=agency.path)

    for wrong in ("station", "city"):
        with pytest.raises(ServiceError) as refused:
            chain.authorize(staff_of(t[wrong]), A, ApprovalDecision.APPROVE, "", ApprovalStep, "id")
        assert refused.value.code is ErrorCode.FORBIDDEN
    link = chain.authorize(staff_of(t["institute"]), A, ApprovalDecision.APPROVE, "", ApprovalStep, "id")
    assert link.agency.id == t["institute"].id and not chain.is_last(A) and chain.after(A).level is C
    with pytest.raises(ServiceError) as refused:
        chain.authorize(staff_of(t["institute"]), A, ApprovalDecision.REJECT, " ", ApprovalStep, "id")
    assert refused.value.code is ErrorCode.REQUIRED and refused.value.field == "opinion"
    # a level no longer on the chain falls to the owner's step
    assert chain.awaiting(P).agency.id == t["city"].id and chain.is_last(P) and chain.after(C) is None


async def test_save_versioned_bumps_the_version_and_saves_only_the_fields_given(db):
    t = await _tree()
    row = await Agency.get(id=t["institute"].id)
    row.name, row.phone = "新名称", "12345"
    await save_versioned(row, ["name"])
    stored = await Agency.get(id=row.id)
    assert (stored.version, stored.name, stored.phone) == (row.version, "新名称", "")
    assert stored.version == t["institute"].version + 1 and stored.updated_at >= t["institute"].updated_at
    with pytest.raises(ServiceError) as refused:
        check_version(stored, t["institute"].version)
    assert refused.value.code is ErrorCode.STALE_VERSION
    await save_versioned(stored)  # the whole row
    assert (await Agency.get(id=row.id)).version == row.version + 1
