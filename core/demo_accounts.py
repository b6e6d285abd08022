"""One demo account per built-in role, in scopes a newcomer can tell apart."""

from dataclasses import dataclass
from typing import Any

from core.models import Agency, Retiree, Staff, UserAccount
from core.models.enums import AccountKind, RetireeStatus, StaffStatus
from core.permissions import (
    AGENCY_MANAGER,
    AGENCY_STAFF,
    DEPARTMENT_ADMIN,
    PORTAL_READONLY,
    RETIREE,
    ROLES,
    SYSTEM_ADMIN,
)
from core.principal import Principal
from core.services.accounts import create_account

DEMO_PASSWORD = "Junxiu-Demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str

    def describe(self) -> str:
        return f"{self.username:<18} {ROLES[self.role].label:<8} {self.scope}"


#: the demo's accounts, one per built-in role, in the order they are created and listed
DEMO_USERNAMES = ("admin", "suzhou.admin", "nj1.manager", "nj2.staff", "retiree.self", "wuxi.portal")


async def load_demo_accounts(principal: Principal) -> None:
    nanjing_first = await Agency.get(name="南京市第一军队离休退休干部休养所")
    nanjing_second = await Agency.get(name="南京市第二军队离休退休干部休养所")
    suzhou = await Agency.get(name="苏州市退役军人事务局")
    wuxi = await Agency.get(name="无锡市退役军人事务局")
    manager = await Staff.filter(agency_id=nanjing_first.id, status=StaffStatus.ACTIVE).order_by("id").first()
    worker = await Staff.filter(agency_id=nanjing_second.id, status=StaffStatus.ACTIVE).order_by("id").first()
    retiree = await Retiree.filter(agency_id=nanjing_first.id, status=RetireeStatus.ACTIVE).order_by("id").first()
    assert manager and worker and retiree, "the core demo data must be loaded first"
    plans: list[tuple[str, dict[str, Any]]] = [
        (SYSTEM_ADMIN, {"kind": AccountKind.ADMIN}),
        (DEPARTMENT_ADMIN, {"kind": AccountKind.DEPARTMENT, "department_id": suzhou.id}),
        (AGENCY_MANAGER, {"kind": AccountKind.STAFF, "staff_id": manager.id}),
        (AGENCY_STAFF, {"kind": AccountKind.STAFF, "staff_id": worker.id}),
        (RETIREE, {"kind": AccountKind.RETIREE, "retiree_id": retiree.id}),
        (PORTAL_READONLY, {"kind": AccountKind.DEPARTMENT, "department_id": wuxi.id}),
    ]
    for username, (role, links) in zip(DEMO_USERNAMES, plans, strict=True):
        await create_account(principal, username=username, password=DEMO_PASSWORD, roles=[role], **links)


async def demo_accounts() -> list[DemoAccount]:
    """The demo accounts in the database, with the role and scope they hold now: the demo lists
    them on every start, not only the first."""
    rows = await UserAccount.filter(username__in=DEMO_USERNAMES).prefetch_related(
        "grants", "staff__agency", "department", "retiree"
    )
    return [DemoAccount(row.username, row.grants[0].role, _scope(row)) for row in rows if row.grants]


def _scope(account: UserAccount) -> str:
    if account.retiree is not None:
        return f"{account.retiree.name}本人"
    if account.staff is not None:
        return account.staff.agency.name
    if account.department is not None:
        return account.department.name
    return "全省（不受范围限制）"
